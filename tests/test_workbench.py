"""The ad-hoc workbench: per-day Parquet tables, the m31.duckdb views, `m31 sql`, adhoc.ipynb."""
import json
import re
import subprocess
import sys

import pytest

from m31.checks.daily import DailyInputs, run_daily
from m31.policy import PROJECT_ROOT
from m31.reports.workbench import connect, export_day, refresh_database

from conftest import input_paths, make_m30, write_log
from weeks import seollal_events

DAYS = ["2026-02-12", "2026-02-13", "2026-02-20"]


@pytest.fixture(scope="module")
def bench(tmp_path_factory):
    root = tmp_path_factory.mktemp("workbench")
    m30 = make_m30(root)
    log = write_log(root / "events.jsonl", seollal_events())
    reports = root / "reports"
    reports.mkdir()
    for day in DAYS:
        run = run_daily(DailyInputs(day=day, paths=input_paths(m30, str(log))))
        export_day(run.con, run.artifact, reports, run.log.store)
    refresh_database(reports)
    return reports


def q(reports, sql):
    con = connect(reports, refresh=False)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_the_day_by_day_slo_table(bench):
    assert q(bench, "SELECT CAST(day AS VARCHAR), status, consumed_cycles, incidents FROM daily_slo ORDER BY day") == [
        ("2026-02-12", "red", 5, 1), ("2026-02-13", "yellow", 2, 0), ("2026-02-20", "yellow", 0, 1)]


def test_bad_cycles_by_class_per_day_and_incidents_with_owner(bench):
    assert q(bench, """SELECT CAST(review_day AS VARCHAR), failure_class, count(*) FROM bad_slots
                       GROUP BY ALL ORDER BY ALL""") == [("2026-02-12", "broker_timeout", 5), ("2026-02-13", "missed", 2)]
    assert q(bench, """SELECT incident_id, severity, owner, missing_actions FROM day_incidents
                       WHERE severity IN ('SEV-1', 'SEV-2') ORDER BY review_day""") == [
        ("AUTO-2026-02-12-availability", "SEV-2", "ann", ["escalate_primary", "mitigation"]),
        ("INC-A", "SEV-2", "ann", [])]


def test_typed_event_views_use_the_same_queries(bench):
    # the 02-20 incident's events, through queries/incidents.sql over the stored JSON
    assert q(bench, "SELECT state, alert_ids FROM incidents ORDER BY ts") == [("opened", ["ax"]), ("resolved", [])]
    assert q(bench, "SELECT count(*) FROM cycles WHERE day = DATE '2026-02-13'") == [(388,)]


def test_docs_list_every_table_with_its_columns(bench):
    docs = (PROJECT_ROOT / "docs" / "workbench.md").read_text()
    rows = q(bench, """SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position)
                       FROM information_schema.columns GROUP BY table_name""")
    for name, columns in rows:
        assert f"### `{name}`\n\n" in docs, name
        assert f"`{columns}`" in docs, name


def m31(*args):
    return subprocess.run([sys.executable, "-m", "m31.cli", *args], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, timeout=120)


def test_m31_sql_prints_table_csv_and_json(bench):
    sql = "SELECT day, status, availability FROM daily_slo ORDER BY day"
    table = m31("sql", "--report-dir", str(bench), sql)
    assert table.returncode == 0, table.stderr
    lines = table.stdout.splitlines()
    assert re.split(r"\s+", lines[0]) == ["day", "status", "availability"]
    assert lines[2].split() == ["2026-02-12", "red", "0.9871794872"] and lines[-1] == "(3 rows)"
    csv = m31("sql", "--report-dir", str(bench), "--format", "csv", sql)
    assert csv.stdout.splitlines()[1] == "2026-02-12,red,0.9871794871794872"
    out = json.loads(m31("sql", "--report-dir", str(bench), "--format", "json", sql).stdout)
    assert out[1] == {"day": "2026-02-13", "status": "yellow", "availability": 388 / 390}


def test_m31_sql_keeps_every_digit_of_ord(bench):
    """`ord` is a DECIMAL(38,0) of 35 digits: neighbouring events differ in the last ones, so no
    output may round it (as a float would)."""
    sql = "SELECT ord, CAST(ord AS VARCHAR) AS text FROM events ORDER BY ord LIMIT 3"
    for fmt in ("table", "csv", "json"):
        done = m31("sql", "--report-dir", str(bench), "--format", fmt, sql)
        assert done.returncode == 0, done.stderr
        if fmt == "json":
            rows = [(r["ord"], r["text"]) for r in json.loads(done.stdout)]
            assert len(rows) == 3 and all(str(o) == t and isinstance(o, int) for o, t in rows)
        else:
            lines = done.stdout.splitlines()[2:5] if fmt == "table" else done.stdout.splitlines()[1:4]
            rows = [re.split(r"[\s,]+", line.strip()) for line in lines]
            assert len(rows) == 3 and all(o == t and len(o) > 30 for o, t in rows), rows


def test_a_decimal_prints_by_its_scale_not_its_value():
    """Scale 0 (ord) prints as a whole number of every digit; a DECIMAL(5,2) stays a float even
    where a value is whole, so one column never mixes 100 and 99.5."""
    from decimal import Decimal

    from m31.reports.sqlformat import render

    rows = [(Decimal("100.00"), Decimal("32635219609351101885500620800000001")), (Decimal("99.50"), Decimal("7"))]
    assert json.loads(render(["p", "ord"], rows, "json")) == [
        {"p": 100.0, "ord": 32635219609351101885500620800000001}, {"p": 99.5, "ord": 7}]
    assert render(["p", "ord"], rows, "csv").splitlines()[1:] == ["100.0,32635219609351101885500620800000001",
                                                                  "99.5,7"]


@pytest.mark.parametrize("args, fragment", [
    (["SELECT nope FROM daily_slo"], "query: Binder Error"),
    (["CREATE TABLE x (i INTEGER)"], "read-only"),
    ([], "give a query"),
])
def test_m31_sql_errors_are_one_line(bench, args, fragment):
    done = m31("sql", "--report-dir", str(bench), *args)
    assert done.returncode == 2 and fragment in done.stderr and done.stderr.count("\n") == 1


def test_m31_sql_without_a_workbench_says_what_to_do(tmp_path):
    done = m31("sql", "--report-dir", str(tmp_path), "SELECT 1")
    assert done.returncode == 2 and "run the daily check first" in done.stderr


@pytest.mark.e2e
def test_adhoc_notebook_runs_on_a_workbench(bench, tmp_path):
    import nbformat
    import papermill as pm

    out = tmp_path / "adhoc.ipynb"
    pm.execute_notebook(str(PROJECT_ROOT / "notebooks" / "adhoc.ipynb"), str(out), kernel_name="m31",
                        parameters={"report_dir": str(bench)}, progress_bar=False, cwd=str(PROJECT_ROOT))
    nb = nbformat.read(out, as_version=4)
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "AUTO-2026-02-12-availability" in html and "broker_timeout" in html


@pytest.mark.parametrize("cache", ["on", "off"])
def test_workbench_events_are_in_ord_order(tmp_path, monkeypatch, cache):
    """Both paths give `events` in ord order (time, then file and line) for a log written out of
    order: through the store, the view over its day partitions (nothing written again); read
    directly, the day's Parquet file, written in ord order."""
    import random

    import duckdb

    if cache == "off":
        monkeypatch.setenv("M31_EVENT_CACHE", "off")
    m30 = make_m30(tmp_path)
    events = seollal_events()
    random.Random(31).shuffle(events)
    log = write_log(tmp_path / "events.jsonl", events)
    run = run_daily(DailyInputs(day="2026-02-12", paths=input_paths(m30, str(log))))
    reports = tmp_path / "reports"
    written = export_day(run.con, run.artifact, reports, run.log.store)
    refresh_database(reports)
    expected = run.con.execute("""SELECT ts, line_no FROM accepted_events WHERE day = DATE '2026-02-12'
                                  ORDER BY ts, file_idx, line_no""").fetchall()
    rows = q(reports, "SELECT ord, ts, line, file FROM events WHERE day = DATE '2026-02-12' ORDER BY ord")
    assert len(expected) > 300
    assert [(r[1], r[2]) for r in rows] == expected
    assert {r[3] for r in rows} == {str(log)}
    events_file = reports / "tables" / "events" / "2026-02-12.parquet"
    if cache == "on":
        assert run.log.store is not None and not events_file.exists() and reports / "tables" / "event_store.json" in written
    else:
        stored = duckdb.execute("SELECT ord, ts, line FROM read_parquet(?)", [str(events_file)]).fetchall()
        assert [(r[1], r[2]) for r in stored] == expected
        assert [r[0] for r in stored] == sorted(r[0] for r in stored)


