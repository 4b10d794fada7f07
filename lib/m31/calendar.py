"""KRX trading sessions (exchange_calendars XKRX) and their scheduled run-cycle slots."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

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


_BUILT: list = []


def _calendar_for(start: dt.date, end: dt.date):
    """A cached XKRX calendar covering [start, end]; building one takes seconds, so reuse."""
    import exchange_calendars as xcals

    for cal in _BUILT:
        if cal.first_session.date() <= start and end <= cal.last_session.date():
            return cal
    # Bounded range with a year of margin: the default span would depend on today's date.
    cal = xcals.get_calendar("XKRX", start=f"{start.year - 1}-01-01", end=f"{end.year + 1}-12-31")
    _BUILT.append(cal)
    return cal


def sessions_between(start: dt.date, end: dt.date) -> list[Session]:
    """Every KRX session with start <= day <= end, oldest first."""
    if end < start:
        return []
    cal = _calendar_for(start, end)
    out = []
    for label in cal.sessions_in_range(start.isoformat(), end.isoformat()):
        out.append(Session(
            day=label.date(),
            open=to_kst_naive(cal.session_open(label).to_pydatetime()),
            close=to_kst_naive(cal.session_close(label).to_pydatetime()),
        ))
    return out


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
