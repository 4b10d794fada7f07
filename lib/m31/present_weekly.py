"""What the weekly notebook calls: gather the window's daily artifacts, review them, show the
sections and charts, emit the artifact. Decisions are recorded through m31.decisions."""
from __future__ import annotations

from dataclasses import dataclass

from . import charts as ch
from . import decisions as dec
from .artifacts import weekly_stem
from .daily import DailyInputs, run_daily
from .markdown import weekly_sections
from .present import emit, project_path, show_charts, show_sections
from .weekly import WeeklyInputs, collect_dailies, review


@dataclass
class WeeklyRun:
    inputs: WeeklyInputs
    artifact: dict
    computed_days: list  # days whose daily artifact was missing and computed here, not written
    dailies: dict        # day -> daily artifact of the window


def weekly(week_end, report_dir, event_log_path=None, policy_report_dir=None, signoff_report_dir=None,
           oncall_path=None, policy_path=None) -> WeeklyRun:
    """Review the window ending on or before week_end. A daily artifact missing from report_dir
    is computed in this kernel from the event log (the command writes them first), each day
    reading what it needs through the event cache."""
    inputs = WeeklyInputs(week_end=week_end, report_dir=project_path(report_dir) or report_dir,
                          oncall_path=project_path(oncall_path), policy_path=project_path(policy_path))

    def compute(day):
        if not event_log_path:
            return None
        di = DailyInputs(day=day, event_log_path=project_path(event_log_path),
                         policy_report_dir=project_path(policy_report_dir),
                         signoff_report_dir=project_path(signoff_report_dir),
                         oncall_path=project_path(oncall_path), policy_path=project_path(policy_path))
        return run_daily(di).artifact

    dailies, computed = collect_dailies(inputs, compute)
    artifact = review(inputs, dailies, dec.load(inputs.report_dir, inputs.week_end),
                      dec.carried_over(inputs.report_dir, inputs.week_end))
    return WeeklyRun(inputs, artifact, computed, dailies)


def show(run: WeeklyRun, *names: str) -> None:
    show_sections(weekly_sections(run.artifact), names)


def charts(run: WeeklyRun, output_dir: str | None = None) -> dict[str, str]:
    a = run.artifact
    drawn = {
        "status": ("Status strip", ch.status_strip(a["days"])),
        "classes": ("Top recurring failure classes", ch.failure_classes(a["top_failure_classes"])),
        "incidents": ("Incident timeline", ch.incident_timeline(a["incidents"], a["window"][0], a["window"][-1])),
        "budget": ("Error budget by day", ch.budget_by_day(a["days"])),
    }
    return show_charts(drawn, weekly_stem(a["week_end"]), output_dir)


def emit_artifact(run: WeeklyRun) -> None:
    emit(run.artifact, f"m31 weekly artifact for {run.artifact['week_end']}")
