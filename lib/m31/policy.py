"""The versioned SLO and incident policy (config/policy.toml), read once per run."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import schemas
from .errors import InputError
from .paths import PROJECT_ROOT

DEFAULT_POLICY_PATH = PROJECT_ROOT / "config" / "policy.toml"


@dataclass(frozen=True)
class WeeklyPolicy:
    """The weekly review's knobs ([weekly] in config/policy.toml; docs/weekly.md)."""
    window_sessions: int = 5
    top_n: int = 3
    runbook_due_trading_days: int = 5
    tighten_max_consumed_ratio: Decimal = Decimal("0.25")
    loosen_min_consumed_ratio: Decimal = Decimal("0.5")
    investigate_miss_days: int = 2
    postmortem_due_trading_days: dict[str, int] = field(default_factory=lambda: {"SEV-1": 3, "SEV-2": 5})
    runbook: dict[str, str] = field(default_factory=dict)
    noise_actions: dict[str, str] = field(default_factory=dict)

    def runbook_change(self, failure_class: str, **figures) -> str:
        template = self.runbook.get(failure_class) or self.runbook.get("default") or \
            "Add a runbook entry for {failure_class}"
        try:
            return template.format(failure_class=failure_class, **figures)
        except (KeyError, IndexError, ValueError):
            return template


def _weekly(raw: dict) -> WeeklyPolicy:
    w = dict(raw.get("weekly", {}))
    out = WeeklyPolicy(
        window_sessions=int(w.get("window_sessions", 5)),
        top_n=int(w.get("top_n", 3)),
        runbook_due_trading_days=int(w.get("runbook_due_trading_days", 5)),
        tighten_max_consumed_ratio=Decimal(str(w.get("tighten_max_consumed_ratio", "0.25"))),
        loosen_min_consumed_ratio=Decimal(str(w.get("loosen_min_consumed_ratio", "0.5"))),
        investigate_miss_days=int(w.get("investigate_miss_days", 2)),
        postmortem_due_trading_days={k: int(v) for k, v in
                                     w.get("postmortem_due_trading_days", {"SEV-1": 3, "SEV-2": 5}).items()},
        runbook={k: str(v) for k, v in w.get("runbook", {}).items()},
        noise_actions={k: str(v) for k, v in w.get("noise_actions", {}).items()},
    )
    if out.window_sessions < 1 or out.top_n < 0 or out.runbook_due_trading_days < 1:
        raise ValueError("weekly window_sessions, top_n and runbook_due_trading_days must be positive")
    return out


@dataclass(frozen=True)
class Policy:
    version: str
    availability_target: Decimal
    latency_drift_pct: Decimal
    cycle_interval_s: int
    flap_window_s: int
    ladder: tuple[str, ...]
    required_actions: dict[str, tuple[str, ...]]
    before_session_close: dict[str, tuple[str, ...]]
    escalation: dict[str, tuple[str, ...]]
    condition_severity: dict[str, str]
    actions: tuple[str, ...]
    reason_codes: tuple[str, ...]
    path: str = ""
    weekly: WeeklyPolicy = field(default_factory=WeeklyPolicy)
    incident_classes: tuple[str, ...] = ()
    rolling_sessions: int = 20   # the rolling window's sessions (contract 1.1 section 8)

    @property
    def failure_classes(self) -> tuple[str, ...]:
        """Every failure class an incident may name: the conditions' and the declared ones."""
        return tuple(self.condition_severity) + tuple(c for c in self.incident_classes
                                                      if c not in self.condition_severity)

    def rank(self, severity: str | None) -> int:
        """0 for the highest severity; larger is milder; unknown/None ranks last."""
        return self.ladder.index(severity) if severity in self.ladder else len(self.ladder)

    def higher(self, a: str | None, b: str | None) -> str | None:
        return a if self.rank(a) <= self.rank(b) else b

    def latency_limit_ms(self, baseline_p95_ms: float) -> float:
        """The latency SLO's limit: the signed-off baseline p95 x (1 + drift/100). Decimal so
        that 110 ms x 1.10 is 121.0, not 121.00000000000001."""
        return float(Decimal(repr(baseline_p95_ms)) * (1 + self.latency_drift_pct / 100))


def load_policy(path: str | Path | None = None) -> Policy:
    path = Path(path) if path else DEFAULT_POLICY_PATH
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "policy file not found") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(path, f"unreadable policy file ({exc})") from None
    # The file's shape is written once, in schemas/config/policy.schema.json.
    schemas.check(schemas.toml_as_json(raw), schemas.config_schema_id("policy"), path, "policy file")
    try:
        slo, sev = raw["slo"], raw["severity"]
        # Decimal from the text form so that budget boundaries are exact (0.99 stays 0.99).
        policy = Policy(
            version=str(raw["version"]),
            availability_target=Decimal(str(slo["availability_target"])),
            latency_drift_pct=Decimal(str(slo["latency_drift_pct"])),
            cycle_interval_s=int(slo["cycle_interval_s"]),
            flap_window_s=int(slo["flap_window_s"]),
            ladder=tuple(sev["ladder"]),
            required_actions={k: tuple(v) for k, v in sev["required_actions"].items()},
            before_session_close={k: tuple(v) for k, v in sev.get("before_session_close", {}).items()},
            escalation={k: tuple(v) for k, v in sev["escalation"].items()},
            condition_severity=dict(raw["conditions"]),
            actions=tuple(raw["interventions"]["actions"]),
            reason_codes=tuple(raw["interventions"]["reason_codes"]),
            path=str(path),
            weekly=_weekly(raw),
            incident_classes=tuple(raw.get("incidents", {}).get("failure_classes", ())),
            rolling_sessions=int(slo.get("rolling_sessions", 20)),
        )
    except (KeyError, TypeError, ValueError, ArithmeticError) as exc:
        raise InputError(path, f"policy file lacks or mistypes {exc}") from None
    if policy.rolling_sessions < 1:
        raise InputError(path, "rolling_sessions must be positive")
    if policy.cycle_interval_s <= 0:
        raise InputError(path, "cycle_interval_s must be positive")
    if not (Decimal(0) < policy.availability_target < Decimal(1)):
        raise InputError(path, "availability_target must lie strictly between 0 and 1")
    for sev_name in policy.ladder:
        if sev_name not in policy.required_actions or sev_name not in policy.escalation:
            raise InputError(path, f"severity {sev_name} has no required_actions or escalation")
    return policy
