"""The files the workbook reads besides the log, as M30 and the on-call team write them: the
go-live signoff, post-go-live policy artifacts and the roster. The sample month and the tests'
fixtures write theirs with these."""
from __future__ import annotations

import json
from pathlib import Path


def write_signoff(folder: Path, day: str, guard_config_hash: str, baseline_ms: float, **extra) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    body = {"artifact": "m30_final_golive_signoff", "day": day, "decision": "GO",
            "guard_config_hash": guard_config_hash, "latency_p95_baseline_ms": baseline_ms, **extra}
    path = folder / f"m30_final_golive_signoff_{day}.json"
    path.write_text(json.dumps(body, indent=2) + "\n")
    (folder / f"m30_final_golive_signoff_{day}.md").write_text(
        f"# M30 final go-live signoff — {day}\n\nDecision: **GO**; latency p95 baseline {baseline_ms} ms.\n")
    return path


def write_policy_artifact(folder: Path, day: str, level: str, reasons: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    body = {"artifact": "m30_post_golive_policy", "day": day, "level": level, "reasons": reasons}
    path = folder / f"m30_post_golive_policy_{day}.json"
    path.write_text(json.dumps(body, indent=2) + "\n")
    (folder / f"m30_post_golive_policy_{day}.md").write_text(f"# M30 post-go-live policy — {day}\n\nLevel: **{level}**\n")
    return path


def write_roster(path: Path, rotations: list[tuple[str, str, str]], comment: str | None = None) -> Path:
    """rotations: (start, primary, secondary)."""
    lines = [f"# {comment}\n"] if comment else []
    for start, primary, secondary in rotations:
        lines.append(f'[[rotation]]\nstart = {start}\nprimary = "{primary}"\nsecondary = "{secondary}"\n\n')
    path.write_text("".join(lines), encoding="utf-8")
    return path
