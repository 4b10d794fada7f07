"""The daily SLO and incident check for one review day: inputs in, the artifact dict out."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import duckdb

from .. import db, sqlgraph
from ..calendar import Session, session_on, sessions_ending_on_or_before
from ..errors import InputError
from ..ingest import IngestedLog, ledger, load_day
from ..inputs import (
    InputPaths,
    PolicyArtifact,
    Roster,
    Signoff,
    go_live,
    load_policy_artifact,
    load_roster,
    load_signoff,
)
from ..policy import Policy, load_policy
from ..timefmt import parse_day, rfc3339
from .reference import load_reference_tables

SCHEMA_VERSION = "m31-slo-incident/1"
EVIDENCE_ROWS = 50


def daily_targets() -> tuple[str, ...]:
    """What a check builds: every model of the events and daily stages (queries/events,
    queries/daily). Read from the graph when a check runs, not when the module is imported."""
    return (*sqlgraph.stage_models("events"), *sqlgraph.stage_models("daily"))


@dataclass
class DailyInputs:
    """Everything a daily check reads, validated: building one raises InputError or succeeds."""
    day: dt.date
    paths: InputPaths
    as_of: dt.datetime | None = None  # naive KST; None: the final, post-close check
    policy: Policy = field(init=False)
    signoff: Signoff = field(init=False)
    policy_artifact: PolicyArtifact = field(init=False)
    roster: Roster = field(init=False)
    session: Session | None = field(init=False)
    go_live: dt.date | None = field(init=False)
    window: list[Session] = field(init=False)   # the rolling window's sessions, oldest first

    def __post_init__(self):
        if isinstance(self.day, str):
            self.day = parse_day(self.day)
        if not self.paths.event_log_path:
            raise InputError("--event-log-path", "required (or set EVENT_LOG_PATH)")
        self.policy = load_policy(self.paths.policy_path)
        self.signoff = load_signoff(self.paths.signoff_report_dir, self.day)
        self.policy_artifact = load_policy_artifact(self.paths.policy_report_dir, self.day)
        self.roster = load_roster(self.paths.oncall_path)
        self.session = session_on(self.day)
        self.go_live = go_live(self.paths.signoff_report_dir, self.day)
        self.window = [] if self.go_live is None else [
            s for s in sessions_ending_on_or_before(self.day, self.policy.rolling_sessions) if s.day >= self.go_live]
        if self.as_of is not None and self.as_of >= dt.datetime.combine(self.day, dt.time()) + dt.timedelta(days=1):
            self.as_of = None  # as of the end of the day or later is the final check

    @property
    def window_start(self) -> dt.date | None:
        """The rolling window's first session (None: no window)."""
        return self.window[0].day if self.window else None

    @property
    def provisional(self) -> bool:
        return self.as_of is not None

    @property
    def latency_limit_ms(self) -> float:
        return self.policy.latency_limit_ms(self.signoff.latency_p95_baseline_ms)


@dataclass
class DailyRun:
    """A finished check: the artifact, and the DuckDB connection holding its tables."""
    inputs: DailyInputs
    con: duckdb.DuckDBPyConnection
    log: IngestedLog
    artifact: dict


def run_daily(inputs: DailyInputs, con: duckdb.DuckDBPyConnection | None = None,
              log: IngestedLog | None = None) -> DailyRun:
    """Compute D's check. Pass `con` and `log` from an earlier run to skip re-ingesting."""
    if con is None or log is None:
        con = con or db.connect()
        log = load_day(con, inputs.paths.event_log_path, inputs.day, inputs.window_start)
    span = db.one(con, "SELECT min(day) AS first, max(day) AS last FROM accepted_events")
    first = min(span["first"] or inputs.day, inputs.day, inputs.window_start or inputs.day)
    last = max(span["last"] or inputs.day, inputs.day)
    load_reference_tables(con, inputs.policy, inputs.roster, first - dt.timedelta(days=7),
                          last + dt.timedelta(days=31))
    session = inputs.session
    params = {
        "as_of": inputs.as_of,
        "day": inputs.day.isoformat(),
        "session_open": session.open if session else None,
        "session_close": session.close if session else None,
        "cycle_interval_s": inputs.policy.cycle_interval_s,
        "availability_target": str(inputs.policy.availability_target),
        "latency_drift_pct": float(inputs.policy.latency_drift_pct),
        "baseline_p95_ms": inputs.signoff.latency_p95_baseline_ms,
        "latency_limit_ms": inputs.latency_limit_ms,
        "flap_window_s": inputs.policy.flap_window_s,
        "signoff_decision": inputs.signoff.decision,
        "signoff_guard_config_hash": inputs.signoff.guard_config_hash,
        "policy_level": inputs.policy_artifact.level,
        "go_live": inputs.go_live.isoformat() if inputs.go_live else None,
        "window_start": inputs.window_start.isoformat() if inputs.window_start else None,
    }
    # The typed events (tables for the run, after the cutoff: they hold only what the run may
    # see) and every daily table, each after what it reads (queries/sql_project.toml).
    db.build(con, daily_targets(), params, check=True)
    _check_ownership(con, inputs.roster)
    return DailyRun(inputs, con, log, build_artifact(con, inputs))


def _check_ownership(con, roster: Roster) -> None:
    """Ownership must be deterministic: an incident opened in a roster gap is unusable input."""
    orphan = db.one(con, """SELECT incident_id, opened_at FROM day_incidents
                            WHERE owner IS NULL ORDER BY opened_at LIMIT 1""")
    if orphan:
        roster.at(orphan["opened_at"])  # raises the roster-gap InputError
        raise InputError(roster.path, f"no owner for incident {orphan['incident_id']}")


def _ts(row: dict, *keys: str) -> dict:
    return {k: (rfc3339(v) if k in keys else v) for k, v in row.items()}


def _ratio(num, den) -> float | None:
    return None if num is None or not den else float(Decimal(num) / Decimal(den))


def build_artifact(con, inputs: DailyInputs) -> dict:
    """The daily artifact (contract section 6) from the day's tables."""
    policy = inputs.policy
    reasons = db.rows(con, "SELECT level, reason FROM status_reasons ORDER BY rule, reason")
    return {
        "schema_version": SCHEMA_VERSION,
        "day": inputs.day.isoformat(),
        "trading_day": inputs.session is not None,
        "status": db.one(con, "SELECT status FROM day_status")["status"],
        "status_reasons": [r["reason"] for r in reasons],
        "status_reason_levels": [r["level"] for r in reasons],
        "as_of": rfc3339(inputs.as_of),
        "provisional": inputs.provisional,
        "policy_version": policy.version,
        "session": ({"open": rfc3339(inputs.session.open), "close": rfc3339(inputs.session.close),
                     "cycle_interval_s": policy.cycle_interval_s} if inputs.session else None),
        "inputs": {
            "event_log": inputs.paths.event_log_path,
            "event_log_files": len(_log_paths(con)),
            "signoff_artifact": inputs.signoff.path,
            "policy_artifact": inputs.policy_artifact.path,
            "oncall": inputs.roster.path,
            "policy_file": policy.path,
        },
        "preopen": _preopen(con, inputs),
        "slo": {
            "availability": _availability(con, inputs),
            "latency": _latency(con),
            "error_budget": _error_budget(con),
            "safety_floor": _safety_floor(con),
            "rolling": _rolling(con),
        },
        "budget_policy": db.one(con, "SELECT state, reason FROM budget_policy"),
        "corrections": _corrections(con),
        "conditions": [
            {"failure_class": c["failure_class"], "severity": c["severity"],
             "first_seen": rfc3339(c["first_seen"]), "tracked_by": c["tracked_by"]}
            for c in db.rows(con, "SELECT * FROM conditions ORDER BY first_seen, failure_class")],
        "incidents": _incidents(con),
        "alerts": _alerts(con),
        "interventions": _interventions(con),
        "input_quality": ledger(con),
    }


def _preopen(con, inputs: DailyInputs) -> dict:
    pre = db.one(con, "SELECT * FROM preopen")
    return {
        "policy_level": inputs.policy_artifact.level,
        "policy_artifact_day": inputs.policy_artifact.day,
        "policy_reasons": list(inputs.policy_artifact.reasons),
        "signoff_decision": inputs.signoff.decision,
        "signoff_artifact_day": inputs.signoff.day,
        "preflight": pre["preflight"],
        "preflight_at": rfc3339(pre["preflight_at"]),
        "preflight_run_id": pre["preflight_run_id"],
        "guard_config_hash": pre["guard_config_hash"],
        "signoff_guard_config_hash": inputs.signoff.guard_config_hash,
        "guard_config_aligned": pre["guard_config_aligned"],
    }


def _availability(con, inputs: DailyInputs) -> dict:
    avail = db.one(con, "SELECT * FROM availability")
    return {"scheduled": avail["scheduled"], "successful": avail["successful"], "missed": avail["missed"],
            "failed": avail["failed"], "excluded": avail["excluded"], "ratio": avail["ratio"],
            "target": float(inputs.policy.availability_target), "met": avail["met"]}


def _latency(con) -> dict:
    lat = db.one(con, "SELECT * FROM latency")
    return {"samples": lat["samples"], "p95_ms": lat["p95_ms"], "baseline_p95_ms": lat["baseline_p95_ms"],
            "drift_pct": lat["drift_pct"], "limit_ms": lat["limit_ms"], "met": lat["met"]}


def _error_budget(con) -> dict:
    budget = db.one(con, "SELECT * FROM error_budget")
    budget_cycles = budget["budget_cycles"]
    return {
        "budget_cycles": float(budget_cycles) if budget_cycles is not None else None,
        "consumed_cycles": budget["consumed_cycles"],
        "consumed_ratio": _ratio(budget["consumed_cycles"], budget_cycles),
        "untracked_cycles": budget["untracked_cycles"],
        "by_failure_class": {r["failure_class"]: r["n"] for r in db.rows(
            con, "SELECT failure_class, n FROM bad_slots_by_class ORDER BY n DESC, failure_class")},
    }


def _rolling(con) -> dict:
    r = db.one(con, "SELECT * FROM rolling")
    return {
        "sessions": r["sessions"],
        "first_day": r["first_day"].isoformat() if r["first_day"] else None,
        "last_day": r["last_day"].isoformat() if r["last_day"] else None,
        "scheduled": r["scheduled"], "successful": r["successful"], "bad": r["bad"],
        "excluded": r["excluded"], "ratio": r["ratio"], "target": r["target"], "met": r["met"],
        "budget_cycles": _float(r["budget_cycles"]), "consumed_cycles": r["consumed_cycles"],
        "remaining_cycles": _float(r["remaining_cycles"]),
    }


def _corrections(con) -> list[dict]:
    """contract 1.1 section 8: a start or end that is not RFC 3339 is shown as written."""
    return [{
        "maintenance_id": c["maintenance_id"],
        "start": rfc3339(c["start_at"]) if c["start_at"] else c["start_text"],
        "end": rfc3339(c["end_at"]) if c["end_at"] else c["end_text"],
        "reason_code": c["reason_code"], "operator": c["operator"], "declared_at": rfc3339(c["declared_at"]),
        "excluded_slots": c["excluded_slots"], "problem": c["problem"],
        "late_slots": c["late_slots"], "note": c["note"],
    } for c in db.rows(con, "SELECT * FROM corrections ORDER BY ord")]


def _float(value) -> float | None:
    return None if value is None else float(value)


def _safety_floor(con) -> dict:
    floor = db.one(con, "SELECT * FROM safety_floor")
    evidence_sql = "SELECT * EXCLUDE (ord) FROM {} ORDER BY ord LIMIT ?"
    return {
        "duplicate_execution": floor["duplicate_execution"],
        "guard_precedence_violation": floor["guard_precedence_violation"],
        "mode_leakage": floor["mode_leakage"],
        "met": floor["met"],
        "evidence": {
            "duplicate_execution": [_ts(r, "submitted_at") for r in db.rows(
                con, evidence_sql.format("duplicate_execution"), [EVIDENCE_ROWS])],
            "guard_precedence_violation": [_ts(r, "submitted_at", "first_submitted_at", "decided_at")
                for r in db.rows(con, """SELECT * FROM guard_precedence_violation
                                         ORDER BY submitted_at, intent_id, decided_at LIMIT ?""",
                                 [EVIDENCE_ROWS])],
            "mode_leakage": [_ts(r, "ts") for r in db.rows(
                con, evidence_sql.format("mode_leakage"), [EVIDENCE_ROWS])],
        },
    }


def _incidents(con) -> list[dict]:
    response = {r["incident_id"]: r for r in db.rows(con, "SELECT * FROM incident_response")}
    timelines: dict[str, list] = {}
    for t in db.rows(con, "SELECT incident_id, ts, kind, actor, detail FROM incident_timeline"):
        timelines.setdefault(t.pop("incident_id"), []).append(_ts(t, "ts"))
    incidents = []
    for inc in db.rows(con, "SELECT * FROM day_incidents ORDER BY opened_at, incident_id"):
        r = response[inc["incident_id"]]
        incidents.append({
            "incident_id": inc["incident_id"], "source": inc["source"],
            "declared_severity": inc["declared_severity"], "severity": inc["severity"],
            "failure_class": inc["failure_class"],
            "opened_at": rfc3339(inc["opened_at"]), "resolved_at": rfc3339(inc["resolved_at"]),
            "owner": inc["owner"], "escalation": list(inc["escalation"]),
            "required_actions": list(inc["required_actions"]),
            "missing_actions": list(inc["missing_actions"]),
            "tracks": list(inc["tracks"]), "summary": inc["summary"],
            "impacted_scope": inc["impacted_scope"], "alert_ids": list(inc["alert_ids"] or []),
            "first_signal": {"at": rfc3339(r["first_signal_at"]), "source": r["first_signal_source"]},
            "acknowledged_at": rfc3339(r["acknowledged_at"]), "mitigated_at": rfc3339(r["mitigated_at"]),
            "detection_s": r["detection_s"], "acknowledge_s": r["acknowledge_s"], "resolve_s": r["resolve_s"],
            "timeline": timelines.get(inc["incident_id"], []),
        })
    return incidents


def _alerts(con) -> dict:
    counts = db.one(con, "SELECT * FROM alert_counts")
    return {
        "fired": counts["fired"], "duplicates": counts["duplicates"], "false_positives": counts["false_positives"],
        "unresolved": [_ts(r, "fired_at") for r in db.rows(con, """
            SELECT alert_id, fingerprint, severity, alert_class, fired_at, summary
            FROM unresolved_alerts ORDER BY alert_id""")],
        "by_fingerprint": db.rows(con, "SELECT * FROM alert_noise ORDER BY fingerprint NULLS LAST"),
    }


def _interventions(con) -> dict:
    counts = db.one(con, "SELECT * FROM intervention_counts")
    return {
        "count": counts["count"],
        "unknown_reason_codes": counts["unknown_reason_codes"],
        "unknown": [_ts(r, "ts") for r in db.rows(con, """
            SELECT ts, action, reason_code, operator, incident_id FROM day_interventions
            WHERE NOT known_reason_code ORDER BY ord""")],
    }


def _log_paths(con) -> list[str]:
    return [r["path"] for r in db.rows(con, "SELECT path FROM log_files ORDER BY file_idx")]
