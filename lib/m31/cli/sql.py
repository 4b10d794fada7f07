"""m31 sql: ad-hoc DuckDB SQL over the workbench of a report folder (read-only)."""
from __future__ import annotations

import sys

from ..errors import InputError
from .common import EXIT_OK, default_report_dir, guard, parser

HELP = "ad-hoc DuckDB SQL over the reviewed days (see m31 sql --help)"
EXAMPLE = """examples:
  m31 sql "SELECT day, status, availability, p95_ms FROM daily_slo ORDER BY day"
  m31 sql --format csv "SELECT review_day, failure_class, count(*) AS bad_cycles
                        FROM bad_slots GROUP BY ALL ORDER BY ALL"
  m31 sql --tables

Tables and their columns: docs/workbench.md. The connection is read-only."""


def build_parser(prog: str = "m31 sql"):
    p = parser(prog, "Ad-hoc DuckDB SQL over the workbench of a report folder: the derived tables of every "
               "reviewed day (slots, bad_slots, conditions, day_incidents, ...), the day-by-day SLO table and the "
               "typed events.", EXAMPLE)
    p.add_argument("query", nargs="?", help="one SQL statement")
    p.add_argument("--report-dir", default=default_report_dir(), help="report folder (default %(default)s)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--max-width", type=int, default=40, help="widest column in table output (default 40)")
    p.add_argument("--tables", action="store_true", help="list the tables and views with their columns")
    return p


def run(args) -> int:
    import duckdb

    from ..reports.sqlformat import render
    from ..reports.workbench import connect

    con = connect(args.report_dir)
    if args.tables:
        query = ("SELECT table_name, string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) "
                 "AS columns FROM information_schema.columns GROUP BY table_name ORDER BY table_name")
    elif args.query:
        query = args.query
    else:
        raise InputError("m31 sql", "give a query, or --tables (see m31 sql --help)")
    try:
        cur = con.execute(query)
    except duckdb.Error as exc:
        raise InputError("query", str(exc).splitlines()[0]) from None
    if cur.description is None:
        return EXIT_OK
    names = [d[0] for d in cur.description]
    sys.stdout.write(render(names, cur.fetchall(), args.format, args.max_width))
    return EXIT_OK


def main(argv=None, prog: str = "m31 sql") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
