"""What m31 intervene and m31 incident share: the operator log's arguments, and appending one
validated event to it (one whole line; a refusal writes nothing)."""
from __future__ import annotations

import json

from .common import EXIT_OK


def add_log_arguments(p) -> None:
    from ..operator_log import DEFAULT_OPERATOR_LOG

    p.add_argument("--log", default=DEFAULT_OPERATOR_LOG, help="operator log (default %(default)s)")
    p.add_argument("--policy", default=None, help="policy TOML (default config/policy.toml)")


def record(args, make_event) -> int:
    from .. import operator_log
    from ..policy import load_policy

    ev = make_event(load_policy(args.policy))
    operator_log.append(args.log, ev)
    print(f"recorded in {args.log}: " + json.dumps(ev, ensure_ascii=False))
    return EXIT_OK
