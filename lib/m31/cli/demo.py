"""m31 demo (make demo): the sample month end to end: simulate, the ingest summary, every daily
check, every weekly review and the postmortem drafts."""
from __future__ import annotations

import os
from pathlib import Path

from .common import EXIT_OK, EXIT_UNUSABLE, guard, parser
from .postmortem import print_drafts

HELP = "sample month end to end: simulate, ingest summary, daily checks"


def build_parser(prog: str = "m31 demo"):
    p = parser(prog, "The sample month end to end: simulate it (once), the ingest summary, the daily check of "
               "every session, the weekly reviews and the postmortem drafts.",
               "example: m31 demo --sample-dir data/sample --report-dir reports")
    p.add_argument("--sample-dir", default="data/sample")
    p.add_argument("--report-dir", default="reports")
    return p


def _run_each(runner, jobs: dict, row) -> int:
    """Run the jobs two at a time (this machine has two cores), printing one row each in order;
    returns EXIT_UNUSABLE if any failed (its error line is already on stderr)."""
    from concurrent.futures import ThreadPoolExecutor

    from ..execute import preload
    preload()  # two threads importing jupyter_client at once can fail on its circular imports
    worst = EXIT_OK
    with ThreadPoolExecutor(max_workers=max(1, min(2, os.cpu_count() or 1))) as pool:
        for key, result in zip(jobs, pool.map(lambda job: guard(runner, *job), jobs.values())):
            if isinstance(result, int):
                print(f"{key}  failed (see the error above)")
                worst = EXIT_UNUSABLE
            else:
                print(row(key, result))
    return worst


def _daily_row(day, a) -> str:
    av, lat, sf = a["slo"]["availability"], a["slo"]["latency"], a["slo"]["safety_floor"]
    avail = f"{av['successful']}/{av['scheduled']}" if av["scheduled"] is not None else "-"
    p95 = f"{lat['p95_ms']:.1f}" if lat["p95_ms"] is not None else "-"
    floor = f"{sf['duplicate_execution']}/{sf['guard_precedence_violation']}/{sf['mode_leakage']}"
    incs = ", ".join(f"{i['incident_id']} {i['severity']}" for i in a["incidents"]) or "-"
    policy = (a.get("budget_policy") or {}).get("state", "-")
    excluded = f" ({av['excluded']} excl.)" if av.get("excluded") else ""
    return f"{day.isoformat():<12}{a['status']:<8}{avail + excluded:>14}{p95:>9}  {floor:<14}{policy:<8}{incs}"


def _weekly_row(day, a) -> str:
    top = a["top_failure_classes"][0] if a["top_failure_classes"] else None
    top_text = f"{top['failure_class']} ({top['bad_cycles']})" if top else "-"
    return (f"{day.isoformat():<12}{a['status']:<8}{a['slo_decision']['decision']:<14}{top_text:<22}"
            f"{len(a['alert_noise']):>6}{len(a['postmortems_due']):>13}")


def run(args) -> int:
    from ..calendar import sessions_between
    from ..entrypoints import run_daily_report, run_weekly_review
    from ..inputs import InputPaths
    from ..sample.simulate import END, START
    from .ingest import summary
    from .simulate import simulate

    sample = Path(args.sample_dir)
    if not (sample / "scenarios.json").exists():
        simulate(str(sample), start=START.isoformat(), end=END.isoformat())
    print(f"ingest summary of {sample}/logs/events.jsonl:")
    summary(str(sample / "logs" / "events.jsonl"))
    print("\nthe same ledger on the corrupted copy (malformed lines, replays, a torn tail):")
    summary(str(sample / "logs" / "events-corrupt-*.jsonl"))
    report_dir = str(Path(args.report_dir) / "m31_slo_incident")
    days = [s.day for s in sessions_between(START, END)]
    print(f"\ndaily check for {len(days)} sessions ({days[0]} .. {days[-1]}) -> {report_dir}/")
    print(f"{'day':<12}{'status':<8}{'availability':>14}{'p95 ms':>9}  {'safety floor':<14}{'budget':<8}incidents")
    paths = InputPaths.sample(sample)
    worst = _run_each(run_daily_report, {d: (paths, d, report_dir) for d in days}, _daily_row)
    print(f"\nreports: {report_dir}/m31_slo_incident_<day>.md (.json; .html, executed .ipynb and charts in "
          f"{report_dir}/<YYYY-MM>/)")

    # Weeks whose 5-session window lies inside the sample month (the first Friday reaches into 2025).
    week_ends = [d for d in days if d.weekday() == 4 and d >= days[4]]
    print(f"\nweekly reviews ({len(week_ends)} weeks) -> {report_dir}/m31_weekly_review_<week_end>.md")
    print(f"{'week end':<12}{'status':<8}{'SLO decision':<14}{'top class':<22}{'noisy':>6}{'postmortems':>13}")
    # the history view is written once, at the end, not after each week
    worst = max(worst, _run_each(run_weekly_review, {d: (paths, d.isoformat(), report_dir, False) for d in week_ends},
                                 _weekly_row))

    pm_dir = Path(args.report_dir) / "postmortems"
    print(f"\npostmortem drafts for every SEV-1/SEV-2 incident of {days[0]} .. {days[-1]} -> {pm_dir}/")
    result = guard(_postmortems, paths, days, report_dir, pm_dir)
    page = guard(_history, report_dir)
    return worst if result == EXIT_OK and page == EXIT_OK else EXIT_UNUSABLE


def _history(report_dir) -> int:
    from ..entrypoints import run_history

    artifact, page = run_history(report_dir)
    print(f"\nthe history view of {artifact['sessions']} sessions, with the links to every report: {page}")
    return EXIT_OK


def _postmortems(paths, days, report_dir, pm_dir) -> int:
    from ..entrypoints import write_postmortems

    written, _ = write_postmortems(paths, days[-1].isoformat(), report_dir, pm_dir, start=days[0].isoformat())
    print_drafts(written)
    return EXIT_OK


def main(argv=None, prog: str = "m31 demo") -> int:
    return guard(run, build_parser(prog).parse_args(argv))
