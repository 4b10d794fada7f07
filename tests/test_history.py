"""The history view's figures against the daily artifacts it summarises (the sample month, whose
answers docs/sample-data.md gives), and the page the command writes."""
import json
import statistics
import subprocess
import sys

import pytest

from m31.artifacts import companion, to_json
from m31.checks.history import history, load_history, week_of
from m31.checks.weekly import WeeklyInputs, collect_dailies, review
from m31.policy import PROJECT_ROOT


@pytest.fixture(scope="module")
def folder(tmp_path_factory, sample, sample_month):
    """A report folder holding every daily artifact of the sample month (Seollal's 02-17 too)
    and the weekly review of the week ending 2026-01-23."""
    reports = tmp_path_factory.mktemp("site") / "m31_slo_incident"
    reports.mkdir()
    for day, a in sample_month.items():
        (reports / f"m31_slo_incident_{day}.json").write_text(to_json(a), encoding="utf-8")
    inputs = WeeklyInputs(week_end="2026-01-23", report_dir=str(reports), oncall_path=str(sample / "oncall.toml"))
    dailies, _ = collect_dailies(inputs)
    (reports / "m31_weekly_review_2026-01-23.json").write_text(to_json(review(inputs, dailies)), encoding="utf-8")
    (reports / "m31_slo_incident_2026-02-24_asof_101500.json").write_text("{}")  # intraday: not read
    return reports


@pytest.fixture(scope="module")
def h(folder):
    return history(load_history(folder))


def test_every_history_chart_meets_the_vega_lite_schema(folder, tmp_path):
    from m31.reports import present_history

    keys = []
    for key, _, chart in present_history.drawn(present_history.build(folder, tmp_path).artifact):
        chart.to_dict(validate=True)  # the page draws them unchecked (see test_report_sections)
        keys.append(key)
    assert keys == ["rolling", "latency", "classes", "incidents"]


def test_the_latest_day_and_the_release_answer(h):
    assert (h["first_day"], h["last_day"], h["sessions"]) == ("2026-01-02", "2026-02-27", 38)
    assert h["latest"]["day"] == "2026-02-27" and h["latest"]["budget_policy"]["state"] == "normal"
    assert h["latest"]["rolling"]["first_day"] == "2026-01-28"


def test_every_day_row_is_its_artifact(h, sample_month):
    for row in h["days"]:
        a = sample_month[row["day"]]
        assert (row["status"], row["availability"], row["p95_ms"], row["rolling_ratio"], row["budget_policy"],
                row["excluded"]) == (a["status"], a["slo"]["availability"]["ratio"], a["slo"]["latency"]["p95_ms"],
                                     a["slo"]["rolling"]["ratio"], a["budget_policy"]["state"],
                                     a["slo"]["availability"]["excluded"])
    assert [r["day"] for r in h["days"]] == sorted(sample_month)


def test_freeze_periods_are_the_runs_of_freeze_days(h):
    # 01-13's window (8 sessions, 3060 slots) holds its 30 bad slots within 30.6: normal in between
    assert h["freeze_periods"] == [{"first_day": "2026-01-07", "last_day": "2026-01-12", "sessions": 4},
                                   {"first_day": "2026-01-14", "last_day": "2026-01-15", "sessions": 2}]


def test_weeks_sum_the_days(h, sample_month):
    weeks = {w["week"]: w for w in h["weeks"]}
    assert weeks["2026-01-05"]["bad_cycles"] == {"missed": 30}
    assert weeks["2026-01-12"]["bad_cycles"] == {"broker_timeout": 9, "skipped": 1}
    assert weeks["2026-02-23"]["bad_cycles"] == {"broker_maintenance": 3}  # 02-25's two excluded slots are not bad
    assert weeks["2026-01-19"]["incidents"] == {"SEV-1": 3}
    assert (weeks["2026-02-16"]["sessions"], weeks["2026-01-05"]["sessions"]) == (2, 5)
    # MTTA / MTTR: medians over the week's incidents, each from its latest daily view
    latest = {}
    for day in sorted(sample_month):
        for i in sample_month[day]["incidents"]:
            latest[i["incident_id"]] = i
    opened_in = [i for i in latest.values() if week_of(i["opened_at"][:10]) == "2026-01-19"]
    ack = [i["acknowledge_s"] for i in opened_in if i["acknowledge_s"] is not None]
    res = [i["resolve_s"] for i in opened_in if i["resolve_s"] is not None]
    w = weeks["2026-01-19"]
    assert (w["mtta_s"], w["mtta_n"], w["mttr_s"], w["mttr_n"]) == (statistics.median(ack), len(ack),
                                                                    statistics.median(res), len(res))
    assert sum(sum(w["incidents"].values()) for w in h["weeks"]) == len(latest)


def test_the_calendar_marks_holidays_and_reports(h):
    seollal = next(w for w in h["calendar"] if w["week"] == "2026-02-16")["days"]
    assert [(c["day"], c["session"], c["status"]) for c in seollal] == [
        ("2026-02-16", False, None), ("2026-02-17", False, "green"), ("2026-02-18", False, None),
        ("2026-02-19", True, "green"), ("2026-02-20", True, "green")]
    first = h["calendar"][0]["days"]
    assert [c["in_range"] for c in first] == [False, False, False, False, True]  # 2026-01-02 is a Friday


def test_maintenance_and_postmortems(h):
    assert [(m["day"], m["maintenance_id"], m["excluded_slots"], m["problem"]) for m in h["maintenance"]] == [
        ("2026-02-24", "MW-20260224-01", 30, None), ("2026-02-25", "MW-20260225-01", 2, None),
        ("2026-02-25", "MW-20260225-02", 0, "end is not after start"),
        ("2026-02-25", "MW-20260225-03", 0, "reason code BROKER_DEGRADED is not PLANNED_MAINTENANCE")]
    assert [(p["incident_id"], p["severity"], p["due"]) for p in h["postmortems"]] == [
        ("AUTO-2026-01-20-duplicate_execution", "SEV-1", "2026-01-23"),
        ("INC-20260121-01", "SEV-1", "2026-01-26"), ("INC-20260122-01", "SEV-1", "2026-01-27")]


def test_no_daily_artifact_is_exit_2_naming_the_folder(tmp_path):
    done = subprocess.run([sys.executable, "-m", "m31.cli", "history", "--report-dir", str(tmp_path)],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and str(tmp_path) in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.e2e
def test_m31_history_writes_the_page_with_links_to_the_reports(folder):
    site = folder.parent
    (site / "postmortems").mkdir(exist_ok=True)
    (site / "postmortems" / "INC-20260121-01.md").write_text("# a draft not filled in yet\n")
    done = subprocess.run([sys.executable, "-m", "m31.cli", "history", "--report-dir", str(folder), "--json"],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300)
    assert done.returncode == 0, done.stderr
    a = json.loads(done.stdout)
    assert a == json.loads((site / "index.json").read_text())
    md = (site / "index.md").read_text()
    assert md.startswith("# M31 history — 2026-01-02 .. 2026-02-27\n")
    assert "Releases: allowed (budget policy normal" in md
    assert "[01-07 RED](m31_slo_incident/m31_slo_incident_2026-01-07.md)" in md
    assert "[INC-20260121-01](postmortems/INC-20260121-01.md)" in md and "**OVERDUE**" in md
    for key in ("rolling", "latency", "classes", "incidents"):
        assert f"![{key}](index_{key}.png)" in md and (site / f"index_{key}.png").stat().st_size > 1000
    cell = next(c for w in a["calendar"] for c in w["days"] if c["day"] == "2026-01-07")
    assert cell["report_html"] == "m31_slo_incident/" + companion("m31_slo_incident_2026-01-07", ".html")
    html = (site / "index.html").read_text()
    assert 'href="m31_slo_incident/2026-01/m31_slo_incident_2026-01-07.html"' in html
    assert "<script" not in html and "https://" not in html
