"""m31 validate: the log checked against the published event schemas (schemas/events/), for the
runtime's own CI. The lines are read by the same ingest as the daily check (malformed lines,
torn tails, replays and unknown types come from its ledger); the per-type field checks are SQL
generated from the schemas themselves, so each rule is written once, in its schema."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import duckdb

from .. import db
from .. import schemas as published

SCHEMA_DIR = published.SCHEMAS_DIR / "events"
# JSON Schema types -> what DuckDB's json_type() says of a value of that type
JSON_TYPES = {"string": ("VARCHAR",), "number": ("BIGINT", "UBIGINT", "DOUBLE"), "integer": ("BIGINT", "UBIGINT"),
              "array": ("ARRAY",), "object": ("OBJECT",), "boolean": ("BOOLEAN",)}
ARTICLE = {"string": "a string", "number": "a number", "integer": "an integer", "array": "an array",
           "object": "an object", "boolean": "true or false"}


@dataclass(frozen=True)
class Rule:
    field: str
    types: tuple[str, ...] | None    # json_type() values allowed, None: any
    enum: tuple[str, ...] | None
    items_string: bool
    date_time: bool
    required: bool
    required_if: tuple[str, str] | None   # (field, value): required when that field has that value
    expected: str


@cache
def schemas() -> dict[str, dict]:
    """event_type -> its schema (the envelope under "envelope"), as m31.schemas loaded it."""
    names = (p.name.split(".")[0] for p in sorted(SCHEMA_DIR.glob("*.schema.json")))
    return {name: published.schema(published.event_schema_id(name)) for name in names}


def rules(event_type: str) -> list[Rule]:
    """The field rules of one event type: the envelope's, then its own."""
    envelope, own = schemas()["envelope"], schemas()[event_type]
    props = {**envelope["properties"], **own["properties"]}
    required = set(envelope.get("required", [])) | set(own.get("required", []))
    conditional = {}
    if "if" in own:
        (field, cond), = own["if"]["properties"].items()
        for f in own["then"]["required"]:
            conditional[f] = (field, cond["const"])
    out = []
    for field, spec in props.items():
        if field in ("ts", "event_type"):  # the ingest's own checks: a line without them is malformed
            continue
        enum = tuple(spec["enum"]) if "enum" in spec else None
        kind = "string" if enum else spec.get("type")
        items = spec.get("items", {}).get("type") == "string"
        date_time = spec.get("format") == "date-time"
        expected = (f"one of {', '.join(enum)}" if enum else "an RFC 3339 time with an offset" if date_time
                    else "an array of strings" if items else ARTICLE.get(kind, "any value"))
        out.append(Rule(field, JSON_TYPES.get(kind) if kind else None, enum, items, date_time, field in required,
                        conditional.get(field), expected))
    return out


def _problem_sql(event_type: str) -> str:
    """One SELECT: a row per (line, field) of this type breaking its schema."""
    rs = rules(event_type)
    paths = db.literal_list(f"$.{r.field}" for r in rs)
    index = {r.field: i + 1 for i, r in enumerate(rs)}
    cases = []
    for i, r in enumerate(rs, 1):
        got = f"coalesce(lower(t[{i}]), 'missing')"
        checks = []
        if r.required:
            checks.append(f"t[{i}] IS NULL")
        if r.required_if:
            k = index[r.required_if[0]]
            checks.append(f"(t[{i}] IS NULL AND t[{k}] = 'VARCHAR' AND v[{k}] = {db.literal(r.required_if[1])})")
        if r.types:
            checks.append(f"(t[{i}] IS NOT NULL AND t[{i}] NOT IN ({', '.join(map(db.literal, r.types))}))")
        if r.enum:
            checks.append(f"(t[{i}] = 'VARCHAR' AND v[{i}] NOT IN ({', '.join(map(db.literal, r.enum))}))")
            got = f"CASE WHEN t[{i}] = 'VARCHAR' THEN v[{i}] ELSE {got} END"
        if r.date_time:
            checks.append(f"(t[{i}] = 'VARCHAR' AND rfc3339_kst(v[{i}]) IS NULL)")
            got = f"CASE WHEN t[{i}] = 'VARCHAR' THEN v[{i}] ELSE {got} END"
        if r.items_string:
            checks.append(f"(t[{i}] = 'ARRAY' AND NOT coalesce(list_bool_and(list_transform("
                          f"json_extract(j, '$.{r.field}[*]'), lambda x: json_type(x) = 'VARCHAR')), true))")
            got = f"CASE WHEN t[{i}] = 'ARRAY' THEN 'an array with a non-string item' ELSE {got} END"
        if checks:
            cases.append(f"CASE WHEN {' OR '.join(checks)} THEN {{'field': {db.literal(r.field)}, "
                         f"'expected': {db.literal(r.expected)}, 'got': {got}}} END")
    listed = "[" + ", ".join(cases) + "]"
    return (f"SELECT file_idx, line_no, event_type, unnest(list_filter({listed}, lambda x: x IS NOT NULL)) AS p "
            f"FROM (SELECT file_idx, line_no, event_type, j, json_type(j, {paths}) AS t, "
            f"json_extract_string(j, {paths}) AS v FROM events WHERE event_type = {db.literal(event_type)})")


def problems(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Every problem of the loaded log (ingest.ingest), in file and line order: malformed lines
    and torn tails (the ledger's), replays, unknown event types, and fields breaking the schema."""
    files = {r["file_idx"]: r["path"] for r in db.rows(con, "SELECT file_idx, path FROM log_files")}
    out = [{"file": p["file"], "line": p["line"], "kind": p["kind"], "field": _field_of(p["reason"]),
            "expected": None, "got": p["reason"]}
           for p in db.rows(con, "SELECT file, line, kind, reason FROM input_problems")]
    known = sorted(t for t in schemas() if t != "envelope")
    for r in db.rows(con, "SELECT file_idx, line_no, event_type, is_replay, is_unknown_type FROM events "
                          "WHERE is_replay OR is_unknown_type"):
        if r["is_unknown_type"]:
            out.append({"file": files[r["file_idx"]], "line": r["line_no"], "kind": "unknown_event_type",
                        "field": "event_type", "expected": f"one of {', '.join(known)}", "got": r["event_type"]})
        else:
            out.append({"file": files[r["file_idx"]], "line": r["line_no"], "kind": "replay", "field": "event_id",
                        "expected": "an event_id not seen before", "got": "a replay (ignored by the check)"})
    sql = "\nUNION ALL\n".join(_problem_sql(t) for t in known)
    for r in db.rows(con, f"SELECT file_idx, line_no, p.field AS field, p.expected AS expected, p.got AS got "
                          f"FROM ({sql}) ORDER BY file_idx, line_no, field"):
        out.append({"file": files[r["file_idx"]], "line": r["line_no"], "kind": "field", "field": r["field"],
                    "expected": r["expected"], "got": r["got"]})
    order = {path: i for i, path in files.items()}
    return sorted(out, key=lambda p: (order.get(p["file"], 0), p["line"], p["field"] or ""))


def _field_of(reason: str | None) -> str | None:
    if not reason:
        return None
    for field in ("event_type", "ts"):
        if reason.startswith((f"missing {field}", f"{field} ")):
            return field
    return None
