"""config/notify.toml: which kinds of notification go to which apprise targets. Secrets are
${ENV_VAR} references, expanded only when a message is sent; every URL shown anywhere is the
reference form, never the expanded one."""
from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..paths import PROJECT_ROOT

DEFAULT_NOTIFY_PATH = PROJECT_ROOT / "config" / "notify.toml"
KINDS = ("daily", "sev1", "budget_exhausted", "mitigation_due", "stale_log", "freeze", "weekly",
         "postmortem_overdue", "test")
_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class Target:
    name: str
    url: str                  # as written: ${VAR} references unexpanded
    kinds: tuple[str, ...]
    attach: bool = False      # attach the Markdown report where the target takes attachments

    def expanded(self) -> str:
        """The URL with its ${VAR} references filled from the environment (for apprise only)."""
        def value(m):
            if m[1] not in os.environ:
                raise KeyError(m[1])
            return os.environ[m[1]]
        return _REF.sub(value, self.url)

    def secrets(self) -> list[str]:
        """The expanded values of its references, to scrub from anything printed or logged."""
        return [os.environ[v] for v in _REF.findall(self.url) if os.environ.get(v)]


@dataclass(frozen=True)
class NotifyConfig:
    path: str | None
    targets: tuple[Target, ...] = ()
    state_dir: Path = Path("data/notify")
    link_base: str | None = None
    mitigation_warn_minutes: int = 30
    stale_log_minutes: int = 5

    @property
    def enabled(self) -> bool:
        return bool(self.targets)

    def targets_for(self, kind: str) -> list[Target]:
        return [t for t in self.targets if kind in t.kinds or kind == "test"]

    def scrub(self, text: str) -> str:
        for t in self.targets:
            for secret in t.secrets():
                text = text.replace(secret, "***")
        return text


def load_notify(path: str | os.PathLike | None = None) -> NotifyConfig:
    """The configuration, or a disabled one when the file (default config/notify.toml, or
    $M31_NOTIFY_CONFIG) does not exist: then nothing is sent and nothing breaks."""
    given = path or os.environ.get("M31_NOTIFY_CONFIG")
    p = Path(given) if given else DEFAULT_NOTIFY_PATH
    if not p.is_file():
        if given:
            raise InputError(p, "notification config not found")
        return NotifyConfig(path=None)
    try:
        raw = tomllib.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(p, f"unreadable notification config ({str(exc).splitlines()[0]})") from None
    targets = []
    for n, t in enumerate(raw.get("target") or [], 1):
        if not isinstance(t, dict) or not isinstance(t.get("url"), str) or not t["url"].strip():
            raise InputError(p, f"target {n} needs a url")
        kinds = t.get("kinds", list(KINDS))
        unknown = [k for k in kinds if k not in KINDS]
        if not isinstance(kinds, list) or unknown:
            raise InputError(p, f"target {n}: unknown kind(s) {unknown}; one of: {', '.join(KINDS)}")
        targets.append(Target(name=str(t.get("name") or f"target-{n}"), url=t["url"], kinds=tuple(kinds),
                              attach=bool(t.get("attach", False))))
    names = [t.name for t in targets]
    if len(set(names)) != len(names):
        raise InputError(p, "two targets share one name")
    probe = raw.get("probe") or {}
    state_dir = Path(raw.get("state_dir", "data/notify"))
    return NotifyConfig(path=str(p), targets=tuple(targets), state_dir=state_dir,
                        link_base=raw.get("link_base"),
                        mitigation_warn_minutes=int(probe.get("mitigation_warn_minutes", 30)),
                        stale_log_minutes=int(probe.get("stale_log_minutes", 5)))
