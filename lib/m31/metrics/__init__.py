"""The day's figures as Prometheus metrics (OpenMetrics, prometheus_client): what m31 probe
shows, for Prometheus to scrape, Alertmanager to route and Grafana to draw (docs/metrics.md).

One collector holds them, computed from the day's check as of now (or --as-of); a thread
recomputes them every `interval` seconds (a check costs about a second), so a scrape is
answered at once with the latest figures. Labels stay few: outcome,
severity, check, kind, status; never an incident or an order id."""
from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass

from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    InfoMetricFamily,
    StateSetMetricFamily,
)
from prometheus_client.registry import Collector

from ..checks.daily import DailyInputs
from ..checks.probe import probe_run
from ..clock import now_kst
from ..inputs import InputPaths

# Submission latency buckets, seconds (Prometheus' base unit; the signed-off baseline p95 is
# about 0.110 s and the limit 0.121 s).
LATENCY_BUCKETS_S = (0.025, 0.05, 0.075, 0.1, 0.11, 0.121, 0.15, 0.2, 0.3, 0.5, 1.0)
SAFETY_CHECKS = ("duplicate_execution", "guard_precedence_violation", "mode_leakage")
SEVERITIES = ("SEV-1", "SEV-2", "SEV-3")


@dataclass
class Snapshot:
    probe: dict
    artifact: dict
    samples: list[float]
    last_event: dt.datetime | None
    now: dt.datetime


def snapshot(paths: InputPaths, day: dt.date | None = None, as_of: dt.datetime | None = None) -> Snapshot:
    """The day's check as of `as_of` (default: now; the day: today in KST)."""
    now = as_of or now_kst().replace(microsecond=0)
    inputs = DailyInputs(day=day or now.date(), paths=paths, as_of=now)  # as of the day's end or later: final
    samples: list[float] = []
    p, a, last = probe_run(inputs, samples)
    end_of_day = dt.datetime.combine(inputs.day, dt.time()) + dt.timedelta(days=1)
    return Snapshot(p, a, samples, last, inputs.as_of or end_of_day)


def families(s: Snapshot):
    """Every metric family of one snapshot."""
    p, a = s.probe, s.artifact
    slo, av = a["slo"], a["slo"]["availability"]
    outcome = CounterMetricFamily("m31_slots", "Scheduled run-cycle slots of the day that are due, by outcome "
                                  "(excluded: planned maintenance)", labels=["outcome"])
    outcome.add_metric(["ok"], av["successful"] or 0)
    outcome.add_metric(["failed"], av["failed"] or 0)
    outcome.add_metric(["missed"], av["missed"] or 0)
    outcome.add_metric(["excluded"], av.get("excluded") or 0)
    yield outcome
    yield _gauge("m31_slots_due", "Slots due so far (not excluded)", p["availability"]["due_slots"])
    yield _gauge("m31_session_slots", "Slots of the whole session", p["availability"]["session_slots"])
    session = a.get("session")
    is_open = 0
    if session:
        is_open = int(session["open"][:19] <= s.now.isoformat() < session["close"][:19])
    yield _gauge("m31_session_open", "1 while the KRX session is open", is_open)
    yield _gauge("m31_availability_target", "The availability SLO target", av["target"])
    eb = p["error_budget"]
    budget = GaugeMetricFamily("m31_error_budget_cycles", "The session's error budget in cycles: the whole "
                               "session's budget, used so far, left, and the use projected to the close",
                               labels=["kind"])
    for kind, key in (("budget", "session_budget_cycles"), ("consumed", "used_cycles"), ("remaining", "left_cycles"),
                      ("projected_at_close", "projected_at_close_cycles")):
        if eb.get(key) is not None:
            budget.add_metric([kind], float(eb[key]))
    yield budget
    r = slo.get("rolling") or {}
    yield _gauge("m31_rolling_sessions", "Sessions in the rolling window", r.get("sessions"))
    yield _gauge("m31_rolling_availability_ratio", "Availability over the rolling window", r.get("ratio"))
    rolling = GaugeMetricFamily("m31_rolling_budget_cycles", "The rolling window's error budget in cycles",
                                labels=["kind"])
    for kind, key in (("budget", "budget_cycles"), ("consumed", "consumed_cycles"), ("remaining", "remaining_cycles")):
        if r.get(key) is not None:
            rolling.add_metric([kind], float(r[key]))
    yield rolling
    bp = (a.get("budget_policy") or {}).get("state", "normal")
    yield _gauge("m31_budget_policy_freeze", "1 while the error-budget policy stands at freeze", int(bp == "freeze"))
    lat = slo["latency"]
    yield _histogram(s.samples, lat["limit_ms"])
    yield _gauge("m31_latency_p95_seconds", "p95 of today's real-mode submission latency so far",
                 None if lat["p95_ms"] is None else lat["p95_ms"] / 1000)
    yield _gauge("m31_latency_limit_seconds", "The latency limit: baseline p95 x (1 + drift)",
                 None if lat["limit_ms"] is None else lat["limit_ms"] / 1000)
    floor = CounterMetricFamily("m31_safety_floor_violations", "Safety-floor violations of the day (each must be 0)",
                                labels=["check"])
    for check in SAFETY_CHECKS:
        floor.add_metric([check], slo["safety_floor"][check])
    yield floor
    open_by = GaugeMetricFamily("m31_open_incidents", "Incidents of the day still open, by effective severity",
                                labels=["severity"])
    open_now = [i for i in a["incidents"] if i["resolved_at"] is None]
    for sev in SEVERITIES:
        open_by.add_metric([sev], sum(1 for i in open_now if i["severity"] == sev))
    yield open_by
    yield _gauge("m31_missing_required_actions", "Required actions still missing over the day's incidents",
                 sum(len(i["missing_actions"]) for i in a["incidents"]))
    yield _gauge("m31_unresolved_alerts", "Alert instances still open", len(a["alerts"]["unresolved"]))
    age = None
    if s.last_event is not None:
        age = max(0.0, (s.now - s.last_event).total_seconds())
    elif session:
        age = max(0.0, (s.now - dt.datetime.fromisoformat(session["open"][:19])).total_seconds())
    yield _gauge("m31_last_event_age_seconds", "Seconds since the day's last event (since the open when none)", age)
    q = a["input_quality"]
    lines = CounterMetricFamily("m31_input_lines", "Lines of the event log by how they were read", labels=["kind"])
    for kind in ("events", "malformed", "truncated_tail", "replayed", "unknown_event_types"):
        lines.add_metric([kind], q[kind])
    yield lines
    status = StateSetMetricFamily("m31_day_status", "The day's status (as of now: provisional during the session)",
                                  labels=[])
    status.add_metric([], {k: a["status"] == k for k in ("green", "yellow", "red")})
    yield status
    info = InfoMetricFamily("m31_build", "The policy and artifact schema the figures follow")
    info.add_metric([], {"policy_version": a["policy_version"], "schema_version": a["schema_version"],
                         "day": a["day"]})
    yield info


def _gauge(name: str, doc: str, value) -> GaugeMetricFamily:
    g = GaugeMetricFamily(name, doc)
    if value is not None:
        g.add_metric([], float(value))
    return g


def _histogram(samples_ms: list[float], limit_ms: float | None) -> HistogramMetricFamily:
    """The day's latencies; the day's limit is always a bucket bound, so "submissions within the
    limit" is one series (the latency SLI of m31 openslo)."""
    seconds = [v / 1000 for v in samples_ms]
    bounds = sorted(set(LATENCY_BUCKETS_S) | ({round(limit_ms / 1000, 6)} if limit_ms else set()))
    buckets = [(str(bound), sum(1 for v in seconds if v <= bound)) for bound in bounds]
    buckets.append(("+Inf", len(seconds)))
    return HistogramMetricFamily("m31_submission_latency_seconds", "Latency of today's real-mode submissions",
                                 buckets=buckets, sum_value=sum(seconds))


class DayCollector(Collector):
    """The day's metrics, recomputed every `interval` seconds by `start()`'s thread (or once, by
    `refresh()`); a scrape returns the latest. A failed recomputation keeps the last figures
    and counts itself in m31_exporter_errors_total."""

    def __init__(self, paths: InputPaths, day: dt.date | None, as_of: dt.datetime | None, interval: float = 1.0):
        self.paths, self.day, self.as_of, self.interval = paths, day, as_of, interval
        self._families: list = []
        self._errors = 0
        self._stopped = False

    def refresh(self) -> None:
        self._families = list(families(snapshot(self.paths, self.day, self.as_of)))

    def start(self) -> threading.Thread:
        def loop():
            # time.sleep, not Event.wait(timeout): a timed condition wait never returns under
            # libfaketime (CI runs the suite with the clock moved), a sleep does
            while True:
                time.sleep(self.interval)
                if self._stopped:
                    return
                try:
                    self.refresh()
                except Exception:  # noqa: BLE001 - the exporter keeps serving; the error is a metric
                    self._errors += 1
        t = threading.Thread(target=loop, daemon=True, name="m31-exporter")
        t.start()
        return t

    def stop(self) -> None:
        self._stopped = True

    def collect(self):
        errors = CounterMetricFamily("m31_exporter_errors", "Recomputations of the metrics that failed")
        errors.add_metric([], self._errors)
        return [*self._families, errors]
