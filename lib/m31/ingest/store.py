"""The event store: each log file's complete lines, parsed once (reading.py) and kept in a DuckDB
database, so that a check parses only the bytes appended since the last run and reads only what
its day needs. The persistent store is a file per event-log argument (the event cache); the
direct reading is the same code over a fresh in-memory store (`fresh=True`), not a second
implementation.

What is stored, per file, is everything up to its last newline. The unterminated last line (a
torn tail, or a line still being written) is parsed afresh on every run. A file that shrank, was
replaced (device or inode changed) or rewritten (the first or last 64 KiB parsed differ), a file
list that is not the stored one plus new files after it, or a store of another format: the store
is rebuilt from the start. Chunks are appended, then recorded; a refresh that was killed or
failed in between leaves rows past what is recorded, and the next one discards them. The
connection passed in is an in-memory one from db.connect() (catalog `memory`); the store is
attached to it as `cache`. tests/test_event_cache.py checks that a store grown run by run gives
the answers of a fresh one. docs/performance.md and docs/decisions.md explain the design.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from .. import db
from ..cachedir import cache_dir
from ..errors import InputError
from .reading import drop_pieces, parse_pieces, resolve_log_paths

FORMAT = "m31-event-cache/6"  # 6: maintenance events kept with the small types (contract 1.1 section 8)
CHUNK_BYTES = 32 * 2**20   # parse this much at a time: memory stays flat however big the log
HASH_SPAN = 64 * 2**10
LOCK_WAIT_S = 300          # another run holding the cache: wait this long for it


@dataclass
class IngestedLog:
    paths: list[Path]
    source: str = "cache"   # or "direct": a fresh in-memory store, every event loaded


class Unavailable(Exception):
    """The cache cannot be used here (unwritable folder): the caller reads the log directly."""


def enabled() -> bool:
    """On unless M31_EVENT_CACHE is off/0/no/false."""
    return os.environ.get("M31_EVENT_CACHE", "on").strip().lower() not in ("off", "0", "no", "false")


def cache_file(path_or_glob: str | os.PathLike) -> Path:
    """One cache per event-log argument (a file or a glob of rotated files), in
    $M31_EVENT_CACHE_DIR or <cache dir>/events."""
    key = hashlib.sha256(os.path.abspath(os.fspath(path_or_glob)).encode("utf-8")).hexdigest()[:20]
    folder = os.environ.get("M31_EVENT_CACHE_DIR") or cache_dir() / "events"
    return Path(folder) / f"{key}.duckdb"


@dataclass
class _File:
    idx: int
    path: Path
    dev: int
    ino: int
    size: int


def _stat(idx: int, path: Path) -> _File:
    try:
        st = path.stat()
    except OSError as exc:
        raise InputError(path, f"cannot read ({exc.strerror or exc})") from None
    return _File(idx, path, st.st_dev, st.st_ino, st.st_size)


def load(con: duckdb.DuckDBPyConnection, path_or_glob: str | os.PathLike, day: dt.date | None, *,
         events: bool = True, fresh: bool = False, window_start: dt.date | None = None) -> IngestedLog:
    """Bring the store up to date with the log and load into `con`: the ledger (input_quality,
    input_problems) of the whole log; `events`, those a check of `day` reads (every event when
    `day` is None; with `window_start`, also the cycles of the rolling window's sessions from
    that day on); and, when `day` is None, day_counts. `fresh`: over a new in-memory store."""
    with _refreshed(con, path_or_glob, fresh) as (paths, files, tails, scratch):
        db.run(con, "ingest/log_files")
        con.executemany("INSERT INTO log_files VALUES (?, ?)", [(f.idx, str(f.path)) for f in files])
        parse_pieces(con, [(idx, base, data) for idx, (data, base) in sorted(tails.items()) if data], scratch)
        db.run(con, "ingest/tail_lines")
        drop_pieces(con)
        db.run(con, "ingest/replay_flags", {"batch": 0})   # flags that depend on tail lines
        if day is None:
            db.run(con, "ingest/counted_events")
            db.run(con, "ingest/day_counts")
            con.execute("DROP VIEW counted_events")
        if events:
            iso = day.isoformat() if day else None
            history = db.value(con, "ingest/history_intents", {"day": iso}) if day else []
            db.run(con, "ingest/events", {"day": iso, "history_intents": history,
                                          "window_start": window_start.isoformat() if window_start else None})
        db.run(con, "ingest/input_quality")
        db.run(con, "ingest/input_problems")
        for name in ("tail_lines", "replay_flags"):
            con.execute(f"DROP TABLE {name}")
    return IngestedLog(paths=paths, source="direct" if fresh else "cache")


@contextlib.contextmanager
def _refreshed(con, path_or_glob, fresh: bool = False):
    """The store attached to `con` as `cache` and brought up to date; yields (paths, files,
    tails, scratch folder). Detached on the way out, whatever happens."""
    paths = resolve_log_paths(path_or_glob)
    files = [_stat(i, p) for i, p in enumerate(paths)]
    if fresh:
        con.execute("ATTACH ':memory:' AS cache")
    else:
        _attach(con, cache_file(path_or_glob))
    try:
        with tempfile.TemporaryDirectory(prefix="m31-chunk-", dir=_scratch_dir()) as scratch:
            tails = _refresh(con, files, Path(scratch))
            yield paths, files, tails, Path(scratch)
    finally:
        con.execute("DETACH cache")


def refresh(path_or_glob: str | os.PathLike) -> None:
    """Only bring the event cache up to date (the daily command does it while the kernel starts)."""
    con = db.connect()
    try:
        with _refreshed(con, path_or_glob):
            pass
    finally:
        con.close()


def _scratch_dir() -> str | None:
    """Chunks are handed to DuckDB as small files: in memory (/dev/shm) when there is one with
    room for a few chunks (containers often have 64 MB), else the temporary folder."""
    shm = "/dev/shm"
    try:
        st = os.statvfs(shm)
        if os.access(shm, os.W_OK) and st.f_bavail * st.f_frsize > 8 * CHUNK_BYTES:
            return shm
    except OSError:
        pass
    return None


def _attach(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """ATTACH the cache as `cache`, waiting while another run holds it; an unreadable cache
    (not a DuckDB file, another DuckDB format) is derived data and is started afresh."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Unavailable(f"{path.parent}: {exc.strerror or exc}") from None
    if not os.access(path.parent, os.W_OK):
        raise Unavailable(f"{path.parent}: not writable")
    literal = "'" + str(path).replace("'", "''") + "'"
    deadline = time.monotonic() + LOCK_WAIT_S
    delay, fresh = 0.02, False
    while True:
        try:
            con.execute(f"ATTACH {literal} AS cache")
            return
        except duckdb.Error as exc:
            first = str(exc).splitlines()[0]
            if "lock" in first.lower():
                if time.monotonic() > deadline:
                    raise InputError(path, f"event cache still in use by another run after {LOCK_WAIT_S} s") from None
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
                continue
            if fresh:
                raise InputError(path, f"cannot open the event cache ({first})") from None
            for leftover in (path, path.with_name(path.name + ".wal")):
                leftover.unlink(missing_ok=True)
            fresh = True


def _refresh(con: duckdb.DuckDBPyConnection, files: list[_File], scratch: Path) -> dict[int, tuple[bytes, int]]:
    """Parse what was appended (everything, when the cache must be rebuilt). Returns each file's
    unterminated last bytes and the lines before them.

    Each chunk is appended, then `files` records it; a run killed in between leaves rows past
    lines_done, which the next run discards (discard.sql) before it appends."""
    _create_schema(con)
    meta = db.rows(con, "SELECT * FROM cache.meta")
    if [m["format"] for m in meta] != [FORMAT]:
        con.execute("DROP VIEW IF EXISTS cache.all_lines")
        for name in ("files", "lines", "small_lines", "meta"):
            con.execute(f"DROP TABLE IF EXISTS cache.{name}")
        _create_schema(con)
        meta = [{"format": FORMAT, "batch": 0, "dirty": False}]
        con.execute("INSERT INTO cache.meta VALUES (?, 0, false)", [FORMAT])
    batch = {"batch": meta[0]["batch"] + 1}
    con.execute("UPDATE cache.meta SET batch = ?, dirty = true", [batch["batch"]])
    cached = db.rows(con, "SELECT * FROM cache.files ORDER BY file_idx")
    if _must_rebuild(cached, files):
        for name in ("files", "lines", "small_lines"):
            con.execute(f"DELETE FROM cache.{name}")
        cached = []
    elif meta[0]["dirty"]:  # the last refresh did not finish
        db.run(con, "ingest/discard", batch)
    tails: dict[int, tuple[bytes, int]] = {}
    for f in files:
        done = cached[f.idx] if f.idx < len(cached) else {"size_done": 0, "lines_done": 0}
        tails[f.idx] = _append_file(con, f, done["size_done"], done["lines_done"], scratch, batch)
    parse_pieces(con, [], scratch)
    db.run(con, "ingest/tail_lines")   # none yet
    drop_pieces(con)
    db.run(con, "ingest/replay_flags", batch)   # tail_lines empty: the stored lines' own flags
    db.run(con, "ingest/replays")
    con.execute("DROP TABLE replay_flags")
    con.execute("UPDATE cache.meta SET dirty = false")
    return tails


def _create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """schema.sql's tables, in the cache (run with it as the default catalog)."""
    con.execute("USE cache")
    try:
        db.run(con, "ingest/schema")
    finally:
        con.execute("USE memory")


def _edge_hashes(path: Path, size_done: int) -> tuple[str, str]:
    """sha256 of the first and of the last HASH_SPAN bytes parsed (a rewrite shows in either)."""
    with open(path, "rb") as fh:
        head = fh.read(min(size_done, HASH_SPAN))
        fh.seek(max(0, size_done - HASH_SPAN))
        tail = fh.read(size_done - max(0, size_done - HASH_SPAN))
    return hashlib.sha256(head).hexdigest(), hashlib.sha256(tail).hexdigest()


def _must_rebuild(cached: list[dict], files: list[_File]) -> bool:
    if len(cached) > len(files):
        return True
    for row, f in zip(cached, files):
        if (row["path"] != str(f.path) or row["dev"] != f.dev or row["ino"] != f.ino
                or f.size < row["size_done"]):
            return True
        try:
            if (row["head_sha"], row["tail_sha"]) != _edge_hashes(f.path, row["size_done"]):
                return True
        except OSError as exc:
            raise InputError(f.path, f"cannot read ({exc.strerror or exc})") from None
    return False


def _append_file(con, f: _File, offset: int, lines: int, scratch: Path, batch: dict) -> tuple[bytes, int]:
    """Parse f's complete lines after `offset` chunk by chunk, recording each in `files`.
    Returns (the unterminated rest, lines before it)."""
    rest, start = b"", offset
    try:
        fh = open(f.path, "rb")
    except OSError as exc:
        raise InputError(f.path, f"cannot read ({exc.strerror or exc})") from None
    with fh:
        fh.seek(offset)
        while True:
            try:
                block = fh.read(CHUNK_BYTES)
            except OSError as exc:
                raise InputError(f.path, f"cannot read ({exc.strerror or exc})") from None
            if not block:
                break
            data = rest + block
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                rest = data
                continue
            parse_pieces(con, [(f.idx, lines, data[:cut])], scratch)
            db.run(con, "ingest/chunk_lines")
            db.run(con, "ingest/append", batch)
            con.execute("DROP TABLE chunk_lines")
            offset += cut
            lines += data.count(b"\n", 0, cut)
            rest = data[cut:]
            _record(con, f, offset, lines)
            _progress(f, start, offset)
    if offset == 0:
        _record(con, f, offset, lines)
    return rest, lines


def _record(con, f: _File, size_done: int, lines_done: int) -> None:
    con.execute("DELETE FROM cache.files WHERE file_idx = ?", [f.idx])
    con.execute("INSERT INTO cache.files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [f.idx, str(f.path), f.dev, f.ino, size_done, lines_done, *_edge_hashes(f.path, size_done)])


_last_report = [0.0]


def _progress(f: _File, start: int, offset: int) -> None:
    """Long parses (a first run over months of log) say how far they are, on stderr."""
    now = time.monotonic()
    if f.size - start > 8 * CHUNK_BYTES and now - _last_report[0] > 5:
        _last_report[0] = now
        print(f"m31: event cache: {f.path.name} {offset / 2**20:,.0f} of {f.size / 2**20:,.0f} MiB parsed",
              file=sys.stderr, flush=True)
