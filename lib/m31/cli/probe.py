"""m31 probe: the intraday SLO probe, once or every N seconds."""
from __future__ import annotations

import json
import os
import sys

from ..errors import InputError
from .common import EXIT_OK, EXIT_RED, add_input_arguments, add_notify_arguments, guard, input_paths, parser
from .daily import resolve_as_of

HELP = "intraday SLO probe (see m31 probe --help)"
EXAMPLE = """examples:
  m31 probe --event-log-path data/logs/events.jsonl --watch 30
  m31 probe (the daily input flags) --day 2026-01-07 --as-of 11:15 --json

exit status: 0 no SEV-1; 1 a SEV-1 condition or incident exists (drive an alert with it);
2 unusable input."""


def build_parser(prog: str = "m31 probe"):
    p = parser(prog, "Intraday SLO probe: availability and error budget so far and projected to the close, "
               "latency p95 so far, the safety floor, open incidents with missing actions, unresolved alerts.",
               EXAMPLE)
    add_input_arguments(p)
    p.set_defaults(day=os.environ.get("METRICS_DAY"))
    p.add_argument("--watch", type=float, default=None, metavar="N", help="refresh every N seconds")
    add_notify_arguments(p)
    return p


def run(args) -> int:
    import time

    from ..checks.probe import render
    from ..clock import now_kst
    from ..entrypoints import notify_probe, probe_day
    from ..timefmt import parse_day

    if not args.event_log_path:
        raise InputError("--event-log-path", "required (or set EVENT_LOG_PATH)")
    while True:
        day = parse_day(args.day) if args.day else now_kst().date()
        as_of = resolve_as_of(args.as_of, day)
        if args.no_notify:
            p = probe_day(input_paths(args), day, as_of)
        else:
            p, _ = notify_probe(input_paths(args), day, as_of, args.notify_config)
        if args.json:
            print(json.dumps(p, ensure_ascii=False))
        else:
            if args.watch and sys.stdout.isatty():
                sys.stdout.write("\033[2J\033[H")
            sys.stdout.write(render(p))
        sys.stdout.flush()
        if p["sev1"] or not args.watch:
            return EXIT_RED if p["sev1"] else EXIT_OK
        time.sleep(args.watch)


def main(argv=None, prog: str = "m31 probe") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
