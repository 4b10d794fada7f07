"""m31 openslo: the SLO definitions as OpenSLO v1 YAML, for an SLO platform."""
from __future__ import annotations

from ..errors import InputError
from .common import EXIT_OK, emit, guard, parser

HELP = "write the SLOs as OpenSLO v1 YAML (see m31 openslo --help)"
EXAMPLE = """examples:
  m31 openslo --signoff-report-dir reports/m30_golive > m31-openslo.yaml
  m31 openslo --signoff-report-dir data/sample/reports/m30_golive --day 2026-02-27 --out slo.yaml

Service, the availability and latency SLIs (queries over m31 exporter's metrics), their SLOs
and burn-rate AlertPolicies. The latency limit is the one of the signoff in force on --day.
What OpenSLO cannot express (the safety floor, session-only slots): docs/metrics.md."""


def build_parser(prog: str = "m31 openslo"):
    p = parser(prog, "Write the workbook's SLO definitions as OpenSLO v1 documents: a Service, the SLIs, the "
               "session and rolling-window SLOs, and alert policies.", EXAMPLE)
    p.add_argument("--signoff-report-dir", default="reports/m30_golive",
                   help="folder of m30_final_golive_signoff_<day>.json (default %(default)s)")
    p.add_argument("--day", default=None, help="the signoff in force on this day YYYY-MM-DD (default today, KST)")
    p.add_argument("--policy", default=None, help="policy TOML (default config/policy.toml)")
    p.add_argument("--out", default=None, help="write to this file (default: stdout)")
    return p


def run(args) -> int:
    from ..clock import now_kst
    from ..inputs import load_signoff
    from ..metrics.openslo import documents, to_yaml
    from ..policy import load_policy
    from ..timefmt import parse_day

    day = parse_day(args.day) if args.day else now_kst().date()
    policy = load_policy(args.policy)
    signoff = load_signoff(args.signoff_report_dir, day)
    try:
        text = to_yaml(documents(policy, policy.latency_limit_ms(signoff.latency_p95_baseline_ms), signoff.day))
    except ValueError as exc:
        raise InputError(policy.path, str(exc)) from None
    emit(text, args.out)
    return EXIT_OK


def main(argv=None, prog: str = "m31 openslo") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
