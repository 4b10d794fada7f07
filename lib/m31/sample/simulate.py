"""A deterministic, realistic sample of the runtime's event log, M30 artifacts and roster.

Every scenario the contract cares about appears at least once; `SCENARIOS` states what each
scenario day must produce, written from how the day was built (not from the pipeline), and
docs/sample-data.md explains them. Tests assert the pipeline against these figures.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

from ..calendar import Session, sessions_between
from ..timefmt import KST

START, END = dt.date(2026, 1, 2), dt.date(2026, 2, 27)
GUARD_HASH = "sha256:9a7e41"
BASELINE_MS = 110.0
BAD_FILE_DAY = dt.date(2026, 2, 20)

ROSTER = [
    ("2025-12-29T09:00:00+09:00", "park.seoyeon", "kim.minji"),
    ("2026-01-12T09:00:00+09:00", "yoon.seha", "bae.jiwon"),
    ("2026-01-26T09:00:00+09:00", "choi.jun", "han.areum"),
    ("2026-02-09T12:00:00+09:00", "park.seoyeon", "kim.minji"),  # handover mid-session
    ("2026-02-23T09:00:00+09:00", "yoon.seha", "bae.jiwon"),
]
POLICY_ARTIFACTS = [
    ("2025-12-30", "normal", []),
    ("2026-01-26", "watch", ["broker ack latency drifting upward over 3 sessions"]),
    ("2026-02-02", "normal", []),
]

# What each scenario day must produce. Days not listed are clean: green, every slot ok.
SCENARIOS: dict[str, dict] = {
    "2026-01-02": {"scenario": "late open (first session of the year, 10:00)", "status": "green",
                   "scheduled": 330, "successful": 330},
    "2026-01-07": {"scenario": "outage tracked by a declared incident and a critical alert",
                   "status": "red", "scheduled": 390, "successful": 360, "missed": 30, "failed": 0,
                   "untracked_cycles": 2,
                   "conditions": [("availability", "SEV-2", "2026-01-07T11:03:00+09:00", "INC-20260107-01")],
                   "incidents": [("INC-20260107-01", "SEV-2", "park.seoyeon", [])],
                   "alerts": {"fired": 1, "duplicates": 0, "false_positives": 0, "unresolved": []}},
    "2026-01-14": {"scenario": "outage no one declared (automatic incident); a retry that succeeds",
                   "status": "red", "scheduled": 390, "successful": 380, "missed": 0, "failed": 10,
                   "untracked_cycles": 10, "by_failure_class": {"broker_timeout": 9, "skipped": 1},
                   "conditions": [("availability", "SEV-2", "2026-01-14T12:23:00+09:00",
                                   "AUTO-2026-01-14-availability")],
                   "incidents": [("AUTO-2026-01-14-availability", "SEV-2", "yoon.seha",
                                  ["escalate_primary", "mitigation"])]},
    "2026-01-20": {"scenario": "duplicate execution (two orders for one intent)", "status": "red",
                   "safety_floor": (1, 0, 0),
                   "conditions": [("duplicate_execution", "SEV-1", "2026-01-20T10:15:02+09:00",
                                   "AUTO-2026-01-20-duplicate_execution")],
                   "incidents": [("AUTO-2026-01-20-duplicate_execution", "SEV-1", "yoon.seha",
                                  ["force_manual_approval", "degrade_mode", "escalate_primary",
                                   "escalate_secondary"])],
                   "escalation": {"AUTO-2026-01-20-duplicate_execution": ["yoon.seha", "bae.jiwon"]}},
    "2026-01-21": {"scenario": "guard precedence: a block, and an approval after the submission",
                   "status": "red", "safety_floor": (0, 2, 0),
                   "conditions": [("guard_precedence_violation", "SEV-1", "2026-01-21T13:00:01+09:00",
                                   "INC-20260121-01")],
                   "incidents": [("INC-20260121-01", "SEV-1", "yoon.seha", [])]},
    "2026-01-22": {"scenario": "mode leakage; an under-classified incident (declared SEV-2)",
                   "status": "red", "safety_floor": (0, 0, 2),
                   "conditions": [("mode_leakage", "SEV-1", "2026-01-22T14:00:00+09:00", "INC-20260122-01")],
                   "incidents": [("INC-20260122-01", "SEV-1", "yoon.seha",
                                  ["force_manual_approval", "degrade_mode", "escalate_secondary"])]},
    "2026-01-26": {"scenario": "M30 policy level watch", "status": "yellow"},
    "2026-01-27": {"scenario": "latency drift, untracked (automatic SEV-3)", "status": "yellow",
                   "latency_met": False,
                   "incidents": [("AUTO-2026-01-27-latency", "SEV-3", "choi.jun", ["ticket"])]},
    "2026-01-28": {"scenario": "latency drift tracked by a declared SEV-3 with its ticket",
                   "status": "yellow", "latency_met": False,
                   "incidents": [("INC-20260128-01", "SEV-3", "choi.jun", [])]},
    "2026-01-29": {"scenario": "M30 policy level watch", "status": "yellow"},
    "2026-01-30": {"scenario": "M30 policy level watch", "status": "yellow"},
    "2026-02-03": {"scenario": "alert storm: duplicates, flaps, an explicit false positive",
                   "status": "green",
                   "alerts": {"fired": 9, "duplicates": 4, "false_positives": 6, "unresolved": []}},
    "2026-02-04": {"scenario": "alert left unresolved overnight (resolved 08:40 next day, written in UTC)",
                   "status": "yellow",
                   "alerts": {"fired": 1, "duplicates": 0, "false_positives": 0,
                              "unresolved": ["al-0204-01"]}},
    "2026-02-05": {"scenario": "interventions, one with a reason code outside the catalog",
                   "status": "yellow", "interventions": (2, 1),
                   "alerts": {"fired": 0, "duplicates": 0, "false_positives": 0, "unresolved": []}},
    "2026-02-09": {"scenario": "roster handover at 12:00 in the middle of the session",
                   "status": "yellow",
                   "incidents": [("INC-20260209-01", "SEV-3", "choi.jun", []),
                                 ("INC-20260209-02", "SEV-3", "park.seoyeon", [])]},
    "2026-02-10": {"scenario": "preflight failed before the open (passed only after it)", "status": "red",
                   "preflight": "fail"},
    "2026-02-12": {"scenario": "incident opened after the close, open into the next day", "status": "yellow",
                   "incidents": [("INC-20260212-01", "SEV-3", "park.seoyeon", [])]},
    "2026-02-13": {"scenario": "the same incident, resolved mid-morning", "status": "yellow",
                   "incidents": [("INC-20260212-01", "SEV-3", "park.seoyeon", [])]},
}
HOLIDAYS_IN_SAMPLE = ["2026-02-16", "2026-02-17", "2026-02-18"]

# The corrupted copy of BAD_FILE_DAY's lines: what its ledger must count.
BAD_FILE_EXPECTED = {"malformed": 6, "truncated_tail": 1, "replayed": 3, "unknown_event_types": 2, "blank": 2}


@dataclass
class Day:
    session: Session
    rng: random.Random
    run_id: str
    events: list[tuple[dt.datetime, dict]] = field(default_factory=list)

    def at(self, hh: int, mm: int, ss: float = 0) -> dt.datetime:
        return dt.datetime.combine(self.session.day, dt.time(hh, mm)) + dt.timedelta(seconds=ss)

    def add(self, when: dt.datetime, event_type: str, **fields) -> None:
        self.events.append((when, {"event_type": event_type, **fields}))


def _slot(day: Day, i: int) -> dt.datetime:
    return day.session.open + dt.timedelta(minutes=i)


def _cycle(day: Day, i: int, status: str = "ok", error_class=None, delay=0.8, cid=None):
    fields = {"run_id": day.run_id, "mode": "real", "cycle_id": cid or f"c-{day.session.day:%Y%m%d}-{i:04d}",
              "scheduled_at": _slot(day, i), "status": status,
              "duration_ms": round(day.rng.uniform(500, 900)) if status == "ok" else 3000}
    if error_class:
        fields["error_class"] = error_class
    day.add(_slot(day, i) + dt.timedelta(seconds=delay), "cycle", **fields)


def _intent(day: Day, when: dt.datetime, n: int, latency: float, guards=("allow", "allow"),
            mode="real", broker_env="real", run_id=None, order_id=None, fill=True):
    intent = f"it-{day.session.day:%Y%m%d}-{n:05d}"  # unique across years: a long history must not collide
    order = order_id or f"ord-{day.session.day:%Y%m%d}-{n:05d}"
    run = run_id or day.run_id
    for prec, (guard, decision) in enumerate(zip(("kill_switch", "position_limit"), guards), 1):
        day.add(when, "guard", run_id=run, mode=mode, intent_id=intent, guard=guard,
                precedence=prec, decision=decision)
        when += dt.timedelta(milliseconds=1)
    when += dt.timedelta(milliseconds=100)
    day.add(when, "order", run_id=run, mode=mode, broker_env=broker_env, order_id=order,
            intent_id=intent, status="submitted", latency_ms=round(latency, 1))
    if fill:
        day.add(when + dt.timedelta(milliseconds=400), "order", run_id=run, mode=mode,
                broker_env=broker_env, order_id=order, intent_id=intent, status="filled")
    return intent, order


def _alert(day: Day, when, alert_id, fingerprint, state, severity="warning", alert_class="latency",
           summary="", resolution=None):
    fields = {"alert_id": alert_id, "fingerprint": fingerprint, "state": state, "severity": severity,
              "alert_class": alert_class, "summary": summary or f"{fingerprint} {state}"}
    if resolution:
        fields["resolution"] = resolution
    day.add(when, "alert", **fields)


def _incident(day: Day, when, incident_id, state, failure_class, summary, severity=None, **extra):
    fields = {"incident_id": incident_id, "state": state, "failure_class": failure_class, "summary": summary}
    if severity:
        fields["severity"] = severity
    day.add(when, "incident", **fields, **extra)


def _intervene(day: Day, when, action, reason_code, operator, incident_id=None, note=None):
    fields = {"action": action, "reason_code": reason_code, "operator": operator}
    if incident_id:
        fields["incident_id"] = incident_id
    if note:
        fields["note"] = note
    day.add(when, "intervention", **fields)


def build_day(session: Session, seed: int, events_per_day: int) -> Day:
    key = session.day.isoformat()
    rng = random.Random(f"{seed}-{key}")
    day = Day(session, rng, run_id=f"rt-{session.day:%Y%m%d}a")
    n_slots = session.slot_count(60)
    skip: set[int] = set()
    pre = session.open - dt.timedelta(minutes=12, seconds=rng.uniform(0, 60))
    if key == "2026-02-10":
        day.add(pre, "preflight", run_id=f"rt-{session.day:%Y%m%d}0", mode="real", status="fail",
                guard_config_hash=GUARD_HASH, checks=[{"name": "broker_login", "status": "fail"}])
        day.add(day.at(9, 5), "preflight", run_id=day.run_id, mode="real", status="pass",
                guard_config_hash=GUARD_HASH)
    else:
        day.add(pre, "preflight", run_id=day.run_id, mode="real", status="pass",
                guard_config_hash=GUARD_HASH, checks=[{"name": "broker_login", "status": "pass"}])

    if key == "2026-01-07":
        skip = set(range(120, 150))  # 11:00-11:29 no cycle finished
        _alert(day, day.at(11, 1, 30), "al-0107-01", "cycle_stall", "firing", "critical", "availability",
               "no cycle finished for 90 s")
        _incident(day, day.at(11, 3, 10), "INC-20260107-01", "opened", "availability",
                  "scheduler stalled after feed reconnect", "SEV-2", alert_ids=["al-0107-01"],
                  impacted_scope="all strategies")
        _intervene(day, day.at(11, 4), "escalate_primary", "AVAIL_CYCLE_FAILURES", "park.seoyeon",
                   "INC-20260107-01")
        _intervene(day, day.at(11, 20), "mitigation", "AVAIL_CYCLE_FAILURES", "park.seoyeon",
                   "INC-20260107-01", "restarted the scheduler; cycles resume at 11:30")
        _alert(day, day.at(11, 30, 5), "al-0107-01", "cycle_stall", "resolved", "critical", "availability",
               "cycles finishing again", "fixed")
        _incident(day, day.at(11, 31), "INC-20260107-01", "mitigated", "availability", "cycles resumed")
        _incident(day, day.at(12, 0), "INC-20260107-01", "resolved", "availability",
                  "root cause: reconnect loop held the scheduler lock")
    if key == "2026-01-14":
        for i in range(200, 210):
            skip.add(i)
            if i == 205:  # last cycle of the slot is a skip without a class
                _cycle(day, i, "error", "broker_timeout", delay=0.5)
                _cycle(day, i, "skipped", None, delay=20, cid=f"c-0114-{i:04d}r")
            else:
                _cycle(day, i, "error", "broker_timeout")
        skip.add(210)  # a retry that succeeds in the same slot
        _cycle(day, 210, "error", "broker_timeout", delay=0.5)
        _cycle(day, 210, "ok", delay=30, cid="c-0114-0210r")

    for i in range(n_slots):
        if i not in skip:
            _cycle(day, i)

    drift = key in ("2026-01-27", "2026-01-28")
    fixed = len(day.events) + 40
    n_intents = max(20, (events_per_day - fixed) // 4)
    span = (session.close - session.open).total_seconds() - 120
    for n in range(n_intents):
        when = session.open + dt.timedelta(seconds=30 + rng.random() * span)
        latency = max(20.0, rng.gauss(118 if drift else 80, 12 if drift else 9))
        _intent(day, when, n, latency)

    if key == "2026-01-20":
        intent, _ = _intent(day, day.at(10, 15), 90001, 85.0, order_id="ord-0120-A")
        day.add(day.at(10, 15, 2), "order", run_id=day.run_id, mode="real", broker_env="real",
                order_id="ord-0120-B", intent_id=intent, status="submitted", latency_ms=91.0)
    if key == "2026-01-21":
        day.add(day.at(13, 0), "guard", run_id=day.run_id, mode="real", intent_id="it-0121-Y",
                guard="kill_switch", precedence=1, decision="block")
        day.add(day.at(13, 0, 1), "order", run_id=day.run_id, mode="real", broker_env="real",
                order_id="ord-0121-Y", intent_id="it-0121-Y", status="submitted", latency_ms=70.0)
        day.add(day.at(13, 10), "guard", run_id=day.run_id, mode="real", intent_id="it-0121-Z",
                guard="notional_check", precedence=3, decision="require_approval")
        day.add(day.at(13, 10, 5), "order", run_id=day.run_id, mode="real", broker_env="real",
                order_id="ord-0121-Z", intent_id="it-0121-Z", status="submitted", latency_ms=72.0)
        day.add(day.at(13, 10, 30), "approval", run_id=day.run_id, intent_id="it-0121-Z",
                decision="approved", operator="yoon.seha")
        # approved in time, and a block that came after the submission: neither is a violation
        day.add(day.at(13, 20), "guard", run_id=day.run_id, mode="real", intent_id="it-0121-W",
                guard="notional_check", precedence=3, decision="require_approval")
        day.add(day.at(13, 20, 10), "approval", run_id=day.run_id, intent_id="it-0121-W",
                decision="approved", operator="yoon.seha")
        day.add(day.at(13, 20, 12), "order", run_id=day.run_id, mode="real", broker_env="real",
                order_id="ord-0121-W", intent_id="it-0121-W", status="submitted", latency_ms=75.0)
        day.add(day.at(13, 30), "order", run_id=day.run_id, mode="real", broker_env="real",
                order_id="ord-0121-V", intent_id="it-0121-V", status="submitted", latency_ms=71.0)
        day.add(day.at(13, 30, 5), "guard", run_id=day.run_id, mode="real", intent_id="it-0121-V",
                guard="kill_switch", precedence=1, decision="block")
        inc = "INC-20260121-01"
        _incident(day, day.at(13, 15), inc, "opened", "guard_precedence_violation",
                  "orders went out past a kill-switch block", "SEV-1", impacted_scope="strategy momentum-kr")
        for k, action in enumerate(("force_manual_approval", "degrade_mode", "escalate_primary",
                                    "escalate_secondary")):
            _intervene(day, day.at(13, 16 + k), action, "SAFETY_GUARD_PRECEDENCE", "yoon.seha", inc)
        _incident(day, day.at(15, 0), inc, "resolved", "guard_precedence_violation",
                  "guard evaluation order fixed")
    if key == "2026-01-22":
        day.add(day.at(14, 0), "order", run_id=day.run_id, mode="real", broker_env="mock",
                order_id="ord-0122-L1", intent_id="it-0122-L1", status="submitted", latency_ms=60.0)
        day.add(day.at(14, 0, 1), "order", run_id=day.run_id, mode="real", broker_env="mock",
                order_id="ord-0122-L1", intent_id="it-0122-L1", status="filled")
        day.add(day.at(14, 30), "preflight", run_id="rt-20260122b", mode="mock", status="pass",
                guard_config_hash=GUARD_HASH)
        day.add(day.at(14, 31), "order", run_id="rt-20260122b", mode="real", broker_env="real",
                order_id="ord-0122-L2", intent_id="it-0122-L2", status="submitted", latency_ms=66.0)
        inc = "INC-20260122-01"
        _incident(day, day.at(14, 5), inc, "opened", "mode_leakage",
                  "a real-mode order reached the mock broker <b>check</b> | pipes", "SEV-2",
                  impacted_scope=day.run_id)
        _intervene(day, day.at(14, 6), "escalate_primary", "SAFETY_MODE_LEAK", "yoon.seha", inc)
        _intervene(day, day.at(14, 20), "mitigation", "SAFETY_MODE_LEAK", "yoon.seha", inc,
                   "pinned broker_env to the preflight mode")
        _incident(day, day.at(15, 10), inc, "resolved", "mode_leakage", "config fixed")
    if key == "2026-01-28":
        inc = "INC-20260128-01"
        _incident(day, day.at(9, 30), inc, "opened", "latency", "broker ack latency above limit", "SEV-3")
        _intervene(day, day.at(9, 35), "ticket", "LATENCY_DRIFT", "choi.jun", inc, "OPS-4411")
        _incident(day, day.at(15, 20), inc, "resolved", "latency", "broker moved us to a new gateway")
    if key == "2026-02-03":
        fp = "broker_latency_p95"
        _alert(day, day.at(10, 0), "al-0203-01", fp, "firing")
        for k, (fire, res) in enumerate(((1, (3, 30)), (2, (4, 0)), (3, (5, 0))), 2):
            _alert(day, day.at(10, fire), f"al-0203-0{k}", fp, "firing")
            _alert(day, day.at(10, *res), f"al-0203-0{k}", fp, "resolved", resolution="auto")
        _alert(day, day.at(10, 10), "al-0203-01", fp, "firing")  # same alert_id fires again
        _alert(day, day.at(10, 20), "al-0203-01", fp, "resolved", resolution="auto")
        _alert(day, day.at(11, 0), "al-0203-05", "feed_gap", "firing", "info", "data")
        _alert(day, day.at(11, 4), "al-0203-05", "feed_gap", "resolved", "info", "data", resolution="auto")
        _alert(day, day.at(11, 30), "al-0203-06", "feed_gap", "firing", "info", "data")
        _alert(day, day.at(11, 35, 1), "al-0203-06", "feed_gap", "resolved", "info", "data", resolution="auto")
        _alert(day, day.at(12, 0), "al-0203-07", "order_reject_rate", "firing", "warning", "broker")
        _alert(day, day.at(12, 40), "al-0203-07", "order_reject_rate", "resolved", "warning", "broker",
               resolution="false_positive")
        _alert(day, day.at(13, 0), "al-0203-08", "feed_gap", "firing", "info", "data")
        _alert(day, day.at(13, 5), "al-0203-08", "feed_gap", "resolved", "info", "data", resolution="auto")
        _intervene(day, day.at(14, 0), "ticket", "ALERT_NOISE", "choi.jun",
                   note="broker_latency_p95 storms at open; add group_wait")
    if key == "2026-02-04":
        _alert(day, day.at(15, 10), "al-0204-01", "position_reconcile_lag", "firing", "warning", "data",
               "reconcile lag over 60 s")
    if key == "2026-02-05":
        _alert(day, day.at(8, 40), "al-0204-01", "position_reconcile_lag", "resolved", "warning", "data",
               "reconcile caught up", "fixed")
        day.events[-1][1]["_utc"] = True  # 2026-02-04T23:40:00Z: a UTC stamp on the next KST day
        _intervene(day, day.at(10, 0), "pause", "FAT_FINGER_CHECK", "choi.jun", note="checking a 10x qty")
        _intervene(day, day.at(10, 5), "resume", "MANUAL_REVIEW", "choi.jun")
    if key == "2026-02-09":
        _incident(day, day.at(11, 30), "INC-20260209-01", "opened", "broker_degraded",
                  "order acks slow from one gateway", "SEV-3")
        _intervene(day, day.at(11, 40), "ticket", "BROKER_DEGRADED", "choi.jun", "INC-20260209-01")
        _incident(day, day.at(12, 50), "INC-20260209-01", "resolved", "broker_degraded", "gateway restarted")
        _incident(day, day.at(13, 0), "INC-20260209-02", "opened", "data_feed_stale",
                  "quotes for 3 symbols stale", "SEV-3")
        _intervene(day, day.at(13, 5), "ticket", "DATA_FEED_STALE", "park.seoyeon", "INC-20260209-02")
        _incident(day, day.at(14, 0), "INC-20260209-02", "resolved", "data_feed_stale", "feed resubscribed")
    if key == "2026-02-12":
        _incident(day, day.at(16, 0), "INC-20260212-01", "opened", "broker_degraded",
                  "broker announced maintenance overrun", "SEV-3")
        _intervene(day, day.at(16, 5), "ticket", "BROKER_DEGRADED", "park.seoyeon", "INC-20260212-01")
    if key == "2026-02-13":
        _incident(day, day.at(10, 0), "INC-20260212-01", "resolved", "broker_degraded", "maintenance over")
    return day


def _stamp(when: dt.datetime, utc: bool) -> str:
    aware = when.replace(tzinfo=KST)
    if utc:
        return aware.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return aware.isoformat(timespec="milliseconds")


def render_day(day: Day) -> list[str]:
    """The day's events as log lines: in time order, a few written slightly out of order,
    about one in eight timestamps in UTC, each with a unique event_id."""
    rng = day.rng
    ordered = sorted(day.events, key=lambda e: e[0])
    lines = []
    for n, (when, ev) in enumerate(ordered):
        utc = rng.random() < 0.125 or bool(ev.get("_utc"))
        body = {"ts": _stamp(when, utc), "event_type": ev["event_type"],
                "event_id": f"ev-{day.session.day:%Y%m%d}-{n:07d}"}
        for k, v in ev.items():
            if k in ("event_type", "_utc"):
                continue
            body[k] = _stamp(v, utc) if isinstance(v, dt.datetime) else v
        lines.append(json.dumps(body, ensure_ascii=False))
    for i in range(1, len(lines) - 1):
        if rng.random() < 0.02:
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return lines


def corrupt(lines: list[str]) -> list[str]:
    """BAD_FILE_EXPECTED's corruption of a clean day: each fault once or more, counted."""
    out = list(lines)
    out.insert(10, '{"ts": "2026-02-20T09:10:00+09:00", "event_type": "cycle", "cycle_id": ')  # broken JSON
    out.insert(20, '["not", "an", "object"]')
    out.insert(30, '{"event_type": "cycle", "status": "ok"}')                       # no ts
    out.insert(40, '{"ts": "2026-02-20T09:40:00", "event_type": "cycle"}')          # no offset
    out.insert(50, '{"ts": "2026-02-20T09:50:00+09:00"}')                            # no event_type
    out.insert(60, '{"ts": "2026-02-30T09:50:00+09:00", "event_type": "cycle"}')    # no such day
    out.insert(70, "")
    out.insert(80, "   ")
    out.insert(90, '{"ts": "2026-02-20T10:00:00+09:00", "event_type": "heartbeat", "event_id": "hb-1"}')
    out.insert(91, '{"ts": "2026-02-20T10:00:01+09:00", "event_type": "heartbeat", "event_id": "hb-2"}')
    out += [lines[100], lines[200], lines[300]]                                     # replays
    out.append('{"ts": "2026-02-20T15:29:59+09:00", "event_type": "cyc')            # torn tail
    return out


def write_sample(out_dir: str | Path, seed: int = 31, events_per_day: int = 5000,
                 start: dt.date = START, end: dt.date = END, progress: bool = False) -> dict:
    """Write events.jsonl, the corrupted copy, M30 artifacts, roster and scenarios.json."""
    out = Path(out_dir)
    (out / "logs").mkdir(parents=True, exist_ok=True)
    sessions = sessions_between(start, end)
    iterator = sessions
    if progress:
        from tqdm import tqdm
        iterator = tqdm(sessions, desc="simulating sessions", unit="session")
    log_path = out / "logs" / "events.jsonl"
    total = 0
    tmp = log_path.with_suffix(".jsonl.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for session in iterator:
            lines = render_day(build_day(session, seed, events_per_day))
            if session.day == BAD_FILE_DAY:
                bad = corrupt(lines)
                (out / "logs" / f"events-corrupt-{BAD_FILE_DAY}.jsonl").write_text(
                    "\n".join(bad), encoding="utf-8")  # no final newline: the torn tail
            fh.write("\n".join(lines) + "\n")
            total += len(lines)
    tmp.replace(log_path)
    _write_m30(out)
    roster_lines = ["# Sample on-call roster (one handover mid-session on 2026-02-09).\n"]
    for start_s, primary, secondary in ROSTER:
        roster_lines.append(f'[[rotation]]\nstart = {start_s}\nprimary = "{primary}"\nsecondary = "{secondary}"\n\n')
    (out / "oncall.toml").write_text("".join(roster_lines), encoding="utf-8")
    meta = {"seed": seed, "events_per_day": events_per_day, "start": start.isoformat(),
            "end": end.isoformat(), "sessions": len(sessions), "events": total,
            "scenarios": SCENARIOS, "bad_file_day": BAD_FILE_DAY.isoformat(),
            "bad_file_expected": BAD_FILE_EXPECTED}
    (out / "scenarios.json").write_text(json.dumps(meta, indent=2, default=list) + "\n", encoding="utf-8")
    return meta


def _write_m30(out: Path) -> None:
    golive, post = out / "reports" / "m30_golive", out / "reports" / "m30_post_golive"
    golive.mkdir(parents=True, exist_ok=True)
    post.mkdir(parents=True, exist_ok=True)
    signoff = {"artifact": "m30_final_golive_signoff", "day": "2025-12-30", "decision": "GO",
               "guard_config_hash": GUARD_HASH, "latency_p95_baseline_ms": BASELINE_MS,
               "signed_off_by": ["ops-lead", "risk-officer"], "checks": {"passed": 38, "failed": 0}}
    (golive / "m30_final_golive_signoff_2025-12-30.json").write_text(json.dumps(signoff, indent=2) + "\n")
    (golive / "m30_final_golive_signoff_2025-12-30.md").write_text(
        "# M30 final go-live signoff — 2025-12-30\n\nDecision: **GO**; latency p95 baseline 110.0 ms.\n")
    for day, level, reasons in POLICY_ARTIFACTS:
        body = {"artifact": "m30_post_golive_policy", "day": day, "level": level, "reasons": reasons}
        (post / f"m30_post_golive_policy_{day}.json").write_text(json.dumps(body, indent=2) + "\n")
        (post / f"m30_post_golive_policy_{day}.md").write_text(
            f"# M30 post-go-live policy — {day}\n\nLevel: **{level}**\n")
