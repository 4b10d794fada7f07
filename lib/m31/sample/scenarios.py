"""The sample month's scenarios: one function per scenario day, registered beside what the day
must produce (written from how the day was built, not from the pipeline; docs/sample-data.md
explains them, tests/test_sample_month.py asserts them). Days not registered are clean: green,
every slot ok.

A scenario writes its events at one stage of building the day (sample/simulate.py):
- `preflight`: instead of the passing preflight before the open (given its time);
- `slots`: before the cycles, returning the slots it filled itself (the rest get an ok cycle);
- `orders`: after the day's orders.
`drift` makes the day's order latency drift upward.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .day import Day, alert, approval, cycle, guard, incident, intent, intervene, maintenance, order, preflight


@dataclass(frozen=True)
class Scenario:
    day: str
    expect: dict
    build: Callable | None = None
    stage: str = "orders"      # preflight | slots | orders
    drift: bool = False


REGISTRY: dict[str, Scenario] = {}


def scenario(day: str, expect: dict, stage: str = "orders", drift: bool = False):
    """Register the decorated function as the scenario of `day`."""
    def register(fn):
        REGISTRY[day] = Scenario(day, expect, fn, stage, drift)
        return fn
    return register


def expectation(day: str, expect: dict, drift: bool = False) -> None:
    """A scenario made by the calendar, the M30 artifacts or drift alone: no events of its own."""
    REGISTRY[day] = Scenario(day, expect, None, drift=drift)


expectation("2026-01-02", {"scenario": "late open (first session of the year, 10:00)", "status": "green",
                           "scheduled": 330, "successful": 330,
                           "rolling": (1, 330, 0, "normal")})


@scenario("2026-01-07", {"scenario": "outage tracked by a declared incident and a critical alert",
                         "status": "red", "scheduled": 390, "successful": 360, "missed": 30, "failed": 0,
                         "untracked_cycles": 2,
                         "conditions": [("availability", "SEV-2", "2026-01-07T11:03:00+09:00", "INC-20260107-01")],
                         "incidents": [("INC-20260107-01", "SEV-2", "park.seoyeon", [])],
                         "alerts": {"fired": 1, "duplicates": 0, "false_positives": 0, "unresolved": []},
                         # go-live 2025-12-31: 01-02 (330 slots) and 01-05..07 (390 each); 30 bad > 15.0
                         "rolling": (4, 1500, 30, "freeze")},
          stage="slots")
def declared_outage(day: Day) -> set[int]:
    alert(day, day.at(11, 1, 30), "al-0107-01", "cycle_stall", "firing", "critical", "availability",
          "no cycle finished for 90 s")
    incident(day, day.at(11, 3, 10), "INC-20260107-01", "opened", "availability",
             "scheduler stalled after feed reconnect", "SEV-2", alert_ids=["al-0107-01"],
             impacted_scope="all strategies")
    intervene(day, day.at(11, 4), "escalate_primary", "AVAIL_CYCLE_FAILURES", "park.seoyeon", "INC-20260107-01")
    intervene(day, day.at(11, 20), "mitigation", "AVAIL_CYCLE_FAILURES", "park.seoyeon",
              "INC-20260107-01", "restarted the scheduler; cycles resume at 11:30")
    alert(day, day.at(11, 30, 5), "al-0107-01", "cycle_stall", "resolved", "critical", "availability",
          "cycles finishing again", "fixed")
    incident(day, day.at(11, 31), "INC-20260107-01", "mitigated", "availability", "cycles resumed")
    incident(day, day.at(12, 0), "INC-20260107-01", "resolved", "availability",
             "root cause: reconnect loop held the scheduler lock")
    return set(range(120, 150))  # 11:00-11:29 no cycle finished


@scenario("2026-01-14", {"scenario": "outage no one declared (automatic incident); a retry that succeeds",
                         "status": "red", "scheduled": 390, "successful": 380, "missed": 0, "failed": 10,
                         "untracked_cycles": 10, "by_failure_class": {"broker_timeout": 9, "skipped": 1},
                         "conditions": [("availability", "SEV-2", "2026-01-14T12:23:00+09:00",
                                         "AUTO-2026-01-14-availability")],
                         "incidents": [("AUTO-2026-01-14-availability", "SEV-2", "yoon.seha",
                                        ["escalate_primary", "mitigation"])],
                         "rolling": (9, 3450, 40, "freeze")},   # 40 bad > 34.5
          stage="slots")
def undeclared_outage(day: Day) -> set[int]:
    for i in range(200, 210):
        if i == 205:  # last cycle of the slot is a skip without a class
            cycle(day, i, "error", "broker_timeout", delay=0.5)
            cycle(day, i, "skipped", None, delay=20, cid=f"c-0114-{i:04d}r")
        else:
            cycle(day, i, "error", "broker_timeout")
    cycle(day, 210, "error", "broker_timeout", delay=0.5)  # a retry that succeeds in the same slot
    cycle(day, 210, "ok", delay=30, cid="c-0114-0210r")
    return set(range(200, 211))


@scenario("2026-01-20", {"scenario": "duplicate execution (two orders for one intent)", "status": "red",
                         "safety_floor": (1, 0, 0),
                         "conditions": [("duplicate_execution", "SEV-1", "2026-01-20T10:15:02+09:00",
                                         "AUTO-2026-01-20-duplicate_execution")],
                         "incidents": [("AUTO-2026-01-20-duplicate_execution", "SEV-1", "yoon.seha",
                                        ["force_manual_approval", "degrade_mode", "escalate_primary",
                                         "escalate_secondary"])],
                         "escalation": {"AUTO-2026-01-20-duplicate_execution": ["yoon.seha", "bae.jiwon"]}})
def duplicate_execution(day: Day) -> None:
    intent_id, _ = intent(day, day.at(10, 15), 90001, 85.0, order_id="ord-0120-A")
    order(day, day.at(10, 15, 2), "ord-0120-B", intent_id, "submitted", 91.0)


@scenario("2026-01-21", {"scenario": "guard precedence: a block, and an approval after the submission",
                         "status": "red", "safety_floor": (0, 2, 0),
                         "conditions": [("guard_precedence_violation", "SEV-1", "2026-01-21T13:00:01+09:00",
                                         "INC-20260121-01")],
                         "incidents": [("INC-20260121-01", "SEV-1", "yoon.seha", [])]})
def guard_precedence(day: Day) -> None:
    guard(day, day.at(13, 0), "it-0121-Y", "kill_switch", 1, "block")
    order(day, day.at(13, 0, 1), "ord-0121-Y", "it-0121-Y", "submitted", 70.0)
    guard(day, day.at(13, 10), "it-0121-Z", "notional_check", 3, "require_approval")
    order(day, day.at(13, 10, 5), "ord-0121-Z", "it-0121-Z", "submitted", 72.0)
    approval(day, day.at(13, 10, 30), "it-0121-Z", "approved", "yoon.seha")
    # approved in time, and a block that came after the submission: neither is a violation
    guard(day, day.at(13, 20), "it-0121-W", "notional_check", 3, "require_approval")
    approval(day, day.at(13, 20, 10), "it-0121-W", "approved", "yoon.seha")
    order(day, day.at(13, 20, 12), "ord-0121-W", "it-0121-W", "submitted", 75.0)
    order(day, day.at(13, 30), "ord-0121-V", "it-0121-V", "submitted", 71.0)
    guard(day, day.at(13, 30, 5), "it-0121-V", "kill_switch", 1, "block")
    inc = "INC-20260121-01"
    incident(day, day.at(13, 15), inc, "opened", "guard_precedence_violation",
             "orders went out past a kill-switch block", "SEV-1", impacted_scope="strategy momentum-kr")
    for k, action in enumerate(("force_manual_approval", "degrade_mode", "escalate_primary", "escalate_secondary")):
        intervene(day, day.at(13, 16 + k), action, "SAFETY_GUARD_PRECEDENCE", "yoon.seha", inc)
    incident(day, day.at(15, 0), inc, "resolved", "guard_precedence_violation", "guard evaluation order fixed")


@scenario("2026-01-22", {"scenario": "mode leakage; an under-classified incident (declared SEV-2)",
                         "status": "red", "safety_floor": (0, 0, 2),
                         "conditions": [("mode_leakage", "SEV-1", "2026-01-22T14:00:00+09:00", "INC-20260122-01")],
                         "incidents": [("INC-20260122-01", "SEV-1", "yoon.seha",
                                        ["force_manual_approval", "degrade_mode", "escalate_secondary"])]})
def mode_leakage(day: Day) -> None:
    order(day, day.at(14, 0), "ord-0122-L1", "it-0122-L1", "submitted", 60.0, broker_env="mock")
    order(day, day.at(14, 0, 1), "ord-0122-L1", "it-0122-L1", "filled", broker_env="mock")
    preflight(day, day.at(14, 30), "pass", run_id="rt-20260122b", mode="mock")
    order(day, day.at(14, 31), "ord-0122-L2", "it-0122-L2", "submitted", 66.0, run_id="rt-20260122b")
    inc = "INC-20260122-01"
    incident(day, day.at(14, 5), inc, "opened", "mode_leakage",
             "a real-mode order reached the mock broker <b>check</b> | pipes", "SEV-2", impacted_scope=day.run_id)
    intervene(day, day.at(14, 6), "escalate_primary", "SAFETY_MODE_LEAK", "yoon.seha", inc)
    intervene(day, day.at(14, 20), "mitigation", "SAFETY_MODE_LEAK", "yoon.seha", inc,
              "pinned broker_env to the preflight mode")
    incident(day, day.at(15, 10), inc, "resolved", "mode_leakage", "config fixed")


expectation("2026-01-26", {"scenario": "M30 policy level watch", "status": "yellow"})
expectation("2026-01-27", {"scenario": "latency drift, untracked (automatic SEV-3)", "status": "yellow",
                           "latency_met": False,
                           "incidents": [("AUTO-2026-01-27-latency", "SEV-3", "choi.jun", ["ticket"])]}, drift=True)


@scenario("2026-01-28", {"scenario": "latency drift tracked by a declared SEV-3 with its ticket",
                         "status": "yellow", "latency_met": False,
                         "incidents": [("INC-20260128-01", "SEV-3", "choi.jun", [])]}, drift=True)
def tracked_latency_drift(day: Day) -> None:
    inc = "INC-20260128-01"
    incident(day, day.at(9, 30), inc, "opened", "latency", "broker ack latency above limit", "SEV-3")
    intervene(day, day.at(9, 35), "ticket", "LATENCY_DRIFT", "choi.jun", inc, "OPS-4411")
    incident(day, day.at(15, 20), inc, "resolved", "latency", "broker moved us to a new gateway")


expectation("2026-01-29", {"scenario": "M30 policy level watch", "status": "yellow"})
expectation("2026-01-30", {"scenario": "M30 policy level watch", "status": "yellow"})


@scenario("2026-02-03", {"scenario": "alert storm: duplicates, flaps, an explicit false positive",
                         "status": "green",
                         "alerts": {"fired": 9, "duplicates": 4, "false_positives": 6, "unresolved": []}})
def alert_storm(day: Day) -> None:
    fp = "broker_latency_p95"
    alert(day, day.at(10, 0), "al-0203-01", fp, "firing")
    for k, (fire, res) in enumerate(((1, (3, 30)), (2, (4, 0)), (3, (5, 0))), 2):
        alert(day, day.at(10, fire), f"al-0203-0{k}", fp, "firing")
        alert(day, day.at(10, *res), f"al-0203-0{k}", fp, "resolved", resolution="auto")
    alert(day, day.at(10, 10), "al-0203-01", fp, "firing")  # same alert_id fires again
    alert(day, day.at(10, 20), "al-0203-01", fp, "resolved", resolution="auto")
    alert(day, day.at(11, 0), "al-0203-05", "feed_gap", "firing", "info", "data")
    alert(day, day.at(11, 4), "al-0203-05", "feed_gap", "resolved", "info", "data", resolution="auto")
    alert(day, day.at(11, 30), "al-0203-06", "feed_gap", "firing", "info", "data")
    alert(day, day.at(11, 35, 1), "al-0203-06", "feed_gap", "resolved", "info", "data", resolution="auto")
    alert(day, day.at(12, 0), "al-0203-07", "order_reject_rate", "firing", "warning", "broker")
    alert(day, day.at(12, 40), "al-0203-07", "order_reject_rate", "resolved", "warning", "broker",
          resolution="false_positive")
    alert(day, day.at(13, 0), "al-0203-08", "feed_gap", "firing", "info", "data")
    alert(day, day.at(13, 5), "al-0203-08", "feed_gap", "resolved", "info", "data", resolution="auto")
    intervene(day, day.at(14, 0), "ticket", "ALERT_NOISE", "choi.jun",
              note="broker_latency_p95 storms at open; add group_wait")


@scenario("2026-02-04", {"scenario": "alert left unresolved overnight (resolved 08:40 next day, written in UTC)",
                         "status": "yellow",
                         "alerts": {"fired": 1, "duplicates": 0, "false_positives": 0,
                                    "unresolved": ["al-0204-01"]}})
def unresolved_overnight(day: Day) -> None:
    alert(day, day.at(15, 10), "al-0204-01", "position_reconcile_lag", "firing", "warning", "data",
          "reconcile lag over 60 s")


@scenario("2026-02-05", {"scenario": "interventions, one with a reason code outside the catalog",
                         "status": "yellow", "interventions": (2, 1),
                         "alerts": {"fired": 0, "duplicates": 0, "false_positives": 0, "unresolved": []}})
def interventions(day: Day) -> None:
    alert(day, day.at(8, 40), "al-0204-01", "position_reconcile_lag", "resolved", "warning", "data",
          "reconcile caught up", "fixed")
    day.events[-1][1]["_utc"] = True  # 2026-02-04T23:40:00Z: a UTC stamp on the next KST day
    intervene(day, day.at(10, 0), "pause", "FAT_FINGER_CHECK", "choi.jun", note="checking a 10x qty")
    intervene(day, day.at(10, 5), "resume", "MANUAL_REVIEW", "choi.jun")


@scenario("2026-02-09", {"scenario": "roster handover at 12:00 in the middle of the session",
                         "status": "yellow",
                         "incidents": [("INC-20260209-01", "SEV-3", "choi.jun", []),
                                       ("INC-20260209-02", "SEV-3", "park.seoyeon", [])]})
def roster_handover(day: Day) -> None:
    incident(day, day.at(11, 30), "INC-20260209-01", "opened", "broker_degraded",
             "order acks slow from one gateway", "SEV-3")
    intervene(day, day.at(11, 40), "ticket", "BROKER_DEGRADED", "choi.jun", "INC-20260209-01")
    incident(day, day.at(12, 50), "INC-20260209-01", "resolved", "broker_degraded", "gateway restarted")
    incident(day, day.at(13, 0), "INC-20260209-02", "opened", "data_feed_stale",
             "quotes for 3 symbols stale", "SEV-3")
    intervene(day, day.at(13, 5), "ticket", "DATA_FEED_STALE", "park.seoyeon", "INC-20260209-02")
    incident(day, day.at(14, 0), "INC-20260209-02", "resolved", "data_feed_stale", "feed resubscribed")


@scenario("2026-02-10", {"scenario": "preflight failed before the open (passed only after it)", "status": "red",
                         "preflight": "fail"}, stage="preflight")
def failed_preflight(day: Day, before_open) -> None:
    preflight(day, before_open, "fail", run_id=f"rt-{day.session.day:%Y%m%d}0",
              checks=[{"name": "broker_login", "status": "fail"}])
    preflight(day, day.at(9, 5), "pass")


@scenario("2026-02-12", {"scenario": "incident opened after the close, open into the next day", "status": "yellow",
                         "incidents": [("INC-20260212-01", "SEV-3", "park.seoyeon", [])]})
def incident_after_close(day: Day) -> None:
    incident(day, day.at(16, 0), "INC-20260212-01", "opened", "broker_degraded",
             "broker announced maintenance overrun", "SEV-3")
    intervene(day, day.at(16, 5), "ticket", "BROKER_DEGRADED", "park.seoyeon", "INC-20260212-01")


@scenario("2026-02-13", {"scenario": "the same incident, resolved mid-morning", "status": "yellow",
                         "incidents": [("INC-20260212-01", "SEV-3", "park.seoyeon", [])]})
def incident_resolved_next_day(day: Day) -> None:
    incident(day, day.at(10, 0), "INC-20260212-01", "resolved", "broker_degraded", "maintenance over")


# The budget policy turns back to normal once the window's budget covers its 40 bad slots.
expectation("2026-01-15", {"scenario": "freeze goes on: 10 sessions, 40 bad > 38.4", "status": "green",
                           "rolling": (10, 3840, 40, "freeze")})
expectation("2026-01-16", {"scenario": "back to normal: 11 sessions, 40 bad <= 42.3", "status": "green",
                           "rolling": (11, 4230, 40, "normal")})


@scenario("2026-02-24", {"scenario": "planned maintenance 12:00-12:30 declared before the open: its 30 slots excluded",
                         "status": "green", "scheduled": 360, "successful": 360, "missed": 0, "failed": 0,
                         "excluded": 30,
                         "corrections": [("MW-20260224-01", 30, 0, None)]},
          stage="slots")
def planned_maintenance(day: Day) -> set[int]:
    maintenance(day, day.at(8, 30), "MW-20260224-01", day.at(12, 0), day.at(12, 30),
                note="broker API upgrade; runtime stopped")
    return set(range(180, 210))  # 12:00-12:29: the runtime is down on purpose, no cycle


@scenario("2026-02-25", {"scenario": "maintenance declared after the fact (only later slots excluded); two that exclude nothing",
                         "status": "yellow", "scheduled": 388, "successful": 385, "missed": 0, "failed": 3,
                         "excluded": 2,
                         "corrections": [("MW-20260225-01", 2, 3, None),
                                         ("MW-20260225-02", 0, 0, "end is not after start"),
                                         ("MW-20260225-03", 0, 0, "reason code BROKER_DEGRADED is not PLANNED_MAINTENANCE")]},
          stage="slots")
def maintenance_after_the_fact(day: Day) -> set[int]:
    for i in range(240, 245):  # 13:00-13:04 the broker is down
        cycle(day, i, "error", "broker_maintenance")
    maintenance(day, day.at(13, 2, 30), "MW-20260225-01", day.at(13, 0), day.at(13, 5),
                note="broker announced maintenance late")
    maintenance(day, day.at(13, 30), "MW-20260225-02", day.at(15, 0), day.at(14, 0), note="end before start")
    maintenance(day, day.at(13, 40), "MW-20260225-03", day.at(14, 0), day.at(14, 10), "BROKER_DEGRADED")
    return set(range(240, 245))


# What each scenario day must produce, by day (scenarios.json, the tests).
SCENARIOS: dict[str, dict] = {d: REGISTRY[d].expect for d in sorted(REGISTRY)}
