"""m31 incident: record an incident event (open, update, mitigate, resolve) in the operator log."""
from __future__ import annotations

from .common import guard, parser
from .operator import add_log_arguments, record

HELP = "record an incident event (see m31 incident --help)"


def build_parser(prog: str = "m31 incident"):
    p = parser(prog, "Record an incident event (open, update, mitigate, resolve) in the operator log.",
               "example:\n  m31 incident open --incident-id INC-20260304-01 --severity SEV-2 "
               "--failure-class availability --summary 'scheduler stalled' --operator park.seoyeon")
    p.add_argument("verb", choices=("open", "update", "mitigate", "resolve"))
    p.add_argument("--incident-id", required=True)
    p.add_argument("--severity")
    p.add_argument("--failure-class")
    p.add_argument("--summary")
    p.add_argument("--operator")
    p.add_argument("--alert-id", action="append", dest="alert_ids")
    p.add_argument("--impacted-scope")
    add_log_arguments(p)
    return p


def run(args) -> int:
    from .. import operator_log

    return record(args, lambda policy: operator_log.incident(
        policy, args.verb, args.incident_id, args.failure_class, args.severity, args.summary, args.operator,
        args.alert_ids, args.impacted_scope))


def main(argv=None, prog: str = "m31 incident") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
