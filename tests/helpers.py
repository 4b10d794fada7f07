"""Builders for hand-made event logs (tests read as examples)."""
from __future__ import annotations

import datetime as dt

from m31.checks.daily import DailyInputs, run_daily

from conftest import input_paths

DAY = "2026-03-04"  # a Wednesday; session 09:00-15:30 KST, 390 slots


def ts(hhmmss: str, day: str = DAY) -> str:
    return f"{day}T{hhmmss}+09:00"


def preflight(at="08:45:00", status="pass", run_id="rt-a", mode="real", guard_hash="sha256:9a7e41", day=DAY):
    return {"ts": ts(at, day), "event_type": "preflight", "run_id": run_id, "mode": mode,
            "status": status, "guard_config_hash": guard_hash}


def all_cycles(day: str = DAY, skip=(), n=390, open_hhmm=(9, 0), status_for=None):
    """One ok cycle per slot (except `skip`); status_for(i) may return (status, error_class)."""
    base = dt.datetime.fromisoformat(f"{day}T{open_hhmm[0]:02d}:{open_hhmm[1]:02d}:00")
    out = []
    for i in range(n):
        if i in skip:
            continue
        at = base + dt.timedelta(minutes=i)
        status, cls = status_for(i) if status_for else ("ok", None)
        ev = {"ts": at.isoformat() + "+09:00", "event_type": "cycle", "run_id": "rt-a", "mode": "real",
              "cycle_id": f"c{i}", "scheduled_at": at.isoformat() + "+09:00", "status": status}
        if cls:
            ev["error_class"] = cls
        out.append(ev)
    return out


def order(at, order_id, intent_id, status="submitted", latency=80.0, mode="real", broker_env="real",
          run_id="rt-a", day=DAY):
    ev = {"ts": ts(at, day), "event_type": "order", "run_id": run_id, "mode": mode, "broker_env": broker_env,
          "order_id": order_id, "intent_id": intent_id, "status": status}
    if latency is not None:
        ev["latency_ms"] = latency
    return ev


def guard(at, intent_id, decision, name="kill_switch", precedence=1, day=DAY):
    return {"ts": ts(at, day), "event_type": "guard", "intent_id": intent_id, "guard": name,
            "precedence": precedence, "decision": decision}


def approval(at, intent_id, decision="approved", day=DAY):
    return {"ts": ts(at, day), "event_type": "approval", "intent_id": intent_id, "decision": decision,
            "operator": "ann"}


def alert(at, alert_id, state, fingerprint="fp", severity="warning", resolution=None, day=DAY):
    ev = {"ts": ts(at, day), "event_type": "alert", "alert_id": alert_id, "fingerprint": fingerprint,
          "state": state, "severity": severity, "alert_class": "x", "summary": "s"}
    if resolution:
        ev["resolution"] = resolution
    return ev


def incident(at, incident_id, state, failure_class, severity=None, day=DAY, **extra):
    ev = {"ts": ts(at, day), "event_type": "incident", "incident_id": incident_id, "state": state,
          "failure_class": failure_class, "summary": "s", **extra}
    if severity:
        ev["severity"] = severity
    return ev


def intervention(at, action, incident_id=None, reason_code="MANUAL_REVIEW", day=DAY):
    ev = {"ts": ts(at, day), "event_type": "intervention", "action": action,
          "reason_code": reason_code, "operator": "ann"}
    if incident_id:
        ev["incident_id"] = incident_id
    return ev


def check(tmp_path, m30, events, day=DAY, policy_path=None, name="events.jsonl"):
    from conftest import write_log

    log = write_log(tmp_path / name, events)
    inputs = DailyInputs(day=day, paths=input_paths(m30, str(log), policy_path=policy_path))
    return run_daily(inputs).artifact
