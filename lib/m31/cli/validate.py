"""m31 validate: the event log against the published event schemas, for the runtime's CI."""
from __future__ import annotations

import json
import sys

from ..errors import InputError
from .common import EXIT_OK, EXIT_RED, guard, parser

HELP = "check an event log against the event schemas (see m31 validate --help)"
EXAMPLE = """examples:
  m31 validate --event-log-path data/logs/events.jsonl
  m31 validate --event-log-path 'data/logs/events-*.jsonl' --json

Each problem is one line: file:line: kind field: expected ..., got .... Kinds: malformed,
truncated_tail, replay, unknown_event_type, field (missing, of the wrong type, or not one of
the allowed values). The schemas are schemas/events/*.schema.json.
exit status: 0 the log is clean; 1 it is not; 2 unusable input (no such log)."""


def build_parser(prog: str = "m31 validate"):
    p = parser(prog, "Check every line of an event log against the event schemas: malformed lines, unknown event "
               "types, missing fields, fields of the wrong type. Reads the log with the daily check's own ingest.",
               EXAMPLE)
    p.add_argument("--event-log-path", required=True, help="a file or a glob of rotated logs")
    p.add_argument("--json", action="store_true", help="print the problems as a JSON list")
    return p


def run(args) -> int:
    from ..entrypoints import validate_log

    if not args.event_log_path:
        raise InputError("--event-log-path", "required")
    found, quality = validate_log(args.event_log_path)
    if args.json:
        print(json.dumps(found, ensure_ascii=False))
    else:
        for p in found:
            field = f" {p['field']}" if p["field"] else ""
            expected = f"expected {p['expected']}, got " if p["expected"] else ""
            print(f"{p['file']}:{p['line']}: {p['kind']}{field}: {expected}{_clean(p['got'])}")
    print(f"{quality['lines']} lines, {quality['events']} events, {len(found)} problem(s)", file=sys.stderr)
    return EXIT_RED if found else EXIT_OK


def _clean(value) -> str:
    return "".join(ch for ch in str(value) if ch.isprintable())[:120]


def main(argv=None, prog: str = "m31 validate") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
