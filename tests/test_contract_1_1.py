"""Contract 1.1: the corners an independent implementation found. One test per rule, each on a
hand-built log with its known answer (section numbers are the contract's)."""
import datetime as dt
import json
import random
import re

import pytest

from m31 import db
from m31.checks.daily import DailyInputs, run_daily
from m31.ingest import ingest, ledger

from conftest import input_paths, write_log
from helpers import DAY, alert, all_cycles, check, guard, incident, intervention, order, preflight

TS = f"{DAY}T10:00:00+09:00"


def _ledger(tmp_path, lines: list[str]):
    path = tmp_path / "e.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    con = db.connect()
    ingest(con, str(path))
    return con, ledger(con)


# ---------------------------------------------------------------- section 2: strict JSON

@pytest.mark.parametrize("line, reason", [
    ('{"ts": "%s", "event_type": "cycle",}' % TS, "not valid JSON (trailing comma)"),
    ('{"ts": "%s", "event_type": "incident", "alert_ids": ["a1",]}' % TS, "not valid JSON (trailing comma)"),
    ('{"ts": "%s", "event_type": "order", "latency_ms": NaN}' % TS, "not valid JSON (NaN or Infinity)"),
    ('{"ts": "%s", "event_type": "order", "latency_ms": Infinity}' % TS, "not valid JSON (NaN or Infinity)"),
    ('{"ts": "%s", "event_type": "order", "latency_ms": -Infinity}' % TS, "not valid JSON (NaN or Infinity)"),
    ('{"ts": "%s", "event_type": "cycle", "event_type": "order"}' % TS, "not valid JSON (a key repeated in one object)"),
    ('{"ts": "%s", "event_type": "x", "m": {"k": 1, "k": 1}}' % TS, "not valid JSON (a key repeated in one object)"),
    ('{"ts": "%s", "event_type": "cycle" /* retry */}' % TS, "not valid JSON"),
    ('{"ts": "%s", "event_type": "cycle"} // retry' % TS, "not valid JSON"),
    ("{'ts': '%s', 'event_type': 'cycle'}" % TS, "not valid JSON"),
    ("\f", "not valid JSON"),  # blank is spaces, tabs and a CR only
    # the cheap gates of parsed_lines.sql: a NaN where the JSON types alone leave room for it
    # (a known field other than a latency, a small type's field, an unknown field, a nested
    # value), a repeated known key of a small type, a trailing comma after a small type's field
    ('{"ts": "%s", "event_type": "order", "status": NaN}' % TS, "not valid JSON (NaN or Infinity)"),
    ('{"ts": "%s", "event_type": "cycle", "duration_ms": -Infinity}' % TS, "not valid JSON (NaN or Infinity)"),
    ('{"ts": "%s", "event_type": "alert", "summary": nan}' % TS, "not valid JSON (NaN or Infinity)"),
    ('{"ts": "%s", "event_type": "order", "extra": NaN}' % TS, "not valid JSON (NaN or Infinity)"),
    ('{"ts": "%s", "event_type": "incident", "alert_ids": [NaN]}' % TS, "not valid JSON (NaN or Infinity)"),
    ('{"ts": "%s", "event_type": "order", "latency_ms": 1.5, "x": {"y": Infinity}}' % TS,
     "not valid JSON (NaN or Infinity)"),
    ('{"ts": "%s", "event_type": "alert", "state": "fired", "state": "fired"}' % TS,
     "not valid JSON (a key repeated in one object)"),
    ('{"ts": "%s", "event_type": "order", "order_id": "o", "ORDER_ID": "o", "order_id": "o"}' % TS,
     "not valid JSON (a key repeated in one object)"),
    ('{"ts": "%s", "event_type": "maintenance", "note": "n" , }' % TS, "not valid JSON (trailing comma)"),
])
def test_what_strict_json_refuses_is_malformed_with_its_reason(tmp_path, line, reason):
    con, q = _ledger(tmp_path, ['{"ts": "%s", "event_type": "cycle"}' % TS, line])
    assert (q["malformed"], q["events"]) == (1, 1)
    assert q["examples"] == [{"line": 2, "reason": reason}]


def test_syntax_inside_strings_and_keys_of_different_objects_are_fine(tmp_path):
    con, q = _ledger(tmp_path, [
        json.dumps({"ts": TS, "event_type": "alert", "summary": 'NaN, Infinity ,} ,] /* x */ "k": 1, "k": 2'}),
        json.dumps({"ts": TS, "event_type": "x", "a": {"k": 1}, "b": {"k": 2}, "c": [{"k": 1}, {"k": 2}]}),
        " \t \r",   # blank
    ])
    assert (q["malformed"], q["blank"], q["events"], q["unknown_event_types"]) == (0, 1, 1, 1)


def test_a_known_field_of_the_wrong_json_type_is_absent(tmp_path, m30):
    events = [preflight()] + all_cycles(skip={10}) + [
        order("10:00:00", "o1", "i1", latency=90.0),
        {**order("10:00:01", "o2", "i2"), "latency_ms": "85.5"},          # a string: no sample
        {**order("10:00:02", "o3", "i3"), "broker_env": 1},               # no broker_env: no leakage
        {**order("10:00:03", 4, "i4")},                                   # no order_id: no leakage counted
        {**alert("09:09:00", "a1", "firing", severity="critical")},
        incident("09:10:30", "INC-1", "opened", "availability", "SEV-3", alert_ids="a1"),  # not a list
        {"ts": f"{DAY}T09:11:00+09:00", "event_type": "cycle", "cycle_id": "r", "status": "ok",
         "scheduled_at": 20260304},                                       # no scheduled_at: in no slot
        {"ts": TS, "event_type": "intervention", "action": "ticket", "reason_code": ["MANUAL_REVIEW"],
         "operator": "ann", "incident_id": "INC-1"},                      # no reason code: unknown
        {"ts": TS, "event_type": "cycle", "event_id": 7, "cycle_id": "x", "scheduled_at": "bad", "status": "ok"},
        {"ts": TS, "event_type": "cycle", "event_id": 7, "cycle_id": "y", "scheduled_at": "bad", "status": "ok"},
    ]
    a = check(tmp_path, m30, events)
    assert a["slo"]["latency"]["samples"] == 3      # 90, 80 (o3), 80 (o4): not "85.5"
    assert a["slo"]["safety_floor"]["mode_leakage"] == 0
    assert a["slo"]["availability"]["missed"] == 1  # slot 10: the retry has no scheduled_at
    assert a["alerts"]["false_positives"] == 0 and a["interventions"]["unknown_reason_codes"] == 1
    inc = next(i for i in a["incidents"] if i["incident_id"] == "INC-1")
    assert inc["alert_ids"] == [] and inc["missing_actions"] == []
    assert a["input_quality"]["replayed"] == 0      # event_id 7 is not a string: no replay key


# ---------------------------------------------------------------- section 1: RFC 3339

@pytest.mark.parametrize("ts, kst", [
    ("2026-03-04T01:00:00.1234567890Z", "2026-03-04T10:00:00.123456+09:00"),   # a fraction of any length
    ("2026-03-04t01:00:00z", "2026-03-04T10:00:00+09:00"),
    ("2026-03-04 10:00:00+09:00", "2026-03-04T10:00:00+09:00"),
    ("2026-03-04T00:30:00-09:30", "2026-03-04T19:00:00+09:00"),
    ("2026-03-04T14:59:59.9999999Z", "2026-03-04T23:59:59.999999+09:00"),     # truncated: still D
])
def test_valid_rfc3339_forms(tmp_path, ts, kst):
    con, q = _ledger(tmp_path, [json.dumps({"ts": ts, "event_type": "cycle"})])
    assert q["events"] == 1
    from m31.timefmt import rfc3339
    assert rfc3339(db.one(con, "SELECT ts FROM events")["ts"]) == kst


@pytest.mark.parametrize("ts", [
    "2026-03-04T10:00:00+24:00", "2026-03-04T10:00:00-24:00", "2026-03-04T10:00:00+09:60",
    "2026-03-04T24:00:00+09:00", "2026-03-04T25:00:00+09:00", "2026-03-04T10:60:00+09:00",
    "2026-12-31T23:59:60Z", "2026-02-30T10:00:00+09:00", "2026-03-04T10:00:00.+09:00",
    "2026-03-04T10:00+09:00", "2026-03-04T10:00:00+0900", "2026-03-04T10:00:00 Z", "2026-03-04TT10:00:00Z",
    "２０２６-03-04T10:00:00Z",
])
def test_invalid_rfc3339_forms_are_malformed(tmp_path, ts):
    con, q = _ledger(tmp_path, [json.dumps({"ts": ts, "event_type": "cycle"})])
    assert q["malformed"] == 1
    assert q["examples"][0]["reason"] in ("ts is not a valid RFC 3339 timestamp", "ts has no UTC offset")


_RFC3339 = re.compile(r"(\d{4})-(\d{2})-(\d{2})[Tt ]([01]\d|2[0-3]):([0-5]\d):([0-5]\d)(\.\d+)?"
                      r"(?:[Zz]|([+-])([01]\d|2[0-3]):([0-5]\d))", re.ASCII)


def _kst_reference(s: str) -> dt.datetime | None:
    """Section 1 read by hand: the instant of an RFC 3339 time as naive KST, the fraction cut to
    the microsecond; None for anything else."""
    m = _RFC3339.fullmatch(s)
    if not m:
        return None
    y, mo, d, h, mi, se, frac, sign, oh, om = m.groups()
    try:
        local = dt.datetime(int(y), int(mo), int(d), int(h), int(mi), int(se), int((frac or ".")[1:7].ljust(6, "0")))
    except ValueError:   # a date that does not exist
        return None
    offset = 0 if sign is None else (1 if sign == "+" else -1) * (int(oh) * 60 + int(om))
    return local - dt.timedelta(minutes=offset) + dt.timedelta(hours=9)


def test_rfc3339_kst_agrees_with_a_reading_by_hand():
    """rfc3339_kst (DuckDB's own cast where it can, the text taken apart where it cannot: a
    lower-case t or z) against the rule read by hand, over random times near and past every
    boundary: days 00-32, hours 00-24, minutes and seconds 00-60, fractions of 0-12 digits,
    offsets up to ±24:60."""
    rng = random.Random(3339)
    texts = []
    for _ in range(20000):
        frac = "" if rng.random() < 0.3 else "." + "".join(rng.choice("0123456789") for _ in range(rng.randint(0, 12)))
        off = rng.choice(["Z", "z", "-00:00", f"{rng.choice('+-')}{rng.randint(0, 24):02d}:{rng.randint(0, 60):02d}"])
        texts.append(f"{rng.choice([rng.randint(1, 9998), 2024, 2026]):04d}-{rng.randint(0, 13):02d}-"
                     f"{rng.randint(0, 32):02d}{rng.choice('TTt ')}{rng.randint(0, 24):02d}:{rng.randint(0, 60):02d}:"
                     f"{rng.randint(0, 60):02d}{frac}{off}")
    con = db.connect()
    got = [r[0] for r in con.execute("SELECT rfc3339_kst(s) FROM unnest(?) WITH ORDINALITY AS t(s, k) ORDER BY k",
                                     [texts]).fetchall()]
    want = [_kst_reference(s) for s in texts]
    assert sum(w is not None for w in want) > 5000   # the sample reaches both sides of the rule
    assert [(s, g) for s, g, w in zip(texts, got, want) if g != w] == []


# ---------------------------------------------------------------- section 4: as of the end of D

def _sessions_after(first: str, count: int) -> list[dict]:
    from m31.calendar import sessions_between

    days = [s.day.isoformat() for s in sessions_between(dt.date.fromisoformat(first), dt.date(2026, 4, 30))]
    out = []
    for day in days[:count]:
        out += [preflight(day=day)] + all_cycles(day=day)
    return out


def test_the_final_check_of_d_does_not_change_when_the_log_grows(tmp_path, m30):
    """D's artifact, then five more sessions appended with news about D: a ticket and a
    mitigation for D's incidents, a raised severity, resolutions, an extra submission of D's
    intent. D's rerun gives the same artifact; only the whole-log ledger grows."""
    d = [preflight()] + all_cycles(skip={100, 101, 102}) + [
        incident("10:00:00", "INC-S3", "opened", "broker_degraded", "SEV-3"),
        incident("16:00:00", "INC-S2", "opened", "data_feed", "SEV-2"),
        intervention("16:01:00", "escalate_primary", "INC-S2"),
        alert("11:00:00", "a1", "firing"),
        order("10:30:00", "o1", "i1"),
    ]
    later = _sessions_after("2026-03-05", 5) + [
        intervention("09:00:00", "ticket", "INC-S3", day="2026-03-05"),
        intervention("09:00:01", "mitigation", "INC-S2", day="2026-03-05"),
        incident("09:01:00", "INC-S3", "updated", "broker_degraded", "SEV-1", day="2026-03-05"),
        incident("09:02:00", "INC-S2", "resolved", "data_feed", day="2026-03-06"),
        alert("09:03:00", "a1", "resolved", day="2026-03-05"),
        order("09:04:00", "o2", "i1", day="2026-03-05"),
        {"ts": "2026-03-04T15:00:00Z", "event_type": "cycle", "run_id": "rt-a", "mode": "real",   # 00:00 KST
         "cycle_id": "late", "scheduled_at": f"{DAY}T10:40:00+09:00", "status": "ok"},           # of D+1
    ]
    log = write_log(tmp_path / "events.jsonl", d)
    inputs = lambda: DailyInputs(day=DAY, paths=input_paths(m30, str(log)))
    before = run_daily(inputs()).artifact
    assert before["status"] == "yellow"
    assert {i["incident_id"]: i["missing_actions"] for i in before["incidents"]} == {
        "INC-S3": ["ticket"], "INC-S2": ["mitigation"]}
    assert [u["alert_id"] for u in before["alerts"]["unresolved"]] == ["a1"]
    with open(log, "a", encoding="utf-8") as fh:
        fh.write("".join(json.dumps(e) + "\n" for e in later))
    for after in (run_daily(inputs()).artifact,                         # through the event cache
                  run_daily(inputs(), con := db.connect(), ingest(con, str(log))).artifact):  # directly
        assert after["input_quality"]["events"] > before["input_quality"]["events"]
        assert {k: v for k, v in after.items() if k != "input_quality"} == \
            {k: v for k, v in before.items() if k != "input_quality"}


def test_an_intraday_check_ignores_what_came_after_its_as_of(tmp_path, m30):
    events = [preflight()] + all_cycles() + [incident("10:00:00", "I", "opened", "broker", "SEV-3"),
                                            intervention("10:00:01", "ticket", "I")]
    log = write_log(tmp_path / "events.jsonl", events)
    a = run_daily(DailyInputs(day=DAY, paths=input_paths(m30, str(log)), as_of=dt.datetime(2026, 3, 4, 10, 0, 0))).artifact
    assert a["incidents"][0]["missing_actions"] == ["ticket"]   # the ticket came a second later


# ---------------------------------------------------------------- section 2 and 4: incidents

def test_the_latest_stated_failure_class_counts(tmp_path, m30):
    events = [preflight()] + all_cycles(skip=set(range(100, 105))) + [
        incident("09:30:00", "INC-1", "opened", "latency", "SEV-3"),
        incident("09:40:00", "INC-1", "updated", "availability"),
    ]
    a = check(tmp_path, m30, events)
    assert a["conditions"][0]["tracked_by"] == "INC-1"
    inc = a["incidents"][0]
    assert (inc["failure_class"], inc["declared_severity"], inc["severity"]) == ("availability", "SEV-3", "SEV-2")


def test_an_incident_without_an_opened_event_is_open_from_its_first_event(tmp_path, m30):
    events = [preflight()] + all_cycles() + [
        incident("10:00:00", "INC-1", "updated", "broker", "SEV-3"),
        incident("11:00:00", "INC-1", "opened", "broker", "SEV-3"),   # comes later: still open since 10:00
    ]
    a = check(tmp_path, m30, events)
    assert a["incidents"][0]["opened_at"] == f"{DAY}T10:00:00+09:00"


def test_the_first_resolved_event_ends_an_incident(tmp_path, m30):
    before = [incident("10:00:00", "INC-1", "opened", "broker", "SEV-3", day="2026-03-03"),
              incident("11:00:00", "INC-1", "resolved", "broker", day="2026-03-03"),
              incident("12:00:00", "INC-1", "updated", "broker", "SEV-1", day="2026-03-03"),   # ignored
              incident("13:00:00", "INC-1", "opened", "availability", "SEV-1", day="2026-03-03")]  # ignored
    a = check(tmp_path, m30, [preflight()] + all_cycles(skip=set(range(100, 105))) + before)
    assert [i["incident_id"] for i in a["incidents"]] == ["AUTO-2026-03-04-availability"]  # not reopened
    d = check(tmp_path, m30, before + [preflight(day="2026-03-03")] + all_cycles(day="2026-03-03"),
              day="2026-03-03", name="d-1.jsonl")
    inc = d["incidents"][0]
    assert (inc["severity"], inc["failure_class"], inc["resolved_at"]) == (
        "SEV-3", "broker", "2026-03-03T11:00:00+09:00")


@pytest.mark.parametrize("opened, want", [
    ({"A": "09:30:00", "B": "09:20:00"}, "B"),   # the one opened first
    ({"A": "09:30:00", "B": "09:30:00"}, "A"),   # then the lowest incident_id
])
def test_the_incident_opened_first_tracks_the_condition(tmp_path, m30, opened, want):
    events = [preflight()] + all_cycles(skip=set(range(100, 105))) + [
        incident(opened["B"], "B", "opened", "availability", "SEV-2"),
        incident(opened["A"], "A", "opened", "availability", "SEV-2")]
    assert check(tmp_path, m30, events)["conditions"][0]["tracked_by"] == want


@pytest.mark.parametrize("opened_day, opened_at, mitigation_day, mitigation_at, missing", [
    (DAY, "15:00:00", DAY, "15:30:00", []),                           # at the close of its session: in time
    (DAY, "15:00:00", DAY, "15:30:01", ["mitigation"]),
    ("2026-03-03", "16:00:00", DAY, "15:29:00", []),                  # opened after a close: the next close
    ("2026-03-01", "10:00:00", DAY, "10:00:00", ["mitigation"]),      # a holiday: the next session's close
])
def test_the_sev2_mitigation_deadline_is_the_close_of_the_first_session_at_or_after_opening(
        tmp_path, m30, opened_day, opened_at, mitigation_day, mitigation_at, missing):
    events = [preflight()] + all_cycles() + [
        incident(opened_at, "S2", "opened", "broker", "SEV-2", day=opened_day),
        intervention(opened_at, "escalate_primary", "S2", day=opened_day),
        intervention(mitigation_at, "mitigation", "S2", day=mitigation_day)]
    assert check(tmp_path, m30, events)["incidents"][0]["missing_actions"] == missing


def test_an_alert_is_critical_only_from_its_first_critical_firing(tmp_path, m30):
    events = [preflight()] + all_cycles(skip={60, 70, 80, 90}) + [
        alert("09:55:00", "a1", "firing", severity="warning"),
        alert("10:05:00", "a1", "firing", severity="critical"),     # escalated: covers 10:10 and later
        alert("10:15:00", "a1", "resolved"),
        alert("10:16:00", "a1", "firing", severity="critical"),     # after the resolution: opens nothing
        alert("10:25:00", "a2", "firing", severity="critical"),
        alert("10:29:00", "a2", "resolved"),
    ]
    a = check(tmp_path, m30, events)
    # 10:00 before the escalation, 10:10 covered, 10:20 and 10:30 after the resolutions
    assert a["slo"]["error_budget"]["untracked_cycles"] == 3


def test_absent_broker_env_or_mode_is_no_mode_leakage(tmp_path, m30):
    no_env = order("10:00:00", "o1", "i1")
    no_env.pop("broker_env")
    no_mode = order("10:00:01", "o2", "i2", broker_env="mock")
    no_mode.pop("mode")
    a = check(tmp_path, m30, [preflight()] + all_cycles() + [no_env, no_mode])
    assert a["slo"]["safety_floor"]["mode_leakage"] == 0


def test_a_safety_condition_is_first_seen_at_its_first_offending_event_on_d(tmp_path, m30):
    events = [preflight()] + all_cycles() + [
        # duplicate execution: the extra order's submission on D
        order("15:00:00", "o1", "i1", day="2026-03-03"), order("10:31:00", "o2", "i1"),
        # guard precedence: blocked the day before, submitted then and again on D
        guard("14:00:00", "i9", "block", day="2026-03-03"), order("14:00:01", "o9", "i9", day="2026-03-03"),
        order("11:00:00", "o9b", "i9"), order("11:05:00", "o9c", "i9"),
        # mode leakage: its first leaking order event on D
        order("12:00:00", "o5", "i5", broker_env="mock"), order("12:01:00", "o5", "i5", "filled", broker_env="mock"),
    ]
    a = check(tmp_path, m30, events)
    assert {c["failure_class"]: c["first_seen"] for c in a["conditions"]} == {
        "duplicate_execution": f"{DAY}T10:31:00+09:00",
        "guard_precedence_violation": f"{DAY}T11:00:00+09:00",
        "mode_leakage": f"{DAY}T12:00:00+09:00"}
