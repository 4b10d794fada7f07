"""The event store: each log file's complete lines, parsed once (reading.py) into typed columns
and kept as Parquet files partitioned by day, so that a check parses only the bytes appended
since the last run and reads only what its day needs, and any engine can read the history.
The persistent store is a folder per event-log argument; the direct reading is the same code
over a fresh store in a temporary folder (`fresh=True`), not a second implementation.

<store>/state.json                               the manifest: files parsed, parts (with statistics), replays
<store>/columns.parquet                          no rows: every column and its type
<store>/lines/day=<D>/family=<f>/b<n>-f<i>-c<k>.parquet   one refresh's bulk lines of one day
<store>/lines/day=__HIVE_DEFAULT_PARTITION__/family=problem/...   blank and malformed lines
<store>/small/month=<M>/b<n>-f<i>-c<k>-d<dd>.parquet   one refresh's small family of one day
<store>/small/month=<M>/m<n>.parquet              a past month's small family, merged (_compact)
<store>/replays/b<n>.parquet                     the stored lines that are replays

What is stored, per file, is everything up to its last newline. The unterminated last line (a
torn tail, or a line still being written) is parsed afresh on every run. A file that shrank, was
replaced (device or inode changed) or rewritten (the first or last 64 KiB parsed differ), a file
list that is not the stored one plus new files after it, or a store of another format: the store
is rebuilt from the start. Each chunk's files are written, then the manifest naming them is
replaced (an atomic rename); a refresh that was killed or failed in between leaves files the
manifest does not name, and the next one deletes them. A run holds the store's lock (flock)
while it refreshes and reads. The connection passed in is an in-memory one from db.connect()
(catalog `memory`); the store's catalog is attached to it as `cache` (schema.sql, and views
over the Parquet files). tests/test_event_cache.py checks that a store grown run by run gives
the answers of a fresh one. docs/performance.md, docs/architecture.md and docs/decisions.md
explain the design.
"""
from __future__ import annotations

import concurrent.futures
import concurrent.futures.thread  # noqa: F401  (imported now, not lazily by the refresh thread: see execute.Beside)
import contextlib
import datetime as dt
import fcntl
import hashlib
import json
import os
import shutil
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

FORMAT = "m31-event-store/4"   # /4: the small family by month; /3: part statistics; /2: without; /6 of m31-event-cache: DuckDB
STATE = "state.json"
COLUMNS = "columns.parquet"   # no rows: every column a part may have, with its type
# The columns each family's files hold (the small family: all). A column nothing reads for a
# family is left out: every column, even all NULL, costs the Parquet writer time.
FAMILY_COLUMNS = {
    "bulk": ("file_idx", "line_no", "kind", "reason", "ts", "event_type", "event_id", "run_id", "mode", "intent_id",
             "order_id", "broker_env", "status", "latency_ms", "guard", "precedence", "decision", "operator",
             "batch", "j"),
    "problem": ("file_idx", "line_no", "kind", "reason", "batch"),
}
NULL_DAY = "__HIVE_DEFAULT_PARTITION__"   # Hive's name for a NULL partition value
CHUNK_BYTES = 32 * 2**20   # parse this much at a time: memory stays flat however big the log
HASH_SPAN = 64 * 2**10
LOCK_WAIT_S = 300          # another run holding the store: wait this long for it
RANGED = ("day", "event_id", "intent_id", "scheduled_day")   # the columns whose range each part records
SUBDIRS = ("lines", "small", "replays")


@dataclass
class IngestedLog:
    paths: list[Path]
    source: str = "cache"      # or "direct": a fresh store, every event loaded
    store: Path | None = None  # the persistent store's folder (the workbench reads its parts)


class Unavailable(Exception):
    """The store cannot be used here (unwritable folder): the caller reads the log directly."""


def enabled() -> bool:
    """On unless M31_EVENT_CACHE is off/0/no/false."""
    return os.environ.get("M31_EVENT_CACHE", "on").strip().lower() not in ("off", "0", "no", "false")


def store_dir(path_or_glob: str | os.PathLike) -> Path:
    """One store per event-log argument (a file or a glob of rotated files), in
    $M31_EVENT_CACHE_DIR or <cache dir>/events."""
    key = hashlib.sha256(os.path.abspath(os.fspath(path_or_glob)).encode("utf-8")).hexdigest()[:20]
    folder = os.environ.get("M31_EVENT_CACHE_DIR") or cache_dir() / "events"
    return Path(folder) / key


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
         events: bool = True, fresh: bool = False, window_start: dt.date | None = None,
         keep_text: bool = False) -> IngestedLog:
    """Bring the store up to date with the log and load into `con`: the ledger (input_quality,
    input_problems) of the whole log; `events`, those a check of `day` reads (every event when
    `day` is None; with `window_start`, also the cycles of the rolling window's sessions from
    that day on); and, when `day` is None, day_counts. `fresh`: over a new, temporary store;
    `keep_text` (fresh only): every event's raw text kept as `j` (m31 validate reads it)."""
    if keep_text and not fresh:
        raise ValueError("keep_text needs a fresh store: the event store keeps the text only where it is shown")
    with _refreshed(con, path_or_glob, fresh, keep_text) as (paths, files, tails, root, state):
        db.run(con, "ingest/log_files")
        con.executemany("INSERT INTO log_files VALUES (?, ?)", [(f.idx, str(f.path)) for f in files])
        parse_pieces(con, [(idx, base, data) for idx, (data, base) in sorted(tails.items()) if data])
        db.run(con, "ingest/tail_lines")
        drop_pieces(con)
        _rank_replays(con, root, state)   # the flags that depend on tail lines (every part is ranked by now)
        if day is None:
            db.run(con, "ingest/counted_events")
            db.run(con, "ingest/day_counts")
            con.execute("DROP VIEW counted_events")
        if events:
            iso = day.isoformat() if day else None
            # the files a check reads (the SQL filters on day and intent_id all the same): the
            # day's own, and the bulk of other days whose intents meet those with an order on D
            lines_view(con, root, state, "day_lines", bounded(state["parts"], "day", iso, iso) if day else state["parts"])
            lo, hi = db.value(con, "ingest/day_intent_bounds", {"day": iso}) if day else (None, None)
            lines_view(con, root, state, "intent_lines", [p for p in bounded(state["parts"], "intent_id", lo, hi)
                                                          if p["family"] == "bulk" and p["day"] != [iso, iso]])
            bounds = {"day": iso, "intent_lo": lo, "intent_hi": hi}
            history = db.value(con, "ingest/history_intents", bounds) if day else []
            db.run(con, "ingest/event_rows", {**bounds, "history_intents": history, "keep_text": keep_text,
                                              "window_start": window_start.isoformat() if window_start else None})
            db.run(con, "ingest/events")
        db.run(con, "ingest/input_quality")
        db.run(con, "ingest/input_problems")
        for name in ("tail_lines", "replay_flags"):
            con.execute(f"DROP TABLE {name}")
    return IngestedLog(paths=paths, source="direct" if fresh else "cache", store=None if fresh else root)


def _rank_replays(con: duckdb.DuckDBPyConnection, root: Path, state: dict) -> None:
    """replay_flags for the event_ids of the unranked parts (cache.unranked) and of tail_lines,
    reading of the ranked lines only the parts whose event_ids reach into the contested ones'
    range (cache.contested_lines)."""
    db.run(con, "ingest/contested_ids")
    lo, hi = db.value(con, "ingest/contested_bounds")
    ranked = [p for p in state["parts"] if p["batch"] <= state["ranked"]]
    lines_view(con, root, state, "contested_lines", bounded(ranked, "event_id", lo, hi))
    db.run(con, "ingest/replay_flags", {"lo": lo, "hi": hi})
    con.execute("DROP TABLE contested_ids")


@contextlib.contextmanager
def _refreshed(con, path_or_glob, fresh: bool = False, keep_text: bool = False):
    """The store brought up to date, its catalog attached to `con` as `cache`; yields (paths,
    files, tails, store folder, manifest). Detached and unlocked on the way out, whatever happens."""
    paths = resolve_log_paths(path_or_glob)
    files = [_stat(i, p) for i, p in enumerate(paths)]
    with contextlib.ExitStack() as stack:
        if fresh:
            root = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="m31-store-", dir=_scratch_dir())))
        else:
            root = store_dir(path_or_glob)
            stack.enter_context(_locked(root))
        con.execute("ATTACH ':memory:' AS cache")
        stack.callback(con.execute, "DETACH cache")
        tails, state = _refresh(con, root, files, keep_text, compact=not fresh)
        yield paths, files, tails, root, state


def refresh(path_or_glob: str | os.PathLike) -> None:
    """Only bring the event store up to date (the daily command does it while the kernel starts)."""
    con = db.connect()
    try:
        with _refreshed(con, path_or_glob):
            pass
    finally:
        con.close()


def _scratch_dir() -> str | None:
    """Where a fresh store is written: in memory (/dev/shm) when there is one with room (containers
    often have 64 MB), else the temporary folder."""
    shm = "/dev/shm"
    try:
        st = os.statvfs(shm)
        if os.access(shm, os.W_OK) and st.f_bavail * st.f_frsize > 8 * CHUNK_BYTES:
            return shm
    except OSError:
        pass
    return None


@contextlib.contextmanager
def _locked(root: Path):
    """The store's lock, waiting while another run holds it (an exclusive flock on <store>/lock:
    the kernel drops it when the process dies, so a killed run never leaves it held)."""
    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise Unavailable(f"{root.parent}: {exc.strerror or exc}") from None
    if not os.access(root, os.W_OK):
        raise Unavailable(f"{root}: not writable")
    try:
        fd = os.open(root / "lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise Unavailable(f"{root / 'lock'}: {exc.strerror or exc}") from None
    try:
        deadline = time.monotonic() + LOCK_WAIT_S
        delay = 0.02
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise InputError(root, f"event store still in use by another run after {LOCK_WAIT_S} s") from None
                time.sleep(delay)
                delay = min(delay * 2, 0.1)
        yield
    finally:
        os.close(fd)


def read_state(root: Path) -> dict | None:
    """The store's manifest, or None when there is none, or it is unreadable or of another format
    (the store is derived data: it is then rebuilt)."""
    try:
        state = json.loads((root / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("format") != FORMAT:
        return None
    return state


def _write_state(root: Path, state: dict) -> None:
    """Replace the manifest atomically (what it names is what the store holds)."""
    tmp = root / f".{STATE}.tmp"
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(state, fh, indent=1)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, root / STATE)


def _refresh(con: duckdb.DuckDBPyConnection, root: Path, files: list[_File], keep_text: bool = False,
             compact: bool = True) -> tuple[dict[int, tuple[bytes, int]], dict]:
    """Parse what was appended (everything, when the store must be rebuilt), rank the replays
    of what no refresh has ranked yet, then merge the small family of past months (`compact`:
    not for a fresh store, read once). Returns each file's unterminated last bytes and the lines
    before them, and the manifest."""
    state = read_state(root)
    if state is None or _must_rebuild(state["files"], files):
        for sub in SUBDIRS:
            shutil.rmtree(root / sub, ignore_errors=True)
        (root / COLUMNS).unlink(missing_ok=True)   # another format's columns
        state = {"format": FORMAT, "batch": 0, "ranked": 0, "files": [], "parts": [], "replays": None}
    _sweep(root, state)
    batch = state["batch"] + 1
    if not (root / COLUMNS).exists():
        _write_columns(con, root)
    _parts_view(con, root, {**state, "replays": None})   # schema.sql's views read it; _catalog redoes it
    _create_schema(con)
    tails: dict[int, tuple[bytes, int]] = {}
    for f in files:
        done = state["files"][f.idx] if f.idx < len(state["files"]) else {"size_done": 0, "lines_done": 0}
        tails[f.idx] = _append_file(con, root, state, f, done["size_done"], done["lines_done"], batch,
                                    keep_text)
    _catalog(con, root, state)
    if any(p["batch"] > state["ranked"] for p in state["parts"]):
        parse_pieces(con, [])
        db.run(con, "ingest/tail_lines")   # none yet: the stored lines are ranked on their own
        drop_pieces(con)
        _rank_replays(con, root, state)
        db.run(con, "ingest/ranked_replays")
        before = state["replays"]
        state["replays"] = None
        if con.execute("SELECT count(*) FROM ranked_replays").fetchone()[0]:
            state["replays"] = f"replays/b{state['batch']}.parquet"
            (root / "replays").mkdir(exist_ok=True)
            con.execute(f"COPY ranked_replays TO {db.literal(root / state['replays'])} (FORMAT parquet)")
        state["ranked"] = state["batch"]
        _write_state(root, state)
        if before and before != state["replays"]:
            (root / before).unlink(missing_ok=True)
        for name in ("tail_lines", "replay_flags", "ranked_replays"):
            con.execute(f"DROP TABLE {name}")
        _catalog(con, root, state)
    if compact and _compact(con, root, state):
        _catalog(con, root, state)
    return tails, state


def _compact(con: duckdb.DuckDBPyConnection, root: Path, state: dict) -> bool:
    """Every month before the newest stored day's keeps its small family in one file (as Delta
    Lake's OPTIMIZE or Iceberg's rewrite_data_files do): a check reads that family across all
    days, and opening a file costs more than reading its few hundred rows. A month is merged
    once, when the next begins, and again only if late lines reach it. The merged file is
    written, then the manifest naming it instead of its parts, then the parts are deleted; an
    interruption leaves only files the manifest does not name (_sweep). Returns whether any
    month was merged."""
    small = [p for p in state["parts"] if p["family"] == "small" and p["batch"] <= state["ranked"]]
    if not small:
        return False
    newest = max(p["day"][1] for p in small)[:7]
    months: dict[str, list[dict]] = {}
    for part in small:
        months.setdefault(part["day"][0][:7], []).append(part)
    merged = []
    for month, parts in sorted(months.items()):
        if month >= newest or len(parts) < 2:
            continue
        rel = f"small/month={month}/m{state['batch']}.parquet"
        assert rel not in {p["path"] for p in parts}
        con.execute(f"COPY (SELECT * FROM read_parquet({db.literal_list(root / p['path'] for p in parts)}, "
                    f"hive_partitioning = false) ORDER BY day, file_idx, line_no) TO {db.literal(root / rel)} "
                    "(FORMAT parquet, COMPRESSION zstd)")
        whole = {"path": rel, "family": "small", "batch": max(p["batch"] for p in parts),
                 "counts": [[*key, n] for key, n in sorted(_line_counts(parts).items(), key=repr)]}
        for col in RANGED:
            ranges = [p[col] for p in parts if p[col] is not None]
            whole[col] = [min(r[0] for r in ranges), max(r[1] for r in ranges)] if ranges else None
        gone = {p["path"] for p in parts}
        state["parts"] = [p for p in state["parts"] if p["path"] not in gone] + [whole]
        merged += gone
    if not merged:
        return False
    _write_state(root, state)
    for rel in merged:
        (root / rel).unlink(missing_ok=True)
    return True


def _write_columns(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """columns.parquet: chunk_lines' columns and types, no rows (a new store's first refresh)."""
    parse_pieces(con, [])
    db.run(con, "ingest/chunk_lines", {"batch": 0, "keep_text": False})
    db.run(con, "ingest/no_lines")
    con.execute(f"COPY no_lines TO {db.literal(root / COLUMNS)} (FORMAT parquet)")
    for name in ("chunk_lines", "no_lines"):
        con.execute(f"DROP TABLE {name}")
    drop_pieces(con)


def _create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """schema.sql's tables, in the store's catalog (run with it as the default catalog)."""
    con.execute("USE cache")
    try:
        db.run(con, "ingest/schema")
    finally:
        con.execute("USE memory")


def _catalog(con: duckdb.DuckDBPyConnection, root: Path, state: dict) -> None:
    """The store's catalog as `con` reads it (schema.sql): cache.files, cache.replays and
    cache.stored_counts from the manifest, and cache.parts and cache.unranked over the Parquet
    files it names."""
    con.execute("DELETE FROM cache.files")
    con.executemany("INSERT INTO cache.files VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    [[r[k] for k in ("file_idx", "path", "dev", "ino", "size_done", "lines_done", "head_sha",
                                     "tail_sha")] for r in state["files"]])
    con.execute("DELETE FROM cache.replays")
    if state["replays"]:
        con.execute("INSERT INTO cache.replays SELECT file_idx, line_no, event_id, event_type FROM read_parquet(?)",
                    [str(root / state["replays"])])
    totals = _line_counts(state["parts"])
    con.execute("DELETE FROM cache.stored_counts")
    if totals:
        con.executemany("INSERT INTO cache.stored_counts VALUES (?, ?, ?)", [[*key, n] for key, n in totals.items()])
    _parts_view(con, root, state)


def _line_counts(parts: list[dict]) -> dict[tuple, int]:
    """The parts' lines by (kind, known type), summed from their manifest counts."""
    totals: dict[tuple, int] = {}
    for part in parts:
        for kind, known, n in part["counts"]:
            totals[kind, known] = totals.get((kind, known), 0) + n
    return totals


def _parts_view(con: duckdb.DuckDBPyConnection, root: Path, state: dict) -> None:
    """cache.parts: every stored line, with the replay flag of events; cache.unranked: the lines
    of the refreshes after the last whose lines were ranked for replays."""
    lines_view(con, root, state, "parts", state["parts"])
    unranked = [p for p in state["parts"] if p["batch"] > state["ranked"]]
    con.execute(f"CREATE OR REPLACE VIEW cache.unranked AS {parts_query(root, unranked)}")


def lines_view(con: duckdb.DuckDBPyConnection, root: Path, state: dict, name: str, parts: list[dict]) -> None:
    """cache.<name>: the lines of `parts` with the replay flag of events. Replays are rare:
    without any, the flag is a constant, not a join of every line read with cache.replays."""
    flag = ("CASE WHEN s.kind = 'event' THEN r.line_no IS NOT NULL END" if state["replays"]
            else "CASE WHEN s.kind = 'event' THEN false END")
    join = (" LEFT JOIN cache.replays AS r ON r.file_idx = s.file_idx AND r.line_no = s.line_no"
            if state["replays"] else "")
    con.execute(f"CREATE OR REPLACE VIEW cache.{name} AS SELECT s.*, {flag} AS is_replay "
                f"FROM ({parts_query(root, parts)}) AS s{join}")


def bounded(parts: list[dict], column: str, lo, hi) -> list[dict]:
    """The parts whose recorded range of `column` (part_stats.sql) meets [lo, hi]; none when
    there is no bound (nothing to look for). Text compares as DuckDB compares VARCHAR (by code
    point, as UTF-8 bytes do); a date bound is compared as its ISO text, as the manifest keeps it."""
    if lo is None or hi is None:
        return []
    lo, hi = (v.isoformat() if isinstance(v, dt.date) else v for v in (lo, hi))
    return [p for p in parts if p[column] is not None and p[column][0] <= hi and p[column][1] >= lo]


def parts_query(root: Path, parts: list[dict]) -> str:
    """Stored lines as one relation: columns.parquet's full set of typed columns, then each
    family's Parquet files of `parts` (one read per family: its files share their columns, so
    no file is opened before a query needs it; a filter on day or family skips the others
    unopened)."""
    query = f"SELECT * FROM read_parquet({db.literal(root / COLUMNS)})"
    families: dict[str, list[str]] = {}
    for part in parts:
        families.setdefault(part["family"], []).append(str(root / part["path"]))
    for family in sorted(families):
        if family == "small":   # small/month=<M>/: the day is a column, the month folder is for the eye
            query += (f" UNION ALL BY NAME SELECT *, 'small' AS family FROM read_parquet("
                      f"{db.literal_list(families[family])}, hive_partitioning = false)")
        else:
            query += (f" UNION ALL BY NAME SELECT * FROM read_parquet({db.literal_list(families[family])}, "
                      "hive_partitioning = true, hive_types = {'day': DATE, 'family': VARCHAR})")
    return query


def _sweep(root: Path, state: dict) -> None:
    """Delete what an interrupted refresh wrote and no manifest names."""
    named = {p["path"] for p in state["parts"]} | ({state["replays"]} if state["replays"] else set())
    for sub in SUBDIRS:
        for path in (root / sub).rglob("*.parquet"):
            if path.relative_to(root).as_posix() not in named:
                path.unlink(missing_ok=True)


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


def _append_file(con, root: Path, state: dict, f: _File, offset: int, lines: int, batch: int,
                 keep_text: bool) -> tuple[bytes, int]:
    """Parse f's complete lines after `offset` chunk by chunk; each chunk's parts, then the
    manifest, are written by a second thread while this one parses the next chunk (the parse
    keeps about 1.6 cores busy, the Parquet writer one: a 2-core machine is otherwise idle half
    of the write). At most one chunk waits to be written. Returns (the unterminated rest, lines
    before it)."""
    rest, start, chunk, data = b"", offset, 0, bytearray()
    try:
        fh = open(f.path, "rb")
    except OSError as exc:
        raise InputError(f.path, f"cannot read ({exc.strerror or exc})") from None
    writer = _ChunkWriter(con, root, state, f, batch, start)
    with fh, db.unordered(con), writer:
        fh.seek(offset)
        while True:
            # read into the buffer after the rest of the last chunk: a chunk's bytes are copied
            # once (its lines are views into them, piece_lines, until its parse is done). The
            # buffer is reused: a new one of 32 MiB is mapped and faulted in page by page.
            if len(data) < len(rest) + CHUNK_BYTES:
                data = bytearray(len(rest) + CHUNK_BYTES)
            data[:len(rest)] = rest
            try:
                got = fh.readinto(memoryview(data)[len(rest):len(rest) + CHUNK_BYTES])
            except OSError as exc:
                raise InputError(f.path, f"cannot read ({exc.strerror or exc})") from None
            if not got:
                break
            end = len(rest) + got
            cut = data.rfind(b"\n", 0, end) + 1
            rest = bytes(data[cut:end])
            if cut == 0:
                continue
            lines += parse_pieces(con, [(f.idx, lines, memoryview(data)[:cut])])
            db.run(con, "ingest/chunk_lines", {"batch": batch, "keep_text": keep_text})
            drop_pieces(con)
            db.run(con, "ingest/part_stats")
            stats = db.rows(con, "SELECT * FROM part_stats ORDER BY day, family")
            con.execute("DROP TABLE part_stats")
            offset += cut
            writer.submit(stats, f"b{batch}-f{f.idx}-c{chunk}", offset, lines)
            chunk += 1
        writer.wait()
    if offset == 0 and f.idx >= len(state["files"]):
        _record(root, state, f, offset, lines)
    return rest, lines


class _ChunkWriter:
    """The thread that writes a parsed chunk's parts and then records them in the manifest, in
    chunk order, with its own cursor (DuckDB runs the two cursors' queries side by side). Only
    this thread touches `state` until wait() returns. Leaving the block (an error in either
    thread included) waits for the chunk being written and drops the chunks' tables, so no file
    is written after the refresh returns; the writer's error is raised in the parsing thread."""

    def __init__(self, con, root: Path, state: dict, f: _File, batch: int, start: int):
        self.con, self.cursor = con, con.cursor()
        self.root, self.state, self.f, self.batch, self.start = root, state, f, batch, start
        self.pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="m31-parts")
        self.pending: tuple[str, concurrent.futures.Future] | None = None
        self.tables: list[str] = []   # handed over, not yet dropped

    def submit(self, stats: list[dict], name: str, size_done: int, lines_done: int) -> None:
        """Hand over chunk_lines (renamed, so that the next chunk can be parsed) once the chunk
        before it is recorded."""
        table = f"written_{name.replace('-', '_')}"
        self.tables.append(table)
        self.con.execute(f"ALTER TABLE chunk_lines RENAME TO {table}")
        self.wait()
        self.pending = (table, self.pool.submit(self._write, table, stats, name, size_done, lines_done))

    def _write(self, table: str, stats: list[dict], name: str, size_done: int, lines_done: int) -> None:
        self.state["parts"] += _write_parts(self.cursor, self.root, table, stats, name, self.batch)
        self.state["batch"] = self.batch
        _record(self.root, self.state, self.f, size_done, lines_done)
        _progress(self.f, self.start, size_done)

    def wait(self) -> None:
        """Until the chunk being written is recorded; its table dropped (raises its error)."""
        if self.pending is not None:
            (table, future), self.pending = self.pending, None
            future.result()
            self.tables.remove(table)
            self.con.execute(f"DROP TABLE {table}")

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        try:
            if self.pending is not None:
                concurrent.futures.wait([self.pending[1]])
        finally:
            self.pool.shutdown()
            for table in self.tables:   # a chunk not recorded (an error)
                self.con.execute(f"DROP TABLE IF EXISTS {table}")
            self.cursor.close()


def _write_parts(con, root: Path, table: str, stats_rows: list[dict], name: str, batch: int) -> list[dict]:
    """A chunk's table as one Parquet file per day and family (its rows in no set order: every
    read orders by file and line), each named in the
    manifest with its statistics (part_stats.sql's rows)."""
    parts = []
    for stats in stats_rows:
        day, family = stats["day"], stats["family"]
        if family == "small":   # by month, the day a column (_compact merges a past month's files)
            rel = f"small/month={day:%Y-%m}/{name}-d{day:%d}.parquet"
            # the small fields unpacked (chunk_lines.sql keeps them packed), in no_lines.sql's order
            columns = "* EXCLUDE (small, scheduled_day, batch, j, family), unnest(small[1]), scheduled_day, batch, j"
        else:
            rel = f"lines/day={day.isoformat() if day else NULL_DAY}/family={family}/{name}.parquet"
            columns = ", ".join(FAMILY_COLUMNS[family])
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        con.execute(f"COPY (SELECT {columns} FROM {table} "
                    f"WHERE day IS NOT DISTINCT FROM ? AND family = ?) TO {db.literal(root / rel)} "
                    "(FORMAT parquet, COMPRESSION zstd)", [day, family])
        parts.append({"path": rel, "family": family, "batch": batch,
                      "counts": [[c["kind"], c["known"], c["n"]] for c in stats["counts"]],
                      **{col: _range(stats[f"{col}_min"], stats[f"{col}_max"]) for col in RANGED}})
    return parts


def _range(lo, hi) -> list | None:
    """[lo, hi] as the manifest keeps it (JSON: a date as its ISO text), or None: no value."""
    if lo is None:
        return None
    return [v.isoformat() if isinstance(v, dt.date) else v for v in (lo, hi)]


def _record(root: Path, state: dict, f: _File, size_done: int, lines_done: int) -> None:
    row = {"file_idx": f.idx, "path": str(f.path), "dev": f.dev, "ino": f.ino, "size_done": size_done,
           "lines_done": lines_done}
    row["head_sha"], row["tail_sha"] = _edge_hashes(f.path, size_done)
    if f.idx < len(state["files"]):
        state["files"][f.idx] = row
    else:
        state["files"].append(row)
    _write_state(root, state)


_last_report = [0.0]


def _progress(f: _File, start: int, offset: int) -> None:
    """Long parses (a first run over months of log) say how far they are, on stderr."""
    now = time.monotonic()
    if f.size - start > 8 * CHUNK_BYTES and now - _last_report[0] > 5:
        _last_report[0] = now
        print(f"m31: event store: {f.path.name} {offset / 2**20:,.0f} of {f.size / 2**20:,.0f} MiB parsed",
              file=sys.stderr, flush=True)
