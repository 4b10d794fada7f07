"""The workbook's one "now": every reading of the wall clock goes through now_kst().

It is the machine's clock in KST, or the instant in M31_NOW (RFC 3339 with an offset) when that
is set: a rehearsal of a past session, or a test that runs a command in another process.
In-process tests pin it with time-machine, which moves datetime.now() itself."""
from __future__ import annotations

import datetime as dt
import os

from .timefmt import KST, to_kst_naive

ENV = "M31_NOW"


def now_kst() -> dt.datetime:
    """Now, as naive KST wall-clock time."""
    pinned = os.environ.get(ENV, "").strip()
    if pinned:
        return _pinned(pinned)
    return dt.datetime.now(KST).replace(tzinfo=None)


def _pinned(text: str) -> dt.datetime:
    from .errors import InputError

    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InputError(ENV, f"not an RFC 3339 time: {text!r}") from None
    if value.tzinfo is None:
        raise InputError(ENV, f"an RFC 3339 time needs its offset: {text!r}")
    return to_kst_naive(value)
