"""The `m31` command and the seed's scripts: argument parsing, exit codes, one-line errors."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path

from .errors import InputError

EXIT_OK, EXIT_RED, EXIT_UNUSABLE = 0, 1, 2

DAILY_EXAMPLE = """example:
  python scripts/run_m31_slo_incident_review_check.py \\
    --event-log-path data/sample/logs/events.jsonl \\
    --policy-report-dir data/sample/reports/m30_post_golive \\
    --signoff-report-dir data/sample/reports/m30_golive \\
    --report-dir reports/m31_slo_incident --oncall data/sample/oncall.toml \\
    --day 2026-01-22 --json

exit status: 0 written, green or yellow; 1 written, red; 2 nothing written (unusable input)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # bad arguments: one line, exit 2 (the contract's status)
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_UNUSABLE)


def add_daily_arguments(p: argparse.ArgumentParser) -> None:
    env = os.environ
    p.add_argument("--event-log-path", default=env.get("EVENT_LOG_PATH"),
                   help="event log file or glob of rotated logs (default $EVENT_LOG_PATH)")
    p.add_argument("--policy-report-dir", default="reports/m30_post_golive",
                   help="folder of m30_post_golive_policy_<day>.json (default %(default)s)")
    p.add_argument("--signoff-report-dir", default="reports/m30_golive",
                   help="folder of m30_final_golive_signoff_<day>.json (default %(default)s)")
    p.add_argument("--report-dir", default=_default_report_dir(),
                   help="where artifacts are written (default $REPORT_DIR/m31_slo_incident or %(default)s)")
    p.add_argument("--day", default=env.get("METRICS_DAY"),
                   help="review day YYYY-MM-DD in KST (default $METRICS_DAY)")
    p.add_argument("--oncall", default=None, help="on-call roster TOML (default config/oncall.toml)")
    p.add_argument("--policy", default=None, help="policy TOML (default config/policy.toml)")
    p.add_argument("--json", action="store_true", help="print the JSON artifact on stdout")


def _default_report_dir() -> str:
    base = os.environ.get("REPORT_DIR")
    return str(Path(base) / "m31_slo_incident") if base else "reports/m31_slo_incident"


def daily_parser(prog: str = "m31 daily") -> argparse.ArgumentParser:
    p = _Parser(prog=prog, description="Run the M31 daily SLO and incident check for one day: "
                "executes notebooks/daily.ipynb with papermill and writes "
                "m31_slo_incident_<day>.json/.md/.html beside the executed notebook.",
                epilog=DAILY_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_daily_arguments(p)
    return p


def run_daily_args(args) -> dict:
    """Validate everything first (nothing is written on unusable input), then run."""
    from .artifacts import daily_stem
    from .daily import DailyInputs
    from .execute import execute
    from .ingest import resolve_log_paths
    from .timefmt import parse_day

    if not args.event_log_path:
        raise InputError("--event-log-path", "required (or set EVENT_LOG_PATH)")
    if not args.day:
        raise InputError("--day", "required (or set METRICS_DAY)")
    day = parse_day(args.day)
    DailyInputs(day=day, event_log_path=args.event_log_path, policy_report_dir=args.policy_report_dir,
                signoff_report_dir=args.signoff_report_dir, oncall_path=args.oncall, policy_path=args.policy)
    resolve_log_paths(args.event_log_path)
    artifact, _ = execute("daily.ipynb", {
        "day": day.isoformat(), "event_log_path": args.event_log_path,
        "policy_report_dir": args.policy_report_dir, "signoff_report_dir": args.signoff_report_dir,
        "oncall_path": args.oncall, "policy_path": args.policy,
    }, args.report_dir, daily_stem(day.isoformat()))
    return artifact


def daily_main(argv=None, prog: str = "m31 daily") -> int:
    args = daily_parser(prog).parse_args(argv)
    artifact = _guard(run_daily_args, args)
    if isinstance(artifact, int):
        return artifact
    if args.json:
        from .artifacts import to_json
        sys.stdout.write(to_json(artifact))
    return EXIT_RED if artifact["status"] == "red" else EXIT_OK


def _guard(fn, *a):
    """Run fn; unusable input and unexpected failures become one line on stderr and exit 2."""
    try:
        return fn(*a)
    except InputError as exc:
        print(f"m31: error: {exc}", file=sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        print("m31: interrupted; nothing was published", file=sys.stderr)
        return EXIT_UNUSABLE
    except Exception as exc:  # a bug: still one line, never a half-written artifact
        if os.environ.get("M31_DEBUG"):
            raise
        first = str(exc).splitlines()[0] if str(exc) else ""
        print(f"m31: error: {type(exc).__name__}: {first} (set M31_DEBUG=1 for details)", file=sys.stderr)
        return EXIT_UNUSABLE


def _simulate(args) -> int:
    from .simulate import write_sample

    meta = write_sample(args.out, seed=args.seed, events_per_day=args.events_per_day,
                        start=dt.date.fromisoformat(args.start), end=dt.date.fromisoformat(args.end),
                        progress=True)
    print(f"wrote {meta['events']:,} events over {meta['sessions']} sessions to {args.out}/logs/events.jsonl "
          f"(+ corrupted copy of {meta['bad_file_day']}, M30 artifacts, oncall.toml, scenarios.json)")
    return EXIT_OK


def _ingest(args) -> int:
    from . import db
    from .ingest import day_counts, ingest, ledger

    con = db.connect()
    ingest(con, args.event_log_path)
    q = ledger(con)
    if args.json:
        print(json.dumps({"days": [{**d, "day": d["day"].isoformat()} for d in day_counts(con)],
                          "input_quality": q}, indent=2))
        return EXIT_OK
    print(f"{'day (KST)':<12}{'events':>9}{'cycles':>8}{'orders':>8}{'alerts':>8}{'incid.':>8}{'interv.':>8}")
    for d in day_counts(con):
        print(f"{d['day'].isoformat():<12}{d['events']:>9}{d['cycles']:>8}{d['orders']:>8}"
              f"{d['alerts']:>8}{d['incidents']:>8}{d['interventions']:>8}")
    print("\ninput quality: " + ", ".join(f"{k} {q[k]}" for k in (
        "lines", "events", "blank", "malformed", "truncated_tail", "replayed", "unknown_event_types")))
    for e in q["examples"]:
        print(f"  malformed line {e['line']}{' of ' + e['file'] if 'file' in e else ''}: {e['reason']}")
    for e in q["truncated_tails"]:
        print(f"  truncated tail at line {e['line']}{' of ' + e['file'] if 'file' in e else ''}")
    return EXIT_OK


def _demo(args) -> int:
    from concurrent.futures import ThreadPoolExecutor

    from .calendar import sessions_between
    from .simulate import END, START

    sample = Path(args.sample_dir)
    if not (sample / "scenarios.json").exists():
        _simulate(argparse.Namespace(out=str(sample), seed=31, events_per_day=5000,
                                     start=START.isoformat(), end=END.isoformat()))
    print(f"ingest summary of {sample}/logs/events.jsonl:")
    _ingest(argparse.Namespace(event_log_path=str(sample / "logs" / "events.jsonl"), json=False))
    print(f"\nthe same ledger on the corrupted copy (malformed lines, replays, a torn tail):")
    _ingest(argparse.Namespace(event_log_path=str(sample / "logs" / "events-corrupt-*.jsonl"), json=False))
    report_dir = Path(args.report_dir) / "m31_slo_incident"
    days = [s.day for s in sessions_between(START, END)]
    print(f"\ndaily check for {len(days)} sessions ({days[0]} .. {days[-1]}) -> {report_dir}/")
    print(f"{'day':<12}{'status':<8}{'availability':>14}{'p95 ms':>9}  {'safety floor':<14}incidents")

    def one(day):
        ns = argparse.Namespace(event_log_path=str(sample / "logs" / "events.jsonl"),
                                policy_report_dir=str(sample / "reports" / "m30_post_golive"),
                                signoff_report_dir=str(sample / "reports" / "m30_golive"),
                                report_dir=str(report_dir), day=day.isoformat(),
                                oncall=str(sample / "oncall.toml"), policy=None, json=False)
        return day, _guard(run_daily_args, ns)

    worst = EXIT_OK
    with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
        for day, a in pool.map(one, days):
            if isinstance(a, int):
                print(f"{day}  failed (see the error above)")
                worst = EXIT_UNUSABLE
                continue
            av, lat, sf = a["slo"]["availability"], a["slo"]["latency"], a["slo"]["safety_floor"]
            avail = f"{av['successful']}/{av['scheduled']}" if av["scheduled"] is not None else "-"
            p95 = f"{lat['p95_ms']:.1f}" if lat["p95_ms"] is not None else "-"
            floor = f"{sf['duplicate_execution']}/{sf['guard_precedence_violation']}/{sf['mode_leakage']}"
            incs = ", ".join(f"{i['incident_id']} {i['severity']}" for i in a["incidents"]) or "-"
            print(f"{day.isoformat():<12}{a['status']:<8}{avail:>14}{p95:>9}  {floor:<14}{incs}")
    print(f"\nreports: {report_dir}/m31_slo_incident_<day>.md (.json, .html, executed .ipynb, charts)")
    return worst


def main(argv=None) -> int:
    parser = _Parser(prog="m31", description="M31 SLO and incident review workbook.",
                     epilog="example: m31 demo   |   m31 daily --help")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("daily", help="run the daily check (see m31 daily --help)", add_help=False)
    s = sub.add_parser("simulate", help="write the deterministic sample month",
                       epilog="example: m31 simulate --out data/sample --events-per-day 100000")
    s.add_argument("--out", default="data/sample")
    s.add_argument("--seed", type=int, default=31)
    s.add_argument("--events-per-day", type=int, default=5000)
    s.add_argument("--start", default="2026-01-02")
    s.add_argument("--end", default="2026-02-27")
    i = sub.add_parser("ingest", help="ingest summary: events per KST day and the input-quality ledger",
                       epilog="example: m31 ingest --event-log-path 'data/sample/logs/*.jsonl'")
    i.add_argument("--event-log-path", required=True)
    i.add_argument("--json", action="store_true")
    d = sub.add_parser("demo", help="sample month end to end: simulate, ingest summary, daily checks",
                       epilog="example: m31 demo --sample-dir data/sample --report-dir reports")
    d.add_argument("--sample-dir", default="data/sample")
    d.add_argument("--report-dir", default="reports")
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "daily":
        return daily_main(argv[1:])
    args = parser.parse_args(argv)
    handler = {"simulate": _simulate, "ingest": _ingest, "demo": _demo}[args.command]
    result = _guard(handler, args)
    return result if isinstance(result, int) else EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
