"""m31 validate: the event log against the published event schemas, for the runtime's CI."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..errors import InputError
from .common import EXIT_OK, EXIT_RED, guard, parser

HELP = "check an event log, or artifacts, against the published schemas (see m31 validate --help)"
EXAMPLE = """examples:
  m31 validate --event-log-path data/logs/events.jsonl
  m31 validate --event-log-path 'data/logs/events-*.jsonl' --json
  m31 validate --artifacts reports/          # every m31 artifact in the folder, against schemas/artifacts/

Each problem is one line: file:line: kind field: expected ..., got .... Kinds: malformed,
truncated_tail, replay, unknown_event_type, field (missing, of the wrong type, or not one of
the allowed values). The schemas are schemas/events/*.schema.json.
With --artifacts, each problem is file: $.path: what is wrong, against the schema that the
artifact's schema_version names (schemas/artifacts/).
exit status: 0 clean; 1 not; 2 unusable input (no such log, no artifact found)."""


def build_parser(prog: str = "m31 validate"):
    p = parser(prog, "Check every line of an event log against the event schemas: malformed lines, unknown event "
               "types, missing fields, fields of the wrong type. Reads the log with the daily check's own ingest. "
               "Or check the workbook's artifacts against their schemas (--artifacts).",
               EXAMPLE)
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--event-log-path", help="a file or a glob of rotated logs")
    what.add_argument("--artifacts", nargs="+", metavar="PATH",
                      help="artifact files, or folders to search for them (daily, weekly, decisions, history)")
    p.add_argument("--json", action="store_true", help="print the problems as a JSON list")
    return p


def run(args) -> int:
    from ..entrypoints import validate_log

    if args.artifacts:
        return _artifacts(args)
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


def _artifacts(args) -> int:
    from ..schemas import check_files

    for path in args.artifacts:
        if not Path(path).exists():
            raise InputError(path, "no such file or folder")
    checked, found = check_files(args.artifacts)
    if not checked:
        raise InputError(" ".join(args.artifacts), "no m31 artifact found")
    if args.json:
        print(json.dumps(found, ensure_ascii=False))
    else:
        for p in found:
            print(f"{p['file']}: {p['where']}: {_clean(p['message'])}")
    print(f"{checked} artifact(s), {len(found)} problem(s)", file=sys.stderr)
    return EXIT_RED if found else EXIT_OK


def _clean(value) -> str:
    return "".join(ch for ch in str(value) if ch.isprintable())[:120]


def main(argv=None, prog: str = "m31 validate") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
