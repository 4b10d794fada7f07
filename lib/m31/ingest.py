"""Raw event-log lines to typed events in DuckDB, with the input-quality ledger."""
from __future__ import annotations

import glob
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from . import db
from .errors import InputError

# What both paths leave in the connection after events, input_quality and input_problems.
INGEST_VIEWS = (
    "cutoff", "accepted_events", "preflights", "cycles", "orders", "submissions", "guards", "approvals",
    "alerts", "incidents", "interventions",
)
# The direct path: every line of every file, in SQL.
INGEST_QUERIES = ("log_text", "log_lines", "parsed_lines", "events", "input_quality", "input_problems",
                  *INGEST_VIEWS)
MAX_EXAMPLES = 100


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


OPERATOR_LOG_NAME = "operator-events.jsonl"


def _with_operator_log(paths: list[Path]) -> list[Path]:
    """The operators' own log (m31 intervene / m31 incident) beside the runtime's is read with it."""
    sibling = paths[0].parent / OPERATOR_LOG_NAME
    if sibling.is_file() and sibling not in paths:
        paths = sorted(paths + [sibling])
    return paths


@dataclass
class IngestedLog:
    paths: list[Path]
    source: str = "direct"   # or "cache": events hold what one day needs (event_cache.py)
    _tmpdir: tempfile.TemporaryDirectory | None = field(default=None, repr=False)


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


def load_day(con: duckdb.DuckDBPyConnection, path_or_glob: str | os.PathLike, day) -> IngestedLog:
    """What a check of `day` reads, through the event cache (event_cache.py) unless
    M31_EVENT_CACHE=off or the cache cannot be used; else the whole log, directly."""
    return _through_cache(lambda cache: cache.load_day(con, path_or_glob, day), lambda: ingest(con, path_or_glob))


def load_summary(con: duckdb.DuckDBPyConnection, path_or_glob: str | os.PathLike, direct: bool = False) -> list[dict]:
    """`m31 ingest`: accepted events per KST day and type (the ledger is left in `con`), through
    the event cache unless `direct`."""
    def read_directly():
        ingest(con, path_or_glob)
        day_counts(con)

    if direct:
        read_directly()
    else:
        _through_cache(lambda cache: cache.load_ledger(con, path_or_glob), read_directly)
    return db.rows(con, "SELECT * FROM day_counts ORDER BY day")


def _through_cache(cached, direct):
    """cached(event_cache) when the cache is on and usable, else direct(). The cache only saves
    time: a full or unwritable cache folder must not stop the run, and the direct path reports
    any problem of the log itself."""
    from . import event_cache

    if event_cache.enabled():
        try:
            return cached(event_cache)
        except (event_cache.Unavailable, duckdb.Error, OSError) as exc:
            problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            print(f"m31: event cache unavailable ({problem}); reading the log directly", file=sys.stderr)
    return direct()


def ingest(con: duckdb.DuckDBPyConnection, path_or_glob: str | os.PathLike) -> IngestedLog:
    """The direct path (the reference): load the whole log into `con`: events, the ledger
    (input_quality, input_problems) and the typed views."""
    paths = resolve_log_paths(path_or_glob)
    tmp = None
    files, bad = [], []
    for idx, path in enumerate(paths):
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
        read_path = path
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            # DuckDB reads UTF-8 only; a sanitized copy keeps line numbers and marks the lines.
            clean, bad_lines = _invalid_utf8_lines(data)
            if tmp is None:
                tmp = tempfile.TemporaryDirectory(prefix="m31-ingest-")
            read_path = Path(tmp.name) / f"{idx}.jsonl"
            read_path.write_bytes(clean)
            bad.append((idx, bad_lines))
        files.append((idx, str(path), str(read_path)))
    con.execute("CREATE OR REPLACE TABLE log_files (file_idx INTEGER, path VARCHAR, read_path VARCHAR)")
    con.executemany("INSERT INTO log_files VALUES (?, ?, ?)", files)
    con.execute("CREATE OR REPLACE TABLE bad_utf8 (file_idx INTEGER, lines BIGINT[])")
    if bad:
        con.executemany("INSERT INTO bad_utf8 VALUES (?, ?)", bad)
    params = {"read_paths": [f[2] for f in files], "as_of": None, "day": None}
    try:
        for name in INGEST_QUERIES:
            if name == "parsed_lines":  # read three times below: parse the log once
                db.materialize(con, name)
            else:
                db.run(con, name, params)
    except duckdb.Error as exc:
        raise InputError(paths[0] if len(paths) == 1 else path_or_glob,
                         f"cannot read event log ({str(exc).splitlines()[0]})") from None
    con.execute("DROP TABLE parsed_lines")  # the text, twice over: not needed once events are typed
    con.execute("DROP VIEW log_lines")
    con.execute("DROP TABLE log_text")
    return IngestedLog(paths=paths, _tmpdir=tmp)


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
    """Accepted events per KST day and type of an ingested log (the ingest summary)."""
    db.run(con, "counted_events")
    db.run(con, "day_counts")
    return db.rows(con, "SELECT * FROM day_counts ORDER BY day")
