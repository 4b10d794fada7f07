"""KST time helpers: every timestamp inside the workbook is a naive KST wall-clock time."""
from __future__ import annotations

import datetime as dt
import re

KST = dt.timezone(dt.timedelta(hours=9), "KST")
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def parse_day(text: str, source: str = "--day") -> dt.date:
    """A review day, YYYY-MM-DD, strictly (no paths, no impossible dates)."""
    from .errors import InputError

    if not isinstance(text, str) or not DAY_RE.match(text):
        raise InputError(source, f"not a day in YYYY-MM-DD form: {text!r}")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(source, f"no such calendar day: {text!r}") from None


def to_kst_naive(value: dt.datetime) -> dt.datetime:
    """An aware datetime as naive KST wall-clock time (KST has no DST)."""
    return value.astimezone(KST).replace(tzinfo=None)


def rfc3339(value: dt.datetime | None) -> str | None:
    """Naive KST (or aware) datetime -> RFC 3339 with +09:00, milliseconds only when present."""
    if value is None:
        return None
    if value.tzinfo is not None:
        value = to_kst_naive(value)
    if value.microsecond == 0:
        body = value.strftime("%Y-%m-%dT%H:%M:%S")
    elif value.microsecond % 1000 == 0:
        body = value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}"
    else:
        body = value.strftime("%Y-%m-%dT%H:%M:%S.%f")
    return body + "+09:00"


def day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """[start, end) of a KST calendar day as naive KST datetimes."""
    start = dt.datetime.combine(day, dt.time())
    return start, start + dt.timedelta(days=1)


_CLOCK = re.compile(r"^(\d{2}):(\d{2})(?::(\d{2}))?$")


def parse_as_of(text: str, day, source: str = "--as-of") -> dt.datetime:
    """An intraday "as of" time: HH:MM[:SS] in KST on `day`, or RFC 3339 with an offset."""
    from .errors import InputError

    if isinstance(day, str):
        day = parse_day(day)
    m = _CLOCK.match(text or "")
    if m:
        try:
            return dt.datetime.combine(day, dt.time(int(m[1]), int(m[2]), int(m[3] or 0)))
        except ValueError:
            raise InputError(source, f"no such time of day: {text!r}") from None
    return parse_instant(text, source, expected="HH:MM[:SS] or an RFC 3339 time")


def parse_instant(text: str, source: str, expected: str = "an RFC 3339 time") -> dt.datetime:
    """An instant given by a person (a flag, M31_NOW): RFC 3339 with an offset, as naive KST."""
    from .errors import InputError

    try:
        value = dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise InputError(source, f"not {expected}: {text!r}") from None
    if value.tzinfo is None:
        raise InputError(source, f"an RFC 3339 time needs its offset: {text!r}")
    return to_kst_naive(value)
