"""Reference tables the daily SQL joins: policy ladder and catalogs, roster, KRX sessions."""
from __future__ import annotations

import datetime as dt

import duckdb

from .. import db
from ..calendar import sessions_between
from ..inputs import Roster
from ..policy import Policy


def load_reference_tables(con: duckdb.DuckDBPyConnection, policy: Policy, roster: Roster,
                          first_day: dt.date, last_day: dt.date) -> None:
    db.run(con, "reference_tables")
    con.executemany("INSERT INTO severity_rank VALUES (?, ?)",
                    [(s, i) for i, s in enumerate(policy.ladder)])
    con.executemany("INSERT INTO condition_classes VALUES (?, ?)",
                    sorted(policy.condition_severity.items()))
    con.executemany("INSERT INTO required_actions VALUES (?, ?, ?, ?)", [
        (sev, action, i, action in policy.before_session_close.get(sev, ()))
        for sev, actions in policy.required_actions.items() for i, action in enumerate(actions)])
    con.executemany("INSERT INTO escalation VALUES (?, ?, ?)", [
        (sev, role, i) for sev, roles in policy.escalation.items() for i, role in enumerate(roles)])
    con.executemany("INSERT INTO reason_codes VALUES (?)", [(c,) for c in policy.reason_codes])
    con.executemany("INSERT INTO roster VALUES (?, ?, ?)",
                    [(r.start, r.primary, r.secondary) for r in roster.rotations])
    con.executemany("INSERT INTO sessions VALUES (?, ?, ?)",
                    [(s.day, s.open, s.close) for s in sessions_between(first_day, last_day)])
