"""The weekly review and postmortem commands end to end (papermill, exporters, exit codes)."""
import json
import subprocess
import sys

import pytest

from m31.artifacts import daily_stem, to_json
from m31.checks.daily import DailyInputs, run_daily
from m31.policy import PROJECT_ROOT

from conftest import input_paths, make_m30, write_log
from weeks import WINDOW, seollal_events

SCRIPT = PROJECT_ROOT / "scripts" / "run_m31_weekly_review.py"
KEYS = {"schema_version", "week_end", "window", "days", "top_failure_classes", "alert_noise", "runbook_changes",
        "slo_decision", "postmortems_due"}


@pytest.fixture(scope="module")
def week(tmp_path_factory):
    """The Seollal week with four of its five daily artifacts already in the report folder."""
    root = tmp_path_factory.mktemp("week")
    m30 = make_m30(root)
    log = write_log(root / "events.jsonl", seollal_events())
    reports = root / "reports" / "m31_slo_incident"
    reports.mkdir(parents=True)
    for day in WINDOW[:-1]:
        art = run_daily(DailyInputs(day=day, paths=input_paths(m30, str(log)))).artifact
        (reports / f"{daily_stem(day)}.json").write_text(to_json(art))
    args = ["--event-log-path", str(log), "--policy-report-dir", m30["policy_report_dir"],
            "--signoff-report-dir", m30["signoff_report_dir"], "--oncall", m30["oncall_path"],
            "--report-dir", str(reports)]
    return {"root": root, "reports": reports, "args": args}


def run(cmd, cwd=PROJECT_ROOT):
    return subprocess.run(cmd, capture_output=True, text=True, cwd=cwd, timeout=600)


@pytest.mark.e2e
def test_weekly_command_produces_the_missing_day_and_the_review(week):
    first = run([sys.executable, str(SCRIPT), *week["args"], "--week-end", "2026-02-20", "--json"])
    assert first.returncode == 1, first.stderr  # 2026-02-12 was red
    assert first.stderr == ""
    a = json.loads(first.stdout)
    assert KEYS <= a.keys() and a["schema_version"] == "m31-weekly-review/1" and a["window"] == WINDOW
    reports = week["reports"]
    names = {p.relative_to(reports).as_posix() for p in reports.rglob("*") if p.is_file()}
    assert {f"{daily_stem('2026-02-20')}{s}" for s in (".json", ".md")} <= names  # produced
    assert f"2026-02/{daily_stem('2026-02-20')}.ipynb" in names
    stem = "m31_weekly_review_2026-02-20"
    assert {f"{stem}{s}" for s in (".json", ".md")} | {f"2026-02/{stem}{s}" for s in (
        ".html", ".ipynb", "_status.png", "_classes.png", "_incidents.png", "_budget.png")} <= names
    assert not [n for n in names if n.startswith(".") or "/." in n]
    assert json.loads((reports / f"{stem}.json").read_text()) == a
    md = (reports / f"{stem}.md").read_text()
    assert md.startswith("# M31 weekly incident review — week ending 2026-02-20\n\n**Status: RED**")
    html = (reports / "2026-02" / f"{stem}.html").read_text()
    assert "<script" not in html and "cdn" not in html.lower()
    before = {n: (reports / n).read_bytes() for n in (f"{stem}.json", f"{stem}.md")}
    again = run([sys.executable, str(SCRIPT), *week["args"], "--week-end", "2026-02-20"])
    assert again.returncode == 1 and again.stdout == ""
    assert {n: (reports / n).read_bytes() for n in before} == before


@pytest.mark.e2e
@pytest.mark.parametrize("extra, fragment", [
    ([], "--week-end"),
    (["--week-end", "2026-02-30"], "--week-end"),
    (["--week-end", "2026-02-20", "--oncall", "/nonexistent/oncall.toml"], "oncall.toml"),
])
def test_weekly_unusable_input_exits_2_with_one_line(week, tmp_path, extra, fragment):
    args = [a if a != str(week["reports"]) else str(tmp_path) for a in week["args"]]
    done = run([sys.executable, str(SCRIPT), *args, *extra])
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and fragment in done.stderr and "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.e2e
def test_a_corrupt_daily_artifact_is_named_and_nothing_is_written(week, tmp_path):
    (tmp_path / f"{daily_stem('2026-02-19')}.json").write_text('{"schema_version": "m31-slo-incident/1", "day": ')
    args = [a if a != str(week["reports"]) else str(tmp_path) for a in week["args"]]
    done = run([sys.executable, str(SCRIPT), *args, "--week-end", "2026-02-20"])
    assert done.returncode == 2 and "m31_slo_incident_2026-02-19.json: unreadable daily artifact" in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{daily_stem('2026-02-19')}.json"]


@pytest.mark.e2e
def test_postmortem_command_writes_drafts_and_lint_fails_them(week):
    pm = week["root"] / "postmortems"
    cmd = [sys.executable, "-m", "m31.cli", "postmortem", *week["args"], "--week-end", "2026-02-20",
           "--postmortem-dir", str(pm)]
    done = run(cmd)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in pm.iterdir()) == ["AUTO-2026-02-12-availability.md", "INC-A.md"]
    assert done.stdout.split()[0] == "written"
    lint = run([sys.executable, "-m", "m31.cli", "postmortem", "--lint", "--postmortem-dir", str(pm)])
    assert lint.returncode == 1 and "TODO left" in lint.stdout and "2 postmortem(s) checked" in lint.stderr
    edited = pm / "INC-A.md"
    edited.write_text(edited.read_text() + "\nNotes from the review.\n")
    rerun = run(cmd)
    assert rerun.returncode == 0 and "edited by a person: left untouched" in rerun.stdout
    assert edited.read_text().endswith("Notes from the review.\n")
