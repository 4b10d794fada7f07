"""The SQL graph (lib/m31/sqlgraph.py): the query files form one acyclic graph whose every read
is made by some file of the same or an earlier stage, and the builder runs a target after what
it reads. Faults are shown on small query folders written here."""
import re
from pathlib import Path

import pytest

from m31 import sqlgraph
from m31.checks.daily import daily_targets

PROJECT = """
[folders.reference]
[folders.events]
materialized = "view"
[folders.daily]
materialized = "table"
"""


@pytest.fixture
def queries(tmp_path, monkeypatch):
    """A queries/ folder of our own: write(path, sql), then sqlgraph reads it."""
    monkeypatch.setattr(sqlgraph, "QUERIES_DIR", tmp_path)
    monkeypatch.setattr(sqlgraph, "PROJECT_FILE", tmp_path / "sql_project.toml")
    (tmp_path / "sql_project.toml").write_text(PROJECT)
    for stage in ("reference", "events", "daily"):
        (tmp_path / stage).mkdir()

    def write(path: str, sql: str) -> None:
        (tmp_path / f"{path}.sql").write_text(sql)
    write("reference/ref", "-- ref\nCREATE OR REPLACE TABLE ref (x INTEGER);\n")
    write("events/a", "-- a\nSELECT x FROM ref\n")
    return write


def test_the_workbook_queries_form_a_valid_graph():
    nodes = sqlgraph._parse_all()
    sqlgraph.validate(nodes)
    assert {n.kind for n in nodes.values()} == {"model", "value", "source"}
    # the store's Parquet parts are made by m31.ingest.store itself, declared in sql_project.toml
    assert sqlgraph.makers(nodes)["cache.parts"].built_by == "m31.ingest.store"
    assert "cache.parts" in nodes["schema"].reads
    assert nodes["status_reasons"].reads == sorted([
        "availability", "day_incidents", "day_interventions", "error_budget", "input_quality", "latency",
        "params", "preopen", "safety_floor", "unresolved_alerts"])
    made = sqlgraph.makers(nodes)
    for table in ("severity_rank", "condition_classes", "required_actions", "escalation", "reason_codes",
                  "roster", "sessions"):
        assert made[table].path == "reference/reference_tables"


def test_the_daily_plan_runs_every_table_after_what_it_reads():
    order = [n.name for n in sqlgraph.plan(daily_targets())]
    assert len(order) == len(set(order)) == len(daily_targets())
    made = sqlgraph.makers(sqlgraph.graph())
    for i, name in enumerate(order):
        for table in sqlgraph.graph()[name].reads:
            dep = made[table]
            if dep.kind == "model" and not dep.built_by:
                assert order.index(dep.name) < i, (name, table)
    assert order[0] == "cutoff"         # what the run may see, before any event is read
    assert "events" not in order    # the ingest stage's models are the store's to run


def test_materialization_is_declared_per_folder_with_file_overrides():
    nodes = sqlgraph.graph()
    assert (nodes["orders"].materialized, nodes["orders"].check) == ("view", "table")
    assert (nodes["submissions"].materialized, nodes["submissions"].check) == ("view", "view")
    assert (nodes["cutoff"].materialized, nodes["cutoff"].check) == ("table", "table")
    assert nodes["slots"].materialized == "table"
    assert nodes["parsed_lines"].materialized == "view"


def test_a_cycle_is_refused(queries):
    queries("daily/b", "SELECT * FROM c\n")
    queries("daily/c", "SELECT * FROM b\n")
    with pytest.raises(sqlgraph.GraphError, match="cycle in queries/: b -> c -> b"):
        sqlgraph.validate(sqlgraph._parse_all())


def test_a_table_no_file_makes_is_refused(queries):
    queries("daily/b", "WITH t AS (SELECT 1) SELECT * FROM a JOIN nosuch USING (x), t\n")
    with pytest.raises(sqlgraph.GraphError, match=r"queries/daily/b.sql reads nosuch, which no query file makes"):
        sqlgraph.validate(sqlgraph._parse_all())


def test_an_unknown_target_is_refused(queries):
    with pytest.raises(sqlgraph.GraphError, match="no query file makes nosuch"):
        sqlgraph._plan(sqlgraph._parse_all(), {}, ["nosuch"])


def test_a_read_of_a_later_stage_is_refused(queries):
    queries("daily/b", "SELECT * FROM a\n")
    queries("events/c", "SELECT * FROM b\n")
    with pytest.raises(sqlgraph.GraphError, match=r"queries/events/c.sql \(events\) reads b of the later stage daily"):
        sqlgraph.validate(sqlgraph._parse_all())


def test_a_table_two_files_make_is_refused(queries):
    queries("daily/b", "CREATE TABLE ref (y INTEGER);\n")
    with pytest.raises(sqlgraph.GraphError, match="ref is made by both"):
        sqlgraph.validate(sqlgraph._parse_all())


def test_python_creates_no_table_a_query_file_does_not_define():
    """Tables are made by query files; lib/ only fills sources and builds. Views over Parquet
    files are the exception (they name files, not SQL): the workbench's, and the event store's
    (cache.parts, cache.unranked and the views lines_view makes over the parts a read needs),
    which sql_project.toml declares as provided by m31.ingest; and the lines being parsed, an
    Arrow table m31.ingest.reading makes a view of (log_lines)."""
    lib = Path(sqlgraph.__file__).parent
    found = []
    for path in lib.rglob("*.py"):
        text = path.read_text()
        for m in re.finditer(r"CREATE (?:OR REPLACE )?(?:TEMP )?(?:TABLE|VIEW) ([\w.{}]+)", text):
            found.append((path.name, m.group(1)))
        found += [(path.name, f"cache.{m.group(1)}") for m in re.finditer(r'lines_view\(con, root, state, "(\w+)"', text)]
        found += [(path.name, m.group(1)) for m in re.finditer(r'create_view\(\s*"(\w+)"', text)]   # over Arrow
    provided = set(sqlgraph.project()["folders"]["ingest"]["provided"])
    made = {(name, table) for name, table in found if name != "workbench.py"}
    registered = {("reading.py", "log_lines")}
    assert made == {("store.py", "cache.{name}")} | {("store.py", t) for t in provided - {"log_lines"}} | registered, found
