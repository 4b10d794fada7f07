"""m31 history: the history view (reports/index.html and index.md) of every reviewed session."""
from __future__ import annotations

import os

from .common import EXIT_OK, default_report_dir, guard, parser

HELP = "the history view: reports/index.html of every reviewed session (see m31 history --help)"
EXAMPLE = """example:
  m31 history --report-dir reports/m31_slo_incident      # writes reports/index.html and reports/index.md

The page reads the daily artifacts (and weekly reviews) in --report-dir; it never reads the log.
The weekly command and make demo bring it up to date; in cron, run it after the daily check.
exit status: 0 written; 2 nothing written (no daily artifact, an unreadable one)."""


def build_parser(prog: str = "m31 history"):
    p = parser(prog, "Write the history view: a calendar of sessions coloured by status and linked to each "
               "report, the rolling window and budget policy, p95, failure classes and incidents by week, "
               "postmortems due and maintenance windows.", EXAMPLE)
    p.add_argument("--report-dir", default=default_report_dir(), help="the daily artifacts (default %(default)s)")
    p.add_argument("--out-dir", default=None, help="where index.html/md go (default: the report folder's parent)")
    p.add_argument("--postmortem-dir", default=None, help="postmortem drafts (default <out-dir>/postmortems)")
    p.add_argument("--policy", default=None, help="policy TOML (default config/policy.toml)")
    p.add_argument("--json", action="store_true", help="print the history artifact on stdout")
    return p


def run(args) -> int:
    from ..artifacts import to_json
    from ..entrypoints import run_history

    artifact, page = run_history(args.report_dir, args.out_dir, args.postmortem_dir, args.policy)
    if args.json:
        print(to_json(artifact), end="")
    else:
        print(f"history of {artifact['sessions']} sessions ({artifact['first_day']} .. {artifact['last_day']}): "
              f"{os.path.relpath(page) if not os.path.relpath(page).startswith('..') else page}")
    return EXIT_OK


def main(argv=None, prog: str = "m31 history") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
