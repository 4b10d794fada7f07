"""What the history notebook calls: gather the report folder's artifacts, add the links the
page needs (each day's report, each postmortem draft and its state), show the sections, the
session calendar and the charts, emit the artifact."""
from __future__ import annotations

import os
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from IPython.display import HTML, display

from ..artifacts import companion, daily_stem
from ..checks.history import history, load_history
from ..policy import load_policy
from . import charts as ch
from . import postmortem
from .markdown import calendar_cell, history_sections
from .present import emit, project_path, show_charts, show_sections

STEM = "index"


@dataclass
class HistoryRun:
    artifact: dict
    report_dir: Path
    out_dir: Path


def build(report_dir, out_dir=None, postmortem_dir=None, policy_path=None) -> HistoryRun:
    """The history of every final daily artifact in report_dir, as a page written to out_dir
    (default: report_dir's parent, so reports/index.html beside reports/m31_slo_incident/)."""
    report_dir = Path(project_path(str(report_dir)) or report_dir)
    out_dir = Path(out_dir) if out_dir else report_dir.parent
    postmortem_dir = Path(project_path(str(postmortem_dir)) if postmortem_dir else out_dir / "postmortems")
    a = history(load_history(report_dir))
    a["target"] = float(load_policy(policy_path).availability_target)
    rel = lambda p: Path(os.path.relpath(p, out_dir)).as_posix()
    for week in a["calendar"]:
        for cell in week["days"]:
            if cell["status"] is not None:
                stem = daily_stem(cell["day"])
                cell["report_md"] = rel(report_dir / companion(stem, ".md"))
                cell["report_html"] = rel(report_dir / companion(stem, ".html"))
    for p in a["postmortems"]:
        draft = postmortem_dir / postmortem.draft_name(p["incident_id"])
        p["draft"] = rel(draft) if draft.is_file() else None
        p["state"] = _state(p, draft, a["last_day"])
    return HistoryRun(a, report_dir, out_dir)


def _state(p: dict, draft: Path, today: str) -> str:
    """done: the draft is filled in (m31 postmortem --lint finds nothing); overdue: not done
    and its due day is before the latest reviewed day; due otherwise."""
    if draft.is_file() and not postmortem.lint(draft):
        return "done"
    return "overdue" if p["due"] and p["due"] < today else "due"


def show(run: HistoryRun, *names: str) -> None:
    show_sections(history_sections(run.artifact, day_link="report_html"), names)


def show_calendar(run: HistoryRun) -> None:
    """The sessions week by week as an HTML table: each day coloured by status, linking to its
    HTML report (no script; every text escaped)."""
    colours = {"green": "#dff5e1", "yellow": "#fff3cd", "red": "#fde2e4"}
    rows = []
    for week in run.artifact["calendar"]:
        cells = [f"<th>{escape(week['week'])}</th>"]
        for c in week["days"]:
            kind, label = calendar_cell(c)
            if kind == "day":
                cells.append(f'<td class="m31-day" data-status="{escape(c["status"])}" '
                             f'style="background:{colours.get(c["status"], "#ffffff")}">'
                             f'<a href="{escape(quote(c["report_html"]))}">{escape(c["day"][5:])}</a>'
                             f'<br>{escape(c["status"])}</td>')
            else:
                style = ' style="background:#eeeeee;color:#777"' if kind == "holiday" else ""
                cells.append(f"<td{style}>{escape(label)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    display(HTML('<table class="m31-calendar"><thead><tr><th>week of</th><th>Mon</th><th>Tue</th><th>Wed</th>'
                 "<th>Thu</th><th>Fri</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"))


def charts(run: HistoryRun, output_dir: str | None = None) -> dict[str, str]:
    return show_charts(drawn(run.artifact), STEM, output_dir)


def drawn(a: dict):
    """(key, title, Altair chart or None) of a history artifact, each built when asked for."""
    yield "rolling", "Rolling window availability and budget", ch.rolling_history(a["days"], a["freeze_periods"], a["target"])
    yield "latency", "Latency p95 by day", ch.p95_history(a["days"])
    yield "classes", "Classes: bad cycles per failure class by week", ch.classes_by_week(a["weeks"])
    yield "incidents", "Incidents by severity by week", ch.incidents_by_week(a["weeks"])


def emit_artifact(run: HistoryRun) -> None:
    emit(run.artifact, f"m31 history {run.artifact['first_day']} .. {run.artifact['last_day']}")
