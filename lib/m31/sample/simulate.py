"""A deterministic, realistic sample of the runtime's event log, M30 artifacts and roster.

Every scenario the contract cares about appears at least once: sample/scenarios.py registers
each scenario day's events beside what the day must produce (`SCENARIOS`), and
docs/sample-data.md explains them. Tests assert the pipeline against these figures.
"""
from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path

from ..calendar import Session, sessions_between
from ..timefmt import KST
from .day import GUARD_HASH, Day, cycle, intent, preflight
from .m30 import write_policy_artifact, write_roster, write_signoff
from .scenarios import REGISTRY, SCENARIOS

START, END = dt.date(2026, 1, 2), dt.date(2026, 2, 27)
BASELINE_MS = 110.0
BAD_FILE_DAY = dt.date(2026, 2, 20)

ROSTER = [
    ("2025-12-29T09:00:00+09:00", "park.seoyeon", "kim.minji"),
    ("2026-01-12T09:00:00+09:00", "yoon.seha", "bae.jiwon"),
    ("2026-01-26T09:00:00+09:00", "choi.jun", "han.areum"),
    ("2026-02-09T12:00:00+09:00", "park.seoyeon", "kim.minji"),  # handover mid-session
    ("2026-02-23T09:00:00+09:00", "yoon.seha", "bae.jiwon"),
]
POLICY_ARTIFACTS = [
    ("2025-12-30", "normal", []),
    ("2026-01-26", "watch", ["broker ack latency drifting upward over 3 sessions"]),
    ("2026-02-02", "normal", []),
]

HOLIDAYS_IN_SAMPLE = ["2026-02-16", "2026-02-17", "2026-02-18"]

# The corrupted copy of BAD_FILE_DAY's lines: what its ledger must count.
BAD_FILE_EXPECTED = {"malformed": 6, "truncated_tail": 1, "replayed": 3, "unknown_event_types": 2, "blank": 2}


def build_day(session: Session, seed: int, events_per_day: int) -> Day:
    """A clean session (a preflight, one ok cycle per slot, the day's intents), with the day's
    scenario (sample/scenarios.py) written in at its stage."""
    key = session.day.isoformat()
    scenario = REGISTRY.get(key)
    stage = scenario.stage if scenario and scenario.build else None
    rng = random.Random(f"{seed}-{key}")
    day = Day(session, rng, run_id=f"rt-{session.day:%Y%m%d}a")
    pre = session.open - dt.timedelta(minutes=12, seconds=rng.uniform(0, 60))
    if stage == "preflight":
        scenario.build(day, pre)
    else:
        preflight(day, pre, checks=[{"name": "broker_login", "status": "pass"}])
    filled = scenario.build(day) if stage == "slots" else set()
    for i in range(session.slot_count(60)):
        if i not in filled:
            cycle(day, i)

    drift = bool(scenario and scenario.drift)
    fixed = len(day.events) + 40
    n_intents = max(20, (events_per_day - fixed) // 4)
    span = (session.close - session.open).total_seconds() - 120
    for n in range(n_intents):
        when = session.open + dt.timedelta(seconds=30 + rng.random() * span)
        latency = max(20.0, rng.gauss(118 if drift else 80, 12 if drift else 9))
        intent(day, when, n, latency)
    if stage == "orders":
        scenario.build(day)
    return day


def _stamp(when: dt.datetime, utc: bool) -> str:
    aware = when.replace(tzinfo=KST)
    if utc:
        return aware.astimezone(dt.timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    return aware.isoformat(timespec="milliseconds")


def render_day(day: Day) -> list[str]:
    """The day's events as log lines: in time order, a few written slightly out of order,
    about one in eight timestamps in UTC, each with a unique event_id."""
    rng = day.rng
    ordered = sorted(day.events, key=lambda e: e[0])
    lines = []
    for n, (when, ev) in enumerate(ordered):
        utc = rng.random() < 0.125 or bool(ev.get("_utc"))
        body = {"ts": _stamp(when, utc), "event_type": ev["event_type"],
                "event_id": f"ev-{day.session.day:%Y%m%d}-{n:07d}"}
        for k, v in ev.items():
            if k in ("event_type", "_utc"):
                continue
            body[k] = _stamp(v, utc) if isinstance(v, dt.datetime) else v
        lines.append(json.dumps(body, ensure_ascii=False))
    for i in range(1, len(lines) - 1):
        if rng.random() < 0.02:
            lines[i], lines[i + 1] = lines[i + 1], lines[i]
    return lines


def corrupt(lines: list[str]) -> list[str]:
    """BAD_FILE_EXPECTED's corruption of a clean day: each fault once or more, counted."""
    out = list(lines)
    out.insert(10, '{"ts": "2026-02-20T09:10:00+09:00", "event_type": "cycle", "cycle_id": ')  # broken JSON
    out.insert(20, '["not", "an", "object"]')
    out.insert(30, '{"event_type": "cycle", "status": "ok"}')                       # no ts
    out.insert(40, '{"ts": "2026-02-20T09:40:00", "event_type": "cycle"}')          # no offset
    out.insert(50, '{"ts": "2026-02-20T09:50:00+09:00"}')                            # no event_type
    out.insert(60, '{"ts": "2026-02-30T09:50:00+09:00", "event_type": "cycle"}')    # no such day
    out.insert(70, "")
    out.insert(80, "   ")
    out.insert(90, '{"ts": "2026-02-20T10:00:00+09:00", "event_type": "heartbeat", "event_id": "hb-1"}')
    out.insert(91, '{"ts": "2026-02-20T10:00:01+09:00", "event_type": "heartbeat", "event_id": "hb-2"}')
    out += [lines[100], lines[200], lines[300]]                                     # replays
    out.append('{"ts": "2026-02-20T15:29:59+09:00", "event_type": "cyc')            # torn tail
    return out


def write_sample(out_dir: str | Path, seed: int = 31, events_per_day: int = 5000,
                 start: dt.date = START, end: dt.date = END, progress: bool = False) -> dict:
    """Write events.jsonl, the corrupted copy, M30 artifacts, roster and scenarios.json."""
    out = Path(out_dir)
    (out / "logs").mkdir(parents=True, exist_ok=True)
    sessions = sessions_between(start, end)
    iterator = sessions
    if progress:
        from tqdm import tqdm
        iterator = tqdm(sessions, desc="simulating sessions", unit="session")
    log_path = out / "logs" / "events.jsonl"
    total = 0
    tmp = log_path.with_suffix(".jsonl.tmp")
    with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for session in iterator:
            lines = render_day(build_day(session, seed, events_per_day))
            if session.day == BAD_FILE_DAY:
                bad = corrupt(lines)
                (out / "logs" / f"events-corrupt-{BAD_FILE_DAY}.jsonl").write_text(
                    "\n".join(bad), encoding="utf-8")  # no final newline: the torn tail
            fh.write("\n".join(lines) + "\n")
            total += len(lines)
    tmp.replace(log_path)
    _write_m30(out, start)
    write_roster(out / "oncall.toml", ROSTER, "Sample on-call roster (one handover mid-session on 2026-02-09).")
    meta = {"seed": seed, "events_per_day": events_per_day, "start": start.isoformat(),
            "end": end.isoformat(), "sessions": len(sessions), "events": total,
            "scenarios": SCENARIOS, "bad_file_day": BAD_FILE_DAY.isoformat(),
            "bad_file_expected": BAD_FILE_EXPECTED}
    (out / "scenarios.json").write_text(json.dumps(meta, indent=2, default=list) + "\n", encoding="utf-8")
    return meta


def _write_m30(out: Path, start: dt.date = START) -> None:
    # the sample's M30 folders are the simulator's own: an artifact an earlier version wrote
    # (the signoff used to be dated 2025-12-30) must not stay in force beside the new ones
    for folder in (out / "reports" / "m30_golive", out / "reports" / "m30_post_golive"):
        for old in folder.glob("m30_*_20*.*"):
            old.unlink()
    # go-live before the first simulated session (a longer history, as the bench makes, starts earlier)
    before = (start - dt.timedelta(days=1)).isoformat()
    write_signoff(out / "reports" / "m30_golive", min("2025-12-31", before), GUARD_HASH, BASELINE_MS,
                  signed_off_by=["ops-lead", "risk-officer"], checks={"passed": 38, "failed": 0})
    for k, (day, level, reasons) in enumerate(POLICY_ARTIFACTS):
        write_policy_artifact(out / "reports" / "m30_post_golive", min(day, before) if k == 0 else day, level, reasons)
