"""m31 rules: Prometheus recording and alerting rules over the exporter's metrics (docs/metrics.md).

Burn-rate alerts after the SRE Workbook's multiwindow, multi-burn-rate alerts, fitted to a KRX
session: a session has 390 one-minute slots and a budget of 3.9 bad slots, so the Workbook's
windows for a 30-day budget (1 h / 6 h long, 5 m / 30 m short) would span whole sessions or more.
The windows here are chosen by how much of the session's budget they see burn:

- page, 14.4x over 15 m and 5 m: 14.4 x 1% x 15 = 2.2 bad slots in a quarter hour, over half of
  the session's budget; at that rate the whole budget goes in 27 minutes. The 5 m window (a
  twelfth of an hour, the Workbook's ratio to its 1 h) says the burn is still going on.
- ticket, 6x over 30 m and 5 m: 1.8 bad slots in half an hour, about half the budget; the
  session's budget is gone within 65 minutes at that rate.
- the Workbook's 1x over 3 days has no session equivalent: the daily check's availability SLO
  (a SEV-2 condition) is exactly "the session spent its budget".
"""
from __future__ import annotations

from decimal import Decimal

from ..policy import Policy

WINDOWS = ("5m", "15m", "30m")
PAGE_BURN, PAGE_WINDOWS = Decimal("14.4"), ("15m", "5m")
TICKET_BURN, TICKET_WINDOWS = Decimal("6"), ("30m", "5m")
DEFAULT_RUNBOOK_BASE = "docs/runbooks.md"


def _runbook(base: str, anchor: str) -> str:
    return f"{base.rstrip('/')}#{anchor}"


def rules(policy: Policy, runbook_base: str = DEFAULT_RUNBOOK_BASE, job: str = "m31") -> dict:
    """The rule groups, as the YAML document Prometheus reads."""
    budget = 1 - policy.availability_target            # the error budget as a ratio: 0.01
    bad = 'outcome=~"failed|missed"'
    due = 'outcome=~"ok|failed|missed"'
    recording = [{
        "record": f"m31:slot_error_ratio:rate{w}",
        "expr": f"sum without (outcome) (rate(m31_slots_total{{{bad}}}[{w}]))\n"
                f"/\nsum without (outcome) (rate(m31_slots_total{{{due}}}[{w}]))",
    } for w in WINDOWS]
    recording.append({"record": "m31:error_budget_remaining:ratio",
                      "expr": 'm31_error_budget_cycles{kind="remaining"} / ignoring (kind) '
                              'm31_error_budget_cycles{kind="budget"}'})

    def burn(name, factor, windows, severity, anchor, text):
        threshold = float(factor * budget)
        expr = "\nand\n".join(f"m31:slot_error_ratio:rate{w} > {threshold:g}" for w in windows)
        return {"alert": name, "expr": expr, "for": "0m",
                "labels": {"severity": severity, "slo": "availability"},
                "annotations": {"summary": f"Run-cycle slots failing at {factor}x the error-budget rate",
                                "description": text, "runbook_url": _runbook(runbook_base, anchor)}}

    alerting = [
        {"alert": "M31SafetyFloorBreach",
         "expr": "max without (instance) (m31_safety_floor_violations_total) > 0", "for": "0m",
         "labels": {"severity": "page", "slo": "safety_floor"},
         "annotations": {"summary": "Safety floor breached: a SEV-1 condition",
                         "description": "Duplicate execution, a guard precedence violation or mode leakage happened "
                                        "today; the SEV-1 actions are required (force manual approval, degrade mode, "
                                        "escalate primary and secondary).",
                         "runbook_url": _runbook(runbook_base, "safety-floor-breach")}},
        burn("M31ErrorBudgetBurnFast", PAGE_BURN, PAGE_WINDOWS, "page", "error-budget-burn",
             "At this rate the session's error budget is gone within half an hour."),
        burn("M31ErrorBudgetBurnSlow", TICKET_BURN, TICKET_WINDOWS, "ticket", "error-budget-burn",
             "At this rate the session's error budget is gone within about an hour."),
        {"alert": "M31EventLogStale",
         "expr": "m31_last_event_age_seconds > 300\nand on ()\nm31_session_open == 1", "for": "1m",
         "labels": {"severity": "page", "slo": "availability"},
         "annotations": {"summary": "No event in the runtime's log for 5 minutes during the session",
                         "description": "The trading runtime may be down or no longer writing its event log.",
                         "runbook_url": _runbook(runbook_base, "stale-event-log")}},
        {"alert": "M31RequiredActionsMissing",
         "expr": "m31_missing_required_actions > 0\nand on ()\nm31_session_open == 1", "for": "10m",
         "labels": {"severity": "ticket", "slo": "incident_response"},
         "annotations": {"summary": "Required incident actions still missing",
                         "description": "An incident of the day lacks a required action (escalation, mitigation "
                                        "before the close, a ticket); m31 probe lists which.",
                         "runbook_url": _runbook(runbook_base, "required-actions-missing")}},
        {"alert": "M31BudgetPolicyFreeze", "expr": "m31_budget_policy_freeze == 1", "for": "0m",
         "labels": {"severity": "ticket", "slo": "availability"},
         "annotations": {"summary": "Error-budget policy at freeze: releases stop",
                         "description": "The rolling window's error budget is spent; releases of the runtime and "
                                        "its strategies stop, fixes go on (m31 gate exits 1).",
                         "runbook_url": _runbook(runbook_base, "budget-policy-freeze")}},
        {"alert": "M31ExporterDown", "expr": f'up{{job="{job}"}} == 0', "for": "2m",
         "labels": {"severity": "ticket", "slo": "monitoring"},
         "annotations": {"summary": "Prometheus cannot scrape m31 exporter",
                         "description": "Without the exporter none of the M31 alerts can fire.",
                         "runbook_url": _runbook(runbook_base, "exporter-down")}},
    ]
    return {"groups": [{"name": "m31-recording", "rules": recording},
                       {"name": "m31-alerts", "rules": alerting}]}


def to_yaml(doc: dict) -> str:
    import yaml

    class Literal(str):
        pass

    def literal(dumper, value):
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)

    yaml.add_representer(Literal, literal, Dumper=yaml.SafeDumper)

    def wrap(node):
        if isinstance(node, dict):
            return {k: wrap(v) for k, v in node.items()}
        if isinstance(node, list):
            return [wrap(v) for v in node]
        return Literal(node) if isinstance(node, str) else node
    header = "# Generated by `m31 rules` (lib/m31/metrics/rules.py; windows explained in docs/metrics.md).\n"
    return header + yaml.safe_dump(wrap(doc), sort_keys=False, width=120)
