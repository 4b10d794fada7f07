"""Reading the log: which files, and their bytes as parsed lines (lines.py, parsed_lines.sql).
The store (store.py) calls it for every piece it parses; nothing else parses the log."""
from __future__ import annotations

import glob
import os
from pathlib import Path

import duckdb

from .. import db
from ..errors import InputError

OPERATOR_LOG_NAME = "operator-events.jsonl"


def resolve_log_paths(path_or_glob: str | os.PathLike) -> list[Path]:
    """One file, or every file a glob matches, sorted by name (rotated logs)."""
    text = os.fspath(path_or_glob)
    if not text:
        raise InputError("--event-log-path", "empty path")
    if os.path.isfile(text):
        return _with_operator_log([Path(text).resolve()])
    if os.path.isdir(text):
        raise InputError(text, "is a folder, not an event log file or glob")
    matches = sorted(Path(p).resolve() for p in glob.glob(text) if os.path.isfile(p))
    if not matches:
        raise InputError(text, "no event log file found")
    return _with_operator_log(matches)


def _with_operator_log(paths: list[Path]) -> list[Path]:
    """The operators' own log (m31 intervene / m31 incident) beside the runtime's is read with it."""
    sibling = paths[0].parent / OPERATOR_LOG_NAME
    if sibling.is_file() and sibling not in paths:
        paths = sorted(paths + [sibling])
    return paths


def parse_pieces(con: duckdb.DuckDBPyConnection, pieces: list[tuple[int, int, bytes | memoryview]]) -> int:
    """The parsed_lines view over (file_idx, lines before, bytes) pieces: their lines
    (lines.arrow_lines) handed to DuckDB as the view log_lines over their Arrow table, which
    parsed_lines.sql reads in place (no copy of the text is made; DuckDB's read_text and
    string_split cost 0.8 s per million lines). Returns how many lines the pieces hold."""
    if pieces:
        from .lines import arrow_lines  # numpy and pyarrow: only a run that splits lines loads them
        lines = arrow_lines(pieces)
        # a view over the Arrow relation (con.register would import pandas: 0.5 s, and from a thread)
        con.from_arrow(lines).create_view("log_lines")
        count = lines.num_rows
    else:   # no piece (a store already current): no line, and nothing to import
        con.execute("CREATE OR REPLACE VIEW log_lines AS SELECT CAST(NULL AS INTEGER) AS file_idx, "
                    "CAST(NULL AS BIGINT) AS line_no, CAST(NULL AS VARCHAR) AS line, "
                    "CAST(NULL AS BOOLEAN) AS is_unterminated_last, CAST(NULL AS BOOLEAN) AS is_bad_utf8 WHERE false")
        count = 0
    db.run(con, "ingest/parsed_lines")
    return count


def drop_pieces(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("DROP VIEW IF EXISTS parsed_lines")
    con.execute("DROP VIEW IF EXISTS log_lines")
