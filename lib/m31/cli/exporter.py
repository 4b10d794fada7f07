"""m31 exporter: the day's figures as Prometheus metrics, served or written for node_exporter."""
from __future__ import annotations

import os
import sys

from ..errors import InputError
from .common import EXIT_OK, add_input_arguments, guard, input_paths, parser

HELP = "serve the day's metrics to Prometheus (see m31 exporter --help)"
EXAMPLE = """examples:
  m31 exporter --event-log-path data/logs/events.jsonl --port 9731          # serve http://127.0.0.1:9731/metrics
  m31 exporter (the daily input flags) --textfile /var/lib/node_exporter/m31.prom
  m31 exporter (the daily input flags) --day 2026-01-22 --as-of 14:10 --port 9731   # a past session

The metrics are recomputed from the day's check every --interval seconds; a scrape gets the
latest. docs/metrics.md lists them; m31 rules writes the alerting rules over them."""


def build_parser(prog: str = "m31 exporter"):
    p = parser(prog, "Serve the day's SLO, budget, safety-floor, incident and input-quality figures as "
               "OpenMetrics on 127.0.0.1, or write them once to a node_exporter textfile.", EXAMPLE)
    add_input_arguments(p)
    p.set_defaults(day=os.environ.get("METRICS_DAY"))
    p.add_argument("--port", type=int, default=9731, help="listen port (default %(default)s)")
    p.add_argument("--address", default="127.0.0.1", help="listen address (default %(default)s: this machine only)")
    p.add_argument("--textfile", default=None, metavar="PATH", help="write the metrics once to PATH (atomically)")
    p.add_argument("--interval", type=float, default=5.0, help="seconds between two recomputations (default %(default)s)")
    return p


def run(args) -> int:
    from prometheus_client import CollectorRegistry, start_http_server, write_to_textfile

    from ..metrics import DayCollector
    from ..timefmt import parse_as_of, parse_day

    if not args.event_log_path:
        raise InputError("--event-log-path", "required (or set EVENT_LOG_PATH)")
    day = parse_day(args.day) if args.day else None
    as_of = parse_as_of(args.as_of, day) if args.as_of and day else None
    if args.as_of and not day:
        raise InputError("--as-of", "needs --day")
    registry = CollectorRegistry(auto_describe=False)
    collector = DayCollector(input_paths(args), day, as_of, args.interval)
    collector.refresh()  # unusable input fails here, in one line, before anything listens
    registry.register(collector)
    if args.textfile:
        try:
            write_to_textfile(args.textfile, registry)
        except OSError as exc:
            raise InputError(args.textfile, f"cannot write ({exc.strerror or exc})") from None
        return EXIT_OK
    try:
        server, thread = start_http_server(args.port, addr=args.address, registry=registry)
    except OSError as exc:
        raise InputError(f"{args.address}:{args.port}", f"cannot listen ({exc.strerror or exc})") from None
    import signal

    def stop(*_):
        raise KeyboardInterrupt
    signal.signal(signal.SIGTERM, stop)  # a service manager's stop: the same clean exit as Ctrl-C
    worker = collector.start()
    print(f"m31 exporter: http://{args.address}:{args.port}/metrics", file=sys.stderr, flush=True)
    try:
        thread.join()
    except KeyboardInterrupt:
        collector.stop()
        server.shutdown()
        worker.join()  # let a recomputation inside DuckDB finish: exiting under it would abort
    return EXIT_OK


def main(argv=None, prog: str = "m31 exporter") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
