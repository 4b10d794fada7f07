"""The Grafana dashboard over the exporter's metrics and the recording rules, ready to
provision (config/grafana/m31-dashboard.json is this function's output; m31 rules --dashboard
writes it again)."""
from __future__ import annotations

import json

# (title, panel type, [(PromQL, legend)], unit, width)
PANELS = [
    ("Day status (1 = the status now)", "stat", [("max by (m31_day_status) (m31_day_status)", "{{m31_day_status}}")],
     "none", 6),
    ("Budget policy at freeze", "stat", [("m31_budget_policy_freeze", "freeze")], "none", 6),
    ("Safety floor violations today", "stat", [("m31_safety_floor_violations_total", "{{check}}")], "none", 12),
    ("Availability of the due slots", "timeseries",
     [('sum without (outcome) (m31_slots_total{outcome="ok"}) / sum without (outcome) '
       '(m31_slots_total{outcome=~"ok|failed|missed"})', "availability"),
      ("m31_availability_target", "target")], "percentunit", 12),
    ("Burn rate (x the error-budget rate)", "timeseries",
     [("m31:slot_error_ratio:rate5m / (1 - m31_availability_target)", "5m"),
      ("m31:slot_error_ratio:rate30m / (1 - m31_availability_target)", "30m")], "none", 12),
    ("Session error budget (cycles)", "timeseries", [("m31_error_budget_cycles", "{{kind}}")], "none", 12),
    ("Rolling window", "timeseries", [("m31_rolling_availability_ratio", "availability"),
                                      ("m31_availability_target", "target")], "percentunit", 12),
    ("Rolling window's budget (cycles)", "timeseries", [("m31_rolling_budget_cycles", "{{kind}}")], "none", 12),
    ("Submission latency", "timeseries",
     [("histogram_quantile(0.95, sum by (le) (m31_submission_latency_seconds_bucket))", "p95 (histogram)"),
      ("m31_latency_p95_seconds", "p95 (exact)"), ("m31_latency_limit_seconds", "limit")], "s", 12),
    ("Open incidents by severity", "timeseries", [("m31_open_incidents", "{{severity}}")], "none", 8),
    ("Missing required actions and unresolved alerts", "timeseries",
     [("m31_missing_required_actions", "missing actions"), ("m31_unresolved_alerts", "unresolved alerts")],
     "none", 8),
    ("Age of the last event", "timeseries", [("m31_last_event_age_seconds", "age")], "s", 8),
    ("Input quality (lines)", "timeseries", [('m31_input_lines_total{kind!="events"}', "{{kind}}")], "none", 12),
    ("Policy in force", "table", [("m31_build_info", "{{policy_version}}")], "none", 12),
]


def dashboard() -> dict:
    panels, x, y, row_h = [], 0, 0, 8
    for n, (title, kind, targets, unit, width) in enumerate(PANELS, 1):
        if x + width > 24:
            x, y = 0, y + row_h
        panels.append({
            "id": n, "type": kind, "title": title,
            "datasource": {"type": "prometheus", "uid": "${datasource}"},
            "gridPos": {"h": row_h, "w": width, "x": x, "y": y},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "targets": [{"refId": chr(65 + k), "expr": expr, "legendFormat": legend,
                         "datasource": {"type": "prometheus", "uid": "${datasource}"}}
                        for k, (expr, legend) in enumerate(targets)],
        })
        x += width
    return {
        "title": "M31 SLO and incident review", "uid": "m31-slo", "schemaVersion": 39, "version": 1,
        "tags": ["m31", "slo", "krx"], "timezone": "Asia/Seoul", "refresh": "30s",
        "time": {"from": "now-7h", "to": "now"},
        "templating": {"list": [{"name": "datasource", "type": "datasource", "query": "prometheus",
                                 "label": "Prometheus"}]},
        "annotations": {"list": []}, "panels": panels,
    }


def expressions(doc: dict) -> list[str]:
    return [t["expr"] for p in doc["panels"] for t in p["targets"]]


def to_json(doc: dict) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
