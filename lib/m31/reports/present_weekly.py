"""What the weekly notebook calls: gather the window's daily artifacts, review them, show the
sections and charts, emit the artifact. Decisions are recorded through m31.checks.decisions."""
from __future__ import annotations

from dataclasses import dataclass

from ..artifacts import weekly_stem
from ..checks import decisions as dec
from ..checks.daily import DailyInputs, run_daily
from ..checks.weekly import WeeklyInputs, collect_dailies, review
from ..inputs import InputPaths
from . import charts as ch
from .markdown import weekly_sections
from .present import emit, project_path, show_charts, show_sections


@dataclass
class WeeklyRun:
    inputs: WeeklyInputs
    artifact: dict
    computed_days: list  # days whose daily artifact was missing and computed here, not written
    dailies: dict        # day -> daily artifact of the window


def weekly(week_end, report_dir, paths: InputPaths) -> WeeklyRun:
    """Review the window ending on or before week_end. A daily artifact missing from report_dir
    is computed in this kernel from the event log (the command writes them first), each day
    reading what it needs through the event cache."""
    paths = paths.mapped(project_path)
    inputs = WeeklyInputs(week_end=week_end, report_dir=project_path(report_dir) or report_dir,
                          oncall_path=paths.oncall_path, policy_path=paths.policy_path)

    def compute(day):
        if not paths.event_log_path:
            return None
        return run_daily(DailyInputs(day=day, paths=paths)).artifact

    dailies, computed = collect_dailies(inputs, compute)
    artifact = review(inputs, dailies, dec.load(inputs.report_dir, inputs.week_end),
                      dec.carried_over(inputs.report_dir, inputs.week_end))
    return WeeklyRun(inputs, artifact, computed, dailies)


def show(run: WeeklyRun, *names: str) -> None:
    show_sections(weekly_sections(run.artifact), names)


def charts(run: WeeklyRun, output_dir: str | None = None) -> dict[str, str]:
    return show_charts(drawn(run.artifact), weekly_stem(run.artifact["week_end"]), output_dir)


def drawn(a: dict):
    """(key, title, Altair chart or None) of a weekly artifact, each built when asked for."""
    yield "status", "Status strip", ch.status_strip(a["days"])
    yield "classes", "Top recurring failure classes", ch.failure_classes(a["top_failure_classes"])
    yield "incidents", "Incident timeline", ch.incident_timeline(a["incidents"], a["window"][0], a["window"][-1])
    yield "budget", "Error budget by day", ch.budget_by_day(a["days"])


def emit_artifact(run: WeeklyRun) -> None:
    emit(run.artifact, f"m31 weekly artifact for {run.artifact['week_end']}")
