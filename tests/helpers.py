"""Builders for hand-made event logs (tests read as examples), on the event builders the sample
month is made of (m31.sample.events), with the tests' defaults."""
from __future__ import annotations

import datetime as dt

from m31.checks.daily import DailyInputs, run_daily
from m31.sample import events as ev

from conftest import input_paths

DAY = "2026-03-04"  # a Wednesday; session 09:00-15:30 KST, 390 slots


def ts(hhmmss: str, day: str = DAY) -> str:
    return f"{day}T{hhmmss}+09:00"


def preflight(at="08:45:00", status="pass", run_id="rt-a", mode="real", guard_hash="sha256:9a7e41", day=DAY):
    return ev.preflight(ts(at, day), run_id, mode, status, guard_hash)


def all_cycles(day: str = DAY, skip=(), n=390, open_hhmm=(9, 0), status_for=None):
    """One ok cycle per slot (except `skip`); status_for(i) may return (status, error_class)."""
    base = dt.datetime.fromisoformat(f"{day}T{open_hhmm[0]:02d}:{open_hhmm[1]:02d}:00")
    out = []
    for i in range(n):
        if i in skip:
            continue
        at = (base + dt.timedelta(minutes=i)).isoformat() + "+09:00"
        status, cls = status_for(i) if status_for else ("ok", None)
        out.append(ev.cycle(at, "rt-a", "real", f"c{i}", at, status, error_class=cls))
    return out


def order(at, order_id, intent_id, status="submitted", latency=80.0, mode="real", broker_env="real",
          run_id="rt-a", day=DAY):
    return ev.order(ts(at, day), run_id, mode, broker_env, order_id, intent_id, status, latency)


def guard(at, intent_id, decision, name="kill_switch", precedence=1, day=DAY):
    return ev.guard(ts(at, day), intent_id, name, precedence, decision)


def approval(at, intent_id, decision="approved", day=DAY):
    return ev.approval(ts(at, day), intent_id, decision, "ann")


def alert(at, alert_id, state, fingerprint="fp", severity="warning", resolution=None, day=DAY):
    return ev.alert(ts(at, day), alert_id, fingerprint, state, severity, "x", "s", resolution)


def incident(at, incident_id, state, failure_class, severity=None, day=DAY, **extra):
    return ev.incident(ts(at, day), incident_id, state, failure_class, "s", severity, **extra)


def intervention(at, action, incident_id=None, reason_code="MANUAL_REVIEW", day=DAY):
    return ev.intervention(ts(at, day), action, reason_code, "ann", incident_id)


def check(tmp_path, m30, events, day=DAY, policy_path=None, name="events.jsonl"):
    from conftest import write_log

    log = write_log(tmp_path / name, events)
    inputs = DailyInputs(day=day, paths=input_paths(m30, str(log), policy_path=policy_path))
    return run_daily(inputs).artifact
