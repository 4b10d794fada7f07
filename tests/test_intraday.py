"""Session monitoring: the check as of a time during the session, the probe, and the operator's
own log (m31 intervene / m31 incident)."""
import datetime as dt
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest
import time_machine

from m31 import cli
from m31.checks.daily import DailyInputs, run_daily
from m31.clock import now_kst
from m31.policy import PROJECT_ROOT
from m31.timefmt import KST

from conftest import input_paths, write_log
from helpers import DAY, alert, all_cycles, order, preflight

SCRIPT = PROJECT_ROOT / "scripts" / "run_m31_slo_incident_review_check.py"


def events():
    return [preflight()] + all_cycles(skip={70, 71, 72, 73, 74, 200}) + [
        alert("09:30:00", "a1", "firing", "fp"),
        alert("10:05:00", "a1", "resolved", "fp", resolution="fixed"),
        order("10:30:00", "o1", "i1"), order("10:31:00", "o2", "i1"),  # a duplicate execution after 10:00:30
    ]


def at(hms: str) -> dt.datetime:
    return dt.datetime.fromisoformat(f"{DAY}T{hms}")


def run_at(tmp_path, m30, as_of):
    log = write_log(tmp_path / "events.jsonl", events())
    return run_daily(DailyInputs(day=DAY, paths=input_paths(m30, str(log)), as_of=as_of)).artifact


def test_at_10_00_30_sixty_slots_are_due_and_later_events_do_not_exist(tmp_path, m30):
    a = run_at(tmp_path, m30, at("10:00:30"))
    assert a["provisional"] is True and a["as_of"] == f"{DAY}T10:00:30+09:00"
    assert a["slo"]["availability"] == {"scheduled": 60, "successful": 60, "missed": 0, "failed": 0, "excluded": 0,
                                        "ratio": 1.0, "target": 0.99, "met": True}
    assert a["slo"]["error_budget"]["budget_cycles"] == pytest.approx(0.6)
    assert a["slo"]["safety_floor"]["duplicate_execution"] == 0  # the orders come later
    assert [u["alert_id"] for u in a["alerts"]["unresolved"]] == ["a1"]  # resolved only at 10:05
    assert a["status"] == "yellow" and a["status_reasons"] == ["1 unresolved alert(s) now"]


def test_the_slot_in_progress_is_not_missed_yet(tmp_path, m30):
    # slot 70 starts 10:10; at 10:10:59 it is in progress, at 10:11:00 it is due (and missed)
    assert run_at(tmp_path, m30, at("10:10:59"))["slo"]["availability"]["missed"] == 0
    assert run_at(tmp_path, m30, at("10:11:00"))["slo"]["availability"]["missed"] == 1


def test_after_the_close_the_same_log_gives_the_final_figures(tmp_path, m30):
    final = run_at(tmp_path, m30, None)
    end_of_day = run_at(tmp_path, m30, at("23:59:59") + dt.timedelta(seconds=1))  # the next midnight
    assert final["provisional"] is False and end_of_day["provisional"] is False
    assert final["slo"] == end_of_day["slo"]
    assert final["slo"]["availability"]["missed"] == 6 and final["slo"]["safety_floor"]["duplicate_execution"] == 1


def test_default_as_of_is_now_while_todays_session_is_open(monkeypatch):
    day = dt.date.fromisoformat(DAY)
    monkeypatch.delenv("M31_NOW")  # the machine's clock, moved by time-machine
    with time_machine.travel(dt.datetime(2026, 3, 4, 2, 22, 33, 500000, tzinfo=dt.timezone.utc), tick=False):
        assert now_kst() == at("11:22:33.5")
        assert cli.resolve_as_of(None, day) == at("11:22:33")
    with time_machine.travel(dt.datetime(2026, 3, 4, 15, 30, tzinfo=KST), tick=False):
        assert cli.resolve_as_of(None, day) is None  # closed: the final check
    with time_machine.travel(dt.datetime(2026, 3, 5, 11, tzinfo=KST), tick=False):
        assert cli.resolve_as_of(None, day) is None  # another day
    monkeypatch.setenv("M31_NOW", "2026-03-04T01:00:00Z")  # M31_NOW wins over the clock
    assert cli.resolve_as_of(None, day) == at("10:00:00")
    assert cli.resolve_as_of("10:00:30", day) == at("10:00:30")
    assert cli.resolve_as_of("2026-03-04T01:00:30Z", day) == at("10:00:30")


def args_for(m30, log, reports):
    return ["--event-log-path", str(log), "--policy-report-dir", m30["policy_report_dir"],
            "--signoff-report-dir", m30["signoff_report_dir"], "--oncall", m30["oncall_path"]] + \
        (["--report-dir", str(reports)] if reports else [])


@pytest.mark.e2e
def test_an_intraday_run_never_overwrites_the_final_artifact(tmp_path, m30):
    log = write_log(tmp_path / "events.jsonl", events())
    reports = tmp_path / "reports"
    final = subprocess.run([sys.executable, str(SCRIPT), *args_for(m30, log, reports), "--day", DAY],
                           capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300)
    assert final.returncode == 1, final.stderr
    before = (reports / f"m31_slo_incident_{DAY}.json").read_bytes()
    early = subprocess.run([sys.executable, str(SCRIPT), *args_for(m30, log, reports), "--day", DAY,
                            "--as-of", "10:00:30", "--json"], capture_output=True, text=True, cwd=PROJECT_ROOT,
                           timeout=300)
    assert early.returncode == 0, early.stderr
    assert json.loads(early.stdout)["slo"]["availability"]["scheduled"] == 60
    assert (reports / f"m31_slo_incident_{DAY}.json").read_bytes() == before
    md = (reports / f"m31_slo_incident_{DAY}_asof_100030.md").read_text()
    assert "**Status: YELLOW** — provisional, as of 10:00:30 KST" in md


def m31(*args, now=None):
    env = {**os.environ, "M31_NOW": now} if now else None
    return subprocess.run([sys.executable, "-m", "m31.cli", *args], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, timeout=120, env=env)


def test_probe_json_and_exit_status(tmp_path, m30):
    log = write_log(tmp_path / "events.jsonl", events())
    early = m31("probe", *args_for(m30, log, None), "--day", DAY, "--as-of", "10:15:00", "--json")
    assert early.returncode == 0, early.stderr
    p = json.loads(early.stdout)
    assert p["availability"]["due_slots"] == 75 and p["availability"]["bad"] == 5
    assert p["error_budget"]["session_budget_cycles"] == pytest.approx(3.9)
    assert p["error_budget"]["left_cycles"] == pytest.approx(-1.1)
    assert p["error_budget"]["projected_at_close_cycles"] == pytest.approx(5 / 75 * 390)
    assert p["sev1"] is False
    late = m31("probe", *args_for(m30, log, None), "--day", DAY, "--as-of", "10:31:30")
    assert late.returncode == 1 and "SEV-1!" in late.stdout  # the duplicate execution at 10:31
    assert "AUTO-2026-03-04-duplicate_execution SEV-1" in late.stdout
    # the probe's figures are the check's at the same instant
    a = run_at(tmp_path, m30, at("10:15:00"))
    assert (p["availability"]["successful"], p["availability"]["due_slots"], p["latency"]["p95_ms"],
            p["status"]) == (a["slo"]["availability"]["successful"], a["slo"]["availability"]["scheduled"],
                             a["slo"]["latency"]["p95_ms"], a["status"])


def test_operator_events_are_appended_whole_and_read_by_the_daily_check(tmp_path, m30):
    log = write_log(tmp_path / "events.jsonl", [preflight()] + all_cycles())
    oplog = tmp_path / "operator-events.jsonl"
    opened = m31("incident", "open", "--incident-id", "INC-OP-1", "--severity", "SEV-3", "--failure-class",
                 "broker_degraded", "--summary", "slow acks | <b>", "--log", str(oplog), now=f"{DAY}T11:00:00+09:00")
    assert opened.returncode == 0, opened.stderr
    assert json.loads(oplog.read_text())["ts"] == f"{DAY}T11:00:00+09:00"  # stamped with the pinned now
    daily = lambda: run_daily(DailyInputs(day=DAY, paths=input_paths(m30, str(log)))).artifact
    assert daily()["incidents"][0]["missing_actions"] == ["ticket"]  # SEV-3 needs a ticket
    with ThreadPoolExecutor(8) as pool:  # concurrent appends never interleave inside a line
        done = list(pool.map(lambda k: m31("intervene", "--action", "ticket", "--reason-code", "BROKER_DEGRADED",
                                           "--operator", f"op{k}", "--incident-id", "INC-OP-1", "--log", str(oplog),
                                           now=f"{DAY}T11:05:0{k}+09:00"),
                             range(8)))
    assert all(d.returncode == 0 for d in done)
    lines = oplog.read_text().splitlines()
    assert len(lines) == 9 and all(json.loads(line)["event_id"].startswith("op-") for line in lines)
    art = daily()  # the tickets complete the incident's required actions
    assert [i["incident_id"] for i in art["incidents"]] == ["INC-OP-1"]
    assert art["interventions"]["count"] == 8 and art["incidents"][0]["missing_actions"] == []
    assert art["inputs"]["event_log_files"] == 2


@pytest.mark.parametrize("args, fragment", [
    (["intervene", "--action", "reboot", "--reason-code", "MANUAL_REVIEW", "--operator", "ann"],
     "unknown action 'reboot'; one of: force_manual_approval"),
    (["intervene", "--action", "ticket", "--reason-code", "FAT_FINGER", "--operator", "ann"],
     "unknown reason code 'FAT_FINGER'; one of: SAFETY_DUPLICATE_EXEC"),
    (["incident", "open", "--incident-id", "X", "--failure-class", "availability"], "--severity: required"),
    (["incident", "update", "--incident-id", "X", "--failure-class", "gremlins"], "unknown failure class 'gremlins'"),
])
def test_operator_commands_refuse_what_the_catalog_does_not_know(tmp_path, args, fragment):
    oplog = tmp_path / "op.jsonl"
    oplog.write_text('{"ts": "2026-03-04T10:00:00+09:00", "event_type": "intervention"}\n')
    before = oplog.read_bytes()
    done = m31(*args, "--log", str(oplog))
    assert done.returncode == 2 and fragment in done.stderr and done.stderr.count("\n") == 1
    assert oplog.read_bytes() == before


def test_an_unreadable_pinned_now_is_one_line_and_exit_2(tmp_path):
    done = m31("intervene", "--action", "ticket", "--reason-code", "MANUAL_REVIEW", "--operator", "ann",
               "--log", str(tmp_path / "op.jsonl"), now="next tuesday")
    assert done.returncode == 2 and "M31_NOW" in done.stderr and done.stderr.count("\n") == 1
    assert not (tmp_path / "op.jsonl").exists()
