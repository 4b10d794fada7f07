"""m31 ingest: accepted events per KST day and type, and the input-quality ledger of a log."""
from __future__ import annotations

import json

from .common import EXIT_OK, guard, parser

HELP = "ingest summary: events per KST day and the input-quality ledger"


def build_parser(prog: str = "m31 ingest"):
    p = parser(prog, "Ingest summary: accepted events per KST day and type, and the input-quality ledger.",
               "example: m31 ingest --event-log-path 'data/sample/logs/*.jsonl'")
    p.add_argument("--event-log-path", required=True)
    p.add_argument("--json", action="store_true")
    p.add_argument("--direct", action="store_true",
                   help="read the whole log over a fresh, temporary store instead of the event cache")
    return p


def summary(event_log_path: str, as_json: bool = False, direct: bool = False) -> int:
    from ..entrypoints import ingest_summary

    counts, q = ingest_summary(event_log_path, direct=direct)
    if as_json:
        print(json.dumps({"days": [{**d, "day": d["day"].isoformat()} for d in counts],
                          "input_quality": q}, indent=2))
        return EXIT_OK
    print(f"{'day (KST)':<12}{'events':>9}{'cycles':>8}{'orders':>8}{'alerts':>8}{'incid.':>8}{'interv.':>8}")
    for d in counts:
        print(f"{d['day'].isoformat():<12}{d['events']:>9}{d['cycles']:>8}{d['orders']:>8}"
              f"{d['alerts']:>8}{d['incidents']:>8}{d['interventions']:>8}")
    print("\ninput quality: " + ", ".join(f"{k} {q[k]}" for k in (
        "lines", "events", "blank", "malformed", "truncated_tail", "replayed", "unknown_event_types")))
    for e in q["examples"]:
        print(f"  malformed line {e['line']}{' of ' + e['file'] if 'file' in e else ''}: {e['reason']}")
    for e in q["truncated_tails"]:
        print(f"  truncated tail at line {e['line']}{' of ' + e['file'] if 'file' in e else ''}")
    return EXIT_OK


def run(args) -> int:
    return summary(args.event_log_path, args.json, args.direct)


def main(argv=None, prog: str = "m31 ingest") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
