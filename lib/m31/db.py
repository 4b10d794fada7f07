"""DuckDB plumbing: a connection, and running queries/<table>.sql files with bound parameters."""
from __future__ import annotations

import functools
import os
import re

import duckdb

from .policy import PROJECT_ROOT

QUERIES_DIR = PROJECT_ROOT / "queries"
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
def query_text(name: str) -> str:
    return (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")


def run(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None) -> None:
    """Run queries/<name>.sql, binding exactly the $parameters it names (statement by
    statement: DuckDB binds parameters of one statement at a time)."""
    sql = query_text(name)
    wanted = sorted(set(_PARAM.findall(_strip_comments(sql))))
    missing = [p for p in wanted if not params or p not in params]
    if missing:
        raise KeyError(f"queries/{name}.sql needs parameters {missing}")
    try:
        if not wanted:
            con.execute(sql)
            return
        for statement in con.extract_statements(sql):
            text = statement.query
            names = sorted(set(_PARAM.findall(_strip_comments(text))))
            con.execute(text, {p: params[p] for p in names} if names else None)
    except duckdb.Error as exc:
        exc.add_note(f"while running queries/{name}.sql")
        raise


def value(con: duckdb.DuckDBPyConnection, name: str, params: dict | None = None):
    """The single value of queries/<name>.sql, a one-row, one-column SELECT."""
    run(con, name, params)
    return con.fetchall()[0][0]


def _strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


def rows(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> list[dict]:
    """Rows of a query as dicts (for small result sets: artifact sections, evidence)."""
    cur = con.execute(sql, params) if params is not None else con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def one(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> dict:
    found = rows(con, sql, params)
    return found[0] if found else {}


def materialize(con: duckdb.DuckDBPyConnection, name: str) -> None:
    """Run queries/<name>.sql, a view definition, as a table: a view over the events is parsed
    again on every read, and a day's check reads orders and guards many times."""
    kind = one(con, "SELECT table_type FROM information_schema.tables WHERE table_name = ? "
                    "AND table_catalog = current_database() AND table_schema = 'main'", [name])
    if kind:
        con.execute(f"DROP {'VIEW' if kind['table_type'] == 'VIEW' else 'TABLE'} {name}")
    sql = query_text(name).replace("CREATE OR REPLACE VIEW", "CREATE TABLE", 1)
    con.execute(sql)
