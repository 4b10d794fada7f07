"""m31 openslo: the workbook's SLOs as OpenSLO v1 documents, for an SLO platform (Nobl9's
`sloctl convert openslo`, Sloth). The queries read the exporter's metrics (m31 exporter), the
targets and windows come from the policy, the latency limit from the signoff in force.

What OpenSLO cannot say is in docs/metrics.md: the safety floor (a 100% target; OpenSLO's
targets lie in [0, 1)) and that slots exist only in KRX sessions (stated as annotations).
"""
from __future__ import annotations

from ..policy import Policy
from .rules import PAGE_BURN, PAGE_WINDOWS, TICKET_BURN, TICKET_WINDOWS

API = "openslo/v1"
SERVICE = "m31-trading-runtime"
PREFIX = "m31.example/"  # the annotations' prefix (openslo.com/ is reserved for OpenSLO itself)
CALENDAR = ("XKRX (exchange_calendars): slots exist only inside KRX sessions as that calendar gives them "
            "(09:00-15:30 KST, late opens included); planned maintenance excludes slots")


def _doc(kind: str, name: str, spec: dict, display: str | None = None, annotations: dict | None = None) -> dict:
    meta = {"name": name}
    if display:
        meta["displayName"] = display
    if annotations:
        meta["annotations"] = {PREFIX + k: str(v) for k, v in annotations.items()}
    return {"apiVersion": API, "kind": kind, "metadata": meta, "spec": spec}


def _prometheus(query: str) -> dict:
    return {"metricSource": {"type": "Prometheus", "spec": {"query": query}}}


# The daily check's window: a calendar day in KST.
SESSION_DAY = {"duration": "1d", "isRolling": False,
               "calendar": {"startTime": "2026-01-01 00:00:00", "timeZone": "Asia/Seoul"}}


def _slo(description: str, indicator: str, window: dict, method: str, objective: dict, **more) -> dict:
    return {"description": description, "service": SERVICE, "indicatorRef": indicator, "timeWindow": [window],
            "budgetingMethod": method, "objectives": [objective], **more}


def _minutes(seconds: int) -> str:
    if seconds % 60:
        raise ValueError(f"cycle_interval_s {seconds} is not a whole number of minutes (OpenSLO's shortest unit)")
    return f"{seconds // 60}m"


def documents(policy: Policy, latency_limit_ms: float, signoff_day: str) -> list[dict]:
    """Service, the availability and latency SLIs, their SLOs (the session's and the rolling
    window's availability), and burn-rate alert policies with their conditions and targets."""
    target = float(policy.availability_target)
    slot = _minutes(policy.cycle_interval_s)
    limit_s = round(latency_limit_ms / 1000, 6)
    common = {"calendar": CALENDAR, "policy-version": policy.version}
    slots = {"displayName": "successful slots", "target": target, "timeSliceTarget": 1, "timeSliceWindow": slot}
    docs = [
        _doc("Service", SERVICE, {"description": "The automated trading runtime on the Korea Exchange, as the "
                                                 "M31 workbook judges it from its event log"},
             "KRX trading runtime", common),
        _doc("SLI", "m31-cycle-slots", {
            "description": "Scheduled run-cycle slots whose cycle succeeded, over the slots due (planned "
                           "maintenance excluded)",
            "ratioMetric": {"counter": True,
                            "good": _prometheus('sum(m31_slots_total{outcome="ok"})'),
                            "total": _prometheus('sum(m31_slots_total{outcome=~"ok|failed|missed"})')}},
             "Run-cycle slots"),
        _doc("SLI", "m31-submission-latency", {
            "description": f"Real-mode order submissions acknowledged within the limit ({latency_limit_ms:g} ms: "
                           f"the signed-off baseline p95 x (1 + {policy.latency_drift_pct}%))",
            "ratioMetric": {"counter": True,
                            "good": _prometheus(f'sum(m31_submission_latency_seconds_bucket{{le="{limit_s}"}})'),
                            "total": _prometheus("sum(m31_submission_latency_seconds_count)")}},
             "Submission latency", {"signoff-day": signoff_day}),
        _doc("SLO", "m31-availability-session", _slo(
            "The daily check's availability SLO: the session's successful slots over its scheduled slots, "
            "each slot one time slice", "m31-cycle-slots", SESSION_DAY, "Timeslices", slots,
            alertPolicies=[{"alertPolicyRef": "m31-availability-fast-burn"},
                           {"alertPolicyRef": "m31-availability-slow-burn"}]),
             "Availability (session)", {"sessions-only": "true"}),
        # OpenSLO windows are in calendar units; 20 sessions are about four weeks of KRX days.
        _doc("SLO", "m31-availability-rolling", _slo(
            f"The error-budget policy's window: the last {policy.rolling_sessions} KRX sessions from go-live; "
            "a spent budget freezes releases (m31 gate)", "m31-cycle-slots",
            {"duration": f"{-(-policy.rolling_sessions // 5)}w", "isRolling": True}, "Timeslices", slots),
             "Availability (rolling window)", {"window-sessions": policy.rolling_sessions}),
        _doc("SLO", "m31-latency-session", _slo(
            "The daily check's latency SLO: the session's p95 within the limit, i.e. at least 95% of its "
            "real-mode submissions within the limit", "m31-submission-latency", SESSION_DAY, "Occurrences",
            {"displayName": "p95 within the limit", "target": 0.95}),
             "Latency p95 (session)", {"limit-ms": f"{latency_limit_ms:g}"}),
    ]
    for name, burn, windows, severity, target_name in (
            ("m31-availability-fast-burn", PAGE_BURN, PAGE_WINDOWS, "page", "m31-page"),
            ("m31-availability-slow-burn", TICKET_BURN, TICKET_WINDOWS, "ticket", "m31-ticket")):
        long_window, short_window = windows
        docs.append(_doc("AlertCondition", f"{name}-condition", {
            "description": f"Slots failing at {burn}x the error-budget rate over {long_window} "
                           f"(m31 rules also requires it over {short_window})",
            "severity": severity,
            "condition": {"kind": "burnrate", "op": "gte", "threshold": float(burn),
                          # m31 rules fires at once (for: 0m); OpenSLO's shortest duration is 1m, one slot
                          "lookbackWindow": long_window, "alertAfter": "1m"}}))
        docs.append(_doc("AlertPolicy", name, {
            "description": f"{severity}: the session's budget burning at {burn}x",
            "alertWhenBreaching": True, "alertWhenResolved": False, "alertWhenNoData": False,
            "conditions": [{"conditionRef": f"{name}-condition"}],
            "notificationTargets": [{"targetRef": target_name}]}))
    for name, what in (("m31-page", "the on-call primary's pager (Alertmanager receiver severity=page)"),
                       ("m31-ticket", "the team's ticket queue (Alertmanager receiver severity=ticket)")):
        docs.append(_doc("AlertNotificationTarget", name, {"description": what, "target": "alertmanager"}))
    return docs


def to_yaml(docs: list[dict]) -> str:
    import yaml

    return yaml.safe_dump_all(docs, sort_keys=False, allow_unicode=True, width=100)


def queries(docs: list[dict]) -> list[str]:
    """Every PromQL query of the SLIs, for checking them against a Prometheus."""
    return [m[part]["metricSource"]["spec"]["query"] for d in docs if d["kind"] == "SLI"
            for m in [d["spec"].get("ratioMetric") or {}] for part in ("good", "bad", "total", "raw") if part in m]
