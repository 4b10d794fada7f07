"""Contract 1.1 section 8 on hand-made logs with known answers: the rolling window (go-live,
holidays, the first session of a year, each session's own end-of-day view), the error-budget
policy (freeze, then normal again; m31 gate) and planned maintenance (declared ahead or after
the fact, refused or reported, excluded slots holding failed cycles; m31 maintenance)."""
import json
import os
import subprocess
import sys

import pytest

from m31.policy import PROJECT_ROOT
from m31.sample.m30 import write_policy_artifact, write_signoff

from conftest import HASH, input_paths, make_m30, write_log
from helpers import all_cycles, check, order, preflight, ts

POLICY = PROJECT_ROOT / "config" / "policy.toml"


def policy_with(tmp_path, rolling_sessions: int) -> str:
    text = POLICY.read_text(encoding="utf-8").replace("rolling_sessions = 20", f"rolling_sessions = {rolling_sessions}")
    assert f"rolling_sessions = {rolling_sessions}" in text
    path = tmp_path / "policy.toml"
    path.write_text(text, encoding="utf-8")
    return str(path)


def day_events(day, skip=(), n=390, open_hhmm=(9, 0), status_for=None):
    return [preflight(day=day)] + all_cycles(day, skip=skip, n=n, open_hhmm=open_hhmm, status_for=status_for)


def maintenance(at, mid, start, end, reason="PLANNED_MAINTENANCE", day="2026-03-04", operator="ann"):
    return {"ts": ts(at, day), "event_type": "maintenance", "maintenance_id": mid, "start": start, "end": end,
            "reason_code": reason, "operator": operator}


def rolling(a):
    r = a["slo"]["rolling"]
    return (r["sessions"], r["first_day"], r["last_day"], r["scheduled"], r["successful"], r["bad"], r["met"])


# ---------------------------------------------------------------------------- the window's edges

def test_go_live_inside_the_window(tmp_path):
    """Go-live is the earliest GO signoff: a NO_GO before it does not count, and the window
    holds only the sessions since (fewer than rolling_sessions)."""
    m30 = make_m30(tmp_path, day="2026-03-03")
    write_signoff(tmp_path / "m30_golive", "2026-02-27", HASH, 110.0, decision="NO_GO")
    events = day_events("2026-03-03") + day_events("2026-03-04", skip=range(5)) + day_events("2026-03-05")
    a = check(tmp_path, m30, events, day="2026-03-05")
    assert rolling(a) == (3, "2026-03-03", "2026-03-05", 1170, 1165, 5, True)
    r = a["slo"]["rolling"]
    assert (r["budget_cycles"], r["consumed_cycles"], r["remaining_cycles"]) == (pytest.approx(11.7), 5,
                                                                                  pytest.approx(6.7))
    assert a["budget_policy"]["state"] == "normal"
    assert a["budget_policy"]["reason"].startswith("rolling window 2026-03-03..2026-03-05 (3 sessions): 1165/1170")


def test_before_go_live_there_is_no_window_and_the_policy_is_normal(tmp_path):
    m30 = make_m30(tmp_path, day="2026-03-03")
    write_signoff(tmp_path / "m30_golive", "2026-02-27", HASH, 110.0, decision="NO_GO")
    write_policy_artifact(tmp_path / "m30_post_golive", "2026-02-27", "normal", [])
    a = check(tmp_path, m30, day_events("2026-03-02", skip=range(100)), day="2026-03-02")
    r = a["slo"]["rolling"]
    assert (r["sessions"], r["first_day"], r["scheduled"], r["ratio"], r["met"], r["budget_cycles"]) == \
        (0, None, None, None, None, None)
    assert a["budget_policy"] == {"state": "normal", "reason": "no M30 signoff with decision GO on or before "
                                                               "2026-03-02: no rolling window yet"}
    assert a["status"] == "red"  # the day itself: NO_GO in force, 100 missed slots


def test_a_holiday_week_reaches_back(tmp_path):
    """Seollal (2026-02-16..18): the 5-session window of 02-20 is 02-11, 02-12, 02-13, 02-19, 02-20."""
    m30 = make_m30(tmp_path)
    days = ["2026-02-11", "2026-02-12", "2026-02-13", "2026-02-19", "2026-02-20"]
    events = [e for d in days for e in day_events(d, status_for=(lambda i: ("error", "broker_timeout") if i < 10
                                                                 else ("ok", None)) if d == "2026-02-12" else None)]
    a = check(tmp_path, m30, events, day="2026-02-20", policy_path=policy_with(tmp_path, 5))
    assert rolling(a) == (5, "2026-02-11", "2026-02-20", 1950, 1940, 10, True)
    assert a["slo"]["rolling"]["remaining_cycles"] == pytest.approx(9.5)


def test_the_first_session_of_a_year(tmp_path):
    """2026-01-02 opens at 10:00 (330 slots); 2025-12-31 is closed: the 3-session window is
    2025-12-29, 2025-12-30 and 2026-01-02."""
    m30 = make_m30(tmp_path, day="2025-12-01")
    events = day_events("2025-12-29") + day_events("2025-12-30") + day_events("2026-01-02", n=330, open_hhmm=(10, 0))
    a = check(tmp_path, m30, events, day="2026-01-02", policy_path=policy_with(tmp_path, 3))
    assert rolling(a) == (3, "2025-12-29", "2026-01-02", 1110, 1110, 0, True)
    assert a["slo"]["rolling"]["budget_cycles"] == pytest.approx(11.1)


def test_each_session_counts_as_its_own_end_of_day_check_saw_it(tmp_path):
    """A cycle of 03-04's slot 10 logged at 00:00:30 KST on 03-05 fills no slot for 03-04, in
    03-04's own check or in 03-05's window. A maintenance window of 03-04 counts there too."""
    m30 = make_m30(tmp_path, day="2026-03-04")
    late = all_cycles("2026-03-04")[10]
    late["ts"] = "2026-03-04T15:00:30Z"   # 00:00:30 KST on 03-05
    events = (day_events("2026-03-04", skip={10} | set(range(60, 90)))
              + [maintenance("08:00:00", "MW-1", ts("10:00:00"), ts("10:30:00"))]
              + day_events("2026-03-05") + [late])
    d4 = check(tmp_path, m30, events, day="2026-03-04")
    assert (d4["slo"]["availability"]["scheduled"], d4["slo"]["availability"]["missed"],
            d4["slo"]["availability"]["excluded"]) == (360, 1, 30)
    d5 = check(tmp_path, m30, events, day="2026-03-05", name="events2.jsonl")
    assert rolling(d5) == (2, "2026-03-04", "2026-03-05", 750, 749, 1, True)
    assert d5["slo"]["rolling"]["excluded"] == 30
    assert d5["corrections"] == []  # MW-1 lies on 03-04, not on 03-05


# ---------------------------------------------------------------------------- the error-budget policy

def _freeze_then_normal(tmp_path):
    m30 = make_m30(tmp_path, day="2026-03-03")
    days = ["2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"]
    events = [e for d in days for e in day_events(d, skip=range(20) if d == "2026-03-03" else ())]
    log = write_log(tmp_path / "events.jsonl", events)
    return m30, log, policy_with(tmp_path, 3)


def test_freeze_then_normal_again(tmp_path):
    m30, log, policy = _freeze_then_normal(tmp_path)
    from m31.checks.daily import DailyInputs, run_daily

    states = {}
    for day in ("2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06"):
        a = run_daily(DailyInputs(day=day, paths=input_paths(m30, log, policy_path=policy))).artifact
        states[day] = (a["budget_policy"]["state"], a["slo"]["rolling"]["bad"], a["slo"]["rolling"]["sessions"])
    # budget 3.9, 7.8, 11.7 cycles against 20 bad slots; on 03-06 03-03 has left the window
    assert states == {"2026-03-03": ("freeze", 20, 1), "2026-03-04": ("freeze", 20, 2),
                      "2026-03-05": ("freeze", 20, 3), "2026-03-06": ("normal", 0, 3)}


def _command(args, **env):
    return subprocess.run([sys.executable, "-m", "m31.cli", *args], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, timeout=300, env={**os.environ, **env})


def _flags(m30, log, policy=None):
    out = ["--event-log-path", str(log), "--policy-report-dir", m30["policy_report_dir"],
           "--signoff-report-dir", m30["signoff_report_dir"], "--oncall", m30["oncall_path"]]
    return out + (["--policy", policy] if policy else [])


@pytest.mark.e2e
def test_m31_gate_exits_1_on_freeze_0_when_normal_2_on_bad_input(tmp_path):
    m30, log, policy = _freeze_then_normal(tmp_path)
    frozen = _command(["gate", *_flags(m30, log, policy), "--day", "2026-03-05"])
    assert frozen.returncode == 1, frozen.stderr
    assert frozen.stdout == ("m31 gate 2026-03-05: FREEZE: rolling window 2026-03-03..2026-03-05 (3 sessions): "
                             "1150/1170 slots (98.291%) below target 0.99; budget 11.7 cycles, consumed 20, "
                             "remaining -8.3: releases stop; fixes for the failures that spent it go on\n")
    normal = _command(["gate", *_flags(m30, log, policy), "--day", "2026-03-06", "--json"])
    assert normal.returncode == 0, normal.stderr
    g = json.loads(normal.stdout)
    assert (g["state"], g["rolling"]["first_day"], g["rolling"]["bad"]) == ("normal", "2026-03-04", 0)
    # the default day is today in KST: the pinned Saturday, whose window ends on Friday 03-06
    today = _command(["gate", *_flags(m30, log, policy), "--json"])
    assert today.returncode == 0 and json.loads(today.stdout)["rolling"]["last_day"] == "2026-03-06"
    bad = _command(["gate", *_flags(m30, tmp_path / "nope.jsonl", policy), "--day", "2026-03-05"])
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "nope.jsonl" in bad.stderr


# ---------------------------------------------------------------------------- planned maintenance

def test_maintenance_before_and_after_its_start_and_what_is_refused(tmp_path):
    m30 = make_m30(tmp_path, day="2026-03-04")
    failing = set(range(60, 70)) | set(range(120, 130))   # 10:00-10:09 and 11:00-11:09 fail
    events = day_events("2026-03-04", status_for=lambda i: ("error", "broker_down") if i in failing else ("ok", None))
    events += [
        # declared ahead: the failed slots 10:00-10:09 are excluded
        maintenance("08:30:00", "MW-A", ts("10:00:00"), ts("10:10:00")),
        # declared at 11:04:30 for 11:00-11:10: 11:00..11:04 still count, 11:05..11:09 excluded
        maintenance("11:04:30", "MW-B", ts("11:00:00"), ts("11:10:00")),
        maintenance("08:31:00", "MW-C", ts("13:00:00"), ts("13:10:00"), reason="BROKER_DEGRADED"),
        maintenance("08:32:00", "MW-D", ts("14:10:00"), ts("14:00:00")),
        maintenance("08:33:00", "MW-E", "tomorrow", ts("14:00:00")),
        maintenance("08:34:00", "MW-F", ts("16:00:00"), ts("17:00:00")),                    # after the close
        maintenance("08:35:00", "MW-G", "2026-03-05T10:00:00+09:00", "2026-03-05T11:00:00+09:00"),  # next day
    ]
    a = check(tmp_path, m30, events)
    av = a["slo"]["availability"]
    assert (av["scheduled"], av["successful"], av["failed"], av["excluded"], av["met"]) == (375, 370, 5, 15, False)
    assert a["slo"]["error_budget"]["consumed_cycles"] == 5
    assert [(c["maintenance_id"], c["excluded_slots"], c["late_slots"], c["problem"]) for c in a["corrections"]] == [
        ("MW-A", 10, 0, None),
        ("MW-C", 0, 0, "reason code BROKER_DEGRADED is not PLANNED_MAINTENANCE"),
        ("MW-D", 0, 0, "end is not after start"),
        ("MW-E", 0, 0, "start is not an RFC 3339 time with an offset"),
        ("MW-F", 0, 0, "no slot of the session starts in the window"),
        ("MW-B", 5, 5, None),
    ]
    e = next(c for c in a["corrections"] if c["maintenance_id"] == "MW-E")
    assert (e["start"], e["end"], e["declared_at"]) == ("tomorrow", "2026-03-04T14:00:00+09:00",
                                                        "2026-03-04T08:33:00+09:00")
    md = __import__("m31.reports.markdown", fromlist=["daily_markdown"]).daily_markdown(a)
    assert "declared late: 5 earlier slot(s) still count" in md
    assert "excludes only the slots that started after the declaration" in md
    assert "15 excluded by planned maintenance" in md


def test_a_whole_session_excluded_has_no_availability_and_the_policy_is_normal(tmp_path):
    """Orders in excluded slots still count for latency and the safety floor."""
    m30 = make_m30(tmp_path, day="2026-03-04")
    events = [preflight(), maintenance("08:00:00", "MW-ALL", ts("09:00:00"), ts("15:30:00")),
              order("10:00:00", "o-1", "i-1", latency=150.0), order("10:00:01", "o-2", "i-1")]
    a = check(tmp_path, m30, events)
    av, r = a["slo"]["availability"], a["slo"]["rolling"]
    assert (av["scheduled"], av["excluded"], av["ratio"], av["met"]) == (0, 390, None, None)
    assert (r["sessions"], r["scheduled"], r["excluded"], r["ratio"], r["met"]) == (1, 0, 390, None, None)
    assert a["budget_policy"]["state"] == "normal"
    assert a["slo"]["latency"]["samples"] == 2 and a["slo"]["safety_floor"]["duplicate_execution"] == 1


@pytest.mark.e2e
def test_m31_maintenance_declare_refuses_or_appends_one_line_the_check_reads(tmp_path):
    m30 = make_m30(tmp_path, day="2026-03-04")
    log = write_log(tmp_path / "events.jsonl", day_events("2026-03-04", skip=range(60, 90)))
    oplog = tmp_path / "operator-events.jsonl"
    base = ["maintenance", "declare", "--log", str(oplog), "--operator", "ann"]
    before_open = {"M31_NOW": "2026-03-04T08:00:00+09:00"}
    refused = [
        (["--start", ts("10:00:00"), "--end", ts("10:30:00"), "--reason-code", "BROKER_DEGRADED"], "--reason-code"),
        (["--start", ts("10:00:00"), "--end", ts("10:30:00"), "--reason-code", "NOT_A_CODE"], "--reason-code"),
        (["--start", ts("10:30:00"), "--end", ts("10:00:00"), "--reason-code", "PLANNED_MAINTENANCE"], "--end"),
        (["--start", "2026-03-04T10:00:00", "--end", ts("10:30:00"), "--reason-code", "PLANNED_MAINTENANCE"],
         "--start"),
    ]
    for args, flag in refused:
        done = _command([*base, *args], **before_open)
        assert done.returncode == 2 and done.stderr.startswith(f"m31: error: {flag}:"), done.stderr
        assert not oplog.exists()
    ok = _command([*base, "--start", ts("10:00:00"), "--end", ts("10:30:00"), "--reason-code",
                   "PLANNED_MAINTENANCE", "--maintenance-id", "MW-OPS-1", "--note", "broker upgrade"], **before_open)
    assert ok.returncode == 0, ok.stderr
    (line,) = oplog.read_text(encoding="utf-8").splitlines()
    ev = json.loads(line)
    assert (ev["event_type"], ev["ts"], ev["start"], ev["end"], ev["maintenance_id"]) == (
        "maintenance", "2026-03-04T08:00:00+09:00", ts("10:00:00"), ts("10:30:00"), "MW-OPS-1")
    late = _command([*base, "--start", ts("10:00:00"), "--end", ts("10:30:00"), "--reason-code",
                     "PLANNED_MAINTENANCE", "--maintenance-id", "MW-OPS-2"], M31_NOW="2026-03-04T10:20:00+09:00")
    assert late.returncode == 0 and "only the later ones are excluded" in late.stderr
    listed = _command(["maintenance", "list", *_flags(m30, log), "--day", "2026-03-04", "--json"])
    assert listed.returncode == 0, listed.stderr
    assert [(c["maintenance_id"], c["excluded_slots"], c["late_slots"]) for c in json.loads(listed.stdout)] == [
        ("MW-OPS-1", 30, 0), ("MW-OPS-2", 10, 20)]
    a = check(tmp_path, m30, day_events("2026-03-04", skip=range(60, 90)))  # the operator log is read beside it
    assert (a["slo"]["availability"]["scheduled"], a["slo"]["availability"]["excluded"], a["status"]) == \
        (360, 30, "green")


def test_an_unreadable_older_signoff_is_passed_over_for_go_live(tmp_path):
    m30 = make_m30(tmp_path, day="2026-03-03")
    (tmp_path / "m30_golive" / "m30_final_golive_signoff_2026-02-27.json").write_text("{not json")
    a = check(tmp_path, m30, day_events("2026-03-03") + day_events("2026-03-04"), day="2026-03-04")
    assert rolling(a)[:3] == (2, "2026-03-03", "2026-03-04") and a["status"] == "green"
