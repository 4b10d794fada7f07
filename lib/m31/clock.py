"""The workbook's one "now": every reading of the wall clock goes through now_kst().

It is the machine's clock in KST, or the instant in M31_NOW (RFC 3339 with an offset) when that
is set: a rehearsal of a past session, or a test that runs a command in another process.
In-process tests pin it with time-machine, which moves datetime.now() itself."""
from __future__ import annotations

import datetime as dt
import os

from .timefmt import KST, parse_instant

ENV = "M31_NOW"


def now_kst() -> dt.datetime:
    """Now, as naive KST wall-clock time."""
    pinned = os.environ.get(ENV, "").strip()
    if pinned:
        return parse_instant(pinned, ENV)
    return dt.datetime.now(KST).replace(tzinfo=None)
