"""m31 intervene: record an operator's decision as an intervention event in the operator log."""
from __future__ import annotations

from .common import guard, parser
from .operator import add_log_arguments, record

HELP = "record an operator's intervention (see m31 intervene --help)"


def build_parser(prog: str = "m31 intervene"):
    p = parser(prog, "Record an operator's decision as an intervention event in the operator log (read by the "
               "daily check with the runtime's log).",
               "example:\n  m31 intervene --action escalate_primary --reason-code AVAIL_CYCLE_FAILURES "
               "--operator park.seoyeon --incident-id INC-20260304-01 --note 'paged the broker desk'")
    p.add_argument("--action", required=True)
    p.add_argument("--reason-code", required=True)
    p.add_argument("--operator", required=True)
    p.add_argument("--incident-id")
    p.add_argument("--note")
    add_log_arguments(p)
    return p


def run(args) -> int:
    from .. import operator_log

    return record(args, lambda policy: operator_log.intervention(
        policy, args.action, args.reason_code, args.operator, args.incident_id, args.note))


def main(argv=None, prog: str = "m31 intervene") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
