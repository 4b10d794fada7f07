"""m31 daily (and scripts/run_m31_slo_incident_review_check.py): the daily check of one day."""
from __future__ import annotations

from ..errors import InputError
from .common import add_input_arguments, add_notify_arguments, artifact_exit, guard, input_paths, parser

HELP = "run the daily check (see m31 daily --help)"
EXAMPLE = """example:
  python scripts/run_m31_slo_incident_review_check.py \\
    --event-log-path data/sample/logs/events.jsonl \\
    --policy-report-dir data/sample/reports/m30_post_golive \\
    --signoff-report-dir data/sample/reports/m30_golive \\
    --report-dir reports/m31_slo_incident --oncall data/sample/oncall.toml \\
    --day 2026-01-22 --json

exit status: 0 written, green or yellow; 1 written, red; 2 nothing written (unusable input)."""


def build_parser(prog: str = "m31 daily"):
    p = parser(prog, "Run the M31 daily SLO and incident check for one day: executes notebooks/daily.ipynb "
               "with papermill and writes m31_slo_incident_<day>.json/.md/.html beside the executed notebook.",
               EXAMPLE)
    add_input_arguments(p)
    add_notify_arguments(p)
    return p


def resolve_as_of(text, day):
    """--as-of as given; by default now while D's session is still open today; else None (final)."""
    from ..calendar import session_on
    from ..clock import now_kst
    from ..timefmt import parse_as_of

    if text:
        return parse_as_of(text, day)
    now = now_kst()
    session = session_on(day)
    if session and now.date() == day and now < session.close:
        return now.replace(microsecond=0)
    return None


def day_and_as_of(args):
    """(--day, default today in KST; --as-of, default now while today's session is open) for the
    commands that look at a day as it stands (probe, gate, maintenance list); the log is required."""
    from ..clock import now_kst
    from ..timefmt import parse_day

    if not args.event_log_path:
        raise InputError("--event-log-path", "required (or set EVENT_LOG_PATH)")
    day = parse_day(args.day) if args.day else now_kst().date()
    return day, resolve_as_of(getattr(args, "as_of", None), day)


def run(args) -> dict:
    from ..entrypoints import run_daily_report
    from ..timefmt import parse_day

    if not args.event_log_path:
        raise InputError("--event-log-path", "required (or set EVENT_LOG_PATH)")
    if not args.day:
        raise InputError("--day", "required (or set METRICS_DAY)")
    day = parse_day(args.day)
    artifact = run_daily_report(input_paths(args), day, args.report_dir, resolve_as_of(getattr(args, "as_of", None), day))
    if not args.no_notify:
        from ..entrypoints import notify_daily
        notify_daily(artifact, args.report_dir, args.oncall, args.notify_config)
    return artifact


def main(argv=None, prog: str = "m31 daily") -> int:
    args = build_parser(prog).parse_args(argv)
    return artifact_exit(args, guard(run, args))
