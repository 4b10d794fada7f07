"""The weekly review (contract section 7) on hand-built multi-day logs with known answers
(the Seollal week is described in weeks.py)."""
import pytest

from m31.checks import decisions as dec
from m31.checks.weekly import WeeklyInputs, noise_action, review, slo_decision
from m31.policy import load_policy

from conftest import input_paths, make_m30, write_log
from helpers import all_cycles, preflight
from weeks import WINDOW


def test_window_reaches_back_over_seollal(seollal):
    a = seollal["run"].artifact
    assert a["window"] == WINDOW
    assert [(d["day"], d["status"]) for d in a["days"]] == [
        ("2026-02-11", "green"), ("2026-02-12", "red"), ("2026-02-13", "yellow"), ("2026-02-19", "yellow"),
        ("2026-02-20", "yellow")]
    assert a["status"] == "red" and a["status_reasons"] == ["2026-02-12 was red"]


def test_top_failure_classes_and_budget(seollal):
    a = seollal["run"].artifact
    assert a["top_failure_classes"] == [{"failure_class": "broker_timeout", "bad_cycles": 8, "days": 2},
                                        {"failure_class": "missed", "bad_cycles": 2, "days": 1}]
    eb = a["error_budget"]
    assert (eb["scheduled_slots"], eb["budget_cycles"], eb["consumed_cycles"]) == (1950, 19.5, 10)
    assert eb["burn_rate"] == 10 / 19.5
    assert a["recurring_conditions"] == [{"failure_class": "availability", "severity": "SEV-2", "days": 1, "auto": 1}]


def test_alert_noise_per_fingerprint(seollal):
    rows = {r["fingerprint"]: r for r in seollal["run"].artifact["alert_noise"]}
    assert set(rows) == {"feed_gap", "rej", "lat"}  # broker_down was real: not noisy
    pick = lambda r: (r["fired"], r["duplicates"], r["false_positives"], r["marked_false_positive"], r["flaps"],
                      r["median_resolve_s"], r["action"])
    assert pick(rows["feed_gap"]) == (3, 2, 1, 0, 1, 630.0, "deduplicate")
    assert pick(rows["rej"]) == (2, 0, 2, 2, 0, 1200.0, "retire")
    assert pick(rows["lat"]) == (3, 0, 2, 0, 2, 240.0, "hold_down")
    assert [r["fingerprint"] for r in seollal["run"].artifact["alert_noise"]] == ["feed_gap", "lat", "rej"]


def test_response_times_and_postmortems_due(seollal):
    a = seollal["run"].artifact
    inc = {i["incident_id"]: i for i in a["incidents"]}
    assert set(inc) == {"AUTO-2026-02-12-availability", "INC-A"}
    x = inc["INC-A"]
    assert x["first_signal"] == {"at": "2026-02-20T09:58:00+09:00", "source": "alert ax (broker_down)"}
    assert (x["detection_s"], x["acknowledge_s"], x["resolve_s"]) == (120.0, 300.0, 3600.0)
    auto = inc["AUTO-2026-02-12-availability"]
    assert auto["acknowledge_s"] is None and auto["resolve_s"] is None and auto["detection_s"] == 0.0
    assert a["response_times"]["acknowledge_s"] == {"median": 300.0, "incidents": 1}
    # 5 trading days after 02-12 skips Seollal: 13, 19, 20, 23, 24
    assert a["postmortems_due"] == [
        {"incident_id": "AUTO-2026-02-12-availability", "day": "2026-02-12", "severity": "SEV-2", "owner": "ann",
         "due": "2026-02-24", "overdue": False, "source": "auto", "failure_class": "availability"},
        {"incident_id": "INC-A", "day": "2026-02-20", "severity": "SEV-2", "owner": "ann", "due": "2026-02-27",
         "overdue": False, "source": "declared", "failure_class": "broker"}]


def test_runbook_changes_and_slo_decision(seollal):
    a = seollal["run"].artifact
    assert [(r["failure_class"], r["owner"], r["due"], r["source"]) for r in a["runbook_changes"]] == [
        ("broker_timeout", "ann", "2026-02-27", "proposed"), ("missed", "ann", "2026-02-27", "proposed")]
    assert "bad cycles: 8; days: 2" in a["runbook_changes"][0]["change"]
    assert a["slo_decision"]["decision"] == "keep"
    assert a["slo_decision"]["reason"] == "an SLO was missed on 1 day (2026-02-12)"


def test_year_start_window_and_late_open(tmp_path):
    from m31.reports.present_weekly import weekly

    m30 = make_m30(tmp_path, day="2025-12-01")
    days = ["2025-12-26", "2025-12-29", "2025-12-30", "2026-01-02", "2026-01-05"]
    events = [e for d in days for e in [preflight(day=d)] + all_cycles(
        d, n=330 if d == "2026-01-02" else 390, open_hhmm=(10, 0) if d == "2026-01-02" else (9, 0))]
    log = write_log(tmp_path / "events.jsonl", events)
    a = weekly("2026-01-05", str(tmp_path / "r"), input_paths(m30, log)).artifact
    assert a["window"] == days  # 2025-12-31 and 2026-01-01 are KRX holidays
    assert a["error_budget"]["scheduled_slots"] == 390 * 4 + 330
    assert a["error_budget"]["budget_cycles"] == pytest.approx(18.9)
    # five clean days, but go-live was 2025-12-01 and the rolling window's December sessions have
    # no cycle in this log: the window is spent, so the decision is not to tighten
    assert a["status"] == "green" and a["slo_decision"]["decision"] == "keep"
    assert "the rolling window 2025-12-04..2026-01-05 used 7558.14%" in a["slo_decision"]["reason"]


# ---------------------------------------------------------------------------- rules at their boundaries

def _art(day, ratio=0.0, avail=True, latency=True, safety=0, declared=False, window=(20, None)):
    """A daily artifact's figures the decision reads; window = (sessions, consumed cycles of a
    78-cycle budget; None: the same share as the day's)."""
    sessions, consumed = window
    consumed = ratio * 78 if consumed is None else consumed
    return {"day": day, "slo": {
        "availability": {"met": avail}, "latency": {"met": latency},
        "error_budget": {"consumed_ratio": ratio},
        "rolling": {"sessions": sessions, "first_day": "2026-02-12", "last_day": day,
                    "budget_cycles": 78.0, "consumed_cycles": consumed},
        "safety_floor": {"duplicate_execution": safety, "guard_precedence_violation": 0, "mode_leakage": 0}},
        "incidents": [{"incident_id": "INC-1", "source": "declared"}] if declared else []}


DAYS5 = ["2026-03-09", "2026-03-10", "2026-03-11", "2026-03-12", "2026-03-13"]


@pytest.mark.parametrize("arts, decision", [
    ([_art(d, 0.25) for d in DAYS5], "tighten"),                                    # exactly a quarter
    ([_art(d, 0.25) for d in DAYS5[:4]] + [_art(DAYS5[4], 0.25, window=(19, 0))], "keep"),  # window not full
    ([_art(d, 0.1) for d in DAYS5[:4]] + [_art(DAYS5[4], 0.1, window=(20, 20))], "keep"),   # window 20/78 > 1/4
    ([_art(d, 0.1) for d in DAYS5[:4]] + [_art(DAYS5[4], 0.1, window=(20, 19))], "tighten"),  # window 19/78 <= 1/4
    ([_art(d, 0.5128) for d in DAYS5[:4]] + [_art(DAYS5[4], 0.5128, window=(20, 39))], "keep"),  # window at half
    ([_art(d, 0.25) for d in DAYS5[:4]] + [_art(DAYS5[4], 0.2564)], "keep"),        # just over on one day
    ([_art(d, 0.5128) for d in DAYS5], "loosen"),                                   # every day over half
    ([_art(d, 0.5128) for d in DAYS5[:4]] + [_art(DAYS5[4], 0.5)], "keep"),         # exactly half on one day
    ([_art(d, 0.5128) for d in DAYS5[:4]] + [_art(DAYS5[4], 0.6, declared=True)], "keep"),  # people declared
    ([_art(DAYS5[0], 1.2, avail=False)] + [_art(d) for d in DAYS5[1:]], "keep"),    # one miss
    ([_art(DAYS5[0], 1.2, avail=False), _art(DAYS5[1], latency=False)] + [_art(d) for d in DAYS5[2:]],
     "investigate"),                                                                # misses on two days
    ([_art(DAYS5[0], safety=1)] + [_art(d) for d in DAYS5[1:]], "investigate"),     # any safety breach
])
def test_slo_decision_rules(arts, decision):
    assert slo_decision(arts, load_policy())["decision"] == decision


@pytest.mark.parametrize("figures, action", [
    ((4, 0, 2, 2, 0), "raise_threshold"),  # 4 distinct firings, only 2 marked: not every one
    ((2, 0, 2, 2, 0), "retire"),           # every distinct firing marked a false positive
    ((1, 0, 1, 1, 0), "raise_threshold"),  # a single marked firing is not enough to retire
    ((3, 2, 1, 0, 1), "deduplicate"),
    ((3, 1, 1, 0, 1), "hold_down"),        # duplicates not more than false positives
    ((3, 0, 2, 1, 1), "hold_down"),        # flaps at least as many as marked
    ((5, 0, 3, 2, 1), "raise_threshold"),
])
def test_noise_action_rules(figures, action):
    assert noise_action(*figures) == action


# ---------------------------------------------------------------------------- the meeting's decisions

def test_decisions_are_recorded_and_open_items_carry_over(seollal, tmp_path):
    run = seollal["run"]
    reports = tmp_path / "reports"
    ids = dec.accept_runbook_changes(reports, "2026-02-13", run.artifact["runbook_changes"])
    assert ids == ["AI-2026-02-13-1", "AI-2026-02-13-2"]
    dec.override_slo(reports, "2026-02-20", "investigate", "broker timeouts two weeks running", by="ann")
    dec.add_note(reports, "2026-02-20", "check <b>flap</b> | window", by="bob")
    inputs = WeeklyInputs(week_end="2026-02-20", report_dir=str(reports), oncall_path=seollal["m30"]["oncall_path"])
    dailies = run.dailies
    a = review(inputs, dailies, dec.load(reports, "2026-02-20"), dec.carried_over(reports, "2026-02-20"))
    assert [i["id"] for i in a["carried_over_actions"]] == ids
    assert a["slo_decision"]["decision"] == "investigate" and a["slo_decision"]["by"] == "ann"
    assert a["slo_decision"]["computed"]["decision"] == "keep"
    assert a["decisions"]["notes"] == [{"by": "bob", "text": "check <b>flap</b> | window"}]
    dec.mark_done(reports, "AI-2026-02-13-1", on="2026-02-19", note="merged")
    assert [i["id"] for i in dec.carried_over(reports, "2026-02-20")] == ["AI-2026-02-13-2"]
    # an item recorded this week for a proposed class replaces the proposal
    dec.record_action(reports, "2026-02-20", "missed", "watchdog on the scheduler", "bob", "2026-03-03")
    a = review(inputs, dailies, dec.load(reports, "2026-02-20"))
    missed = [r for r in a["runbook_changes"] if r["failure_class"] == "missed"]
    assert missed == [{"failure_class": "missed", "change": "watchdog on the scheduler", "owner": "bob",
                       "due": "2026-03-03", "source": "recorded", "action_id": "AI-2026-02-20-1", "status": "open"}]
    from m31.reports.markdown import weekly_markdown
    md = weekly_markdown(a)
    assert "<b>" not in md and "check &lt;b&gt;flap&lt;/b&gt; \\| window" in md


def test_bad_decisions_are_refused(tmp_path):
    with pytest.raises(ValueError):
        dec.override_slo(tmp_path, "2026-02-20", "relax", "x", by="ann")
    with pytest.raises(ValueError):
        dec.record_action(tmp_path, "2026-02-20", "missed", "x", "", "2026-03-03")
    (tmp_path / "m31_weekly_decisions_2026-02-20.json").write_text("{not json")
    from m31.errors import InputError
    with pytest.raises(InputError, match="unreadable decisions file"):
        dec.load(tmp_path, "2026-02-20")

