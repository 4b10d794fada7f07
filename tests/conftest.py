"""Shared fixtures: hand-built logs and M30 folders, and the sample month (built once)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from m31.inputs import InputPaths
from m31.policy import PROJECT_ROOT
from m31.sample.m30 import write_policy_artifact, write_roster, write_signoff

SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"
HASH = "sha256:9a7e41"


def write_log(path: Path, events: list, trailing_newline: bool = True) -> Path:
    """events: dicts (dumped as JSON) or raw strings (written as they are)."""
    lines = [e if isinstance(e, str) else json.dumps(e) for e in events]
    path.write_text("\n".join(lines) + ("\n" if trailing_newline else ""), encoding="utf-8")
    return path


def make_m30(root: Path, day: str = "2025-12-30") -> dict:
    """M30 folders with a GO signoff (baseline 110 ms) and a `normal` policy of `day`, plus a
    roster: ann/bob from 2025-12-29 09:00, cat/dan from 2026-03-04 12:00."""
    golive, post = root / "m30_golive", root / "m30_post_golive"
    write_signoff(golive, day, HASH, 110.0)
    write_policy_artifact(post, day, "normal", [])
    roster = write_roster(root / "oncall.toml", [("2025-12-29T09:00:00+09:00", "ann", "bob"),
                                                 ("2026-03-04T12:00:00+09:00", "cat", "dan")])
    return {"policy_report_dir": str(post), "signoff_report_dir": str(golive), "oncall_path": str(roster),
            "root": root}


def input_paths(m30: dict, event_log_path, policy_path=None) -> InputPaths:
    """The InputPaths of a make_m30 folder and a log."""
    return InputPaths(event_log_path=str(event_log_path), policy_report_dir=m30["policy_report_dir"],
                      signoff_report_dir=m30["signoff_report_dir"], oncall_path=m30["oncall_path"],
                      policy_path=policy_path)


@pytest.fixture(scope="session", autouse=True)
def event_cache_dir(tmp_path_factory):
    """Event caches of the tests' logs go to a temporary folder (commands started by tests
    inherit it), not to the user's cache."""
    import os

    folder = tmp_path_factory.mktemp("event-cache")
    saved = os.environ.get("M31_EVENT_CACHE_DIR")
    os.environ["M31_EVENT_CACHE_DIR"] = str(folder)
    yield folder
    if saved is None:
        os.environ.pop("M31_EVENT_CACHE_DIR", None)
    else:
        os.environ["M31_EVENT_CACHE_DIR"] = saved


# "Now" for every test and every command a test starts: a Saturday noon, when no KRX session is
# open, so no default (--day, --as-of, an operator event's ts) depends on when the suite runs.
# A test that needs another instant sets M31_NOW itself, or travels with time-machine.
PINNED_NOW = "2026-03-07T12:00:00+09:00"


@pytest.fixture(scope="session", autouse=True)
def pinned_now():
    import os

    saved = os.environ.get("M31_NOW")
    os.environ["M31_NOW"] = PINNED_NOW
    yield PINNED_NOW
    if saved is None:
        os.environ.pop("M31_NOW", None)
    else:
        os.environ["M31_NOW"] = saved


@pytest.fixture(autouse=True)
def artifacts_meet_their_schemas(request):
    """Every m31 artifact a test leaves in its tmp_path (daily, weekly, decisions, history;
    written in-process or by a command it started) must meet its published schema
    (schemas/artifacts/): a key the schema does not know, or a required one dropped, fails the
    test. So must every operator event it appended to a log there (schemas/events/). A test
    that writes a broken artifact on purpose says so with @pytest.mark.broken_artifacts."""
    if "tmp_path" not in request.fixturenames or request.node.get_closest_marker("broken_artifacts"):
        yield
        return
    folder = request.getfixturevalue("tmp_path")  # now: by teardown the fixture is gone, not the folder
    yield
    from m31.schemas import check_files

    _, found = check_files([folder])
    found += operator_event_problems(folder)
    if found:
        pytest.fail("artifacts break their schemas:\n" + "\n".join(
            f"{p['file']}: {p['where']}: {p['message']}" for p in found[:20]), pytrace=False)


def operator_event_problems(folder: Path) -> list[dict]:
    """Every event the operator commands appended (m31 intervene, incident, maintenance: their
    event_id starts with "op-") to a log under folder, checked against its event schema."""
    from m31.schemas import event_problems

    found = []
    for log in folder.rglob("*.jsonl"):
        if log.stat().st_size > 64 << 20:
            continue
        for n, line in enumerate(log.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            if '"op-' not in line:
                continue
            try:
                event = json.loads(line)
            except json.JSONDecodeError:
                continue
            if isinstance(event, dict) and str(event.get("event_id", "")).startswith("op-"):
                for p in event_problems(event):
                    where, _, message = p.partition(": ")
                    found.append({"file": f"{log}:{n}", "where": where, "message": message})
    return found


@pytest.fixture
def m30(tmp_path):
    return make_m30(tmp_path)


@pytest.fixture(scope="session")
def sample():
    """The bundled sample month (generated once; `make demo` makes the same files)."""
    from m31.sample.simulate import write_sample

    if not (SAMPLE_DIR / "scenarios.json").exists():
        write_sample(SAMPLE_DIR)
    return SAMPLE_DIR


@pytest.fixture(scope="session")
def seollal(tmp_path_factory):
    """The window's daily artifacts, computed in-process, and what the review needs."""
    from m31.reports.present_weekly import weekly

    from weeks import seollal_events

    root = tmp_path_factory.mktemp("seollal")
    m30 = make_m30(root)
    log = write_log(root / "events.jsonl", seollal_events())
    run = weekly("2026-02-20", str(root / "reports"), input_paths(m30, log))
    return {"root": root, "m30": m30, "log": log, "run": run}


@pytest.fixture(scope="session")
def sample_month(sample):
    """Every session's daily artifact of the sample month (and Seollal's 2026-02-17), computed
    in-process over one ingest of the log: day -> artifact."""
    import datetime as dt

    from m31 import db
    from m31.calendar import sessions_between
    from m31.checks.daily import DailyInputs, run_daily
    from m31.ingest import ingest
    from m31.sample.simulate import END, START

    con = db.connect()
    log = ingest(con, str(sample / "logs" / "events.jsonl"))
    out = {}
    for day in [s.day for s in sessions_between(START, END)] + [dt.date(2026, 2, 17)]:
        out[day.isoformat()] = run_daily(DailyInputs(day=day, paths=InputPaths.sample(sample)), con, log).artifact
    return out
