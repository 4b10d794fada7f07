"""DuckDB plumbing: a connection, and running queries/<stage>/<name>.sql files with bound
parameters (a model's SELECT made a view or a table as sqlgraph says; build() runs a target
after its dependencies)."""
from __future__ import annotations

import contextlib
import functools
import os
import re

import duckdb

from . import sqlgraph
from .paths import QUERIES_DIR

_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def connect(database: str = ":memory:") -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(database)
    # Timestamps are converted to KST explicitly; the session zone must not leak in.
    con.execute("SET TimeZone = 'UTC'")
    # A bounded buffer pool: a day of a busy log (1M events) is parsed and checked in well under
    # 1 GiB; DuckDB spills to its temp directory rather than grow past it.
    con.execute(f"SET memory_limit = '{os.environ.get('M31_DUCKDB_MEMORY', '512MB')}'")
    try:  # stderr belongs to the one-line errors
        con.execute("SET enable_progress_bar = false")
    except duckdb.InvalidInputException:
        pass  # in a Jupyter kernel without ipywidgets DuckDB draws no bar and refuses the setting
    run(con, "_macros")
    return con


@functools.lru_cache(maxsize=None)
def _paths() -> dict[str, str]:
    """Each query file by its name (the stem: unique across folders) and by its path."""
    out = {"_macros": "_macros"}
    for path in sqlgraph.query_paths():
        out[path] = out[path.split("/", 1)[1]] = path
    return out


@functools.lru_cache(maxsize=None)
def query_text(name: str) -> str:
    return (QUERIES_DIR / f"{_paths()[name]}.sql").read_text(encoding="utf-8")


@functools.lru_cache(maxsize=None)
def _statement(name: str, check: bool) -> tuple[str, str | None]:
    """(SQL to run, the kind of object it makes): a model's SELECT wrapped in its CREATE."""
    sql, path = query_text(name), _paths()[name]
    kind, materialized, in_check = sqlgraph.materialization(path, sql)
    if kind != "model":
        return sql, None
    made = (in_check if check else materialized).upper()
    return f"CREATE OR REPLACE {made} {path.split('/', 1)[1]} AS\n{sql.rstrip().rstrip(';')}", made


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None, check: bool = False) -> None:
    """Run queries/<name>.sql (a model becomes its view or table; `check`: as a daily check
    materializes it), binding exactly the $parameters it names (statement by statement: DuckDB
    binds parameters of one statement at a time)."""
    sql, made = _statement(name, check)
    wanted = sorted(set(_PARAM.findall(sqlgraph.strip_comments(sql))))
    missing = [p for p in wanted if not params or p not in params]
    if missing:
        raise KeyError(f"queries/{_paths()[name]}.sql needs parameters {missing}")
    # a table of a folder whose rows may lie in any order is built on every core (unordered)
    any_order = made == "TABLE" and sqlgraph.any_row_order(_paths()[name], query_text(name))
    try:
        with unordered(con) if any_order else contextlib.nullcontext():
            try:
                _execute(con, sql, wanted, params)
            except duckdb.CatalogException as exc:
                # CREATE OR REPLACE cannot turn a view into a table, or back (the typed events are
                # views after ingest and tables in a check): drop the other kind and create again.
                if not made or f"trying to replace with type {made.title()}" not in str(exc):
                    raise
                con.execute(f"DROP {'TABLE' if made == 'VIEW' else 'VIEW'} {name.rsplit('/', 1)[-1]}")
                _execute(con, sql, wanted, params)
    except duckdb.Error as exc:
        exc.add_note(f"while running queries/{_paths()[name]}.sql")
        raise


def _execute(con: duckdb.DuckDBPyConnection, sql: str, wanted: list[str], params: dict | None) -> None:
    if not wanted:
        con.execute(sql)
        return
    for statement in con.extract_statements(sql):
        text = statement.query
        names = sorted(set(_PARAM.findall(sqlgraph.strip_comments(text))))
        con.execute(text, {p: params[p] for p in names} if names else None)


@contextlib.contextmanager
def unordered(con: duckdb.DuckDBPyConnection):
    """Within the block, a table made or a file written may hold its rows in any order: DuckDB
    then builds and writes it on every core without keeping the scan's order (a chunk of the
    event store parsed and written in 0.6 of the time). Only for what no reader takes by
    position: every read of the store orders by its keys."""
    before = con.execute("SELECT current_setting('preserve_insertion_order')").fetchone()[0]
    con.execute("SET preserve_insertion_order = false")
    try:
        yield
    finally:
        con.execute(f"SET preserve_insertion_order = {str(before).lower()}")


def build(con: duckdb.DuckDBPyConnection, targets, params: dict | None = None, check: bool = False) -> None:
    """Run the targets' models after everything they depend on, in order (sqlgraph.plan): a
    table is never read before this run has made it."""
    for node in sqlgraph.plan(targets):
        run(con, node.name, params, check)


def value(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None):
    """The single value of queries/<name>.sql, a one-row, one-column SELECT."""
    run(con, name, params)
    return con.fetchall()[0][0]


def literal(text: str | os.PathLike) -> str:
    """A SQL string literal, for what cannot take a bound parameter (DDL, COPY's target,
    read_parquet's file list, SQL built from the published schemas); the text is ours."""
    return "'" + str(text).replace("'", "''") + "'"


def literal_list(items) -> str:
    return "[" + ", ".join(literal(i) for i in items) + "]"


def rows(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> list[dict]:
    """Rows of a query as dicts (for small result sets: artifact sections, evidence)."""
    cur = con.execute(sql, params) if params is not None else con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def one(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> dict:
    found = rows(con, sql, params)
    return found[0] if found else {}
