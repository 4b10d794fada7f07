"""The `m31` command and the seed's scripts. One module per command, each with HELP,
build_parser(prog) and run(args); main() dispatches on the first argument. A command parses
its arguments and calls one entry point (m31.entrypoints). Exit codes: 0 ok, 1 red (or problems
found), 2 unusable input, with one line on stderr."""
from __future__ import annotations

import sys
from typing import NoReturn

from . import (
    daily,
    demo,
    exporter,
    gate,
    history,
    incident,
    ingest,
    intervene,
    maintenance,
    notify,
    openslo,
    postmortem,
    probe,
    rules,
    simulate,
    sql,
    validate,
    weekly,
)
from .common import EXIT_UNUSABLE, Parser
from .daily import resolve_as_of  # noqa: F401  (tests pin its default)

COMMANDS = {module.__name__.rsplit(".", 1)[-1]: module for module in (
    daily, weekly, history, postmortem, sql, probe, gate, exporter, rules, openslo, intervene, incident, maintenance,
    notify, validate, simulate, ingest, demo)}

def daily_main(argv=None, prog: str = "m31 daily") -> int:
    return daily.main(argv, prog)


def weekly_main(argv=None, prog: str = "m31 weekly") -> int:
    return weekly.main(argv, prog)


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in COMMANDS:
        return COMMANDS[argv[0]].main(argv[1:], prog=f"m31 {argv[0]}")
    parser = Parser(prog="m31", description="M31 SLO and incident review workbook.",
                    epilog="example: m31 demo   |   m31 daily --help")
    sub = parser.add_subparsers(dest="command", required=True)
    for name, module in COMMANDS.items():
        sub.add_parser(name, help=module.HELP, add_help=False)
    parser.parse_args(argv)   # no command, or an unknown one: usage and exit 2
    return EXIT_UNUSABLE


def finish(code: int) -> NoReturn:
    """Exit with `code` without the interpreter's teardown of every module it loaded (about a
    tenth of a second once papermill, nbconvert and DuckDB are in, on every command). The exit
    handlers run and output is flushed first, as at a normal exit; while a thread that is not a
    daemon still runs (a notifier's pool, say) the interpreter exits its own way, which winds
    such threads down first."""
    import atexit
    import os
    import threading

    if any(t is not threading.current_thread() and not t.daemon and t.is_alive() for t in threading.enumerate()):
        raise SystemExit(code)
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: its reader is gone
            pass
    os._exit(code)


def run() -> NoReturn:
    """The `m31` command (and python -m m31.cli)."""
    finish(main())


if __name__ == "__main__":
    run()
