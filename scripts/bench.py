#!/usr/bin/env python3
"""`make bench`: wall time and peak memory of ingest, the daily check and the weekly review at
several sizes, against a floor measured in the same run on the same files (papermill running a
one-cell notebook on the project kernel + one raw DuckDB scan of the log), and the daily check
over growing history. Writes reports/bench/bench.json and bench.md. See docs/performance.md.

The daily check is measured as cron runs it after the close: the event cache is current to the
previous close (built once from the log as it was then, and restored before every run) and the
day's session has been appended since, so each run parses that session itself."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
OUT = ROOT / "reports" / "bench"
WINDOW = (dt.date(2026, 1, 19), dt.date(2026, 1, 23))   # five sessions, a week


def timed(cmd: list[str], cwd=ROOT, env=None) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MiB of the largest process, exit status) via GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name, *cmd], cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, **(env or {})})
        wall = time.perf_counter() - start
        peak_kib = int(t.read().strip().splitlines()[-1])
    if done.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(cmd[:4])} failed: {done.stderr.strip().splitlines()[-1:]}")
    return wall, peak_kib / 1024, done.returncode


def median_of(repeat: int, cmd: list[str], before=None, env=None) -> dict:
    runs = []
    for _ in range(repeat):
        if before:
            before()
        runs.append(timed(cmd, env=env))
    return {"wall_s": statistics.median(r[0] for r in runs), "peak_mib": max(r[1] for r in runs),
            "runs": [round(r[0], 2) for r in runs]}


def sample(size: int, start: dt.date, end: dt.date, tag: str) -> Path:
    folder = OUT / "data" / tag
    if not (folder / "scenarios.json").exists():
        print(f"  simulating {tag} ({size:,} events/session, {start} .. {end})", flush=True)
        subprocess.run([PY, "-m", "m31.cli", "simulate", "--out", str(folder), "--events-per-day", str(size),
                        "--start", start.isoformat(), "--end", end.isoformat()], check=True, cwd=ROOT,
                       stdout=subprocess.DEVNULL)
    return folder


def inputs(folder: Path, report_dir: Path, log: Path) -> list[str]:
    return ["--event-log-path", str(log),
            "--policy-report-dir", str(folder / "reports" / "m30_post_golive"),
            "--signoff-report-dir", str(folder / "reports" / "m30_golive"),
            "--oncall", str(folder / "oncall.toml"), "--report-dir", str(report_dir)]


class Appended:
    """A copy of `log` whose event store is current to the start of its last session (the
    previous close); restore() puts the store back there before a measured run."""

    def __init__(self, log: Path, last_day: dt.date, tag: str):
        self.work = OUT / "work" / tag
        self.log = self.work / "events.jsonl"
        self.env = {"M31_EVENT_CACHE_DIR": str(self.work / "cache")}
        from m31.ingest.store import FORMAT  # a snapshot of another store format would be rebuilt in the run
        snapshot = self.work / f"store-at-previous-close-{FORMAT.replace('/', '-')}"
        if not snapshot.exists() or self.log.stat().st_size != log.stat().st_size:
            shutil.rmtree(self.work, ignore_errors=True)
            (self.work / "cache").mkdir(parents=True)
            cut = _offset_of_day(log, last_day)
            with open(log, "rb") as src, open(self.log, "wb") as dst:
                _copy(src, dst, cut)
            print(f"  event store up to {last_day - dt.timedelta(days=1)} ({cut / 2**20:,.0f} MiB)", flush=True)
            timed([PY, "-m", "m31.cli", "ingest", "--event-log-path", str(self.log), "--json"], env=self.env)
            shutil.copytree(self._store(), snapshot)
            with open(log, "rb") as src, open(self.log, "ab") as dst:
                src.seek(cut)
                _copy(src, dst, log.stat().st_size - cut)
        self.snapshot = snapshot

    def _store(self) -> Path:
        return next(p for p in (self.work / "cache").iterdir() if p.is_dir())

    def restore(self) -> None:
        store = self._store()
        shutil.rmtree(store)
        shutil.copytree(self.snapshot, store)
        os.sync()  # the copy's writeback must not land inside the measured run


def _offset_of_day(log: Path, day: dt.date) -> int:
    """Byte offset of the first line of `day` (the simulator's event ids carry the day)."""
    needle = f'"ev-{day:%Y%m%d}-'.encode()
    with open(log, "rb") as fh:
        offset = 0
        for line in fh:
            if needle in line:
                return offset
            offset += len(line)
    raise SystemExit(f"bench: no event of {day} in {log}")


def _copy(src, dst, size: int) -> None:
    while size > 0:
        block = src.read(min(size, 2**24))
        dst.write(block)
        size -= len(block)


def floor(repeat: int, log: Path, nb: Path) -> dict:
    papermill = median_of(repeat, [PY, "-m", "papermill", str(nb), os.devnull, "-k", "m31", "--no-progress-bar"])
    scan = median_of(repeat, [PY, "-c", "import duckdb,sys; duckdb.sql(\"SELECT count(*) FROM "
                              "read_ndjson_objects(?)\", params=[sys.argv[1]]).fetchall()", str(log)])
    return {"papermill_one_cell": papermill, "duckdb_scan": scan,
            "wall_s": papermill["wall_s"] + scan["wall_s"], "peak_mib": max(papermill["peak_mib"], scan["peak_mib"])}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog="example: make bench   |   .venv/bin/python scripts/bench.py --sizes 10000")
    ap.add_argument("--sizes", default="10000,100000,1000000", help="events per session (comma list)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure (median)")
    ap.add_argument("--history", default="1,60,250", help="sessions of history (comma list; empty to skip)")
    ap.add_argument("--history-size", type=int, default=20000)
    ap.add_argument("--history-repeat", type=int, default=5,
                    help="runs per history figure (median; the rows differ by less than runs vary)")
    ap.add_argument("--validate-lines", type=int, default=1_000_000,
                    help="lines of the log m31 validate checks (0 to skip)")
    ap.add_argument("--history-view", type=int, default=250,
                    help="sessions of daily artifacts m31 history summarises (0 to skip)")
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    nb = OUT / "one_cell.ipynb"
    nb.write_text(json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": "1 + 1", "outputs": [],
                                         "execution_count": None}],
                              "metadata": {"kernelspec": {"name": "m31", "display_name": "m31", "language": "python"}},
                              "nbformat": 4, "nbformat_minor": 5}))
    results = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}, "sizes": [], "history": []}
    for size in [int(s) for s in args.sizes.split(",") if s]:
        repeat = args.repeat
        print(f"size {size:,} events/session (median of {repeat})", flush=True)
        folder = sample(size, *WINDOW, f"s{size}")
        log = folder / "logs" / "events.jsonl"
        reports = OUT / "runs" / f"s{size}"
        row = {"events_per_session": size, "log_mib": round(log.stat().st_size / 2**20, 1),
               "floor": floor(repeat, log, nb)}
        last = WINDOW[1]
        app = Appended(log, last, f"s{size}")
        ingest = [PY, "-m", "m31.cli", "ingest", "--event-log-path", str(app.log), "--json"]
        row["ingest"] = median_of(repeat, ingest, app.restore, app.env)
        daily = [PY, "-m", "m31.cli", "daily", *inputs(folder, reports, app.log), "--day", last.isoformat()]
        row["daily"] = median_of(repeat, daily, app.restore, app.env)
        row["daily_rerun"] = median_of(repeat, daily, None, app.env)   # cache current: nothing to parse
        # the intraday probe of the last session's close, the store current (the rerun left it so)
        probe = [PY, "-m", "m31.cli", "probe", *inputs(folder, reports / "probe", app.log), "--day", last.isoformat(),
                 "--as-of", "15:20", "--no-notify"]
        row["probe"] = median_of(repeat, probe, None, app.env)
        for day in [WINDOW[0] + dt.timedelta(days=k) for k in range(4)]:  # the week's other days, once
            timed([PY, "-m", "m31.cli", "daily", *inputs(folder, reports, app.log), "--day", day.isoformat()],
                  env=app.env)
        row["weekly"] = median_of(repeat, [PY, "-m", "m31.cli", "weekly", *inputs(folder, reports, app.log),
                                           "--week-end", last.isoformat()], None, app.env)
        if size <= 100_000:  # the reference path, for comparison (at 1,000,000 it needs ~8 GiB)
            row["daily_direct"] = median_of(repeat, daily, None, {**app.env, "M31_EVENT_CACHE": "off"})
        for k in ("ingest", "daily", "daily_rerun", "probe", "weekly", "daily_direct"):
            if k in row:
                row[k]["x_floor"] = round(row[k]["wall_s"] / row["floor"]["wall_s"], 2)
        results["sizes"].append(row)
        print(f"  floor {row['floor']['wall_s']:.1f}s  ingest {row['ingest']['wall_s']:.1f}s  "
              f"daily {row['daily']['wall_s']:.1f}s ({row['daily']['peak_mib']:.0f} MiB)  "
              f"probe {row['probe']['wall_s']:.1f}s  "
              f"weekly {row['weekly']['wall_s']:.1f}s", flush=True)
    for sessions in [int(s) for s in args.history.split(",") if s]:
        from m31.calendar import sessions_ending_on_or_before
        days = [s.day for s in sessions_ending_on_or_before(dt.date(2026, 2, 27), sessions)]
        folder = sample(args.history_size, days[0], days[-1], f"h{sessions}")
        reports = OUT / "runs" / f"h{sessions}"
        app = Appended(folder / "logs" / "events.jsonl", days[-1], f"h{sessions}")
        m = median_of(args.history_repeat, [PY, "-m", "m31.cli", "daily", *inputs(folder, reports, app.log), "--day",
                                    days[-1].isoformat()], app.restore, app.env)
        results["history"].append({"sessions": sessions, "events_per_session": args.history_size,
                                   "log_mib": round((folder / "logs" / "events.jsonl").stat().st_size / 2**20, 1),
                                   "daily": m})
        print(f"history {sessions} sessions: daily {m['wall_s']:.1f}s ({m['peak_mib']:.0f} MiB)", flush=True)
    if args.validate_lines:
        folder = sample(args.validate_lines // 5, *WINDOW, f"v{args.validate_lines}")
        log = folder / "logs" / "events.jsonl"
        m = median_of(args.repeat, [PY, "-m", "m31.cli", "validate", "--event-log-path", str(log)])
        results["validate"] = {"lines": sum(1 for _ in open(log, "rb")), "log_mib": round(log.stat().st_size / 2**20, 1),
                               "validate": m}
        print(f"validate {results['validate']['lines']:,} lines: {m['wall_s']:.1f}s ({m['peak_mib']:.0f} MiB)", flush=True)
    if args.history_view:
        results["history_view"] = history_view(args.history_view, args.repeat)
        v = results["history_view"]
        print(f"history view of {v['sessions']} sessions: {v['history']['wall_s']:.1f}s "
              f"({v['history']['peak_mib']:.0f} MiB), {v['files_in_report_dir']} files in the report folder", flush=True)
    if results["history"] and not args.sizes:  # a history-only run keeps the sizes of the last full run
        previous = json.loads((OUT / "bench.json").read_text()) if (OUT / "bench.json").exists() else {}
        results["sizes"] = previous.get("sizes", [])
    if results["history"]:
        base = results["history"][0]["daily"]["wall_s"]
        for h in results["history"]:
            h["x_one_session"] = round(h["daily"]["wall_s"] / base, 2)
    (OUT / "bench.json").write_text(json.dumps(results, indent=2) + "\n")
    (OUT / "bench.md").write_text(markdown(results))
    print(f"wrote {OUT / 'bench.md'} and bench.json")
    return 0


def history_view(sessions: int, repeat: int) -> dict:
    """`m31 history` over `sessions` daily artifacts. They are computed in-process over one
    ingest (the figures the daily command writes; 250 notebook runs would take a quarter hour),
    once, and kept between bench runs."""
    from m31.calendar import sessions_ending_on_or_before

    days = [s.day for s in sessions_ending_on_or_before(dt.date(2026, 2, 27), sessions)]
    folder = sample(1000, days[0], days[-1], f"view{sessions}")
    reports = OUT / "runs" / f"view{sessions}" / "m31_slo_incident"
    if not (reports / f"m31_slo_incident_{days[-1]}.json").exists():
        print(f"  writing {sessions} daily artifacts for the history view", flush=True)
        _write_dailies(folder, reports, days)
    m = median_of(repeat, [PY, "-m", "m31.cli", "history", "--report-dir", str(reports)])
    return {"sessions": sessions, "history": m,
            "files_in_report_dir": sum(1 for p in reports.iterdir() if p.is_file())}


def _write_dailies(folder: Path, reports: Path, days: list) -> None:
    from m31 import db
    from m31.artifacts import to_json, write_atomic
    from m31.checks.daily import DailyInputs, run_daily
    from m31.ingest import ingest
    from m31.inputs import InputPaths

    reports.mkdir(parents=True, exist_ok=True)
    con = db.connect()
    log = ingest(con, str(folder / "logs" / "events.jsonl"))
    for day in days:
        a = run_daily(DailyInputs(day=day, paths=InputPaths.sample(folder)), con, log).artifact
        write_atomic(reports / f"m31_slo_incident_{day}.json", to_json(a))


def markdown(r: dict) -> str:
    lines = [f"# M31 benchmark ({r['machine']['cpus']} CPUs, Python {r['machine']['python']})", "",
             "Wall seconds (x the floor, peak MiB of the largest process), median of the runs. The daily",
             "check parses the day's appended session itself (event cache current to the previous close);",
             "`rerun` is the same check with nothing left to parse; `direct` reads the whole log without",
             "the cache (M31_EVENT_CACHE=off, the reference path).", "",
             "| events/session | log MiB | floor s | ingest (append) | daily | daily rerun | probe | daily direct | weekly |",
             "|---|---|---|---|---|---|---|---|---|"]
    for s in r["sizes"]:
        cell = lambda k, s=s: f"{s[k]['wall_s']:.1f} ({s[k]['x_floor']}x, {s[k]['peak_mib']:.0f})" if k in s else "-"
        lines.append(f"| {s['events_per_session']:,} | {s['log_mib']} | {s['floor']['wall_s']:.1f} "
                     f"(papermill {s['floor']['papermill_one_cell']['wall_s']:.1f} + scan "
                     f"{s['floor']['duckdb_scan']['wall_s']:.1f}) | {cell('ingest')} | {cell('daily')} | "
                     f"{cell('daily_rerun')} | {cell('probe')} | {cell('daily_direct')} | {cell('weekly')} |")
    if r["history"]:
        lines += ["", "| sessions of history | log MiB | daily s | x one session | peak MiB |", "|---|---|---|---|---|"]
        for h in r["history"]:
            lines.append(f"| {h['sessions']} | {h['log_mib']} | {h['daily']['wall_s']:.1f} | {h['x_one_session']} | "
                         f"{h['daily']['peak_mib']:.0f} |")
    if r.get("validate"):
        v = r["validate"]
        lines += ["", f"`m31 validate` over {v['lines']:,} lines ({v['log_mib']} MiB): {v['validate']['wall_s']:.1f} s "
                      f"(peak {v['validate']['peak_mib']:.0f} MiB; runs {v['validate']['runs']})."]
    if r.get("history_view"):
        v = r["history_view"]
        lines += ["", f"`m31 history` over {v['sessions']} sessions' daily artifacts: {v['history']['wall_s']:.1f} s "
                      f"(peak {v['history']['peak_mib']:.0f} MiB; runs {v['history']['runs']})."]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
