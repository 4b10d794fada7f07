"""m31 rules: Prometheus recording and alerting rules for the exporter's metrics."""
from __future__ import annotations

from .common import EXIT_OK, emit, guard, parser

HELP = "write the Prometheus rules (see m31 rules --help)"
EXAMPLE = """examples:
  m31 rules --out /etc/prometheus/rules/m31.yml
  m31 rules --runbook-base https://ops.example.org/m31/docs/runbooks.md > m31.yml

The burn-rate windows and why: docs/metrics.md. promtool check rules accepts the output."""


def build_parser(prog: str = "m31 rules"):
    p = parser(prog, "Write Prometheus recording and alerting rules: the safety floor (page), burn rates fitted to "
               "a session's budget (page and ticket), a stale log, missing actions, the budget policy at freeze.",
               EXAMPLE)
    p.add_argument("--out", default=None, help="write to this file (default: stdout)")
    p.add_argument("--runbook-base", default="docs/runbooks.md",
                   help="where the runbook lives; each rule's runbook_url is <base>#<section>")
    p.add_argument("--job", default="m31", help="the scrape job of the exporter (default %(default)s)")
    p.add_argument("--policy", default=None, help="policy TOML (default config/policy.toml)")
    p.add_argument("--dashboard", default=None, metavar="PATH",
                   help="also write the Grafana dashboard JSON there (config/grafana/m31-dashboard.json is it)")
    return p


def run(args) -> int:
    from ..metrics.rules import rules, to_yaml
    from ..policy import load_policy

    emit(to_yaml(rules(load_policy(args.policy), args.runbook_base, args.job)), args.out)
    if args.dashboard:
        from ..metrics import dashboard

        emit(dashboard.to_json(dashboard.dashboard()), args.dashboard)
    return EXIT_OK


def main(argv=None, prog: str = "m31 rules") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
