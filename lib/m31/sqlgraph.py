"""The SQL graph: every queries/<stage>/<name>.sql file, what it makes and what it reads (read
from the SQL itself with sqlglot, DuckDB dialect), and a builder that runs a target after
everything it depends on, in order.

A file is one of:
- a model: one SELECT, making the table or view named after the file, materialized as its
  folder declares in queries/sql_project.toml or as its `-- materialized:` line says;
- a value: one SELECT whose single value the caller reads (db.value);
- a source: DDL, the tables Python fills (reference tables, the log's text, the store's schema);
- an operation: INSERT / UPDATE / DELETE over sources (the store's append, discard, replays).
queries/_macros.sql defines macros, not tables.

Parsing every file costs about half a second, so the graph is kept in the cache folder, keyed
by the files' contents.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import tomllib
from dataclasses import asdict, dataclass, field

from .cachedir import cache_dir
from .paths import QUERIES_DIR

PROJECT_FILE = QUERIES_DIR / "sql_project.toml"
_MATERIALIZED = re.compile(r"^--\s*materialized:\s*(view|table|value)\b", re.M)
_ROW_ORDER = re.compile(r"^--\s*row_order:\s*any\b", re.M)
_FIRST_WORD = re.compile(r"^\s*(\w+)")


class GraphError(Exception):
    """The queries do not form a graph the builder can run (a cycle, an unknown table...)."""


@dataclass
class Node:
    name: str            # the file's stem (a model's table), unique across folders
    path: str            # relative to queries/, without .sql: "daily/slots"
    stage: str
    kind: str            # model | value | source | operation
    materialized: str | None = None   # model: view | table
    check: str | None = None          # model: its materialization in a daily check
    built_by: str | None = None
    makes: list[str] = field(default_factory=list)
    reads: list[str] = field(default_factory=list)


def project() -> dict:
    return _read_project(PROJECT_FILE)


@functools.lru_cache(maxsize=None)
def _read_project(path) -> dict:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def stages() -> list[str]:
    return list(project()["folders"])


def query_paths() -> list[str]:
    """Every query file of the stages, as "<stage>/<name>" (relative to queries/, no .sql)."""
    return [f"{stage}/{p.stem}" for stage in stages() for p in sorted((QUERIES_DIR / stage).glob("*.sql"))]


def _files() -> list[tuple[str, str]]:
    return [(path, (QUERIES_DIR / f"{path}.sql").read_text(encoding="utf-8")) for path in query_paths()]


def strip_comments(sql: str) -> str:
    return "\n".join(line.split("--", 1)[0] for line in sql.splitlines())


def file_kind(sql: str) -> tuple[str, str | None]:
    """(kind, materialized override) of a file's text, without parsing it."""
    override = _MATERIALIZED.search(sql)
    body = strip_comments(sql)
    first = _FIRST_WORD.match(body)
    word = first.group(1).upper() if first else ""
    if word in ("SELECT", "WITH", "FROM"):
        if override and override.group(1) == "value":
            return "value", None
        return "model", override.group(1) if override else None
    if word == "CREATE" and not re.search(r"^\s*(INSERT|UPDATE|DELETE)\b", body, re.M | re.I):
        return "source", None
    return "operation", None


def any_row_order(path: str, sql: str) -> bool:
    """Whether the table queries/<path>.sql makes may hold its rows in any order (every reader
    orders by a key of its own): its `-- row_order: any` line, or its folder's
    `row_order = "any"` in queries/sql_project.toml."""
    folder = project()["folders"].get(path.split("/", 1)[0], {})
    return bool(_ROW_ORDER.search(sql)) or folder.get("row_order") == "any"


def materialization(path: str, sql: str) -> tuple[str, str | None, str | None]:
    """(kind, materialized, materialized in a daily check) of queries/<path>.sql: a model's
    `-- materialized:` line, else its folder's declaration (queries/sql_project.toml)."""
    kind, override = file_kind(sql)
    if kind != "model":
        return kind, None, None
    folder = project()["folders"].get(path.split("/", 1)[0], {})
    materialized = override or folder.get("materialized", "view")
    return kind, materialized, override or folder.get("check", materialized)


def _references(sql: str, catalog: str | None) -> tuple[list[str], list[str]]:
    """(made, read) table names of a file's statements: CTEs and table functions are not tables."""
    import sqlglot
    from sqlglot import exp

    makes, reads = [], []
    # sqlglot does not know DuckDB's per-column compression clause (schema.sql); it names no table
    for statement in sqlglot.parse(strip_comments(sql).replace("USING COMPRESSION zstd", ""), read="duckdb"):
        if statement is None:
            continue
        ctes = {c.alias_or_name for c in statement.find_all(exp.CTE)}
        target = None
        if isinstance(statement, exp.Create):
            target = statement.this.this if isinstance(statement.this, exp.Schema) else statement.this
            makes.append(_qualified(target, catalog))
        for table in statement.find_all(exp.Table):
            if table is target or not isinstance(table.this, exp.Identifier) or table.name in ctes:
                continue
            reads.append(_qualified(table, catalog))
    return makes, reads


def _qualified(table, catalog: str | None) -> str:
    prefix = table.catalog or table.db or catalog
    return f"{prefix}.{table.name}" if prefix else table.name


def _parse_all(files: list[tuple[str, str]] | None = None) -> dict[str, Node]:
    config = project()["folders"]
    nodes: dict[str, Node] = {}
    for path, sql in files if files is not None else _files():
        stage, name = path.split("/", 1)
        folder = config.get(stage, {})
        kind, materialized, check = materialization(path, sql)
        makes, reads = _references(sql, folder.get("catalog", {}).get(name))
        node = Node(name=name, path=path, stage=stage, kind=kind, materialized=materialized, check=check,
                    built_by=folder.get("built_by"))
        if kind == "model":
            makes = [name]
        elif kind == "value":
            makes = []
        node.makes = sorted(set(makes))
        node.reads = sorted(set(reads) - set(makes))
        if name in nodes:
            raise GraphError(f"queries/{path}.sql and queries/{nodes[name].path}.sql have the same name")
        nodes[name] = node
    return nodes


@functools.lru_cache(maxsize=None)
def graph() -> dict[str, Node]:
    """Every node by name, from the cache folder when the files have not changed."""
    files = _files()
    key = hashlib.sha256(json.dumps([PROJECT_FILE.read_text(encoding="utf-8"), files]).encode()).hexdigest()[:20]
    cached = cache_dir() / "sqlgraph" / f"{key}.json"
    try:
        return {n["name"]: Node(**n) for n in json.loads(cached.read_text(encoding="utf-8"))}
    except (OSError, ValueError, TypeError):
        pass
    nodes = _parse_all(files)
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".pid{os.getpid()}.tmp")
        tmp.write_text(json.dumps([asdict(n) for n in nodes.values()]), encoding="utf-8")
        tmp.replace(cached)
    except OSError:
        pass  # derived data: parsed again next time
    return nodes


def makers(nodes: dict[str, Node]) -> dict[str, Node]:
    """Which node makes each table (a table made by two files is an error). A folder's
    `provided` tables are made by its `built_by` module itself (a source node stands for it)."""
    out: dict[str, Node] = {}
    for node in nodes.values():
        for table in node.makes:
            if table in out:
                raise GraphError(f"{table} is made by both queries/{out[table].path}.sql and queries/{node.path}.sql")
            out[table] = node
    for stage, folder in project()["folders"].items():
        for table in folder.get("provided", []):
            if table in out:
                raise GraphError(f"{table} is provided by {folder.get('built_by')} and made by queries/{out[table].path}.sql")
            out[table] = Node(name=table, path=f"{stage}/({folder.get('built_by')})", stage=stage, kind="source",
                              built_by=folder.get("built_by"), makes=[table])
    return out


def validate(nodes: dict[str, Node]) -> None:
    """Raise GraphError on a table no file makes, a read of a later stage, or a cycle."""
    made = makers(nodes)
    order = {s: i for i, s in enumerate(stages())}
    for node in nodes.values():
        for table in node.reads:
            if table not in made:
                raise GraphError(f"queries/{node.path}.sql reads {table}, which no query file makes")
            if order[made[table].stage] > order[node.stage]:
                raise GraphError(f"queries/{node.path}.sql ({node.stage}) reads {table} of the later stage "
                                 f"{made[table].stage}")
    for node in nodes.values():
        _plan(nodes, made, [node.name], include_built=True)


def _plan(nodes, made, targets, include_built=False) -> list[Node]:
    """The models targets need, dependencies first (depth first, in name order: deterministic)."""
    done: dict[str, Node] = {}
    active: list[str] = []

    def visit(node: Node):
        if node.name in done:
            return
        if node.name in active:
            cycle = active[active.index(node.name):] + [node.name]
            raise GraphError("cycle in queries/: " + " -> ".join(cycle))
        active.append(node.name)
        for table in node.reads:
            dep = made.get(table)
            if dep is not None and dep.kind == "model":
                visit(dep)
        active.pop()
        done[node.name] = node

    for target in targets:
        if target not in nodes:
            raise GraphError(f"no query file makes {target}")
        visit(nodes[target])
    return [n for n in done.values() if n.kind == "model" and (include_built or not n.built_by)]


def plan(targets) -> list[Node]:
    """The models to run for targets, in order; models of a `built_by` folder are inputs here."""
    nodes = graph()
    return _plan(nodes, makers(nodes), list(targets))


def stage_models(stage: str) -> list[str]:
    return [n.name for n in graph().values() if n.stage == stage and n.kind == "model"]


def describe() -> str:
    """The graph as text, stage by stage (make sql-graph)."""
    nodes = graph()
    validate(nodes)
    lines = []
    for stage in stages():
        lines.append(f"{stage}/")
        for node in sorted((n for n in nodes.values() if n.stage == stage), key=lambda n: n.name):
            what = node.kind if node.kind != "model" else (
                node.materialized if node.check == node.materialized else f"{node.materialized}, {node.check} in a check")
            made = "" if node.makes in ([], [node.name]) else " makes " + ", ".join(node.makes)
            lines.append(f"  {node.name} ({what}){made}" + (" <- " + ", ".join(node.reads) if node.reads else ""))
    return "\n".join(lines)


if __name__ == "__main__":  # make sql-graph
    import sys

    try:
        print(describe())
    except GraphError as exc:
        print(f"m31 sql-graph: {exc}", file=sys.stderr)
        sys.exit(1)
