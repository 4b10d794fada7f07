"""The event schemas (schemas/events/) and m31 validate: the schemas are valid JSON Schema
2020-12, the contract's example lines and the whole sample month meet them, and the validator
(SQL generated from the schemas, over the daily check's own ingest) finds exactly what
jsonschema finds, line by line, and every fault injected in the sample's corrupted copy."""
import json
import subprocess
import sys
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from m31 import schemas as published
from m31.checks.validate import schemas
from m31.entrypoints import validate_log
from m31.policy import PROJECT_ROOT

from conftest import write_log

EXAMPLES = Path(__file__).parent / "data" / "contract_examples" / "events.sample.jsonl"


def validator(event_type: str) -> Draft202012Validator:
    # jsonschema itself (m31.schemas only loads the files), with "format" checked, not only
    # annotated (as the contract reads times: RFC 3339)
    return published.validator(published.event_schema_id(event_type))


def jsonschema_fields(event: dict) -> set[str]:
    """The fields jsonschema says break the event's schema."""
    out = set()
    for err in validator(event["event_type"]).iter_errors(event):
        if err.validator == "required":
            out.add(err.message.split("'")[1])
        elif err.absolute_path:
            out.add(str(err.absolute_path[0]))
    return out


def test_the_schemas_are_json_schema_2020_12():
    assert set(schemas()) == {"envelope", "preflight", "cycle", "order", "guard", "approval", "alert", "incident",
                              "intervention", "maintenance"}
    for schema in schemas().values():
        Draft202012Validator.check_schema(schema)


def test_the_contract_examples_meet_their_schemas():
    for line in EXAMPLES.read_text().splitlines():
        event = json.loads(line)
        assert jsonschema_fields(event) == set(), event


BAD = [
    {"ts": "2026-03-04T09:00:00+09:00", "event_type": "order", "order_id": "o1", "intent_id": "i1", "mode": "real",
     "broker_env": "real", "status": "submitted", "latency_ms": "85.5"},                        # a number as a string
    {"ts": "2026-03-04T09:00:01+09:00", "event_type": "guard", "intent_id": "i1", "guard": "g", "precedence": 1.5,
     "decision": "allow"},                                                                        # not an integer
    {"ts": "2026-03-04T09:00:02+09:00", "event_type": "incident", "incident_id": "I", "state": "opened",
     "failure_class": "latency", "summary": "s", "alert_ids": "A-1"},                             # no severity; a string
    {"ts": "2026-03-04T09:00:03+09:00", "event_type": "cycle", "cycle_id": "c", "status": "pending"},  # no slot; enum
    {"ts": "2026-03-04T09:00:04+09:00", "event_type": "cycle", "cycle_id": "c", "status": "ok",
     "scheduled_at": "2026-03-04 09:00"},                                                         # no offset
    {"ts": "2026-03-04T09:00:05+09:00", "event_type": "alert", "alert_id": "a", "fingerprint": "f", "state": "firing",
     "severity": "major", "alert_class": "x", "summary": "s", "mode": "paper"},                  # enums
    {"ts": "2026-03-04T09:00:06+09:00", "event_type": "incident", "incident_id": "I", "state": "updated",
     "failure_class": "latency", "summary": "s", "alert_ids": ["a", 3]},                         # an item not a string
    {"ts": "2026-03-04T09:00:07+09:00", "event_type": "maintenance", "maintenance_id": "m", "start": "soon",
     "end": "2026-03-04T10:00:00+09:00", "reason_code": "PLANNED_MAINTENANCE"},                  # start; no operator
    {"ts": "2026-03-04T09:00:08+09:00", "event_type": "intervention", "action": "reboot", "reason_code": 7,
     "operator": "ann", "note": None},                                                           # enum, type, null
    {"ts": "2026-03-04T09:00:09+09:00", "event_type": "approval", "intent_id": "i1", "decision": "approved",
     "operator": "ann", "extra": {"unknown": "fields are fine"}},                                # clean
]


def test_the_validator_finds_what_jsonschema_finds(tmp_path):
    log = write_log(tmp_path / "events.jsonl", BAD)
    found, _ = validate_log(str(log))
    ours = {}
    for p in found:
        assert p["kind"] == "field"
        ours.setdefault(p["line"], set()).add(p["field"])
    theirs = {n: jsonschema_fields(e) for n, e in enumerate(BAD, 1) if jsonschema_fields(e)}
    assert ours == theirs
    assert ours == {1: {"latency_ms"}, 2: {"precedence"}, 3: {"severity", "alert_ids"},
                    4: {"scheduled_at", "status"}, 5: {"scheduled_at"}, 6: {"severity", "mode"}, 7: {"alert_ids"},
                    8: {"start", "operator"}, 9: {"action", "reason_code", "note"}}
    by = {(p["line"], p["field"]): p for p in found}
    assert (by[(1, "latency_ms")]["expected"], by[(1, "latency_ms")]["got"]) == ("a number", "varchar")
    assert (by[(3, "severity")]["expected"], by[(3, "severity")]["got"]) == ("one of SEV-1, SEV-2, SEV-3", "missing")
    assert by[(4, "status")]["got"] == "pending" and by[(5, "scheduled_at")]["got"] == "2026-03-04 09:00"
    assert by[(8, "start")]["expected"] == "an RFC 3339 time with an offset"


def test_the_sample_month_is_clean_and_its_corrupted_copy_shows_every_fault(sample):
    clean = subprocess.run([sys.executable, "-m", "m31.cli", "validate", "--event-log-path",
                            str(sample / "logs" / "events.jsonl")], capture_output=True, text=True, cwd=PROJECT_ROOT,
                           timeout=300)
    assert clean.returncode == 0 and clean.stdout == "", clean.stdout[:2000] + clean.stderr
    corrupt = next((sample / "logs").glob("events-corrupt-*.jsonl"))
    done = subprocess.run([sys.executable, "-m", "m31.cli", "validate", "--event-log-path", str(corrupt), "--json"],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=300)
    assert done.returncode == 1, done.stderr
    found = json.loads(done.stdout)
    _, quality = validate_log(str(corrupt))
    kinds = {}
    for p in found:
        kinds.setdefault(p["kind"], []).append(p["line"])
    # the same lines the daily check's ledger names
    assert kinds["malformed"] == [e["line"] for e in quality["examples"]] and len(kinds["malformed"]) == 6
    assert kinds["truncated_tail"] == [t["line"] for t in quality["truncated_tails"]]
    assert (len(kinds["unknown_event_type"]), len(kinds["replay"])) == (quality["unknown_event_types"],
                                                                          quality["replayed"]) == (2, 3)
    assert set(kinds) == {"malformed", "truncated_tail", "unknown_event_type", "replay"}


def test_a_missing_log_is_exit_2_in_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "m31.cli", "validate", "--event-log-path",
                           str(tmp_path / "none.jsonl")], capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=60)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "none.jsonl" in done.stderr


@pytest.mark.parametrize("event_type", ["preflight", "cycle", "order", "guard", "approval", "alert", "incident",
                                        "intervention", "maintenance"])
def test_every_type_extends_the_envelope(event_type):
    s = schemas()[event_type]
    assert s["allOf"] == [{"$ref": "envelope.schema.json"}] and s["properties"]["event_type"] == {"const": event_type}


def test_every_operator_event_meets_its_schema():
    """What m31 intervene, m31 incident and m31 maintenance declare append is what the runtime's
    own events must be: each kind checked against its published schema."""
    import datetime as dt

    from m31 import operator_log
    from m31.policy import load_policy

    policy, at = load_policy(), dt.datetime(2026, 3, 4, 8, 30)
    events = [operator_log.intervention(policy, "escalate_primary", "AVAIL_CYCLE_FAILURES", "ann", "INC-1", "paged",
                                        at=at)]
    for verb in operator_log.INCIDENT_STATES:
        events.append(operator_log.incident(policy, verb, "INC-1", "availability", "SEV-2" if verb == "open" else None,
                                            "stalled", "ann", ["al-1"], "all strategies", at=at))
    events.append(operator_log.maintenance(policy, "2026-03-04T12:00:00+09:00", "2026-03-04T12:30:00+09:00",
                                           "PLANNED_MAINTENANCE", "ann", "broker upgrade", "MW-1", at=at))
    for event in events:
        assert jsonschema_fields(event) == set(), event
    assert {e["event_type"] for e in events} == {"intervention", "incident", "maintenance"}
