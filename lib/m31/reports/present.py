"""What the notebooks call: run the check, show its sections, tables and charts, emit the artifact.
Nothing here decides a figure; it only presents what daily.py computed."""
from __future__ import annotations

import glob
import json
import os
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from IPython.display import HTML, Markdown, display

from ..artifacts import ARTIFACT_MIME, companion, daily_stem, to_json
from ..checks.daily import DailyInputs, DailyRun, run_daily
from ..inputs import InputPaths
from ..paths import PROJECT_ROOT
from . import charts as ch
from . import render
from .markdown import daily_sections


def project_path(path: str | None) -> str | None:
    """A path as given, or (when nothing matches it from here) relative to the project root,
    so the notebook's sample defaults also work from JupyterLab's notebooks/ folder."""
    if path is None or os.path.isabs(path) or glob.glob(path):
        return path
    candidate = str(PROJECT_ROOT / path)
    return candidate if glob.glob(candidate) else path


def daily(day, paths: InputPaths, as_of=None) -> DailyRun:
    """The check of `day`; with `as_of` (RFC 3339, or HH:MM[:SS] KST on that day) a provisional
    intraday one."""
    from ..timefmt import parse_as_of
    inputs = DailyInputs(day=day, paths=paths.mapped(project_path), as_of=parse_as_of(as_of, day) if as_of else None)
    return run_daily(inputs)


def show(run: DailyRun, *names: str) -> None:
    """Display the named report sections (status, preopen, slo, safety_floor, ...)."""
    show_sections(daily_sections(run.artifact), names)


def show_sections(sections: list[tuple[str, str]], names) -> None:
    """Display the named (name, Markdown) sections, in the order asked; absent ones are skipped."""
    found = dict(sections)
    for name in names:
        if name in found:
            display(Markdown(found[name]))


def table(run: DailyRun, name: str, limit: int = 50) -> "Table | None":
    """The first `limit` rows of an evidence table, shown as an HTML table; None when it has no
    row, so an empty table does not clutter the report. Any table can be explored this way in
    JupyterLab (`.df()` gives it as a DataFrame). `ord` only orders the rows (a 35-digit key,
    not for reading): it is left out, as the artifact's evidence leaves it out."""
    found = Table(run.con, f"SELECT COLUMNS(lambda c: c <> 'ord') FROM {_table_name(name)} LIMIT {int(limit)}")
    return found if found.rows else None


class Table:
    """Rows shown as HTML with every value escaped (log text is untrusted). Not a DataFrame:
    importing pandas cost a fifth of a second of every daily run, for one small table."""

    def __init__(self, con, sql: str):
        self._con, self._sql = con, sql
        rel = con.sql(sql)
        self.columns, self.rows = list(rel.columns), rel.fetchall()

    def _repr_html_(self) -> str:
        from html import escape

        head = "".join(f"<th>{escape(c)}</th>" for c in self.columns)
        body = "".join("<tr>" + "".join(f"<td>{escape(_cell(v))}</td>" for v in row) + "</tr>" for row in self.rows)
        return f'<table class="m31-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'

    def __repr__(self) -> str:
        rows = f"{len(self.rows)} row{'s' if len(self.rows) != 1 else ''}"
        return f"{rows} × {len(self.columns)} columns: {', '.join(self.columns)}"

    def df(self):
        """The same rows as a pandas DataFrame, for exploring."""
        return self._con.sql(self._sql).df()


def _cell(value) -> str:
    if value is None:
        return ""
    return value.isoformat(sep=" ") if isinstance(value, datetime) else str(value)


def _table_name(name: str) -> str:
    allowed = {"duplicate_execution", "guard_precedence_violation", "mode_leakage", "conditions",
               "day_incidents", "alert_firings", "false_positive_alerts", "unresolved_alerts",
               "alert_noise", "day_interventions", "bad_slots", "input_problems", "slots"}
    if name not in allowed:
        raise ValueError(f"unknown evidence table {name!r}")
    return name


def charts(run: DailyRun, output_dir: str | None = None) -> dict[str, str]:
    """Draw the day's charts, show them, and (with output_dir) save PNGs for the Markdown report."""
    return show_charts(drawn(run), daily_stem(run.inputs.day.isoformat(), run.inputs.as_of), output_dir)


def drawn(run: DailyRun) -> Iterator[tuple[str, str, Any]]:
    """(key, title, Altair chart or None when there is nothing to draw), each chart built when
    it is asked for: the renderer draws one while the next is built."""
    s = run.inputs.session
    interval = run.inputs.policy.cycle_interval_s
    yield "slots", "Run-cycle slots", ch.slot_timeline(run.con, s.open, s.close, interval) if s else None
    yield "latency", "Latency distribution", ch.latency_distribution(run.con)
    yield "budget", "Error budget burn-down", ch.budget_burndown(run.con, s.open, interval) if s else None


def show_charts(drawn, stem: str, output_dir: str | None) -> dict[str, str]:
    """Show each (key, title, chart) of `drawn` (chart None: skipped) and, with output_dir, save
    it as <stem>_<key>.png in its month folder; an output lists the saved files for the Markdown
    exporter."""
    from altair.utils.schemapi import debug_mode

    saved, shown = {}, []
    # Altair's checks against the Vega-Lite schema, as a chart is built and as it becomes a
    # spec, are skipped: they cost more than drawing the charts, which code builds (not input),
    # and the tests validate every one (test_every_chart_meets_the_vega_lite_schema).
    with render.Batch() as batch, debug_mode(False):
        for key, title, chart in drawn:
            if chart is None:
                continue
            png = None
            if output_dir:
                name = companion(f"{stem}_{key}", ".png")  # relative to the Markdown report
                png = Path(output_dir) / name
                png.parent.mkdir(parents=True, exist_ok=True)
                saved[title] = name
            shown.append((title, batch.add(chart.to_dict(validate=False), png)))
        for title, drawing in shown:
            display(HTML(ch.img_html(drawing.svg(), title)))
    display({ARTIFACT_MIME: json.dumps(saved), "text/plain": f"charts saved: {', '.join(saved.values()) or 'none'}"},
            raw=True, metadata={"m31": "charts"})
    return saved


def export_tables(run: DailyRun, out_dir: str | None) -> None:
    """Leave the day's derived tables as Parquet for the ad-hoc workbench (m31 sql, adhoc.ipynb).
    Only when the command runs the notebook (out_dir is its staging folder)."""
    if out_dir and not run.artifact.get("provisional"):  # the workbench holds final days only
        from .workbench import export_day
        files = export_day(run.con, run.artifact, out_dir, run.log.store)
        print(f"workbench tables: {len(files)} Parquet files for {run.artifact['day']}")


def emit_artifact(run: DailyRun) -> None:
    emit(run.artifact, f"m31 artifact for {run.artifact['day']}")


def emit(artifact: dict, label: str) -> None:
    """The artifact as an output of the executed notebook; nbconvert exports it from here."""
    display({ARTIFACT_MIME: to_json(artifact), "text/plain": label}, raw=True, metadata={"m31": "artifact"})
