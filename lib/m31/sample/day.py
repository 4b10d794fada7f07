"""One simulated session while it is being built: its events (time, event) and the helpers the
scenarios write them with (sample/events.py builds each event)."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from ..calendar import Session
from . import events as ev

GUARD_HASH = "sha256:9a7e41"


@dataclass
class Day:
    session: Session
    rng: random.Random
    run_id: str
    events: list[tuple[dt.datetime, dict]] = field(default_factory=list)

    def at(self, hh: int, mm: int, ss: float = 0) -> dt.datetime:
        return dt.datetime.combine(self.session.day, dt.time(hh, mm)) + dt.timedelta(seconds=ss)

    def add(self, when: dt.datetime, event: dict) -> None:
        self.events.append((when, event))


def slot(day: Day, i: int) -> dt.datetime:
    return day.session.open + dt.timedelta(minutes=i)


def preflight(day: Day, when, status="pass", run_id=None, mode="real", checks=None) -> None:
    day.add(when, ev.preflight(None, run_id or day.run_id, mode, status, GUARD_HASH, checks))


def cycle(day: Day, i: int, status: str = "ok", error_class=None, delay=0.8, cid=None) -> None:
    duration = round(day.rng.uniform(500, 900)) if status == "ok" else 3000
    day.add(slot(day, i) + dt.timedelta(seconds=delay),
            ev.cycle(None, day.run_id, "real", cid or f"c-{day.session.day:%Y%m%d}-{i:04d}", slot(day, i), status,
                     duration, error_class))


def order(day: Day, when, order_id, intent_id, status="submitted", latency_ms=None, mode="real",
          broker_env="real", run_id=None) -> None:
    day.add(when, ev.order(None, run_id or day.run_id, mode, broker_env, order_id, intent_id, status, latency_ms))


def guard(day: Day, when, intent_id, name, precedence, decision, mode="real", run_id=None) -> None:
    day.add(when, ev.guard(None, intent_id, name, precedence, decision, run_id=run_id or day.run_id, mode=mode))


def approval(day: Day, when, intent_id, decision, operator) -> None:
    day.add(when, ev.approval(None, intent_id, decision, operator, run_id=day.run_id))


def intent(day: Day, when: dt.datetime, n: int, latency: float, guards=("allow", "allow"),
           mode="real", broker_env="real", run_id=None, order_id=None, fill=True):
    """An intent's guards, its submitted order and (with fill) the fill; (intent_id, order_id)."""
    intent_id = f"it-{day.session.day:%Y%m%d}-{n:05d}"  # unique across years: a long history must not collide
    order_id = order_id or f"ord-{day.session.day:%Y%m%d}-{n:05d}"
    run = run_id or day.run_id
    for prec, (name, decision) in enumerate(zip(("kill_switch", "position_limit"), guards), 1):
        guard(day, when, intent_id, name, prec, decision, mode, run)
        when += dt.timedelta(milliseconds=1)
    when += dt.timedelta(milliseconds=100)
    order(day, when, order_id, intent_id, "submitted", round(latency, 1), mode, broker_env, run)
    if fill:
        order(day, when + dt.timedelta(milliseconds=400), order_id, intent_id, "filled", None, mode, broker_env, run)
    return intent_id, order_id


def alert(day: Day, when, alert_id, fingerprint, state, severity="warning", alert_class="latency",
          summary="", resolution=None) -> None:
    day.add(when, ev.alert(None, alert_id, fingerprint, state, severity, alert_class,
                           summary or f"{fingerprint} {state}", resolution))


def incident(day: Day, when, incident_id, state, failure_class, summary, severity=None, **extra) -> None:
    day.add(when, ev.incident(None, incident_id, state, failure_class, summary, severity, **extra))


def intervene(day: Day, when, action, reason_code, operator, incident_id=None, note=None) -> None:
    day.add(when, ev.intervention(None, action, reason_code, operator, incident_id, note))


def maintenance(day: Day, when, maintenance_id, start, end, reason_code="PLANNED_MAINTENANCE",
                operator="park.seoyeon", note=None) -> None:
    day.add(when, ev.maintenance(None, maintenance_id, start, end, reason_code, operator, note))
