"""What the notebooks call: run the check, show its sections, tables and charts, emit the artifact.
Nothing here decides a figure; it only presents what daily.py computed."""
from __future__ import annotations

import glob
import json
import os
from pathlib import Path

from IPython.display import HTML, Markdown, display

from ..artifacts import ARTIFACT_MIME, companion, daily_stem, to_json
from ..checks.daily import DailyInputs, DailyRun, run_daily
from ..inputs import InputPaths
from ..paths import PROJECT_ROOT
from . import charts as ch
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


def table(run: DailyRun, name: str, limit: int = 50):
    """An evidence table as a DataFrame (pandas escapes its HTML); None when it has no row, so
    an empty table does not clutter the report. Any table can be explored this way in JupyterLab."""
    frame = run.con.sql(f"SELECT * FROM {_table_name(name)} LIMIT {int(limit)}").df()
    return frame if len(frame) else None


def _table_name(name: str) -> str:
    allowed = {"duplicate_execution", "guard_precedence_violation", "mode_leakage", "conditions",
               "day_incidents", "alert_firings", "false_positive_alerts", "unresolved_alerts",
               "alert_noise", "day_interventions", "bad_slots", "input_problems", "slots"}
    if name not in allowed:
        raise ValueError(f"unknown evidence table {name!r}")
    return name


def charts(run: DailyRun, output_dir: str | None = None) -> dict[str, str]:
    """Draw the day's charts, show them, and (with output_dir) save PNGs for the Markdown report."""
    s = run.inputs.session
    interval = run.inputs.policy.cycle_interval_s
    drawn = {
        "slots": ("Run-cycle slots", ch.slot_timeline(run.con, s.open, s.close, interval) if s else None),
        "latency": ("Latency distribution", ch.latency_distribution(run.con)),
        "budget": ("Error budget burn-down", ch.budget_burndown(run.con, s.open, interval) if s else None),
    }
    return show_charts(drawn, daily_stem(run.inputs.day.isoformat(), run.inputs.as_of), output_dir)


def show_charts(drawn: dict, stem: str, output_dir: str | None) -> dict[str, str]:
    """Show each (title, chart) of `drawn` (None: skipped) and, with output_dir, save it as
    <stem>_<key>.png in its month folder; an output lists the saved files for the Markdown exporter."""
    saved = {}
    for key, (title, chart) in drawn.items():
        if chart is None:
            continue
        svg = ch.render_svg(chart)
        display(HTML(ch.img_html(svg, title)))
        if output_dir:
            name = companion(f"{stem}_{key}", ".png")  # relative to the Markdown report
            (Path(output_dir) / name).parent.mkdir(parents=True, exist_ok=True)
            (Path(output_dir) / name).write_bytes(ch.svg_png(svg))
            saved[title] = name
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
