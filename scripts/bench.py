#!/usr/bin/env python3
"""`make bench`: wall time and peak memory of ingest, the daily check and the weekly review at
several sizes, against a floor measured in the same run on the same files (papermill running a
one-cell notebook on the project kernel + one raw DuckDB scan of the log), and the daily check
over growing history. Writes reports/bench/bench.json and bench.md. See docs/performance.md."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
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


def timed(cmd: list[str], cwd=ROOT) -> tuple[float, float, int]:
    """(wall seconds, peak RSS MiB of the process tree, exit status) via GNU time."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        start = time.perf_counter()
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", t.name, *cmd], cwd=cwd,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        wall = time.perf_counter() - start
        peak_kib = int(t.read().strip().splitlines()[-1])
    if done.returncode not in (0, 1):
        raise SystemExit(f"bench: {' '.join(cmd[:4])} failed: {done.stderr.strip().splitlines()[-1:]}")
    return wall, peak_kib / 1024, done.returncode


def median_of(repeat: int, cmd: list[str]) -> dict:
    runs = [timed(cmd) for _ in range(repeat)]
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


def inputs(folder: Path, report_dir: Path) -> list[str]:
    return ["--event-log-path", str(folder / "logs" / "events.jsonl"),
            "--policy-report-dir", str(folder / "reports" / "m30_post_golive"),
            "--signoff-report-dir", str(folder / "reports" / "m30_golive"),
            "--oncall", str(folder / "oncall.toml"), "--report-dir", str(report_dir)]


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
    ap.add_argument("--repeat", type=int, default=3, help="runs per figure (median); 1,000,000 uses 1")
    ap.add_argument("--history", default="1,60,250", help="sessions of history (comma list; empty to skip)")
    ap.add_argument("--history-size", type=int, default=20000)
    args = ap.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    nb = OUT / "one_cell.ipynb"
    nb.write_text(json.dumps({"cells": [{"cell_type": "code", "metadata": {}, "source": "1 + 1", "outputs": [],
                                         "execution_count": None}],
                              "metadata": {"kernelspec": {"name": "m31", "display_name": "m31", "language": "python"}},
                              "nbformat": 4, "nbformat_minor": 5}))
    results = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}, "sizes": [], "history": []}
    for size in [int(s) for s in args.sizes.split(",") if s]:
        repeat = 1 if size >= 1_000_000 else args.repeat
        print(f"size {size:,} events/session (median of {repeat})", flush=True)
        folder = sample(size, *WINDOW, f"s{size}")
        log = folder / "logs" / "events.jsonl"
        reports = OUT / "runs" / f"s{size}"
        row = {"events_per_session": size, "log_mib": round(log.stat().st_size / 2**20, 1),
               "floor": floor(repeat, log, nb)}
        row["ingest"] = median_of(repeat, [PY, "-m", "m31.cli", "ingest", "--event-log-path", str(log), "--json"])
        daily = [PY, "-m", "m31.cli", "daily", *inputs(folder, reports), "--day", WINDOW[1].isoformat()]
        row["daily"] = median_of(repeat, daily)
        for day in [WINDOW[0] + dt.timedelta(days=k) for k in range(5)]:  # the week's other days, once
            timed([PY, "-m", "m31.cli", "daily", *inputs(folder, reports), "--day", day.isoformat()])
        row["weekly"] = median_of(repeat, [PY, "-m", "m31.cli", "weekly", *inputs(folder, reports),
                                           "--week-end", WINDOW[1].isoformat()])
        for k in ("ingest", "daily", "weekly"):
            row[k]["x_floor"] = round(row[k]["wall_s"] / row["floor"]["wall_s"], 2)
        results["sizes"].append(row)
        print(f"  floor {row['floor']['wall_s']:.1f}s  ingest {row['ingest']['wall_s']:.1f}s  "
              f"daily {row['daily']['wall_s']:.1f}s ({row['daily']['peak_mib']:.0f} MiB)  "
              f"weekly {row['weekly']['wall_s']:.1f}s", flush=True)
    for sessions in [int(s) for s in args.history.split(",") if s]:
        from m31.calendar import sessions_ending_on_or_before
        days = [s.day for s in sessions_ending_on_or_before(dt.date(2026, 2, 27), sessions)]
        folder = sample(args.history_size, days[0], days[-1], f"h{sessions}")
        reports = OUT / "runs" / f"h{sessions}"
        m = median_of(args.repeat, [PY, "-m", "m31.cli", "daily", *inputs(folder, reports), "--day",
                                    days[-1].isoformat()])
        results["history"].append({"sessions": sessions, "events_per_session": args.history_size,
                                   "log_mib": round((folder / "logs" / "events.jsonl").stat().st_size / 2**20, 1),
                                   "daily": m})
        print(f"history {sessions} sessions: daily {m['wall_s']:.1f}s ({m['peak_mib']:.0f} MiB)", flush=True)
    if results["history"]:
        base = results["history"][0]["daily"]["wall_s"]
        for h in results["history"]:
            h["x_one_session"] = round(h["daily"]["wall_s"] / base, 2)
    (OUT / "bench.json").write_text(json.dumps(results, indent=2) + "\n")
    (OUT / "bench.md").write_text(markdown(results))
    print(f"wrote {OUT / 'bench.md'} and bench.json")
    return 0


def markdown(r: dict) -> str:
    lines = [f"# M31 benchmark ({r['machine']['cpus']} CPUs, Python {r['machine']['python']})", "",
             "| events/session | log MiB | floor s | ingest s (x floor, MiB) | daily s (x floor, MiB) | "
             "weekly s (x floor, MiB) |", "|---|---|---|---|---|---|"]
    for s in r["sizes"]:
        cell = lambda k: f"{s[k]['wall_s']:.1f} ({s[k]['x_floor']}x, {s[k]['peak_mib']:.0f})"
        lines.append(f"| {s['events_per_session']:,} | {s['log_mib']} | {s['floor']['wall_s']:.1f} "
                     f"(papermill {s['floor']['papermill_one_cell']['wall_s']:.1f} + scan "
                     f"{s['floor']['duckdb_scan']['wall_s']:.1f}) | {cell('ingest')} | {cell('daily')} | "
                     f"{cell('weekly')} |")
    if r["history"]:
        lines += ["", "| sessions of history | log MiB | daily s | x one session | peak MiB |", "|---|---|---|---|---|"]
        for h in r["history"]:
            lines.append(f"| {h['sessions']} | {h['log_mib']} | {h['daily']['wall_s']:.1f} | {h['x_one_session']} | "
                         f"{h['daily']['peak_mib']:.0f} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
