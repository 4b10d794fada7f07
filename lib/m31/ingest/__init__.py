"""The ingest stage: the event log in, `events` and the input-quality ledger out.

The front door: it chooses the store and falls back. reading.py parses lines, store.py keeps
them (a persistent event cache, or a fresh in-memory store for the direct reading), ledger.py
reports the ledger. Neither of those imports this module, so there is no cycle."""
from __future__ import annotations

import datetime as dt
import os
import sys

import duckdb

from .. import db, sqlgraph
from ..errors import InputError
from . import store
from .ledger import MAX_EXAMPLES, day_counts, ledger
from .reading import OPERATOR_LOG_NAME, resolve_log_paths
from .store import IngestedLog

__all__ = ["IngestedLog", "MAX_EXAMPLES", "OPERATOR_LOG_NAME", "day_counts", "ingest", "ledger", "load_day",
           "load_summary", "refresh", "resolve_log_paths"]


def load_day(con: duckdb.DuckDBPyConnection, path_or_glob: str | os.PathLike, day: dt.date,
             window_start: dt.date | None = None) -> IngestedLog:
    """What a check of `day` reads (with the cycles of its rolling window from `window_start`),
    through the event cache unless M31_EVENT_CACHE=off or the cache cannot be used; else the
    same over a fresh store."""
    log = _through_store(lambda fresh: store.load(con, path_or_glob, day, fresh=fresh, window_start=window_start),
                         path_or_glob)
    _typed_views(con)
    return log


def load_summary(con: duckdb.DuckDBPyConnection, path_or_glob: str | os.PathLike, direct: bool = False) -> list[dict]:
    """`m31 ingest`: accepted events per KST day and type (the ledger is left in `con`), through
    the event cache unless `direct`."""
    _through_store(lambda fresh: store.load(con, path_or_glob, None, events=False, fresh=fresh), path_or_glob,
                   direct=direct)
    return day_counts(con)


def ingest(con: duckdb.DuckDBPyConnection, path_or_glob: str | os.PathLike, keep_text: bool = False) -> IngestedLog:
    """The direct reading (the reference the event cache is tested against): the whole log over
    a fresh store: every event, the ledger, day_counts and the typed views (`keep_text`: with
    every event's raw text as `j`, for m31 validate)."""
    log = _direct(lambda: store.load(con, path_or_glob, None, fresh=True, keep_text=keep_text), path_or_glob)
    _typed_views(con)
    return log


def refresh(path_or_glob: str | os.PathLike) -> None:
    """Bring the event cache up to date, if it is on; any problem is left to the check itself."""
    if not store.enabled():
        return
    try:
        store.refresh(path_or_glob)
    except (InputError, store.Unavailable, duckdb.Error, OSError):
        pass


def _through_store(load, path_or_glob, direct: bool = False):
    """load(fresh=False) when the cache is on and usable, else load(fresh=True). The cache only
    saves time: a full or unwritable cache folder must not stop the run, and the direct reading
    reports any problem of the log itself."""
    if not direct and store.enabled():
        try:
            return load(False)
        except (store.Unavailable, duckdb.Error, OSError) as exc:
            problem = (exc.strerror if isinstance(exc, OSError) and exc.strerror
                       else str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
            print(f"m31: event cache unavailable ({problem}); reading the log directly", file=sys.stderr)
    return _direct(lambda: load(True), path_or_glob)


def _direct(load, path_or_glob):
    try:
        return load()
    except duckdb.Error as exc:
        paths = resolve_log_paths(path_or_glob)
        raise InputError(paths[0] if len(paths) == 1 else path_or_glob,
                         f"cannot read event log ({str(exc).splitlines()[0]})") from None


def _typed_views(con: duckdb.DuckDBPyConnection) -> None:
    """The typed event views over everything loaded (queries/events; daily.py makes them tables
    after its cutoff)."""
    db.build(con, sqlgraph.stage_models("events"), {"as_of": None, "day": None})
