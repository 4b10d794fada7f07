"""The published schemas of the artifacts and the configuration (schemas/artifacts/,
schemas/config/): each is valid JSON Schema 2020-12, the sample month's artifacts meet them, a
key added or dropped breaks them, and the loaders refuse what they refuse. (Every artifact any
test leaves in its tmp_path is checked too: conftest.artifacts_meet_their_schemas.)"""
import copy
import json
import subprocess
import sys
import tomllib

import pytest
from jsonschema import Draft202012Validator

from m31 import schemas
from m31.checks import decisions as dec
from m31.errors import InputError
from m31.inputs import load_roster
from m31.policy import PROJECT_ROOT, load_policy


def test_every_schema_is_json_schema_2020_12_under_its_own_id():
    files = sorted(schemas.SCHEMAS_DIR.rglob("*.schema.json"))
    assert len(files) >= 16
    for path in files:
        s = json.loads(path.read_text())
        Draft202012Validator.check_schema(s)
        assert s["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert s["$id"] == "https://m31.example/" + path.relative_to(PROJECT_ROOT).as_posix(), path


def test_each_schema_version_the_code_writes_is_published():
    from m31.checks import daily, decisions, history, weekly

    for module in (daily, weekly, decisions, history):
        version = module.SCHEMA_VERSION
        assert (schemas.ARTIFACTS_DIR / f"{version.replace('/', '.')}.schema.json").is_file(), version
        wrong = schemas.problems({"schema_version": version + "0"}, schemas.artifact_schema_id(version))
        assert f"$.schema_version: {version!r} was expected" in wrong, wrong


def test_every_daily_artifact_of_the_sample_month_meets_its_schema(sample_month):
    assert len(sample_month) == 39  # 38 sessions and Seollal's 2026-02-17 (no session)
    for day, artifact in sample_month.items():
        assert schemas.artifact_problems(artifact) == [], day


def test_a_key_added_or_dropped_breaks_the_daily_schema(sample_month):
    a = copy.deepcopy(sample_month["2026-01-21"])
    a["incidents"][0]["postmortem_url"] = "x"
    a["slo"]["safety_floor"]["evidence"]["guard_precedence_violation"][0]["extra"] = 1
    del a["slo"]["rolling"]["remaining_cycles"]
    del a["budget_policy"]["reason"]
    a["as_of"] = "2026-01-21T06:30:00Z"  # a time not in KST
    assert schemas.artifact_problems(a) == [
        "$.as_of: '2026-01-21T06:30:00Z' is not valid under any of the given schemas",
        "$.budget_policy: 'reason' is a required property",
        "$.incidents[0]: Unevaluated properties are not allowed ('postmortem_url' was unexpected)",
        "$.slo.rolling: 'remaining_cycles' is a required property",
        "$.slo.safety_floor.evidence.guard_precedence_violation[0]: Additional properties are not allowed "
        "('extra' was unexpected)",
    ]


def test_the_weekly_review_and_its_dailies_meet_their_schemas(seollal):
    artifact = seollal["run"].artifact
    assert schemas.artifact_problems(artifact) == []
    broken = copy.deepcopy(artifact)
    broken["decisions"]["by"] = "ann"
    del broken["slo_decision"]["computed"]
    assert schemas.artifact_problems(broken) == [
        "$.decisions: Unevaluated properties are not allowed ('by' was unexpected)",
        "$.slo_decision: 'computed' is a required property",
    ]
    _, found = schemas.check_files([seollal["root"]])
    assert found == []


@pytest.mark.broken_artifacts
def test_the_decisions_file_is_checked_when_read(tmp_path):
    dec.record_action(tmp_path, "2026-02-20", "missed", "add a watchdog", "ann", "2026-02-27")
    dec.override_slo(tmp_path, "2026-02-20", "keep", "one-off outage", by="ann")
    path = dec.decisions_path(tmp_path, "2026-02-20")
    assert schemas.artifact_problems(json.loads(path.read_text())) == []
    data = json.loads(path.read_text())
    data["action_items"][0]["status"] = "closed"  # edited by hand
    path.write_text(json.dumps(data))
    with pytest.raises(InputError) as err:
        dec.load(tmp_path, "2026-02-20")
    assert str(err.value) == (f"{path}: decisions file breaks its schema: $.action_items[0].status: "
                              "'closed' is not one of ['open', 'done']")


CONFIGS = [("policy", PROJECT_ROOT / "config" / "policy.toml"), ("oncall", PROJECT_ROOT / "config" / "oncall.toml"),
           ("oncall", PROJECT_ROOT / "data" / "sample" / "oncall.toml"),
           ("oncall", PROJECT_ROOT / "tests" / "data" / "contract_examples" / "oncall.toml")]


@pytest.mark.parametrize("name,path", CONFIGS, ids=lambda v: getattr(v, "name", v))
def test_the_shipped_configuration_meets_its_schema(sample, name, path):
    raw = tomllib.loads(path.read_text())
    assert schemas.problems(schemas.toml_as_json(raw), schemas.config_schema_id(name)) == []


ROSTER = '[[rotation]]\nstart = 2026-03-04T12:00:00+09:00\nprimary = "b"\nsecondary = "c"\n'


@pytest.mark.parametrize("text,problem", [
    ("", "$: 'rotation' is a required property"),
    ('[[rotation]]\nstart = 2026-03-04T12:00:00+09:00\nprimary = "b"\n',
     "$.rotation[0]: 'secondary' is a required property"),
    (ROSTER.replace('"b"', '"  "'), "$.rotation[0].primary: '  ' is not a non-empty name"),
    (ROSTER.replace('"b"', "7"), "$.rotation[0].primary: 7 is not of type 'string'"),
    (ROSTER.replace("+09:00", ""), "$.rotation[0].start: '2026-03-04T12:00:00' is not an RFC 3339 date-time "
                                   "with an offset"),
    (ROSTER + '[handles]\nb = ""\n', "$.handles.b: '' is not a non-empty chat handle"),
])
def test_a_roster_that_breaks_its_schema_is_refused_in_one_line(tmp_path, text, problem):
    path = tmp_path / "oncall.toml"
    path.write_text(text)
    with pytest.raises(InputError) as err:
        load_roster(path)
    assert str(err.value) == f"{path}: roster breaks its schema: {problem}"


def test_a_roster_may_carry_keys_the_workbook_does_not_read(tmp_path):
    path = tmp_path / "oncall.toml"
    path.write_text('team = "desk-1"\n' + ROSTER.replace('secondary = "c"', 'secondary = "c"\ntertiary = "d"'))
    assert load_roster(path).at(load_roster(path).rotations[0].start).primary == "b"


@pytest.mark.parametrize("edit,problem", [
    (("availability_target = 0.99", "availability_target = 1.0"),
     "$.slo.availability_target: 1.0 is greater than or equal to the maximum of 1"),
    (("cycle_interval_s = 60", "cycle_interval_s = 60.5"), "$.slo.cycle_interval_s: 60.5 is not of type 'integer'"),
    (("rolling_sessions = 20", "rolling_session = 20"),
     "$.slo: Additional properties are not allowed ('rolling_session' was unexpected)"),
    (('version = "m31-policy/1.2.0"', 'version = "1.2"'), "$.version: '1.2' does not match '^m31-policy/\\\\d+\\\\.\\\\d+\\\\.\\\\d+$'"),
    (('"SEV-2" = ["primary"]', '"SEV-2" = ["tertiary"]'),
     "$.severity.escalation.SEV-2[0]: 'tertiary' is not one of ['primary', 'secondary']"),
])
def test_a_policy_that_breaks_its_schema_is_refused_in_one_line(tmp_path, edit, problem):
    text = (PROJECT_ROOT / "config" / "policy.toml").read_text()
    assert edit[0] in text
    path = tmp_path / "policy.toml"
    path.write_text(text.replace(edit[0], edit[1], 1))
    with pytest.raises(InputError) as err:
        load_policy(path)
    assert str(err.value) == f"{path}: policy file breaks its schema: {problem}"


@pytest.mark.broken_artifacts
def test_m31_validate_artifacts_reports_each_problem(sample_month, tmp_path):
    for day in ("2026-02-24", "2026-02-25"):
        (tmp_path / f"m31_slo_incident_{day}.json").write_text(json.dumps(sample_month[day]))
    cmd = [sys.executable, "-m", "m31.cli", "validate", "--artifacts", str(tmp_path)]
    clean = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert (clean.returncode, clean.stdout, clean.stderr) == (0, "", "2 artifact(s), 0 problem(s)\n")
    broken = copy.deepcopy(sample_month["2026-02-25"])
    broken["corrections"][0]["excluded"] = broken["corrections"][0].pop("excluded_slots")
    (tmp_path / "m31_slo_incident_2026-02-25.json").write_text(json.dumps(broken))
    done = subprocess.run(cmd + ["--json"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert json.loads(done.stdout) == [
        {"file": str(tmp_path / "m31_slo_incident_2026-02-25.json"), "where": "$.corrections[0]",
         "message": "'excluded_slots' is a required property"},
        {"file": str(tmp_path / "m31_slo_incident_2026-02-25.json"), "where": "$.corrections[0]",
         "message": "Additional properties are not allowed ('excluded' was unexpected)"}]
    assert done.stderr == "2 artifact(s), 2 problem(s)\n"
    nothing = subprocess.run([sys.executable, "-m", "m31.cli", "validate", "--artifacts", str(tmp_path / "x")],
                             capture_output=True, text=True, timeout=120)
    assert (nothing.returncode, nothing.stderr.count("\n")) == (2, 1) and "no such file" in nothing.stderr
