"""Postmortem drafts for SEV-1/SEV-2 incidents (the seed's five sections), and their lint.

A draft is pre-filled from the daily artifacts (which come from the event log): what happened,
when, how it was detected and handled, and the evidence. Root cause, contributing factors and
corrective actions are left to people as TODO. Each generated file carries a digest of its own
text; a file whose text no longer matches it was edited by a person and is never overwritten.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
from pathlib import Path

from ..artifacts import companion, daily_stem, write_atomic
from .markdown import duration, table, text

SECTIONS = ("1. Event summary", "2. Detection and response", "3. Root cause and contributing factors",
            "4. Corrective actions", "5. Ownership and follow-up")
ACTION_TYPES = ("immediate guard change", "medium-term engineering task",
                "prevention check and acceptance criteria")
MARKER = re.compile(r"^<!-- m31-postmortem generated sha256=([0-9a-f]{64}) -->\n", re.M)
TODO = re.compile(r"\bTODO\b")
_CELL_SPLIT = re.compile(r"(?<!\\)\|")
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def render(incident: dict, due: dict, evidence: list[Path], out_dir: Path) -> str:
    """The draft's Markdown (without its digest line)."""
    i = incident
    window = f"{i['opened_at']} → {i['resolved_at'] or 'still open'}"
    span = f" ({duration(i['resolve_s'])})" if i.get("resolve_s") is not None else ""
    declared = f" (declared {i['declared_severity']})" if i.get("declared_severity") and \
        i["declared_severity"] != i["severity"] else ""
    fs = i.get("first_signal") or {}
    lines = [f"# Postmortem {text(i['incident_id'])}: {text(i.get('summary') or i['failure_class'])}", "",
             f"Status: Draft · {text(i['severity'])} · postmortem due {text(due['due'])} · owner {text(i['owner'])}",
             "", f"## {SECTIONS[0]}", "", table(["field", "value"], [
                 ["incident id", text(i["incident_id"])],
                 ["time window", text(window + span)],
                 ["severity", text(i["severity"] + declared)],
                 ["failure class", text(i["failure_class"])],
                 ["impacted scope", text(i.get("impacted_scope") or "not stated in the log")],
                 ["source", "declared in the event log" if i["source"] == "declared" else "automatic (no declared incident tracked the breach)"],
                 ["days open in the window", text(", ".join(i.get("days") or []))],
             ]),
             f"## {SECTIONS[1]}", "",
             f"- First signal: {text(fs.get('source'))} at {text(fs.get('at'))}",
             f"- Detection delay (first signal → opened): {duration(i.get('detection_s'))}",
             f"- Acknowledged (first intervention): {text(i.get('acknowledged_at'))} "
             f"({duration(i.get('acknowledge_s'))} after opening)",
             f"- Mitigated: {text(i.get('mitigated_at'))}",
             f"- Required actions missing: {text(', '.join(i.get('missing_actions') or []) or 'none')}", "",
             "Mitigation timeline (from the event log; gathered by queries/incident_timeline.sql and "
             "queries/incident_response.sql):", "",
             table(["time (KST)", "event", "by", "detail"], [
                 [text(t["ts"]), text(t["kind"]), text(t.get("actor")), text(t.get("detail"))]
                 for t in i.get("timeline") or []]),
             f"## {SECTIONS[2]}", "",
             "### Technical root cause", "", "TODO: what failed in the system, and why.", "",
             "### Process and policy factors", "",
             "TODO: which guard, check, runbook or policy let it through or slowed the response.", "",
             f"## {SECTIONS[3]}", "",
             table(["type", "action", "owner", "due"], [[t, "TODO", "TODO", "TODO"] for t in ACTION_TYPES]),
             f"## {SECTIONS[4]}", "",
             f"- Action owner: {text(i['owner'])}",
             f"- Due date: {text(due['due'])}",
             "- Verification evidence:",
             *[f"  - [{text(p.name)}]({_rel(p, out_dir)})" for p in evidence], ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _rel(path: Path, out_dir: Path) -> str:
    return Path(os.path.relpath(path, out_dir)).as_posix()


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _with_marker(body: str) -> str:
    first, _, rest = body.partition("\n")
    return f"{first}\n<!-- m31-postmortem generated sha256={_digest(body)} -->\n{rest}"


def _body_of(existing: str) -> tuple[str | None, str]:
    """(recorded digest, text without the marker line)."""
    m = MARKER.search(existing)
    if not m:
        return None, existing
    return m[1], existing[: m.start()] + existing[m.end():]


def write_drafts(incidents: list[dict], due: list[dict], report_dir: str | Path, out_dir: str | Path) -> list[tuple[str, Path, str]]:
    """Write one draft per due postmortem: (incident_id, path, written|updated|unchanged|kept)."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    by_id = {i["incident_id"]: i for i in incidents}
    results = []
    for d in due:
        inc = by_id[d["incident_id"]]
        evidence = []
        for day in inc.get("days") or [d["day"]]:
            for suffix in (".json", ".ipynb"):
                p = Path(report_dir) / companion(daily_stem(day), suffix)
                if p.exists():
                    evidence.append(p.resolve())
        path = out / draft_name(d["incident_id"])
        body = render(inc, d, evidence, out.resolve())
        if path.exists():
            recorded, old_body = _body_of(path.read_text(encoding="utf-8"))
            if recorded is None or recorded != _digest(old_body):
                results.append((d["incident_id"], path, "kept"))  # a person edited it
                continue
            if old_body == body:
                results.append((d["incident_id"], path, "unchanged"))
                continue
            write_atomic(path, _with_marker(body))
            results.append((d["incident_id"], path, "updated"))
            continue
        write_atomic(path, _with_marker(body))
        results.append((d["incident_id"], path, "written"))
    return results


def draft_name(incident_id: str) -> str:
    """The draft's file name in the postmortem folder."""
    return f"{_safe_name(incident_id)}.md"


def _safe_name(incident_id: str) -> str:
    # incident ids come from the log: keep them from naming a path outside the folder
    return re.sub(r"[^A-Za-z0-9._-]", "_", incident_id).lstrip(".") or "incident"


# ---------------------------------------------------------------------------- lint

def lint(path: Path) -> list[str]:
    """Problems of one filled postmortem, each `path:line: problem`."""
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [f"{path}:0: unreadable ({exc})"]
    lines = content.splitlines()
    problems: list[str] = []

    def say(n, msg):
        problems.append(f"{path}:{n}: {msg}")

    recorded, body = _body_of(content)
    if recorded is not None and recorded == _digest(body):
        say(1, "still the generated draft: nothing has been filled in")
    heads = {}
    for n, line in enumerate(lines, 1):
        if line.startswith("## "):
            heads[line[3:].strip()] = n
    order = sorted(heads.items(), key=lambda kv: kv[1])
    spans = {}
    for k, (name, start) in enumerate(order):
        end = order[k + 1][1] - 1 if k + 1 < len(order) else len(lines)
        spans[name] = (start, end)
    for name in SECTIONS:
        if name not in spans:
            say(0, f"section '{name}' is missing")
            continue
        start, end = spans[name]
        content_lines = [text for text in lines[start:end] if text.strip() and not text.startswith("#")]
        if not content_lines:
            say(start, f"section '{name}' is empty")
        if name in SECTIONS[2:]:
            for n in range(start + 1, end + 1):
                if TODO.search(lines[n - 1]):
                    say(n, f"TODO left in '{name}'")
    if SECTIONS[3] in spans:
        rows = _table_rows(lines, *spans[SECTIONS[3]])
        if not rows:
            say(spans[SECTIONS[3]][0], "no corrective action listed")
        for n, cells in rows:
            if len(cells) < 4:
                say(n, "corrective action row needs type, action, owner and due")
                continue
            if not cells[2] or TODO.search(cells[2]):
                say(n, f"corrective action '{cells[1][:40]}' has no owner")
            if not _is_day(cells[3]):
                say(n, f"corrective action '{cells[1][:40]}' has no due date (YYYY-MM-DD)")
    if SECTIONS[4] in spans:
        start, end = spans[SECTIONS[4]]
        section = lines[start:end]
        owner = [text for text in section if text.strip().startswith("- Action owner:")]
        if not owner or not owner[0].split(":", 1)[1].strip():
            say(start, "no action owner")
        due = [text for text in section if text.strip().startswith("- Due date:")]
        if not due or not _is_day(due[0].split(":", 1)[1]):
            say(start, "no due date (YYYY-MM-DD)")
        links = [(start + k + 1, m) for k, text in enumerate(section) for m in _LINK.findall(text)]
        if not links:
            say(start, "no verification evidence path")
        for n, target in links:
            if re.match(r"^[a-z]+://", target):
                continue
            if not (path.parent / target).exists():
                say(n, f"evidence path does not exist: {target}")
    if SECTIONS[1] in spans:
        last = None
        for n, cells in _table_rows(lines, *spans[SECTIONS[1]]):
            when = _parse_ts(cells[0].replace("\\", "")) if cells else None
            if when is None:
                say(n, f"timeline row without an RFC 3339 time: {cells[0][:40] if cells else ''}")
                continue
            if last is not None and when < last:
                say(n, "timeline out of order")
            last = when
    return problems


def _table_rows(lines: list[str], start: int, end: int) -> list[tuple[int, list[str]]]:
    rows = []
    header_seen = False
    for n in range(start + 1, end + 1):
        line = lines[n - 1].strip()
        if not line.startswith("|"):
            header_seen = False if not line else header_seen
            continue
        cells = [c.strip() for c in _CELL_SPLIT.split(line.strip("|"))]
        if all(re.fullmatch(r":?-{3,}:?", c) for c in cells if c):
            header_seen = True
            continue
        if header_seen:
            rows.append((n, cells))
    return rows


def _is_day(value: str) -> bool:
    try:
        dt.date.fromisoformat(value.strip().replace("\\", ""))
        return True
    except ValueError:
        return False


def _parse_ts(value: str):
    try:
        ts = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return ts if ts.tzinfo else None


def draft_facts(path: Path) -> dict:
    """What a draft (filled or not) says of itself: its incident, due date and action owner."""
    lines = path.read_text(encoding="utf-8").splitlines()

    def field(prefix):
        found = next((line.split(":", 1)[1].strip() for line in lines if line.strip().startswith(prefix)), None)
        return found.replace("\\", "") if found else None
    title = next((line for line in lines if line.startswith("# Postmortem ")), "")
    incident = title[len("# Postmortem "):].split(":", 1)[0].replace("\\", "").strip() or path.stem
    due = field("- Due date:")
    return {"incident_id": incident, "due": due if due and _is_day(due) else None, "owner": field("- Action owner:")}
