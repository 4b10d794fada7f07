"""The contract's example inputs (copied from the contract's examples/), run through the daily
command. Every figure below was worked out by hand from the 22 example lines:
- slots 0 and 1 ok (slot 1 stamped in UTC), slot 2 ok on its retry; 387 of 390 missed;
- budget 0.01 x 390 = 3.9; the 4th bad slot (slot 6, 09:06) takes consumed past it;
- slot starts 10:42 .. 13:30 lie in the critical alert (10:41:07-10:53:30) or the incident
  (10:43:15-13:30:00, both ends included): 169 tracked, 218 untracked;
- p95 of [84.2, 97.5] = 84.2 + 0.95 x 13.3; limit 110 x 1.1 = 121;
- al-5521 resolves 150 s after firing, linked to no incident: a false positive."""
import json
from pathlib import Path

import pytest

from test_command import run

EXAMPLES = Path(__file__).parent / "data" / "contract_examples"


def example_args(report_dir, day):
    return ["--event-log-path", str(EXAMPLES / "events.sample.jsonl"),
            "--policy-report-dir", str(EXAMPLES / "m30_post_golive"),
            "--signoff-report-dir", str(EXAMPLES / "m30_golive"),
            "--oncall", str(EXAMPLES / "oncall.toml"), "--report-dir", str(report_dir), "--day", day]


@pytest.mark.e2e
def test_contract_example_day(tmp_path):
    done = run(example_args(tmp_path, "2026-03-04") + ["--json"])
    assert done.returncode == 1, done.stderr
    a = json.loads(done.stdout)
    assert a["status"] == "red"
    assert a["status_reasons"] == [
        "availability 3/390 slots below target 0.99",
        "error budget more than half consumed (387 of 3.9 cycles)",
        "incident open: INC-20260304-01 (SEV-2)",
        "M30 policy level is watch"]
    pre = a["preopen"]
    assert (pre["policy_level"], pre["policy_artifact_day"], pre["signoff_decision"], pre["signoff_artifact_day"],
            pre["preflight"], pre["guard_config_aligned"]) == ("watch", "2026-03-04", "GO", "2026-02-27", "pass", True)
    slo = a["slo"]
    assert slo["availability"] == {"scheduled": 390, "successful": 3, "missed": 387, "failed": 0, "excluded": 0,
                                   "ratio": 3 / 390, "target": 0.99, "met": False}
    # go-live is the signoff's day, 2026-02-27; 03-02 is a holiday; the log has no cycle before 03-04
    r = slo["rolling"]
    assert (r["sessions"], r["first_day"], r["last_day"], r["scheduled"], r["successful"], r["bad"], r["met"]) == \
        (3, "2026-02-27", "2026-03-04", 1170, 3, 1167, False)
    assert (r["budget_cycles"], r["remaining_cycles"]) == (pytest.approx(11.7), pytest.approx(-1155.3))
    assert a["budget_policy"]["state"] == "freeze" and a["corrections"] == []
    assert slo["latency"]["samples"] == 2 and slo["latency"]["limit_ms"] == 121.0
    assert slo["latency"]["p95_ms"] == pytest.approx(96.835) and slo["latency"]["met"] is True
    b = slo["error_budget"]
    assert (b["budget_cycles"], b["consumed_cycles"], b["untracked_cycles"]) == (3.9, 387, 218)
    assert slo["safety_floor"]["met"] is True
    assert a["conditions"] == [{"failure_class": "availability", "severity": "SEV-2",
                                "first_seen": "2026-03-04T09:06:00+09:00", "tracked_by": "INC-20260304-01"}]
    [inc] = a["incidents"]
    assert {k: inc[k] for k in ("incident_id", "source", "declared_severity", "severity", "opened_at",
                                "resolved_at", "owner", "escalation", "required_actions", "missing_actions")} == {
        "incident_id": "INC-20260304-01", "source": "declared", "declared_severity": "SEV-2", "severity": "SEV-2",
        "opened_at": "2026-03-04T10:43:15+09:00", "resolved_at": "2026-03-04T13:30:00+09:00",
        "owner": "yoon.seha", "escalation": ["yoon.seha"],
        "required_actions": ["escalate_primary", "mitigation"], "missing_actions": []}
    assert {k: a["alerts"][k] for k in ("fired", "duplicates", "false_positives", "unresolved")} == {
        "fired": 2, "duplicates": 0, "false_positives": 1, "unresolved": []}
    assert {k: a["interventions"][k] for k in ("count", "unknown_reason_codes")} == {"count": 3, "unknown_reason_codes": 0}
    q = a["input_quality"]
    assert (q["lines"], q["events"], q["malformed"], q["truncated_tail"], q["replayed"]) == (22, 22, 0, 0, 0)


@pytest.mark.e2e
def test_contract_example_day_before_any_policy_artifact_is_unusable(tmp_path):
    """2026-03-02 (the Samiljeol substitute holiday) precedes the only policy artifact."""
    done = run(example_args(tmp_path, "2026-03-02") + ["--json"])
    # The policy artifact is the latest on or before D: none exists before 2026-03-04.
    assert done.returncode == 2 and "m30_post_golive" in done.stderr and done.stderr.count("\n") == 1
    assert not list(tmp_path.iterdir())
