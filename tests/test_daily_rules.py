"""Contract section 4, rule by rule, on hand-built logs with known answers."""
from helpers import alert, all_cycles, approval, check, guard, incident, intervention, order, preflight, ts


def test_clean_day_is_green(tmp_path, m30):
    a = check(tmp_path, m30, [preflight()] + all_cycles())
    assert a["status"] == "green" and a["status_reasons"] == []
    assert a["slo"]["availability"] == {"scheduled": 390, "successful": 390, "missed": 0, "failed": 0, "excluded": 0,
                                        "ratio": 1.0, "target": 0.99, "met": True}
    assert a["preopen"]["preflight"] == "pass" and a["preopen"]["guard_config_aligned"] is True


def test_exactly_half_the_budget_and_just_over(tmp_path, m30, monkeypatch):
    # interval 39 s: 09:00-15:30 gives 600 slots, budget (1-0.99) x 600 = 6 cycles exactly.
    policy = tmp_path / "policy.toml"
    from m31.policy import DEFAULT_POLICY_PATH
    policy.write_text(DEFAULT_POLICY_PATH.read_text().replace("cycle_interval_s = 60", "cycle_interval_s = 39"))
    import datetime as dt
    base = dt.datetime(2026, 3, 4, 9)

    def cycles(skip):
        return [{"ts": ts("09:00:00"), "event_type": "cycle", "cycle_id": str(i),
                 "scheduled_at": (base + dt.timedelta(seconds=39 * i)).isoformat() + "+09:00", "status": "ok"}
                for i in range(600) if i not in skip]
    half = check(tmp_path, m30, [preflight()] + cycles({10, 20, 30}), policy_path=str(policy))
    eb = half["slo"]["error_budget"]
    assert (eb["budget_cycles"], eb["consumed_cycles"], eb["consumed_ratio"]) == (6.0, 3, 0.5)
    assert half["status"] == "green"
    over = check(tmp_path, m30, [preflight()] + cycles({10, 20, 30, 40}), policy_path=str(policy))
    assert over["status"] == "yellow" and over["slo"]["availability"]["met"] is True
    # 6 bad slots is 594/600 = 0.99 exactly: met; the 7th goes past the budget
    at = check(tmp_path, m30, [preflight()] + cycles(set(range(6))), policy_path=str(policy))
    assert at["slo"]["availability"]["met"] is True and at["conditions"] == []
    past = check(tmp_path, m30, [preflight()] + cycles(set(range(7))), policy_path=str(policy))
    assert past["slo"]["availability"]["met"] is False
    assert past["conditions"][0]["first_seen"] == "2026-03-04T09:03:54+09:00"  # slot 6 = 6 x 39 s


def test_cycles_at_the_close_and_before_the_open_belong_to_no_slot(tmp_path, m30):
    extra = [{"ts": ts("15:30:01"), "event_type": "cycle", "cycle_id": "late", "scheduled_at": ts("15:30:00"),
              "status": "ok"},
             {"ts": ts("08:59:59"), "event_type": "cycle", "cycle_id": "early", "scheduled_at": ts("08:59:00"),
              "status": "ok"}]
    a = check(tmp_path, m30, [preflight()] + all_cycles(skip={0, 389}) + extra)
    assert a["slo"]["availability"]["missed"] == 2


def test_retry_in_the_same_slot_and_the_last_cycles_class(tmp_path, m30):
    def status(i):
        return {5: ("error", "broker_timeout"), 6: ("error", None), 7: ("skipped", None)}.get(i, ("ok", None))
    retry = {"ts": ts("09:05:40"), "event_type": "cycle", "cycle_id": "r5", "scheduled_at": ts("09:05:00"),
             "status": "ok"}
    a = check(tmp_path, m30, [preflight()] + all_cycles(status_for=status) + [retry])
    av = a["slo"]["availability"]
    assert (av["successful"], av["failed"], av["missed"]) == (388, 2, 0)
    assert a["slo"]["error_budget"]["by_failure_class"] == {"skipped": 1, "unknown_error": 1}


def test_untracked_cycles_and_interval_ends_included(tmp_path, m30):
    events = [preflight()] + all_cycles(skip={60, 61, 62, 63, 64}) + [
        incident("10:01:00", "INC-1", "opened", "availability", "SEV-2"),
        incident("10:02:00", "INC-1", "resolved", "availability"),
        alert("10:04:00", "al-1", "firing", severity="critical"),
    ]
    a = check(tmp_path, m30, events)
    # slots 10:00 (before), 10:01 and 10:02 (ends included), 10:03 (gap), 10:04 (alert)
    assert a["slo"]["error_budget"]["untracked_cycles"] == 2
    assert a["slo"]["availability"]["met"] is False
    assert a["conditions"] == [{"failure_class": "availability", "severity": "SEV-2",
                                "first_seen": "2026-03-04T10:03:00+09:00", "tracked_by": "INC-1"}]


def test_duplicate_execution_counted_on_the_day_of_the_extra_submission(tmp_path, m30):
    events = [preflight()] + all_cycles() + [
        order("10:00:00", "o1", "i1", day="2026-03-03"),
        order("10:00:00", "o2", "i1"), order("10:00:01", "o2", "i1"),  # same order resubmitted: one extra
        order("10:00:02", "o3", "i1"), order("11:00:00", "o4", "i4"), order("11:00:01", "o4", "i4"),
    ]
    a = check(tmp_path, m30, events)
    assert a["slo"]["safety_floor"]["duplicate_execution"] == 2
    assert [e["order_id"] for e in a["slo"]["safety_floor"]["evidence"]["duplicate_execution"]] == ["o2", "o3"]
    inc = a["incidents"][0]
    assert (inc["incident_id"], inc["severity"], inc["owner"], inc["escalation"]) == (
        "AUTO-2026-03-04-duplicate_execution", "SEV-1", "ann", ["ann", "bob"])
    assert a["status"] == "red"


def test_guard_precedence_approval_after_and_block_after_the_submission(tmp_path, m30):
    events = [preflight()] + all_cycles() + [
        guard("10:00:00", "late-approval", "require_approval"), order("10:00:01", "o1", "late-approval"),
        approval("10:00:02", "late-approval"),
        guard("10:10:00", "block-after", "allow"), order("10:10:01", "o2", "block-after"),
        guard("10:10:02", "block-after", "block"),
        guard("10:20:00", "approved", "require_approval"), approval("10:20:01", "approved"),
        order("10:20:02", "o3", "approved"),
        guard("10:30:00", "blocked", "block"), order("10:30:00", "o4", "blocked"),  # same instant counts
    ]
    a = check(tmp_path, m30, events)
    assert a["slo"]["safety_floor"]["guard_precedence_violation"] == 2
    assert sorted({e["intent_id"] for e in a["slo"]["safety_floor"]["evidence"]["guard_precedence_violation"]}) \
        == ["blocked", "late-approval"]


def test_mode_leakage_against_broker_env_and_preflight(tmp_path, m30):
    events = [preflight()] + all_cycles() + [
        order("10:00:00", "o1", "i1", broker_env="mock"), order("10:00:01", "o1", "i1", "filled", broker_env="mock"),
        preflight("11:00:00", run_id="rt-b", mode="mock"),
        order("11:00:01", "o2", "i2", run_id="rt-b"),
        order("12:00:00", "o3", "i3"),
    ]
    a = check(tmp_path, m30, events)
    assert a["slo"]["safety_floor"]["mode_leakage"] == 2


def test_mode_leakage_compares_with_the_runs_latest_preflight_at_the_order(tmp_path, m30):
    """The preflight in force is the run's latest at or before the order: a new preflight
    changes it from then on; of two at the same instant the later line holds."""
    events = [preflight()] + all_cycles() + [
        order("10:00:00", "before-switch", "i1"),                      # real, preflight real: fine
        preflight("11:00:00", mode="mock"),
        order("11:00:00", "at-switch", "i2"),                          # real, preflight mock (same instant): leak
        order("11:30:00", "after-switch", "i3"),                       # leak
        preflight("12:00:00", mode="mock"), preflight("12:00:00", mode="real"),
        order("12:30:00", "after-tie", "i4"),                          # the later of the tie (real): fine
        order("13:00:00", "mock-order", "i5", mode="mock", broker_env="mock", run_id="rt-z"),  # no preflight: fine
    ]
    a = check(tmp_path, m30, events)
    evidence = a["slo"]["safety_floor"]["evidence"]["mode_leakage"]
    assert [(e["order_id"], e["preflight_mode"]) for e in evidence] == [("at-switch", "mock"), ("after-switch", "mock")]
    assert a["slo"]["safety_floor"]["mode_leakage"] == 2


def test_incident_declared_sev2_tracking_a_safety_breach_becomes_sev1(tmp_path, m30):
    events = [preflight()] + all_cycles() + [
        order("10:00:00", "o1", "i1", broker_env="mock"),
        incident("10:05:00", "INC-9", "opened", "mode_leakage", "SEV-2"),
        intervention("10:06:00", "escalate_primary", "INC-9"),
        intervention("10:07:00", "mitigation", "INC-9"),
    ]
    a = check(tmp_path, m30, events)
    inc = a["incidents"][0]
    assert (inc["declared_severity"], inc["severity"]) == ("SEV-2", "SEV-1")
    assert inc["missing_actions"] == ["force_manual_approval", "degrade_mode", "escalate_secondary"]
    assert a["conditions"][0]["tracked_by"] == "INC-9"


def test_incident_resolved_before_the_day_began_is_not_open(tmp_path, m30):
    events = [preflight()] + all_cycles() + [
        incident("10:00:00", "OLD", "opened", "latency", "SEV-3", day="2026-03-03"),
        incident("23:59:59", "OLD", "resolved", "latency", day="2026-03-03"),
        incident("10:00:00", "EDGE", "opened", "latency", "SEV-3", day="2026-03-03"),
        {"ts": "2026-03-03T15:00:00Z", "event_type": "incident", "incident_id": "EDGE", "state": "resolved",
         "failure_class": "latency", "summary": "s"},  # 00:00 KST on D: not before D began
    ]
    a = check(tmp_path, m30, events)
    assert [i["incident_id"] for i in a["incidents"]] == ["EDGE"]


def test_roster_handover_mid_session_and_sev2_mitigation_before_close(tmp_path, m30):
    events = [preflight()] + all_cycles() + [
        incident("11:59:59", "A", "opened", "broker", "SEV-2"),
        intervention("12:00:00", "escalate_primary", "A"), intervention("15:29:00", "mitigation", "A"),
        incident("12:00:00", "B", "opened", "broker", "SEV-2"),
        intervention("12:01:00", "escalate_primary", "B"), intervention("15:31:00", "mitigation", "B"),
    ]
    a = check(tmp_path, m30, events)
    by_id = {i["incident_id"]: i for i in a["incidents"]}
    assert (by_id["A"]["owner"], by_id["B"]["owner"]) == ("ann", "cat")
    assert by_id["A"]["missing_actions"] == [] and by_id["B"]["missing_actions"] == ["mitigation"]


def test_alerts_same_id_firing_twice_duplicates_flaps_and_unresolved(tmp_path, m30):
    events = [preflight()] + all_cycles() + [
        alert("10:00:00", "a1", "firing"), alert("10:01:00", "a1", "firing"),      # same id again: duplicate
        alert("10:02:00", "a2", "firing"),                                           # same fingerprint open
        alert("10:05:00", "a1", "resolved"), alert("10:07:00", "a2", "resolved"),   # 300 s / 300 s: flaps
        alert("11:00:00", "a3", "firing", fingerprint="g"),
        alert("11:05:01", "a3", "resolved", fingerprint="g"),                        # 301 s: not a flap
        alert("12:00:00", "a4", "firing", fingerprint="h"),
        alert("13:00:00", "a4", "resolved", fingerprint="h", resolution="false_positive"),
        alert("14:00:00", "a5", "firing", fingerprint="k"),
        alert("14:01:00", "a5", "resolved", fingerprint="k"),                        # linked: not a flap
        incident("14:00:30", "INC-K", "opened", "alerting", "SEV-3", alert_ids=["a5"]),
        alert("15:00:00", "a7", "firing", fingerprint="z"), alert("15:10:00", "a6", "firing", fingerprint="z"),
    ]
    a = check(tmp_path, m30, events)
    al = a["alerts"]
    assert (al["fired"], al["duplicates"], al["false_positives"]) == (8, 3, 3)
    assert [u["alert_id"] for u in al["unresolved"]] == ["a6", "a7"]
    assert a["status"] == "yellow"


def test_unknown_reason_codes_and_non_trading_day(tmp_path, m30):
    events = [intervention("10:00:00", "pause", reason_code="NOPE", day="2026-03-07"),
              intervention("10:01:00", "resume", day="2026-03-07")]
    a = check(tmp_path, m30, events, day="2026-03-07")
    assert a["trading_day"] is False and a["preopen"]["preflight"] is None
    assert a["slo"]["availability"]["ratio"] is None and a["slo"]["error_budget"]["budget_cycles"] is None
    assert a["interventions"]["count"] == 2 and a["interventions"]["unknown_reason_codes"] == 1
    assert a["status"] == "yellow"


def test_preflight_missing_and_misaligned(tmp_path, m30):
    assert check(tmp_path, m30, all_cycles())["preopen"]["preflight"] == "missing"
    a = check(tmp_path, m30, [preflight(guard_hash="sha256:other")] + all_cycles())
    assert a["preopen"]["guard_config_aligned"] is False and a["status"] == "red"


def test_latency_p95_linear_interpolation_and_limit(tmp_path, m30):
    lat = [order(f"10:00:{i:02d}", f"o{i}", f"i{i}", latency=float(v)) for i, v in enumerate(range(100, 121))]
    lat.append(order("10:01:00", "m1", "im", latency=500.0, mode="mock", broker_env="mock"))  # not a sample
    a = check(tmp_path, m30, [preflight()] + all_cycles() + lat)
    assert a["slo"]["latency"]["samples"] == 21
    assert a["slo"]["latency"]["p95_ms"] == 119.0 and a["slo"]["latency"]["limit_ms"] == 121.0
    assert a["slo"]["latency"]["met"] is True
