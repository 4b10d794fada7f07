"""Decisions made in the weekly review meeting, kept in a file beside the weekly artifact.

`<report-dir>/m31_weekly_decisions_<week_end>.json` holds the meeting's SLO override, the
runbook changes it accepted as action items (owner, due date, open/done) and its notes. The
weekly review reads this week's file into its artifact and lists open action items of earlier
weeks as carried over until one is marked done. The file holds no wall-clock time, so the
weekly artifact stays byte-identical for the same inputs.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import schemas
from ..artifacts import ensure_dir, read_artifact, write_atomic
from ..errors import InputError

SCHEMA_VERSION = "m31-weekly-decisions/1"
SLO_DECISIONS = ("keep", "tighten", "loosen", "investigate")
_NAME = re.compile(r"^m31_weekly_decisions_(\d{4}-\d{2}-\d{2})\.json$")


def decisions_path(report_dir: str | Path, week_end: dt.date | str) -> Path:
    return Path(report_dir) / f"m31_weekly_decisions_{_day(week_end).isoformat()}.json"


@dataclass
class Decisions:
    week_end: dt.date
    slo_override: dict | None = None
    action_items: list[dict] = field(default_factory=list)
    notes: list[dict] = field(default_factory=list)
    path: str | None = None

    def as_dict(self) -> dict:
        return {"schema_version": SCHEMA_VERSION, "week_end": self.week_end.isoformat(),
                "slo_override": self.slo_override, "action_items": self.action_items, "notes": self.notes}


def load(report_dir: str | Path, week_end: dt.date | str) -> Decisions:
    """This week's decisions; an empty record when none were made yet."""
    week_end = _day(week_end)
    path = decisions_path(report_dir, week_end)
    data = read_artifact(path, "decisions file", SCHEMA_VERSION)
    if data is None:
        return Decisions(week_end)
    if data.get("week_end") != week_end.isoformat():
        raise InputError(path, f"week_end {data.get('week_end')!r} does not match its name")
    # A file people may edit by hand: its shape is written once, in its published schema.
    schemas.check(data, schemas.artifact_schema_id(SCHEMA_VERSION), path, "decisions file")
    items, notes, override = data["action_items"], data["notes"], data["slo_override"]
    return Decisions(week_end, override, items, notes, str(path))


def save(report_dir: str | Path, decisions: Decisions) -> Path:
    ensure_dir(report_dir)
    path = decisions_path(report_dir, decisions.week_end)
    write_atomic(path, json.dumps(decisions.as_dict(), indent=2, ensure_ascii=False) + "\n")
    decisions.path = str(path)
    return path


def override_slo(report_dir, week_end, decision: str, reason: str, by: str) -> Decisions:
    """Record the meeting's SLO target decision when it differs from the computed one."""
    if decision not in SLO_DECISIONS:
        raise ValueError(f"decision must be one of {', '.join(SLO_DECISIONS)}, got {decision!r}")
    _require_text(reason=reason, by=by)
    d = load(report_dir, week_end)
    d.slo_override = {"decision": decision, "reason": reason, "by": by}
    save(report_dir, d)
    return d


def record_action(report_dir, week_end, failure_class: str, change: str, owner: str,
                  due: dt.date | str, note: str | None = None) -> str:
    """Record (or update, same class and change) a runbook change as an open action item."""
    _require_text(failure_class=failure_class, change=change, owner=owner)
    due = _day(due)
    d = load(report_dir, week_end)
    for item in d.action_items:
        if item["failure_class"] == failure_class and item["change"] == change:
            item.update(owner=owner, due=due.isoformat(), note=note if note is not None else item.get("note"))
            save(report_dir, d)
            return item["id"]
    item_id = f"AI-{d.week_end.isoformat()}-{len(d.action_items) + 1}"
    d.action_items.append({"id": item_id, "failure_class": failure_class, "change": change, "owner": owner,
                           "due": due.isoformat(), "status": "open", "done_on": None, "note": note})
    save(report_dir, d)
    return item_id


def accept_runbook_changes(report_dir, week_end, runbook_changes: list[dict]) -> list[str]:
    """Record every proposed runbook change of a weekly artifact as an action item."""
    return [record_action(report_dir, week_end, r["failure_class"], r["change"], r["owner"], r["due"])
            for r in runbook_changes]


def mark_done(report_dir, action_id: str, on: dt.date | str, note: str | None = None) -> dict:
    """Close an action item, in whichever week's file holds it."""
    m = re.fullmatch(r"AI-(\d{4}-\d{2}-\d{2})-\d+", action_id or "")
    if not m:
        raise ValueError(f"not an action item id: {action_id!r}")
    d = load(report_dir, m[1])
    for item in d.action_items:
        if item["id"] == action_id:
            item.update(status="done", done_on=_day(on).isoformat())
            if note:
                item["note"] = note
            save(report_dir, d)
            return item
    raise KeyError(f"no action item {action_id} in {decisions_path(report_dir, m[1])}")


def add_note(report_dir, week_end, text: str, by: str) -> Decisions:
    _require_text(text=text, by=by)
    d = load(report_dir, week_end)
    d.notes.append({"by": by, "text": text})
    save(report_dir, d)
    return d


def carried_over(report_dir: str | Path, week_end: dt.date | str) -> list[dict]:
    """Open action items recorded in earlier weeks, oldest due first."""
    week_end = _day(week_end)
    folder = Path(report_dir)
    items = []
    if folder.is_dir():
        for entry in sorted(folder.iterdir()):
            m = _NAME.match(entry.name)
            if not m or dt.date.fromisoformat(m[1]) >= week_end:
                continue
            for item in load(folder, m[1]).action_items:
                if item["status"] != "done":
                    items.append({**item, "week_end": m[1]})
    return sorted(items, key=lambda i: (i["due"], i["id"]))


def _day(value) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"not a day YYYY-MM-DD: {value!r}") from None


def _require_text(**values) -> None:
    for name, value in values.items():
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"{name} must be a non-empty text")
