"""m31 weekly (and scripts/run_m31_weekly_review.py): the weekly incident review."""
from __future__ import annotations

from .common import add_input_arguments, add_notify_arguments, artifact_exit, guard, input_paths, parser

HELP = "run the weekly incident review (see m31 weekly --help)"
EXAMPLE = """example:
  python scripts/run_m31_weekly_review.py \\
    --event-log-path data/sample/logs/events.jsonl \\
    --policy-report-dir data/sample/reports/m30_post_golive \\
    --signoff-report-dir data/sample/reports/m30_golive \\
    --report-dir reports/m31_slo_incident --oncall data/sample/oncall.toml \\
    --week-end 2026-02-20 --json

The window is the 5 KRX sessions ending on or before --week-end. Missing daily artifacts are
produced first. exit status: 0 written; 1 written and a day of the window is red; 2 nothing written."""


def build_parser(prog: str = "m31 weekly"):
    p = parser(prog, "Run the M31 weekly incident review: reads (or produces) the window's daily artifacts, "
               "executes notebooks/weekly.ipynb and writes m31_weekly_review_<week_end>.json/.md/.html.", EXAMPLE)
    add_input_arguments(p, day_flag=False)
    p.add_argument("--week-end", default=None, help="last day of the review window, YYYY-MM-DD (KST)")
    add_notify_arguments(p)
    return p


def run(args) -> dict:
    from ..entrypoints import notify_weekly, run_weekly_review

    artifact = run_weekly_review(input_paths(args), args.week_end, args.report_dir)
    if not args.no_notify:
        notify_weekly(artifact, args.report_dir, args.oncall, args.notify_config)
    return artifact


def main(argv=None, prog: str = "m31 weekly") -> int:
    args = build_parser(prog).parse_args(argv)
    return artifact_exit(args, guard(run, args))
