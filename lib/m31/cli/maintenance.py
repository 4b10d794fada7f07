"""m31 maintenance: declare a planned-maintenance window ahead (an event in the operator log),
and list the windows a day's check sees (contract 1.1 section 8)."""
from __future__ import annotations

import json
import os
import sys

from .common import EXIT_OK, EXIT_UNUSABLE, Parser, add_input_arguments, guard, input_paths, parser
from .daily import day_and_as_of
from .operator import add_log_arguments, record

HELP = "declare planned maintenance, or list a day's windows (see m31 maintenance --help)"
EXAMPLE = """examples:
  m31 maintenance declare --start 2026-02-24T12:00:00+09:00 --end 2026-02-24T12:30:00+09:00 \\
    --reason-code PLANNED_MAINTENANCE --operator park.seoyeon --note 'broker API upgrade'
  m31 maintenance list --event-log-path data/logs/events.jsonl --day 2026-02-24

A window excludes the slots that start in [start, end) and at or after its declaration: declare
it before it begins. Declared after the fact, it excludes only the slots still to come."""


def build_parser(prog: str = "m31 maintenance"):
    p = parser(prog, "Planned maintenance: declare a window ahead, so its slots do not burn the error budget, "
               "or list the windows a day's check sees and what each excluded.", EXAMPLE)
    sub = p.add_subparsers(dest="verb", required=True, parser_class=Parser)
    d = sub.add_parser("declare", help="append a maintenance event to the operator log")
    d.add_argument("--start", required=True, help="RFC 3339 with an offset (first slot start excluded)")
    d.add_argument("--end", required=True, help="RFC 3339 with an offset (slots from here on count again)")
    d.add_argument("--reason-code", required=True, help="PLANNED_MAINTENANCE (the only code that excludes slots)")
    d.add_argument("--operator", required=True)
    d.add_argument("--note")
    d.add_argument("--maintenance-id", help="default MW-<start day>-<random>")
    add_log_arguments(d)
    ls = sub.add_parser("list", help="the windows the check of --day sees")
    add_input_arguments(ls)
    ls.set_defaults(day=os.environ.get("METRICS_DAY"))
    return p


def run(args) -> int:
    if args.verb == "declare":
        from .. import operator_log

        ev_holder = {}

        def make(policy):
            ev_holder["ev"] = operator_log.maintenance(policy, args.start, args.end, args.reason_code, args.operator,
                                                       args.note, args.maintenance_id)
            return ev_holder["ev"]
        done = record(args, make)
        ev = ev_holder["ev"]
        if ev["start"] < ev["ts"]:
            print(f"note: the window began before this declaration ({ev['ts']}): slots that started earlier "
                  "still count; only the later ones are excluded", file=sys.stderr)
        return done
    return _list(args)


def _list(args) -> int:
    from ..entrypoints import maintenance_of_day
    from ..reports.markdown import correction_effect, text

    day, as_of = day_and_as_of(args)
    rows = maintenance_of_day(input_paths(args), day, as_of)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))
        return EXIT_OK
    if not rows:
        print(f"no maintenance window seen for {day}")
    for c in rows:
        effect = correction_effect(c)
        print(" ".join(text(v, 80).replace("\\", "") for v in (
            c["maintenance_id"], c["start"], c["end"], c["reason_code"], c["operator"])) + f" — {effect}")
    return EXIT_OK


def main(argv=None, prog: str = "m31 maintenance") -> int:
    args = build_parser(prog).parse_args(argv)
    return guard(run, args) if args.verb else EXIT_UNUSABLE
