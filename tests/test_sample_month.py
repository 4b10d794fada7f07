"""Every scenario day of the sample month gives the figures docs/sample-data.md promises."""
import pytest

from m31.checks.daily import DailyInputs, run_daily
from m31.inputs import InputPaths
from m31.sample.simulate import SCENARIOS


@pytest.fixture(scope="module")
def month(sample_month):
    return sample_month


def test_every_session_has_the_documented_status(month):
    for day, a in month.items():
        if day == "2026-02-17":
            continue
        expected = SCENARIOS.get(day, {"status": "green"})["status"]
        assert a["status"] == expected, (day, a["status_reasons"])
        if day not in SCENARIOS:
            assert a["slo"]["availability"]["successful"] == a["slo"]["availability"]["scheduled"] == 390
            assert a["incidents"] == [] and a["input_quality"]["malformed"] == 0


def test_seollal_is_not_a_trading_day(month):
    a = month["2026-02-17"]
    assert a["trading_day"] is False and a["status"] == "green"


@pytest.mark.parametrize("day", sorted(SCENARIOS))
def test_scenario_figures(month, day):
    exp, a = SCENARIOS[day], month[day]
    av = a["slo"]["availability"]
    for key in ("scheduled", "successful", "missed", "failed", "excluded"):
        if key in exp:
            assert av[key] == exp[key], key
    if "untracked_cycles" in exp:
        assert a["slo"]["error_budget"]["untracked_cycles"] == exp["untracked_cycles"]
    if "by_failure_class" in exp:
        assert a["slo"]["error_budget"]["by_failure_class"] == exp["by_failure_class"]
    if "safety_floor" in exp:
        sf = a["slo"]["safety_floor"]
        assert (sf["duplicate_execution"], sf["guard_precedence_violation"], sf["mode_leakage"]) == exp["safety_floor"]
    if "conditions" in exp:
        assert [(c["failure_class"], c["severity"], c["first_seen"], c["tracked_by"])
                for c in a["conditions"]] == [tuple(c) for c in exp["conditions"]]
    if "incidents" in exp:
        assert [(i["incident_id"], i["severity"], i["owner"], i["missing_actions"])
                for i in a["incidents"]] == [tuple(i) for i in exp["incidents"]]
    for inc_id, chain in exp.get("escalation", {}).items():
        assert next(i for i in a["incidents"] if i["incident_id"] == inc_id)["escalation"] == chain
    if "alerts" in exp:
        al = a["alerts"]
        assert {"fired": al["fired"], "duplicates": al["duplicates"], "false_positives": al["false_positives"],
                "unresolved": [u["alert_id"] for u in al["unresolved"]]} == exp["alerts"]
    if "latency_met" in exp:
        assert a["slo"]["latency"]["met"] is exp["latency_met"]
    if "preflight" in exp:
        assert a["preopen"]["preflight"] == exp["preflight"]
    if "interventions" in exp:
        assert (a["interventions"]["count"], a["interventions"]["unknown_reason_codes"]) == exp["interventions"]
    if "rolling" in exp:
        r = a["slo"]["rolling"]
        assert (r["sessions"], r["scheduled"], r["bad"], a["budget_policy"]["state"]) == tuple(exp["rolling"])
        assert r["first_day"] == "2026-01-02" and r["last_day"] == day
    if "corrections" in exp:
        assert [(c["maintenance_id"], c["excluded_slots"], c["late_slots"], c["problem"])
                for c in a["corrections"]] == [tuple(c) for c in exp["corrections"]]


def test_the_window_is_20_sessions_once_there_are_20(month):
    """From 2026-01-29 (the 20th session since go-live) the window is the last 20 sessions; on 2026-02-27 it starts 2026-01-28
    (Seollal, 02-16..18, lies inside it) and has no bad slot left but 02-25's three."""
    r = month["2026-02-27"]["slo"]["rolling"]
    assert (r["sessions"], r["first_day"], r["last_day"]) == (20, "2026-01-28", "2026-02-27")
    assert (r["scheduled"], r["successful"], r["bad"], r["excluded"]) == (20 * 390 - 32, 20 * 390 - 35, 3, 32)
    assert r["budget_cycles"] == pytest.approx(77.68) and r["remaining_cycles"] == pytest.approx(74.68)
    assert month["2026-02-27"]["budget_policy"]["state"] == "normal"
    assert month["2026-01-28"]["slo"]["rolling"]["sessions"] == 19
    assert [month[d]["slo"]["rolling"]["first_day"] for d in ("2026-01-29", "2026-01-30", "2026-02-02")] == \
        ["2026-01-02", "2026-01-05", "2026-01-06"]


def test_corrupt_copy_gives_the_same_figures_as_the_clean_day(sample, month):
    from m31.sample.simulate import BAD_FILE_DAY

    inputs = DailyInputs(day=BAD_FILE_DAY, paths=InputPaths.sample(sample, str(sample / "logs" / f"events-corrupt-{BAD_FILE_DAY}.jsonl")))
    bad, clean = run_daily(inputs).artifact, month[BAD_FILE_DAY.isoformat()]
    # the copy holds only that day, so only its rolling window (the sessions before it) differs
    assert {k: v for k, v in bad["slo"].items() if k != "rolling"} == \
        {k: v for k, v in clean["slo"].items() if k != "rolling"}
    assert bad["incidents"] == clean["incidents"]
    assert bad["status"] == "yellow" and "6 malformed line(s) in the event log" in bad["status_reasons"]
