"""The workbook's typed entry points. Each takes one InputPaths; the CLI parses arguments and
calls one of these, as papermill's CLI calls execute_notebook. Everything is validated before
anything is written: unusable input raises InputError (exit 2) and leaves no artifact."""
from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from .errors import InputError
from .inputs import InputPaths

# A kernel's first lines: the chart renderer's process starts first, to warm on another core.
RENDERER = ("import m31.reports.render", "m31.reports.render.start()")


def run_daily_report(paths: InputPaths, day: dt.date, report_dir: str, as_of: dt.datetime | None = None) -> dict:
    """The daily check of `day` (provisional as of `as_of`, naive KST): executes
    notebooks/daily.ipynb and publishes m31_slo_incident_<day>.json/.md/.html in report_dir."""
    from .artifacts import ensure_dir
    from .execute import Beside, Kernel, execute

    with Kernel(warm=(*RENDERER, "import m31.reports.present")) as kernel:  # boots meanwhile
        # (lines: numpy and pyarrow, imported here and not lazily by the refresh thread: see Beside)
        from .ingest import lines, refresh, resolve_log_paths  # noqa: F401

        resolve_log_paths(paths.event_log_path)
        ensure_dir(report_dir)  # an unwritable report folder fails before any work starts
        # The event store first, while the kernel starts and the other inputs are read: at a
        # million events it is the run's longest step. Joined even when the run fails (bad
        # inputs are reported once it is done: the store is a cache, whatever the inputs). The
        # refresh imports nothing as it runs, so the imports below cannot meet one of its own.
        with Beside(refresh, paths.event_log_path):
            from .artifacts import daily_stem
            from .checks.daily import DailyInputs

            inputs = DailyInputs(day=day, paths=paths, as_of=as_of)
            artifact, _ = execute("daily.ipynb", {
                "day": day.isoformat(), "event_log_path": paths.event_log_path,
                "policy_report_dir": paths.policy_report_dir, "signoff_report_dir": paths.signoff_report_dir,
                "oncall_path": paths.oncall_path, "policy_path": paths.policy_path,
                "as_of": inputs.as_of.isoformat() + "+09:00" if inputs.as_of else None,
            }, report_dir, daily_stem(day.isoformat(), inputs.as_of), kernel)
    from .reports.workbench import refresh_database
    refresh_database(report_dir)  # the ad-hoc views now include this day's tables
    return artifact


def review_window(paths: InputPaths, week_end: str | None, report_dir: str, start: str | None = None):
    """(WeeklyInputs, the days whose daily artifact is missing): every input a daily run of a
    missing day needs is checked before any runs."""
    from .checks.weekly import WeeklyInputs, missing_days
    from .ingest import resolve_log_paths

    if not week_end:
        raise InputError("--week-end", "required")
    inputs = WeeklyInputs(week_end=week_end, report_dir=report_dir, oncall_path=paths.oncall_path,
                          policy_path=paths.policy_path, start=start)
    missing = missing_days(inputs)
    if missing:
        from .checks.daily import DailyInputs
        if not paths.event_log_path:
            raise InputError("--event-log-path", f"required to produce the daily artifacts of {missing[0]}")
        resolve_log_paths(paths.event_log_path)
        for day in missing:
            DailyInputs(day=day, paths=paths)
    return inputs, missing


def produce_dailies(paths: InputPaths, report_dir: str, missing) -> None:
    for day in missing:
        if sys.stderr.isatty():
            print(f"producing the daily artifact of {day} ...", file=sys.stderr)
        run_daily_report(paths, day, report_dir)


def run_weekly_review(paths: InputPaths, week_end: str, report_dir: str, history: bool = True) -> dict:
    """The weekly review of the 5 sessions ending on or before week_end (missing daily artifacts
    produced first): executes notebooks/weekly.ipynb, publishes m31_weekly_review_<week_end>.*;
    then (with `history`) brings the history view up to date."""
    from .artifacts import weekly_stem
    from .execute import Kernel, execute

    with Kernel(warm=(*RENDERER, "import m31.reports.present_weekly")) as kernel:
        inputs, missing = review_window(paths, week_end, report_dir)
        produce_dailies(paths, report_dir, missing)
        artifact, _ = execute("weekly.ipynb", {
            "week_end": inputs.week_end.isoformat(), "report_dir": report_dir,
            "event_log_path": None, "policy_report_dir": paths.policy_report_dir,
            "signoff_report_dir": paths.signoff_report_dir, "oncall_path": paths.oncall_path,
            "policy_path": paths.policy_path,
        }, report_dir, weekly_stem(inputs.week_end.isoformat()), kernel)
        if history:
            refresh_history(report_dir, kernel)
    return artifact


def run_history(report_dir: str, out_dir: str | None = None, postmortem_dir: str | None = None,
                policy_path: str | None = None, kernel=None) -> tuple[dict, Path]:
    """The history view of every final daily artifact in report_dir: executes
    notebooks/history.ipynb and publishes index.json/.md/.html in out_dir (default: report_dir's
    parent). Returns (artifact, the HTML page)."""
    from .artifacts import companion
    from .execute import Kernel, execute

    if kernel is None:  # a kernel of its own, booting with the chart renderer as the daily's does
        with Kernel(warm=(*RENDERER, "import m31.reports.present_history")) as started:
            return run_history(report_dir, out_dir, postmortem_dir, policy_path, started)
    out = out_dir or str(Path(report_dir).parent)
    artifact, json_path = execute("history.ipynb", {
        "report_dir": str(report_dir), "out_dir": out, "postmortem_dir": postmortem_dir, "policy_path": policy_path,
    }, out, "index", kernel)
    return artifact, json_path.parent / companion("index", ".html")


def refresh_history(report_dir: str, kernel=None) -> None:
    """Bring the history view up to date after a run (the weekly command, the demo). It only
    summarises what was written: a failure is reported in one line and leaves the run's own
    artifacts and exit status as they are."""
    try:
        run_history(report_dir, kernel=kernel)
    except Exception as exc:  # noqa: BLE001 - the run's own artifacts are already published
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"m31: the history view was not updated: {first}", file=sys.stderr)


def write_postmortems(paths: InputPaths, week_end: str, report_dir: str, folder: Path,
                      start: str | None = None) -> tuple[list, object]:
    """Drafts for every SEV-1 and SEV-2 incident of the window: ([(incident, path, outcome)], window)."""
    from .checks.weekly import collect_dailies, postmortems_due, window_incidents
    from .reports import postmortem

    inputs, missing = review_window(paths, week_end, report_dir, start=start)
    produce_dailies(paths, report_dir, missing)
    dailies, _ = collect_dailies(inputs)
    incidents = window_incidents([dailies[d] for d in inputs.days])
    due = postmortems_due(inputs, incidents)
    return list(postmortem.write_drafts(incidents, due, report_dir, folder)), inputs


def lint_postmortems(files: list[Path]) -> list[str]:
    """Problems of filled postmortems, one line each."""
    from .reports import postmortem

    for p in files:
        if not p.is_file():
            raise InputError(p, "postmortem not found")
    return [msg for p in files for msg in postmortem.lint(p)]


def ingest_summary(event_log_path: str, direct: bool = False) -> tuple[list[dict], dict]:
    """(accepted events per KST day and type, the input-quality ledger) of a whole log."""
    from . import db
    from .ingest import ledger, load_summary

    con = db.connect()
    counts = load_summary(con, event_log_path, direct=direct)
    return counts, ledger(con)


def probe_day(paths: InputPaths, day: dt.date, as_of: dt.datetime | None) -> dict:
    """The intraday probe of `day` as of `as_of`."""
    from .checks.daily import DailyInputs
    from .checks.probe import probe

    return probe(DailyInputs(day=day, paths=paths, as_of=as_of))


def budget_gate(paths: InputPaths, day: dt.date, as_of: dt.datetime | None) -> dict:
    """The error-budget policy of `day` (contract 1.1 section 8) for a release pipeline: the
    state, its reason and the rolling window it was judged on."""
    from .checks.daily import DailyInputs, run_daily

    a = run_daily(DailyInputs(day=day, paths=paths, as_of=as_of)).artifact
    return {"day": a["day"], "as_of": a["as_of"], "policy_version": a["policy_version"],
            **a["budget_policy"], "rolling": a["slo"]["rolling"]}


def maintenance_of_day(paths: InputPaths, day: dt.date, as_of: dt.datetime | None) -> list[dict]:
    """The maintenance windows D's check sees (contract 1.1 section 8 corrections[])."""
    from .checks.daily import DailyInputs, run_daily

    return run_daily(DailyInputs(day=day, paths=paths, as_of=as_of)).artifact["corrections"]


# ---------------------------------------------------------------------------- notifications

def notify_daily(artifact: dict, report_dir: str, oncall_path, config_path=None, dry_run: bool = False) -> list:
    """The daily command's notifications (docs/notifications.md); never raises."""
    from . import notify
    from .notify import events

    return notify.safely(lambda: events.daily(notify.load_notify(config_path), artifact, report_dir, oncall_path,
                                              dry_run))


def notify_weekly(artifact: dict, report_dir: str, oncall_path, config_path=None, dry_run: bool = False) -> list:
    from . import notify
    from .notify import events

    return notify.safely(lambda: events.weekly(notify.load_notify(config_path), artifact, report_dir, oncall_path,
                                               dry_run))


def notify_probe(paths: InputPaths, day: dt.date, as_of, config_path=None, dry_run: bool = False) -> tuple[dict, list]:
    """The probe of `day` and its notifications: (probe, outcomes)."""
    from . import notify
    from .checks.daily import DailyInputs
    from .checks.probe import probe_run
    from .notify import events

    p, artifact, last_event = probe_run(DailyInputs(day=day, paths=paths, as_of=as_of))
    sent = notify.safely(lambda: events.probe(notify.load_notify(config_path), p, artifact, last_event,
                                              paths.oncall_path, dry_run))
    return p, sent


def overdue_items(postmortem_dir: Path, report_dir: str, today: dt.date) -> list[dict]:
    """Postmortems not complete (m31 postmortem --lint finds a gap) and open action items of the
    weekly decisions, whose due day is before `today`."""
    from .checks.decisions import carried_over
    from .reports import postmortem

    items = []
    for path in sorted(Path(postmortem_dir).glob("*.md")) if Path(postmortem_dir).is_dir() else []:
        facts = postmortem.draft_facts(path)
        if facts["due"] and facts["due"] < today.isoformat() and postmortem.lint(path):
            items.append({"what": "postmortem", "id": facts["incident_id"], "due": facts["due"],
                          "owner": facts["owner"], "path": str(path)})
    for item in carried_over(report_dir, today + dt.timedelta(days=1)):
        if item["due"] < today.isoformat():
            items.append({"what": "action item", "id": item["id"], "due": item["due"], "owner": item["owner"]})
    return items


def notify_overdue(postmortem_dir: Path, report_dir: str, oncall_path, config_path=None, dry_run: bool = False,
                   today: dt.date | None = None) -> list:
    from . import notify
    from .clock import now_kst
    from .notify import events

    day = today or now_kst().date()
    return notify.safely(lambda: events.overdue(notify.load_notify(config_path),
                                                overdue_items(postmortem_dir, report_dir, day), day, oncall_path,
                                                dry_run))


def validate_log(event_log_path: str) -> tuple[list[dict], dict]:
    """(every problem of the log against the event schemas, the input-quality ledger): the log
    read whole by the daily check's own ingest, over a fresh store."""
    from . import db
    from .checks.validate import problems
    from .ingest import ingest, ledger

    con = db.connect()
    ingest(con, event_log_path, keep_text=True)
    return problems(con), ledger(con)
