"""The input-quality ledger of a loaded log, as the artifact and `m31 ingest` report it."""
from __future__ import annotations

import duckdb

from .. import db

MAX_EXAMPLES = 100


def ledger(con: duckdb.DuckDBPyConnection, max_examples: int = MAX_EXAMPLES) -> dict:
    """The input-quality ledger with the first malformed lines and torn tails as examples."""
    quality = db.one(con, "SELECT * FROM input_quality")
    problems = db.rows(con, "SELECT file, line, kind, reason FROM input_problems")
    multi = db.one(con, "SELECT count(*) AS n FROM log_files")["n"] > 1
    malformed = [p for p in problems if p["kind"] == "malformed"]
    quality["examples"] = [_where(p, multi, reason=True) for p in malformed[:max_examples]]
    quality["examples_omitted"] = max(0, len(malformed) - max_examples)
    # A torn tail may still be being written: reported apart from malformed lines.
    quality["truncated_tails"] = [_where(p, multi) for p in problems if p["kind"] == "truncated_tail"]
    return quality


def _where(problem: dict, multi_file: bool, reason: bool = False) -> dict:
    out = {"line": problem["line"]}
    if reason:
        out["reason"] = problem["reason"]
    if multi_file:
        out["file"] = problem["file"]
    return out


def day_counts(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """Accepted events per KST day and type of a log loaded whole (the ingest summary)."""
    return db.rows(con, "SELECT * FROM day_counts ORDER BY day")
