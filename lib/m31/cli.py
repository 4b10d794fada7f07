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


def add_daily_arguments(p: argparse.ArgumentParser, day_flag: bool = True) -> None:
    env = os.environ
    p.add_argument("--event-log-path", default=env.get("EVENT_LOG_PATH"),
                   help="event log file or glob of rotated logs (default $EVENT_LOG_PATH)")
    p.add_argument("--policy-report-dir", default="reports/m30_post_golive",
                   help="folder of m30_post_golive_policy_<day>.json (default %(default)s)")
    p.add_argument("--signoff-report-dir", default="reports/m30_golive",
                   help="folder of m30_final_golive_signoff_<day>.json (default %(default)s)")
    p.add_argument("--report-dir", default=_default_report_dir(),
                   help="where artifacts are written (default $REPORT_DIR/m31_slo_incident or %(default)s)")
    if day_flag:
        p.add_argument("--day", default=env.get("METRICS_DAY"),
                       help="review day YYYY-MM-DD in KST (default $METRICS_DAY)")
    p.add_argument("--oncall", default=None, help="on-call roster TOML (default config/oncall.toml)")
    p.add_argument("--policy", default=None, help="policy TOML (default config/policy.toml)")
    p.add_argument("--json", action="store_true", help="print the JSON artifact on stdout")
    if day_flag:
        p.add_argument("--as-of", default=None, metavar="TIME",
                       help="an intraday, provisional run as of HH:MM[:SS] KST (or RFC 3339); default: now "
                            "when --day is today and its session has not closed, else the final check")


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
    from .execute import Beside, Kernel, execute
    from .timefmt import parse_day

    if not args.event_log_path:
        raise InputError("--event-log-path", "required (or set EVENT_LOG_PATH)")
    if not args.day:
        raise InputError("--day", "required (or set METRICS_DAY)")
    day = parse_day(args.day)
    with Kernel(warm=("import m31.present", "m31.charts.warm()")) as kernel:  # it boots while the inputs are checked
        from .artifacts import daily_stem
        from .daily import DailyInputs
        from .ingest import resolve_log_paths

        inputs = DailyInputs(day=day, event_log_path=args.event_log_path, policy_report_dir=args.policy_report_dir,
                             signoff_report_dir=args.signoff_report_dir, oncall_path=args.oncall,
                             policy_path=args.policy, as_of=resolve_as_of(getattr(args, "as_of", None), day))
        resolve_log_paths(args.event_log_path)
        import duckdb  # noqa: F401  (imported here, not in the thread: see Beside)

        from .ingest import refresh
        warming = Beside(refresh, args.event_log_path)  # while the notebook starts
        artifact, _ = execute("daily.ipynb", {
            "day": day.isoformat(), "event_log_path": args.event_log_path,
            "policy_report_dir": args.policy_report_dir, "signoff_report_dir": args.signoff_report_dir,
            "oncall_path": args.oncall, "policy_path": args.policy,
            "as_of": inputs.as_of.isoformat() + "+09:00" if inputs.as_of else None,
        }, args.report_dir, daily_stem(day.isoformat(), inputs.as_of), kernel)
    warming.join()
    from .workbench import refresh_database
    refresh_database(args.report_dir)  # the ad-hoc views now include this day's tables
    return artifact


def resolve_as_of(text, day):
    """--as-of as given; by default now while D's session is still open today; else None (final)."""
    from .calendar import session_on
    from .clock import now_kst
    from .timefmt import parse_as_of

    if text:
        return parse_as_of(text, day)
    now = now_kst()
    session = session_on(day)
    if session and now.date() == day and now < session.close:
        return now.replace(microsecond=0)
    return None


def _artifact_main(parser: argparse.ArgumentParser, runner, argv) -> int:
    """Parse, run, print the artifact on --json; exit 0/1 by its status, 2 when unusable."""
    args = parser.parse_args(argv)
    artifact = _guard(runner, args)
    if isinstance(artifact, int):
        return artifact
    if args.json:
        from .artifacts import to_json
        sys.stdout.write(to_json(artifact))
    return EXIT_RED if artifact["status"] == "red" else EXIT_OK


def daily_main(argv=None, prog: str = "m31 daily") -> int:
    return _artifact_main(daily_parser(prog), run_daily_args, argv)


WEEKLY_EXAMPLE = """example:
  python scripts/run_m31_weekly_review.py \\
    --event-log-path data/sample/logs/events.jsonl \\
    --policy-report-dir data/sample/reports/m30_post_golive \\
    --signoff-report-dir data/sample/reports/m30_golive \\
    --report-dir reports/m31_slo_incident --oncall data/sample/oncall.toml \\
    --week-end 2026-02-20 --json

The window is the 5 KRX sessions ending on or before --week-end. Missing daily artifacts are
produced first. exit status: 0 written; 1 written and a day of the window is red; 2 nothing written."""


def weekly_parser(prog: str = "m31 weekly") -> argparse.ArgumentParser:
    p = _Parser(prog=prog, description="Run the M31 weekly incident review: reads (or produces) the window's "
                "daily artifacts, executes notebooks/weekly.ipynb and writes m31_weekly_review_<week_end>.json/.md/.html.",
                epilog=WEEKLY_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_daily_arguments(p, day_flag=False)
    p.add_argument("--week-end", default=None, help="last day of the review window, YYYY-MM-DD (KST)")
    return p


def _daily_namespace(args, day) -> argparse.Namespace:
    return argparse.Namespace(event_log_path=args.event_log_path, policy_report_dir=args.policy_report_dir,
                              signoff_report_dir=args.signoff_report_dir, report_dir=args.report_dir,
                              day=day.isoformat(), oncall=args.oncall, policy=args.policy, json=False)


def _window_inputs(args, start=None):
    from .ingest import resolve_log_paths
    from .weekly import WeeklyInputs, missing_days

    if not args.week_end:
        raise InputError("--week-end", "required")
    inputs = WeeklyInputs(week_end=args.week_end, report_dir=args.report_dir, oncall_path=args.oncall,
                          policy_path=args.policy, start=start)
    missing = missing_days(inputs)
    if missing:
        # Everything a daily run needs is checked before any of them runs.
        from .daily import DailyInputs
        if not args.event_log_path:
            raise InputError("--event-log-path", f"required to produce the daily artifacts of {missing[0]}")
        resolve_log_paths(args.event_log_path)
        for day in missing:
            DailyInputs(day=day, event_log_path=args.event_log_path, policy_report_dir=args.policy_report_dir,
                        signoff_report_dir=args.signoff_report_dir, oncall_path=args.oncall,
                        policy_path=args.policy)
    return inputs, missing


def _produce_dailies(args, missing) -> None:
    for day in missing:
        if sys.stderr.isatty():
            print(f"producing the daily artifact of {day} ...", file=sys.stderr)
        run_daily_args(_daily_namespace(args, day))


def run_weekly_args(args) -> dict:
    from .artifacts import weekly_stem
    from .execute import Kernel, execute

    with Kernel(warm=("import m31.present_weekly", "m31.charts.warm()")) as kernel:  # it boots while the window is checked
        inputs, missing = _window_inputs(args)
        _produce_dailies(args, missing)
        artifact, _ = execute("weekly.ipynb", {
            "week_end": inputs.week_end.isoformat(), "report_dir": args.report_dir,
            "event_log_path": None, "policy_report_dir": args.policy_report_dir,
            "signoff_report_dir": args.signoff_report_dir, "oncall_path": args.oncall, "policy_path": args.policy,
        }, args.report_dir, weekly_stem(inputs.week_end.isoformat()), kernel)
    return artifact


def weekly_main(argv=None, prog: str = "m31 weekly") -> int:
    return _artifact_main(weekly_parser(prog), run_weekly_args, argv)


def postmortem_parser(prog: str = "m31 postmortem") -> argparse.ArgumentParser:
    p = _Parser(prog=prog, description="Write postmortem drafts (reports/postmortems/<incident_id>.md) for every "
                "SEV-1 and SEV-2 incident of a window, or lint filled ones. A draft a person has edited is "
                "never overwritten.",
                epilog="examples:\n  m31 postmortem --week-end 2026-01-23 --event-log-path data/sample/logs/events.jsonl "
                       "--policy-report-dir data/sample/reports/m30_post_golive --signoff-report-dir "
                       "data/sample/reports/m30_golive --oncall data/sample/oncall.toml\n"
                       "  m31 postmortem --lint reports/postmortems/INC-20260121-01.md\n\n"
                       "exit status: 0 done / lint clean; 1 lint found problems; 2 unusable input.",
                formatter_class=argparse.RawDescriptionHelpFormatter)
    add_daily_arguments(p, day_flag=False)
    p.add_argument("--week-end", default=None, help="last day of the window, YYYY-MM-DD")
    p.add_argument("--start", default=None, help="first day of a custom window (default: the 5 sessions "
                   "ending on or before --week-end)")
    p.add_argument("--postmortem-dir", default=None,
                   help="where drafts go (default: postmortems/ beside the report folder)")
    p.add_argument("--lint", nargs="*", metavar="PATH", default=None,
                   help="check filled postmortems (default: every .md in the postmortem folder)")
    return p


def _postmortem_dir(args) -> Path:
    return Path(args.postmortem_dir) if args.postmortem_dir else Path(args.report_dir).parent / "postmortems"


def run_postmortem_args(args) -> int:
    from . import postmortem
    from .weekly import collect_dailies, postmortems_due, window_incidents

    folder = _postmortem_dir(args)
    if args.lint is not None:
        paths = [Path(p) for p in args.lint] or sorted(folder.glob("*.md"))
        if not paths:
            raise InputError(folder, "no postmortem to lint")
        for p in paths:
            if not p.is_file():
                raise InputError(p, "postmortem not found")
        problems = [msg for p in paths for msg in postmortem.lint(p)]
        for msg in problems:
            print(msg)
        print(f"{len(paths)} postmortem(s) checked, {len(problems)} problem(s)", file=sys.stderr)
        return EXIT_RED if problems else EXIT_OK
    inputs, missing = _window_inputs(args, start=args.start)
    _produce_dailies(args, missing)
    dailies, _ = collect_dailies(inputs)
    arts = [dailies[d] for d in inputs.days]
    incidents = window_incidents(arts)
    due = postmortems_due(inputs, incidents)
    for _, path, outcome in postmortem.write_drafts(incidents, due, args.report_dir, folder):
        note = " (edited by a person: left untouched)" if outcome == "kept" else ""
        print(f"{outcome:<10} {path}{note}")
    if not due:
        print(f"no SEV-1 or SEV-2 incident from {inputs.days[0]} to {inputs.days[-1]}")
    return EXIT_OK


SQL_EXAMPLE = """examples:
  m31 sql "SELECT day, status, availability, p95_ms FROM daily_slo ORDER BY day"
  m31 sql --format csv "SELECT review_day, failure_class, count(*) AS bad_cycles
                        FROM bad_slots GROUP BY ALL ORDER BY ALL"
  m31 sql --tables

Tables and their columns: docs/workbench.md. The connection is read-only."""


def sql_parser(prog: str = "m31 sql") -> argparse.ArgumentParser:
    p = _Parser(prog=prog, description="Ad-hoc DuckDB SQL over the workbench of a report folder: the derived "
                "tables of every reviewed day (slots, bad_slots, conditions, day_incidents, ...), the day-by-day "
                "SLO table and the typed events.", epilog=SQL_EXAMPLE,
                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("query", nargs="?", help="one SQL statement")
    p.add_argument("--report-dir", default=_default_report_dir(), help="report folder (default %(default)s)")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")
    p.add_argument("--max-width", type=int, default=40, help="widest column in table output (default 40)")
    p.add_argument("--tables", action="store_true", help="list the tables and views with their columns")
    return p


def run_sql_args(args) -> int:
    import duckdb

    from .sqlformat import render
    from .workbench import connect

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


PROBE_EXAMPLE = """examples:
  m31 probe --event-log-path data/logs/events.jsonl --watch 30
  m31 probe (the daily input flags) --day 2026-01-07 --as-of 11:15 --json

exit status: 0 no SEV-1; 1 a SEV-1 condition or incident exists (drive an alert with it);
2 unusable input."""


def probe_parser(prog: str = "m31 probe") -> argparse.ArgumentParser:
    p = _Parser(prog=prog, description="Intraday SLO probe: availability and error budget so far and projected "
                "to the close, latency p95 so far, the safety floor, open incidents with missing actions, "
                "unresolved alerts.", epilog=PROBE_EXAMPLE, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_daily_arguments(p)
    p.set_defaults(day=os.environ.get("METRICS_DAY"))
    p.add_argument("--watch", type=float, default=None, metavar="N", help="refresh every N seconds")
    return p


def run_probe_args(args) -> int:
    import time

    from .clock import now_kst
    from .daily import DailyInputs
    from .probe import probe, render
    from .timefmt import parse_day

    if not args.event_log_path:
        raise InputError("--event-log-path", "required (or set EVENT_LOG_PATH)")
    while True:
        day = parse_day(args.day) if args.day else now_kst().date()
        inputs = DailyInputs(day=day, event_log_path=args.event_log_path, policy_report_dir=args.policy_report_dir,
                             signoff_report_dir=args.signoff_report_dir, oncall_path=args.oncall,
                             policy_path=args.policy, as_of=resolve_as_of(args.as_of, day))
        p = probe(inputs)
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


def operator_parser(kind: str) -> argparse.ArgumentParser:
    from .operator_log import DEFAULT_OPERATOR_LOG

    if kind == "intervene":
        p = _Parser(prog="m31 intervene", description="Record an operator's decision as an intervention event in "
                    "the operator log (read by the daily check with the runtime's log).",
                    epilog="example:\n  m31 intervene --action escalate_primary --reason-code AVAIL_CYCLE_FAILURES "
                           "--operator park.seoyeon --incident-id INC-20260304-01 --note 'paged the broker desk'",
                    formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("--action", required=True)
        p.add_argument("--reason-code", required=True)
        p.add_argument("--operator", required=True)
        p.add_argument("--incident-id")
        p.add_argument("--note")
    else:
        p = _Parser(prog="m31 incident", description="Record an incident event (open, update, mitigate, resolve) "
                    "in the operator log.",
                    epilog="example:\n  m31 incident open --incident-id INC-20260304-01 --severity SEV-2 "
                           "--failure-class availability --summary 'scheduler stalled' --operator park.seoyeon",
                    formatter_class=argparse.RawDescriptionHelpFormatter)
        p.add_argument("verb", choices=("open", "update", "mitigate", "resolve"))
        p.add_argument("--incident-id", required=True)
        p.add_argument("--severity")
        p.add_argument("--failure-class")
        p.add_argument("--summary")
        p.add_argument("--operator")
        p.add_argument("--alert-id", action="append", dest="alert_ids")
        p.add_argument("--impacted-scope")
    p.add_argument("--log", default=DEFAULT_OPERATOR_LOG, help="operator log (default %(default)s)")
    p.add_argument("--policy", default=None, help="policy TOML (default config/policy.toml)")
    return p


def run_operator_args(kind: str, args) -> int:
    from . import operator_log
    from .policy import load_policy

    policy = load_policy(args.policy)
    if kind == "intervene":
        ev = operator_log.intervention(policy, args.action, args.reason_code, args.operator, args.incident_id,
                                       args.note)
    else:
        ev = operator_log.incident(policy, args.verb, args.incident_id, args.failure_class, args.severity,
                                   args.summary, args.operator, args.alert_ids, args.impacted_scope)
    operator_log.append(args.log, ev)
    print(f"recorded in {args.log}: " + json.dumps(ev, ensure_ascii=False))
    return EXIT_OK


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
    from .ingest import ledger, load_summary

    con = db.connect()
    counts = load_summary(con, args.event_log_path, direct=getattr(args, "direct", False))
    q = ledger(con)
    if args.json:
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


def _run_each(runner, jobs: dict, row) -> int:
    """Run the commands two at a time (this machine has two cores), printing one row each in
    order; returns EXIT_UNUSABLE if any failed (its error line is already on stderr)."""
    from concurrent.futures import ThreadPoolExecutor

    from .execute import preload
    preload()  # two threads importing jupyter_client at once can fail on its circular imports
    worst = EXIT_OK
    with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
        for key, result in zip(jobs, pool.map(lambda ns: _guard(runner, ns), jobs.values())):
            if isinstance(result, int):
                print(f"{key}  failed (see the error above)")
                worst = EXIT_UNUSABLE
            else:
                print(row(key, result))
    return worst


def _demo(args) -> int:
    from .calendar import sessions_between
    from .simulate import END, START

    sample = Path(args.sample_dir)
    if not (sample / "scenarios.json").exists():
        _simulate(argparse.Namespace(out=str(sample), seed=31, events_per_day=5000,
                                     start=START.isoformat(), end=END.isoformat()))
    print(f"ingest summary of {sample}/logs/events.jsonl:")
    _ingest(argparse.Namespace(event_log_path=str(sample / "logs" / "events.jsonl"), json=False))
    print("\nthe same ledger on the corrupted copy (malformed lines, replays, a torn tail):")
    _ingest(argparse.Namespace(event_log_path=str(sample / "logs" / "events-corrupt-*.jsonl"), json=False))
    report_dir = Path(args.report_dir) / "m31_slo_incident"
    days = [s.day for s in sessions_between(START, END)]
    print(f"\ndaily check for {len(days)} sessions ({days[0]} .. {days[-1]}) -> {report_dir}/")
    print(f"{'day':<12}{'status':<8}{'availability':>14}{'p95 ms':>9}  {'safety floor':<14}incidents")

    inputs = {"event_log_path": str(sample / "logs" / "events.jsonl"),
              "policy_report_dir": str(sample / "reports" / "m30_post_golive"),
              "signoff_report_dir": str(sample / "reports" / "m30_golive"),
              "report_dir": str(report_dir), "oncall": str(sample / "oncall.toml"), "policy": None}

    def daily_row(day, a):
        av, lat, sf = a["slo"]["availability"], a["slo"]["latency"], a["slo"]["safety_floor"]
        avail = f"{av['successful']}/{av['scheduled']}" if av["scheduled"] is not None else "-"
        p95 = f"{lat['p95_ms']:.1f}" if lat["p95_ms"] is not None else "-"
        floor = f"{sf['duplicate_execution']}/{sf['guard_precedence_violation']}/{sf['mode_leakage']}"
        incs = ", ".join(f"{i['incident_id']} {i['severity']}" for i in a["incidents"]) or "-"
        return f"{day.isoformat():<12}{a['status']:<8}{avail:>14}{p95:>9}  {floor:<14}{incs}"

    worst = _run_each(run_daily_args, {d: argparse.Namespace(**inputs, day=d.isoformat(), json=False) for d in days},
                      daily_row)
    print(f"\nreports: {report_dir}/m31_slo_incident_<day>.md (.json, .html, executed .ipynb, charts)")

    # Weeks whose 5-session window lies inside the sample month (the first Friday reaches into 2025).
    week_ends = [d for d in days if d.weekday() == 4 and d >= days[4]]
    print(f"\nweekly reviews ({len(week_ends)} weeks) -> {report_dir}/m31_weekly_review_<week_end>.md")
    print(f"{'week end':<12}{'status':<8}{'SLO decision':<14}{'top class':<22}{'noisy':>6}{'postmortems':>13}")

    def weekly_row(day, a):
        top = a["top_failure_classes"][0] if a["top_failure_classes"] else None
        top_text = f"{top['failure_class']} ({top['bad_cycles']})" if top else "-"
        return (f"{day.isoformat():<12}{a['status']:<8}{a['slo_decision']['decision']:<14}{top_text:<22}"
                f"{len(a['alert_noise']):>6}{len(a['postmortems_due']):>13}")

    worst = max(worst, _run_each(run_weekly_args, {d: argparse.Namespace(**inputs, week_end=d.isoformat(), json=False)
                                                   for d in week_ends}, weekly_row))

    pm_dir = Path(args.report_dir) / "postmortems"
    print(f"\npostmortem drafts for every SEV-1/SEV-2 incident of {days[0]} .. {days[-1]} -> {pm_dir}/")
    result = _guard(run_postmortem_args, argparse.Namespace(
        **inputs, week_end=days[-1].isoformat(), start=days[0].isoformat(), postmortem_dir=str(pm_dir), lint=None))
    return worst if result == EXIT_OK else EXIT_UNUSABLE


def main(argv=None) -> int:
    parser = _Parser(prog="m31", description="M31 SLO and incident review workbook.",
                     epilog="example: m31 demo   |   m31 daily --help")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("daily", help="run the daily check (see m31 daily --help)", add_help=False)
    sub.add_parser("weekly", help="run the weekly incident review (see m31 weekly --help)", add_help=False)
    sub.add_parser("postmortem", help="write postmortem drafts or lint them (see m31 postmortem --help)",
                   add_help=False)
    sub.add_parser("sql", help="ad-hoc DuckDB SQL over the reviewed days (see m31 sql --help)", add_help=False)
    sub.add_parser("probe", help="intraday SLO probe (see m31 probe --help)", add_help=False)
    sub.add_parser("intervene", help="record an operator's intervention (see m31 intervene --help)", add_help=False)
    sub.add_parser("incident", help="record an incident event (see m31 incident --help)", add_help=False)
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
    i.add_argument("--direct", action="store_true",
                   help="read the whole log directly (the reference path) instead of through the event cache")
    d = sub.add_parser("demo", help="sample month end to end: simulate, ingest summary, daily checks",
                       epilog="example: m31 demo --sample-dir data/sample --report-dir reports")
    d.add_argument("--sample-dir", default="data/sample")
    d.add_argument("--report-dir", default="reports")
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "daily":
        return daily_main(argv[1:])
    if argv and argv[0] == "weekly":
        return weekly_main(argv[1:])
    if argv and argv[0] == "probe":
        return _guard(run_probe_args, probe_parser().parse_args(argv[1:]))
    if argv and argv[0] in ("intervene", "incident"):
        kind = argv[0]
        return _guard(run_operator_args, kind, operator_parser(kind).parse_args(argv[1:]))
    if argv and argv[0] == "sql":
        return _guard(run_sql_args, sql_parser().parse_args(argv[1:]))
    if argv and argv[0] == "postmortem":
        args = postmortem_parser().parse_args(argv[1:])
        return _guard(run_postmortem_args, args)
    args = parser.parse_args(argv)
    handler = {"simulate": _simulate, "ingest": _ingest, "demo": _demo}[args.command]
    result = _guard(handler, args)
    return result if isinstance(result, int) else EXIT_OK


if __name__ == "__main__":
    raise SystemExit(main())
