"""m31 notify test: one test message to each configured target, and each outcome."""
from __future__ import annotations

from .common import EXIT_OK, EXIT_RED, Parser, guard, parser

HELP = "check the notification targets (see m31 notify --help)"
EXAMPLE = """examples:
  m31 notify test                      # one test message to every target of config/notify.toml
  m31 notify test --dry-run            # print what would be sent, send nothing
  M31_NOTIFY_CONFIG=/etc/m31/notify.toml m31 notify test

exit status: 0 every target took it; 1 a delivery failed; 2 unusable config."""


def build_parser(prog: str = "m31 notify"):
    p = parser(prog, "Notifications (docs/notifications.md): send a test message to each target of the "
               "configuration and report each outcome. URLs are shown with their ${VAR} references, never "
               "the secrets they stand for.", EXAMPLE)
    sub = p.add_subparsers(dest="verb", required=True, parser_class=Parser)
    t = sub.add_parser("test", help="one test message to each target")
    t.add_argument("--dry-run", action="store_true", help="print what would be sent; send nothing")
    t.add_argument("--notify-config", default=None, help="default $M31_NOTIFY_CONFIG or config/notify.toml")
    return p


def run(args) -> int:
    from ..notify import load_notify, test_targets

    config = load_notify(args.notify_config)
    if not config.enabled:
        print(f"no notification target configured ({config.path or 'config/notify.toml does not exist'})")
        return EXIT_OK
    outcomes = test_targets(config, dry_run=args.dry_run)
    by_name = {t.name: t for t in config.targets}
    for o in outcomes:
        print(f"{o.outcome:<8} {o.target} ({by_name[o.target].url})" + (f": {o.error}" if o.error else ""))
    return EXIT_RED if any(o.outcome == "failed" for o in outcomes) else EXIT_OK


def main(argv=None, prog: str = "m31 notify") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
