"""The intraday SLO probe: where the session stands now, for the on-call engineer."""
from __future__ import annotations

from .. import db
from .daily import DailyInputs, run_daily


def probe(inputs: DailyInputs) -> dict:
    """Availability and budget so far (and projected to the close), latency so far, the safety
    floor, open incidents with missing actions, unresolved alerts; sev1 when a SEV-1 exists."""
    return probe_run(inputs)[0]


def probe_run(inputs: DailyInputs, samples: list | None = None):
    """(the probe, the day's artifact as of now, the last event's time on the day or None);
    `samples`, when given, receives the day's latency samples (ms) so far."""
    run = run_daily(inputs)
    last = db.one(run.con, "SELECT max(ts) AS last FROM accepted_events WHERE day = CAST(? AS DATE)",
                  [inputs.day.isoformat()])["last"]
    if samples is not None:
        samples += [r["latency_ms"] for r in db.rows(run.con, "SELECT latency_ms FROM latency_samples ORDER BY ts")]
    return _probe(inputs, run.artifact), run.artifact, last


def _probe(inputs: DailyInputs, a: dict) -> dict:
    s = inputs.session
    interval = inputs.policy.cycle_interval_s
    av, lat, sf = a["slo"]["availability"], a["slo"]["latency"], a["slo"]["safety_floor"]
    total = s.slot_count(interval) if s else None
    due = av["scheduled"]
    bad = (av["missed"] or 0) + (av["failed"] or 0) if due is not None else None
    budget = float((1 - inputs.policy.availability_target) * total) if total else None
    projected = (bad / due * total) if due else (0.0 if total else None)
    sev1 = [c for c in a["conditions"] if c["severity"] == "SEV-1"] + \
        [i for i in a["incidents"] if i["severity"] == "SEV-1"]
    return {
        "day": a["day"], "as_of": a["as_of"], "provisional": a["provisional"], "status": a["status"],
        "session": a["session"],
        "availability": {"due_slots": due, "session_slots": total, "successful": av["successful"],
                         "bad": bad, "ratio": av["ratio"], "target": av["target"], "met": av["met"]},
        "error_budget": {"session_budget_cycles": budget, "used_cycles": bad,
                         "left_cycles": (budget - bad) if budget is not None and bad is not None else None,
                         "projected_at_close_cycles": projected,
                         "projected_over_budget": (projected > budget) if budget is not None and projected is not None
                         else None},
        "latency": {k: lat[k] for k in ("samples", "p95_ms", "limit_ms", "met")},
        "safety_floor": {k: sf[k] for k in ("duplicate_execution", "guard_precedence_violation", "mode_leakage")},
        "open_incidents": [{k: i[k] for k in ("incident_id", "severity", "failure_class", "owner", "missing_actions")}
                           for i in a["incidents"] if i["resolved_at"] is None],
        "unresolved_alerts": [{k: u[k] for k in ("alert_id", "fingerprint", "severity", "fired_at")}
                              for u in a["alerts"]["unresolved"]],
        "rolling": {k: a["slo"]["rolling"][k] for k in ("sessions", "first_day", "last_day", "ratio", "met",
                                                        "budget_cycles", "consumed_cycles", "remaining_cycles")},
        "budget_policy": a["budget_policy"],
        "sev1": bool(sev1),
        "status_reasons": a["status_reasons"],
    }


def render(p: dict) -> str:
    """The probe as a terminal screen (plain text; no log text can move the cursor)."""
    def clean(v):
        return "".join(ch for ch in str(v) if ch.isprintable())[:80]
    av, eb, lat, sf = p["availability"], p["error_budget"], p["latency"], p["safety_floor"]
    when = p["as_of"][11:19] if p["as_of"] else "end of day"
    lines = [f"M31 probe {p['day']} as of {when} KST — status {p['status'].upper()}"
             + (" (provisional)" if p["provisional"] else "") + ("   SEV-1!" if p["sev1"] else "")]
    if av["session_slots"] is None:
        lines.append("no KRX session today")
    else:
        ratio = f"{av['ratio'] * 100:.2f}%" if av["ratio"] is not None else "—"
        lines.append(f"availability  {av['successful']}/{av['due_slots']} due slots ({ratio}), "
                     f"target {av['target']}, session {av['session_slots']} slots")
        lines.append(f"error budget  used {eb['used_cycles']} of {eb['session_budget_cycles']:.2f} cycles, "
                     f"left {eb['left_cycles']:.2f}; at this burn the close ends at "
                     f"{eb['projected_at_close_cycles']:.1f}" + ("  OVER BUDGET" if eb["projected_over_budget"] else ""))
    r = p["rolling"]
    if r["sessions"] and r["ratio"] is not None:
        lines.append(f"rolling       {r['sessions']} sessions from {r['first_day']}: {r['ratio'] * 100:.2f}%, "
                     f"budget left {r['remaining_cycles']:.2f} of {r['budget_cycles']:.2f} cycles; "
                     f"policy {p['budget_policy']['state'].upper()}")
    else:
        lines.append(f"rolling       no window yet; policy {p['budget_policy']['state'].upper()}")
    p95 = f"{lat['p95_ms']:.1f} ms" if lat["p95_ms"] is not None else "no samples"
    lines.append(f"latency p95   {p95} over {lat['samples']} samples, limit {lat['limit_ms']:.1f} ms")
    lines.append("safety floor  " + ", ".join(f"{k} {v}" for k, v in sf.items()))
    lines.append(f"open incidents ({len(p['open_incidents'])}):")
    for i in p["open_incidents"]:
        missing = ", ".join(i["missing_actions"]) or "none"
        lines.append(f"  {clean(i['incident_id'])} {i['severity']} {clean(i['failure_class'])} "
                     f"owner {clean(i['owner'])}; missing: {missing}")
    lines.append(f"unresolved alerts ({len(p['unresolved_alerts'])}):")
    for u in p["unresolved_alerts"]:
        lines.append(f"  {clean(u['alert_id'])} {clean(u['fingerprint'])} {u['severity']} since {u['fired_at'][11:19]}")
    return "\n".join(lines) + "\n"
