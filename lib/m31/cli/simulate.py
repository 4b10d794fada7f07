"""m31 simulate: write the deterministic sample month."""
from __future__ import annotations

import datetime as dt

from .common import EXIT_OK, guard, parser

HELP = "write the deterministic sample month"


def build_parser(prog: str = "m31 simulate"):
    p = parser(prog, "Write the deterministic sample month: the event log (and a corrupted copy of one day), "
               "M30 artifacts, an on-call roster and scenarios.json.",
               "example: m31 simulate --out data/sample --events-per-day 100000")
    p.add_argument("--out", default="data/sample")
    p.add_argument("--seed", type=int, default=31)
    p.add_argument("--events-per-day", type=int, default=5000)
    p.add_argument("--start", default="2026-01-02")
    p.add_argument("--end", default="2026-02-27")
    return p


def simulate(out: str, seed: int = 31, events_per_day: int = 5000, start: str = "2026-01-02",
             end: str = "2026-02-27") -> int:
    from ..sample.simulate import write_sample

    meta = write_sample(out, seed=seed, events_per_day=events_per_day, start=dt.date.fromisoformat(start),
                        end=dt.date.fromisoformat(end), progress=True)
    print(f"wrote {meta['events']:,} events over {meta['sessions']} sessions to {out}/logs/events.jsonl "
          f"(+ corrupted copy of {meta['bad_file_day']}, M30 artifacts, oncall.toml, scenarios.json)")
    return EXIT_OK


def run(args) -> int:
    return simulate(args.out, args.seed, args.events_per_day, args.start, args.end)


def main(argv=None, prog: str = "m31 simulate") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
