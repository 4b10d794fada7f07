"""Reference tables the daily SQL joins: policy ladder and catalogs, roster, KRX sessions."""
from __future__ import annotations

import datetime as dt

import duckdb

from .calendar import sessions_between
from .inputs import Roster
from .policy import Policy


def load_reference_tables(con: duckdb.DuckDBPyConnection, policy: Policy, roster: Roster,
                          first_day: dt.date, last_day: dt.date) -> None:
    con.execute("CREATE OR REPLACE TABLE severity_rank (severity VARCHAR, rank INTEGER)")
    con.executemany("INSERT INTO severity_rank VALUES (?, ?)",
                    [(s, i) for i, s in enumerate(policy.ladder)])
    con.execute("CREATE OR REPLACE TABLE condition_classes (failure_class VARCHAR, severity VARCHAR)")
    con.executemany("INSERT INTO condition_classes VALUES (?, ?)",
                    sorted(policy.condition_severity.items()))
    con.execute("""CREATE OR REPLACE TABLE required_actions
                   (severity VARCHAR, action VARCHAR, ordinal INTEGER, before_session_close BOOLEAN)""")
    con.executemany("INSERT INTO required_actions VALUES (?, ?, ?, ?)", [
        (sev, action, i, action in policy.before_session_close.get(sev, ()))
        for sev, actions in policy.required_actions.items() for i, action in enumerate(actions)])
    con.execute("CREATE OR REPLACE TABLE escalation (severity VARCHAR, role VARCHAR, ordinal INTEGER)")
    con.executemany("INSERT INTO escalation VALUES (?, ?, ?)", [
        (sev, role, i) for sev, roles in policy.escalation.items() for i, role in enumerate(roles)])
    con.execute("CREATE OR REPLACE TABLE reason_codes (code VARCHAR)")
    con.executemany("INSERT INTO reason_codes VALUES (?)", [(c,) for c in policy.reason_codes])
    con.execute("""CREATE OR REPLACE TABLE roster
                   (start TIMESTAMP, primary_name VARCHAR, secondary_name VARCHAR)""")
    con.executemany("INSERT INTO roster VALUES (?, ?, ?)",
                    [(r.start, r.primary, r.secondary) for r in roster.rotations])
    con.execute("CREATE OR REPLACE TABLE sessions (day DATE, open TIMESTAMP, close TIMESTAMP)")
    con.executemany("INSERT INTO sessions VALUES (?, ?, ?)",
                    [(s.day, s.open, s.close) for s in sessions_between(first_day, last_day)])
