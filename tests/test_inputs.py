import datetime as dt
import json

import pytest

from m31.errors import InputError
from m31.inputs import load_policy_artifact, load_roster, load_signoff

D = dt.date.fromisoformat


def _signoff(folder, day, **over):
    body = {"day": day, "decision": "GO", "guard_config_hash": "h", "latency_p95_baseline_ms": 110, "x": 1}
    body.update(over)
    (folder / f"m30_final_golive_signoff_{day}.json").write_text(json.dumps(body))


def test_latest_artifact_on_or_before_the_day(tmp_path):
    for day in ("2026-02-20", "2026-02-27", "2026-03-05"):
        _signoff(tmp_path, day)
    assert load_signoff(tmp_path, D("2026-03-04")).day == "2026-02-27"
    assert load_signoff(tmp_path, D("2026-02-27")).day == "2026-02-27"
    with pytest.raises(InputError, match="no m30_final_golive_signoff_<day>.json on or before 2026-02-19"):
        load_signoff(tmp_path, D("2026-02-19"))


@pytest.mark.parametrize("content, message", [
    ("{not json", "unreadable JSON"),
    (json.dumps({"day": "2026-02-27", "decision": "GO", "guard_config_hash": "h"}),
     "missing required field 'latency_p95_baseline_ms'"),
    (json.dumps({"day": "2026-02-27", "decision": "MAYBE", "guard_config_hash": "h",
                 "latency_p95_baseline_ms": 1}), "expected one of GO, NO_GO"),
])
def test_unusable_signoff_names_file_and_problem(tmp_path, content, message):
    path = tmp_path / "m30_final_golive_signoff_2026-02-27.json"
    path.write_text(content)
    with pytest.raises(InputError) as err:
        load_signoff(tmp_path, D("2026-03-04"))
    assert str(path) in str(err.value) and message in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_folder(tmp_path):
    with pytest.raises(InputError, match="folder not found"):
        load_policy_artifact(tmp_path / "nope", D("2026-03-04"))


def test_policy_artifact_level_checked(tmp_path):
    (tmp_path / "m30_post_golive_policy_2026-03-04.json").write_text(
        json.dumps({"day": "2026-03-04", "level": "calm", "reasons": []}))
    with pytest.raises(InputError, match="'level' is 'calm'"):
        load_policy_artifact(tmp_path, D("2026-03-04"))


def test_roster_handover_and_gap(tmp_path):
    path = tmp_path / "oncall.toml"
    path.write_text('[[rotation]]\nstart = 2026-03-04T12:00:00+09:00\nprimary = "b"\nsecondary = "c"\n'
                    '[[rotation]]\nstart = 2026-02-23T00:00:00Z\nprimary = "a"\nsecondary = "b"\n')
    roster = load_roster(path)
    assert roster.at(dt.datetime(2026, 3, 4, 11, 59, 59)).primary == "a"
    assert roster.at(dt.datetime(2026, 3, 4, 12, 0)).primary == "b"
    assert roster.at(dt.datetime(2026, 2, 23, 9, 0)).primary == "a"  # 00:00Z is 09:00 KST
    with pytest.raises(InputError, match="roster gap"):
        roster.at(dt.datetime(2026, 2, 23, 8, 59))


def test_roster_start_without_offset_is_refused(tmp_path):
    path = tmp_path / "oncall.toml"
    path.write_text('[[rotation]]\nstart = 2026-03-04T12:00:00\nprimary = "b"\nsecondary = "c"\n')
    with pytest.raises(InputError, match="offset"):
        load_roster(path)
