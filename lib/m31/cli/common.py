"""What every command shares: the parser that fails in one line, the input arguments, exit
codes, and the guard that turns any failure into one line on stderr."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..errors import InputError
from ..inputs import InputPaths

EXIT_OK, EXIT_RED, EXIT_UNUSABLE = 0, 1, 2


class Parser(argparse.ArgumentParser):
    def error(self, message):  # bad arguments: one line, exit 2 (the contract's status)
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_UNUSABLE)


def parser(prog: str, description: str, epilog: str) -> Parser:
    return Parser(prog=prog, description=description, epilog=epilog,
                  formatter_class=argparse.RawDescriptionHelpFormatter)


def add_input_arguments(p: argparse.ArgumentParser, day_flag: bool = True) -> None:
    """The InputPaths arguments, --report-dir and --json; with day_flag, --day and --as-of."""
    env = os.environ
    p.add_argument("--event-log-path", default=env.get("EVENT_LOG_PATH"),
                   help="event log file or glob of rotated logs (default $EVENT_LOG_PATH)")
    p.add_argument("--policy-report-dir", default="reports/m30_post_golive",
                   help="folder of m30_post_golive_policy_<day>.json (default %(default)s)")
    p.add_argument("--signoff-report-dir", default="reports/m30_golive",
                   help="folder of m30_final_golive_signoff_<day>.json (default %(default)s)")
    p.add_argument("--report-dir", default=default_report_dir(),
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


def add_notify_arguments(p: argparse.ArgumentParser) -> None:
    """--no-notify and --notify-config (docs/notifications.md)."""
    p.add_argument("--no-notify", action="store_true", help="send no notification on this run")
    p.add_argument("--notify-config", default=None,
                   help="notification routes (default $M31_NOTIFY_CONFIG or config/notify.toml; absent: none)")


def input_paths(args) -> InputPaths:
    return InputPaths(event_log_path=args.event_log_path, policy_report_dir=args.policy_report_dir,
                      signoff_report_dir=args.signoff_report_dir, oncall_path=args.oncall, policy_path=args.policy)


def default_report_dir() -> str:
    base = os.environ.get("REPORT_DIR")
    return str(Path(base) / "m31_slo_incident") if base else "reports/m31_slo_incident"


def emit(text: str, out: str | None) -> None:
    """A command's generated file: written whole to --out (never half), or to stdout."""
    from ..artifacts import write_atomic

    if not out:
        sys.stdout.write(text)
        return
    try:
        write_atomic(Path(out), text)
    except OSError as exc:
        raise InputError(out, f"cannot write ({exc.strerror or exc})") from None


def guard(fn, *a):
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


def artifact_exit(args, artifact) -> int:
    """Print the artifact on --json; exit 0/1 by its status (an int is an exit already)."""
    if isinstance(artifact, int):
        return artifact
    if args.json:
        from ..artifacts import to_json
        sys.stdout.write(to_json(artifact))
    return EXIT_RED if artifact["status"] == "red" else EXIT_OK
