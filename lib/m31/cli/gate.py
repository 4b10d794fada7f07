"""m31 gate: the error-budget policy for a release pipeline (contract 1.1 section 8)."""
from __future__ import annotations

import json
import os

from .common import EXIT_OK, EXIT_RED, add_input_arguments, guard, input_paths, parser
from .daily import day_and_as_of

HELP = "may we release? the error-budget policy of a day (see m31 gate --help)"
EXAMPLE = """examples:
  m31 gate --event-log-path data/logs/events.jsonl            # today, as of now
  m31 gate (the daily input flags) --day 2026-01-07 --json

exit status: 0 normal (releases may go on); 1 freeze (the rolling window's error budget is
spent: releases of the runtime and its strategies stop, fixes go on); 2 unusable input."""


def build_parser(prog: str = "m31 gate"):
    p = parser(prog, "Print the error-budget policy state of a day (normal or freeze) with the rolling window's "
               "figures, and exit 0 (normal) or 1 (freeze), so a release pipeline can call it.", EXAMPLE)
    add_input_arguments(p)
    p.set_defaults(day=os.environ.get("METRICS_DAY"))
    return p


def run(args) -> int:
    from ..entrypoints import budget_gate

    g = budget_gate(input_paths(args), *day_and_as_of(args))
    if args.json:
        print(json.dumps(g, ensure_ascii=False))
    else:
        when = f" as of {g['as_of'][11:19]} KST" if g["as_of"] else ""
        print(f"m31 gate {g['day']}{when}: {g['state'].upper()}: {g['reason']}")
    return EXIT_RED if g["state"] == "freeze" else EXIT_OK


def main(argv=None, prog: str = "m31 gate") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
