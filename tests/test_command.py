"""The seed's command end to end: papermill, nbconvert exporters, exit codes, atomic output."""
import json
import os
import subprocess
import sys

import pytest

from m31.policy import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "scripts" / "run_m31_slo_incident_review_check.py"
KEYS = {"schema_version", "day", "trading_day", "status", "status_reasons", "policy_version", "preopen",
        "slo", "conditions", "incidents", "alerts", "interventions", "input_quality"}


def run(args, **env):
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True,
                          env={**os.environ, **env}, cwd=PROJECT_ROOT, timeout=300)


def sample_args(sample, report_dir, day):
    return ["--event-log-path", str(sample / "logs" / "events.jsonl"),
            "--policy-report-dir", str(sample / "reports" / "m30_post_golive"),
            "--signoff-report-dir", str(sample / "reports" / "m30_golive"),
            "--report-dir", str(report_dir), "--oncall", str(sample / "oncall.toml"), "--day", day]


@pytest.mark.e2e
def test_red_day_exit_1_artifacts_and_byte_identical_rerun(sample, tmp_path):
    first = run(sample_args(sample, tmp_path, "2026-01-22") + ["--json"])
    assert first.returncode == 1, first.stderr
    assert first.stderr == ""
    artifact = json.loads(first.stdout)
    assert KEYS <= artifact.keys() and artifact["status"] == "red"
    stem = tmp_path / "m31_slo_incident_2026-01-22"
    files = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    # the seed's artifacts at the top; the rest in the month's folder
    assert {f"{stem.name}{s}" for s in (".json", ".md")} | {
        f"2026-01/{stem.name}{s}" for s in (".html", ".ipynb", "_slots.png", "_latency.png", "_budget.png")} <= files
    assert "](2026-01/m31_slo_incident_2026-01-22_slots.png)" in stem.with_suffix(".md").read_text()
    assert not [f for f in files if "/." in f or f.startswith(".")], "no staging or temporary files left"
    assert json.loads(stem.with_suffix(".json").read_text()) == artifact
    md = stem.with_suffix(".md").read_text()
    assert md.startswith("# M31 daily stabilization check — 2026-01-22\n\n**Status: RED**")
    assert "&lt;b&gt;check&lt;/b&gt; \\| pipes" in md  # untrusted summary comes out as text
    html = (tmp_path / "2026-01" / f"{stem.name}.html").read_text()
    assert html.count("data:image/svg+xml;base64,") == 3  # charts inline, nothing fetched
    assert "<script" not in html and "https://" not in html
    before = {s: stem.with_suffix(s).read_bytes() for s in (".json", ".md")}
    second = run(sample_args(sample, tmp_path, "2026-01-22"))
    assert second.returncode == 1
    assert {s: stem.with_suffix(s).read_bytes() for s in (".json", ".md")} == before


@pytest.mark.e2e
def test_green_day_exit_0_with_operator_variables(sample, tmp_path):
    env = {"EVENT_LOG_PATH": str(sample / "logs" / "events.jsonl"), "REPORT_DIR": str(tmp_path),
           "METRICS_DAY": "2026-02-02"}
    res = run(["--policy-report-dir", str(sample / "reports" / "m30_post_golive"),
               "--signoff-report-dir", str(sample / "reports" / "m30_golive"),
               "--oncall", str(sample / "oncall.toml")], **env)
    assert res.returncode == 0, res.stderr
    assert json.loads((tmp_path / "m31_slo_incident" / "m31_slo_incident_2026-02-02.json").read_text())["status"] == "green"


@pytest.mark.parametrize("change, message", [
    (lambda a, s: a + ["--day", "2026-02-30"], "no such calendar day"),
    (lambda a, s: a + ["--day", "../x"], "not a day"),
    (lambda a, s: _swap(a, "--policy-report-dir", str(s / "nope")), "folder not found"),
    (lambda a, s: _swap(a, "--event-log-path", str(s / "logs" / "missing-*.jsonl")), "no event log file found"),
    (lambda a, s: _swap(a, "--oncall", str(s / "nope.toml")), "roster not found"),
    (lambda a, s: a + ["--day", "2025-12-01"], "on or before 2025-12-01"),
])
def test_unusable_input_exit_2_one_line_nothing_written(sample, tmp_path, change, message):
    report = tmp_path / "out"
    base = sample_args(sample, report, "2026-01-22")
    res = run(change(base, sample))
    assert res.returncode == 2
    assert message in res.stderr and len(res.stderr.strip().splitlines()) == 1
    assert "Traceback" not in res.stderr
    assert not report.exists() or not any(report.iterdir())


def _swap(args, flag, value):
    out = list(args)
    out[out.index(flag) + 1] = value
    return out
