"""Shared fixtures: hand-built logs and M30 folders, and the sample month (built once)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from m31.policy import PROJECT_ROOT

SAMPLE_DIR = PROJECT_ROOT / "data" / "sample"
HASH = "sha256:9a7e41"


def write_log(path: Path, events: list, trailing_newline: bool = True) -> Path:
    """events: dicts (dumped as JSON) or raw strings (written as they are)."""
    lines = [e if isinstance(e, str) else json.dumps(e) for e in events]
    path.write_text("\n".join(lines) + ("\n" if trailing_newline else ""), encoding="utf-8")
    return path


@pytest.fixture
def m30(tmp_path):
    """M30 folders with a GO signoff (baseline 110 ms) and a `normal` policy, plus a roster."""
    golive, post = tmp_path / "m30_golive", tmp_path / "m30_post_golive"
    golive.mkdir()
    post.mkdir()
    (golive / "m30_final_golive_signoff_2025-12-30.json").write_text(json.dumps({
        "day": "2025-12-30", "decision": "GO", "guard_config_hash": HASH, "latency_p95_baseline_ms": 110.0}))
    (post / "m30_post_golive_policy_2025-12-30.json").write_text(json.dumps({
        "day": "2025-12-30", "level": "normal", "reasons": []}))
    roster = tmp_path / "oncall.toml"
    roster.write_text('[[rotation]]\nstart = 2025-12-29T09:00:00+09:00\nprimary = "ann"\nsecondary = "bob"\n\n'
                      '[[rotation]]\nstart = 2026-03-04T12:00:00+09:00\nprimary = "cat"\nsecondary = "dan"\n')
    return {"policy_report_dir": str(post), "signoff_report_dir": str(golive), "oncall_path": str(roster),
            "root": tmp_path}


@pytest.fixture(scope="session")
def sample():
    """The bundled sample month (generated once; `make demo` makes the same files)."""
    from m31.simulate import write_sample

    if not (SAMPLE_DIR / "scenarios.json").exists():
        write_sample(SAMPLE_DIR)
    return SAMPLE_DIR
