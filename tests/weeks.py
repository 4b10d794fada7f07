"""Hand-built multi-day logs with known weekly answers.

The Seollal week: week_end 2026-02-20 reaches back over 2026-02-16..18 to 2026-02-11.
- 02-11 clean; 02-12 slots 10-14 fail with broker_timeout (5 > 3.9: availability missed,
  AUTO SEV-2); 02-13 slots 100-101 missed (2 of 3.9: more than half); 02-19 slots 20-22 fail
  with broker_timeout, plus the alert noise below; 02-20 a declared SEV-2 incident with a
  known timeline. A cycle failing on the holiday 02-17 belongs to no session and no window day.
- Alert noise on 02-19: feed_gap fires 3 times, 2 of them duplicates (one a re-fire of the
  same alert_id), one instance flaps (180 s); rej fires twice, both resolved as false_positive;
  lat fires 3 times, two flap (120 s, 240 s), the third takes 360 s.
"""
from helpers import alert, all_cycles, incident, intervention, preflight

WINDOW = ["2026-02-11", "2026-02-12", "2026-02-13", "2026-02-19", "2026-02-20"]


def seollal_events():
    ev = []
    for day in WINDOW:
        ev.append(preflight(day=day))
    ev += all_cycles("2026-02-11")
    ev += all_cycles("2026-02-12", status_for=lambda i: ("error", "broker_timeout") if 10 <= i <= 14 else ("ok", None))
    ev += all_cycles("2026-02-13", skip={100, 101})
    ev += all_cycles("2026-02-19", status_for=lambda i: ("error", "broker_timeout") if 20 <= i <= 22 else ("ok", None))
    ev += all_cycles("2026-02-20")
    ev.append({"ts": "2026-02-17T10:00:00+09:00", "event_type": "cycle", "cycle_id": "h",
               "scheduled_at": "2026-02-17T10:00:00+09:00", "status": "error", "error_class": "holiday_run"})
    d = "2026-02-19"
    ev += [alert("10:00:00", "a1", "firing", "feed_gap", day=d), alert("10:01:00", "a1", "firing", "feed_gap", day=d),
           alert("10:02:00", "a4", "firing", "feed_gap", day=d), alert("10:03:00", "a1", "resolved", "feed_gap", day=d),
           alert("10:20:00", "a4", "resolved", "feed_gap", resolution="fixed", day=d),
           alert("11:00:00", "a2", "firing", "rej", day=d),
           alert("11:30:00", "a2", "resolved", "rej", resolution="false_positive", day=d),
           alert("12:00:00", "a3", "firing", "rej", day=d),
           alert("12:10:00", "a3", "resolved", "rej", resolution="false_positive", day=d)]
    for n, (start, end) in enumerate([("13:00:00", "13:02:00"), ("13:10:00", "13:14:00"), ("13:20:00", "13:26:00")]):
        ev += [alert(start, f"l{n}", "firing", "lat", day=d), alert(end, f"l{n}", "resolved", "lat", day=d)]
    d = "2026-02-20"
    ev += [alert("09:58:00", "ax", "firing", "broker_down", severity="critical", day=d),
           incident("10:00:00", "INC-A", "opened", "broker", severity="SEV-2", day=d, alert_ids=["ax"],
                    impacted_scope="all <b>strategies</b> | KRX"),
           intervention("10:05:00", "escalate_primary", "INC-A", "BROKER_DEGRADED", day=d),
           intervention("10:30:00", "mitigation", "INC-A", "BROKER_DEGRADED", day=d),
           alert("10:40:00", "ax", "resolved", "broker_down", severity="critical", resolution="fixed", day=d),
           incident("11:00:00", "INC-A", "resolved", "broker", day=d)]
    return ev
