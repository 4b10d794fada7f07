"""KRX trading sessions (exchange_calendars XKRX) and their scheduled run-cycle slots."""
from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass

from .cachedir import cache_dir
from .timefmt import to_kst_naive


@dataclass(frozen=True)
class Session:
    day: dt.date
    open: dt.datetime   # naive KST
    close: dt.datetime  # naive KST

    def slot_count(self, interval_s: int) -> int:
        """Slots start every interval from the open while the start is before the close."""
        span = int((self.close - self.open).total_seconds())
        return -(-span // interval_s)

    def slot_starts(self, interval_s: int) -> list[dt.datetime]:
        step = dt.timedelta(seconds=interval_s)
        return [self.open + i * step for i in range(self.slot_count(interval_s))]


_TABLES: dict[tuple[int, int], dict[dt.date, tuple[dt.datetime, dt.datetime]]] = {}


def _sessions_table(first_year: int, last_year: int) -> dict[dt.date, tuple[dt.datetime, dt.datetime]]:
    """Every XKRX session of the years, day -> (open, close) in naive KST.

    Building the calendar takes exchange_calendars several seconds (the lunar holidays), more
    than the rest of a daily check; the table it yields is kept per process and on disk, keyed
    by the exchange_calendars version, so later runs read it in milliseconds. The file is only
    ever a copy of what exchange_calendars says."""
    from importlib.metadata import version

    for (a, b), found in _TABLES.items():
        if a <= first_year and last_year <= b:
            return found
    # whole five-year blocks, so that nearby requests share one table
    first_year, last_year = first_year - first_year % 5, last_year - last_year % 5 + 4
    key = (first_year, last_year)
    # the version from the package metadata: importing exchange_calendars costs about a second
    path = cache_dir() / f"xkrx-{version('exchange_calendars')}-{first_year}-{last_year}.json"
    table = None
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        table = {dt.date.fromisoformat(d): (dt.datetime.fromisoformat(o), dt.datetime.fromisoformat(c))
                 for d, o, c in raw}
    except (OSError, ValueError, TypeError):
        table = None
    if table is None:
        import exchange_calendars as xcals

        cal = xcals.get_calendar("XKRX", start=f"{first_year}-01-01", end=f"{last_year}-12-31")
        table = {}
        for label in cal.sessions:
            table[label.date()] = (to_kst_naive(cal.session_open(label).to_pydatetime()),
                                   to_kst_naive(cal.session_close(label).to_pydatetime()))
        try:  # best effort: a read-only home only costs the rebuild next time
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            tmp.write_text(json.dumps([[d.isoformat(), o.isoformat(), c.isoformat()]
                                       for d, (o, c) in sorted(table.items())]), encoding="utf-8")
            os.replace(tmp, path)
        except OSError:
            pass
    _TABLES[key] = table
    return table


def sessions_between(start: dt.date, end: dt.date) -> list[Session]:
    """Every KRX session with start <= day <= end, oldest first."""
    if end < start:
        return []
    # A bounded span with a year of margin: the default span would depend on today's date.
    table = _sessions_table(start.year - 1, end.year + 1)
    return [Session(day=d, open=table[d][0], close=table[d][1]) for d in sorted(table) if start <= d <= end]


def session_on(day: dt.date) -> Session | None:
    """D's session, or None when D is not a trading day."""
    found = sessions_between(day, day)
    return found[0] if found else None


def sessions_ending_on_or_before(day: dt.date, count: int) -> list[Session]:
    """The `count` sessions ending on or before `day`, oldest first (reaches back over holidays)."""
    span = dt.timedelta(days=max(14, count * 3))
    while True:
        found = sessions_between(day - span, day)
        if len(found) >= count:
            return found[-count:]
        span *= 2


def trading_days_after(day: dt.date, count: int) -> dt.date:
    """The session that is `count` sessions after `day` (due dates counted in trading days)."""
    span = dt.timedelta(days=max(14, count * 3))
    while True:
        found = [s for s in sessions_between(day + dt.timedelta(days=1), day + span)]
        if len(found) >= count:
            return found[count - 1].day
        span *= 2
