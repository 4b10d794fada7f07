"""Reading the log: which files, and their bytes as parsed lines (log_lines.sql, parsed_lines.sql).
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


def _invalid_utf8_lines(data: bytes) -> tuple[bytes, list[int]]:
    """(data with undecodable bytes replaced, 1-based numbers of the lines that held them)."""
    bad_lines: list[int] = []
    out = bytearray()
    pos = 0
    while pos < len(data):
        try:
            data[pos:].decode("utf-8")
            out += data[pos:]
            break
        except UnicodeDecodeError as exc:
            start, end = pos + exc.start, pos + exc.end
            out += data[pos:start] + "\ufffd".encode()
            line_no = data.count(b"\n", 0, start) + 1
            if not bad_lines or bad_lines[-1] != line_no:
                bad_lines.append(line_no)
            pos = end
    return bytes(out), bad_lines


def decode_lines(data: bytes, line_base: int) -> tuple[str, list[int]]:
    """(text, numbers of the lines holding invalid UTF-8) of lines line_base+1 ... of a file."""
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        clean, bad_lines = _invalid_utf8_lines(data)
        return clean.decode("utf-8"), [line_base + n for n in bad_lines]


def parse_pieces(con: duckdb.DuckDBPyConnection, pieces: list[tuple[int, int, bytes]], scratch: Path) -> None:
    """The parsed_lines view over (file_idx, lines before, bytes) pieces. Each piece is handed to
    DuckDB as a small file in `scratch`, which log_text.sql reads in place (read_text of a file
    is several times faster than binding a long string, and no table holds a copy)."""
    db.run(con, "ingest/log_pieces")
    files = []
    for k, (idx, base, data) in enumerate(pieces):
        text, bad = decode_lines(data, base)
        piece = scratch / f"piece-{k}.txt"
        piece.write_bytes(data if not bad else text.encode("utf-8"))
        con.execute("INSERT INTO log_pieces VALUES (?, ?, ?)", [idx, base, str(piece)])
        files.append(str(piece))
        if bad:
            con.execute("INSERT INTO bad_utf8 VALUES (?, ?)", [idx, bad])
    if not files:  # no piece: an empty file, so that the views still bind (and hold no line)
        (scratch / "no-piece.txt").write_bytes(b"")
        files.append(str(scratch / "no-piece.txt"))
    con.execute("SET VARIABLE m31_pieces = ?", [files])
    db.run(con, "ingest/log_text")
    db.run(con, "ingest/log_lines")
    db.run(con, "ingest/parsed_lines")


def drop_pieces(con: duckdb.DuckDBPyConnection) -> None:
    for kind, name in (("VIEW", "parsed_lines"), ("VIEW", "log_lines"), ("VIEW", "log_text"),
                       ("TABLE", "log_pieces"), ("TABLE", "bad_utf8")):
        con.execute(f"DROP {kind} IF EXISTS {name}")
