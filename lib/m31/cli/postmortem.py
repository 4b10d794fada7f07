"""m31 postmortem: drafts for the window's SEV-1/SEV-2 incidents, or a lint of filled ones."""
from __future__ import annotations

import sys
from pathlib import Path

from ..errors import InputError
from .common import EXIT_OK, EXIT_RED, add_input_arguments, add_notify_arguments, guard, input_paths, parser

HELP = "write postmortem drafts or lint them (see m31 postmortem --help)"
EXAMPLE = ("examples:\n  m31 postmortem --week-end 2026-01-23 --event-log-path data/sample/logs/events.jsonl "
           "--policy-report-dir data/sample/reports/m30_post_golive --signoff-report-dir "
           "data/sample/reports/m30_golive --oncall data/sample/oncall.toml\n"
           "  m31 postmortem --lint reports/postmortems/INC-20260121-01.md\n\n"
           "exit status: 0 done / lint clean; 1 lint found problems; 2 unusable input.")


def build_parser(prog: str = "m31 postmortem"):
    p = parser(prog, "Write postmortem drafts (reports/postmortems/<incident_id>.md) for every SEV-1 and SEV-2 "
               "incident of a window, or lint filled ones. A draft a person has edited is never overwritten.",
               EXAMPLE)
    add_input_arguments(p, day_flag=False)
    p.add_argument("--week-end", default=None, help="last day of the window, YYYY-MM-DD")
    p.add_argument("--start", default=None, help="first day of a custom window (default: the 5 sessions "
                   "ending on or before --week-end)")
    p.add_argument("--postmortem-dir", default=None,
                   help="where drafts go (default: postmortems/ beside the report folder)")
    p.add_argument("--lint", nargs="*", metavar="PATH", default=None,
                   help="check filled postmortems (default: every .md in the postmortem folder)")
    add_notify_arguments(p)
    return p


def run(args) -> int:
    from ..entrypoints import lint_postmortems, notify_overdue, write_postmortems

    folder = Path(args.postmortem_dir) if args.postmortem_dir else Path(args.report_dir).parent / "postmortems"
    if args.lint is not None:
        paths = [Path(p) for p in args.lint] or sorted(folder.glob("*.md"))
        if not paths:
            raise InputError(folder, "no postmortem to lint")
        problems = lint_postmortems(paths)
        for msg in problems:
            print(msg)
        print(f"{len(paths)} postmortem(s) checked, {len(problems)} problem(s)", file=sys.stderr)
        if not args.no_notify:  # postmortems and action items past their due day
            notify_overdue(folder, args.report_dir, args.oncall, args.notify_config)
        return EXIT_RED if problems else EXIT_OK
    written, window = write_postmortems(input_paths(args), args.week_end, args.report_dir, folder, start=args.start)
    print_drafts(written)
    if not written:
        print(f"no SEV-1 or SEV-2 incident from {window.days[0]} to {window.days[-1]}")
    return EXIT_OK


def print_drafts(written) -> None:
    """One line per due postmortem: what happened to its draft."""
    for _, path, outcome in written:
        note = " (edited by a person: left untouched)" if outcome == "kept" else ""
        print(f"{outcome:<10} {path}{note}")


def main(argv=None, prog: str = "m31 postmortem") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
