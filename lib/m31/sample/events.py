"""The runtime's events as dicts, one builder per event type of the contract, fields in the
order the runtime writes them. The sample month and the tests' hand-made logs are both made of
these. `ts` may be None: the sample stamps each event when it renders the day (KST or UTC);
fields left None are absent."""
from __future__ import annotations


def event(event_type: str, ts=None, **fields) -> dict:
    ev = {} if ts is None else {"ts": ts}
    ev["event_type"] = event_type
    ev.update((k, v) for k, v in fields.items() if v is not None)
    return ev


def preflight(ts, run_id, mode, status, guard_config_hash, checks=None) -> dict:
    return event("preflight", ts, run_id=run_id, mode=mode, status=status, guard_config_hash=guard_config_hash,
                 checks=checks)


def cycle(ts, run_id, mode, cycle_id, scheduled_at, status, duration_ms=None, error_class=None) -> dict:
    return event("cycle", ts, run_id=run_id, mode=mode, cycle_id=cycle_id, scheduled_at=scheduled_at,
                 status=status, duration_ms=duration_ms, error_class=error_class)


def order(ts, run_id, mode, broker_env, order_id, intent_id, status, latency_ms=None) -> dict:
    return event("order", ts, run_id=run_id, mode=mode, broker_env=broker_env, order_id=order_id,
                 intent_id=intent_id, status=status, latency_ms=latency_ms)


def guard(ts, intent_id, guard, precedence, decision, run_id=None, mode=None) -> dict:
    return event("guard", ts, run_id=run_id, mode=mode, intent_id=intent_id, guard=guard, precedence=precedence,
                 decision=decision)


def approval(ts, intent_id, decision, operator, run_id=None) -> dict:
    return event("approval", ts, run_id=run_id, intent_id=intent_id, decision=decision, operator=operator)


def alert(ts, alert_id, fingerprint, state, severity, alert_class, summary, resolution=None) -> dict:
    return event("alert", ts, alert_id=alert_id, fingerprint=fingerprint, state=state, severity=severity,
                 alert_class=alert_class, summary=summary, resolution=resolution)


def incident(ts, incident_id, state, failure_class, summary, severity=None, **extra) -> dict:
    return event("incident", ts, incident_id=incident_id, state=state, failure_class=failure_class,
                 summary=summary, severity=severity, **extra)


def intervention(ts, action, reason_code, operator, incident_id=None, note=None) -> dict:
    return event("intervention", ts, action=action, reason_code=reason_code, operator=operator,
                 incident_id=incident_id, note=note)


def maintenance(ts, maintenance_id, start, end, reason_code, operator, note=None) -> dict:
    return event("maintenance", ts, maintenance_id=maintenance_id, start=start, end=end, reason_code=reason_code,
                 operator=operator, note=note)
