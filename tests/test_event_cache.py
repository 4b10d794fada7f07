"""The event cache against the direct path (the reference): the same artifact, the same
workbench tables (ord included: it is computed from each event alone) and the same ledger,
on the sample month (bad lines included) and on logs that grow,
tear, get rewritten, rotated and replayed between runs."""
import datetime as dt
import json
import os
import random
import re
import subprocess
import sys
from collections import Counter

import duckdb
import pytest

from m31 import db
from m31.calendar import sessions_between
from m31.checks.daily import DailyInputs, run_daily
from m31.ingest import ingest, ledger
from m31.ingest import store as event_cache
from m31.inputs import InputPaths
from m31.reports.workbench import DAY_TABLES
from m31.sample.simulate import END, START

from conftest import input_paths, write_log
from helpers import DAY, alert, all_cycles, guard, incident, intervention, order, preflight

pytestmark = pytest.mark.heavy_data   # pinned days: CI's clock-moved runs leave them out (.ci/run)


def _inputs(sample, day, log=None):
    return DailyInputs(day=day, paths=InputPaths.sample(sample, str(log or sample / "logs" / "events.jsonl")))


def tables(con) -> dict:
    """Every derived table of the day (and the day's events) as rows."""
    misplaced = con.execute("""SELECT count(*) FROM (SELECT row_number() OVER (ORDER BY ord) AS by_ord,
                                       row_number() OVER (ORDER BY ts, file_idx, line_no) AS by_time
                                FROM events) WHERE by_ord <> by_time""").fetchall()[0][0]
    assert misplaced == 0   # ord orders the events by time, then file, then line
    assert con.execute("SELECT count(DISTINCT ord) = count(*) FROM events").fetchall()[0][0]
    out = {}
    for name in (*DAY_TABLES, "accepted_events_of_day"):
        if name == "accepted_events_of_day":
            rel = con.sql("SELECT * FROM accepted_events WHERE day = (SELECT day FROM params)")
        else:
            rel = con.sql(f"SELECT * FROM {name}")
        out[name] = sorted(rel.fetchall(), key=repr)
    return out


@pytest.fixture(scope="module")
def direct_month(sample):
    con = db.connect()
    log = ingest(con, str(sample / "logs" / "events.jsonl"))
    days = [s.day for s in sessions_between(START, END)] + [dt.date(2026, 2, 17), dt.date(2026, 3, 1)]
    out = {}
    for day in days:
        run = run_daily(_inputs(sample, day), con, log)
        out[day] = (run.artifact, tables(con))
    return out


def test_sample_month_cached_equals_direct(sample, direct_month):
    for day, (artifact, rows) in direct_month.items():
        run = run_daily(_inputs(sample, day))   # the cached path
        assert run.log.source == "cache"
        assert run.artifact == artifact, day
        got = tables(run.con)
        for name in rows:
            assert got[name] == rows[name], (day, name)


def test_corrupted_copy_ledger_and_day_equal_direct(sample):
    """The sample's corrupted file: malformed lines, a replay, a torn tail, invalid UTF-8."""
    bad = next((sample / "logs").glob("events-corrupt-*.jsonl"))
    day = dt.date.fromisoformat(bad.stem.removeprefix("events-corrupt-"))
    con = db.connect()
    log = ingest(con, str(bad))
    want = run_daily(_inputs(sample, day, bad), con, log)
    got = run_daily(_inputs(sample, day, bad))
    assert got.log.source == "cache"
    assert got.artifact == want.artifact
    assert got.artifact["input_quality"]["malformed"] > 0 and got.artifact["input_quality"]["truncated_tail"] == 1
    assert ledger(got.con) == ledger(want.con)
    assert tables(got.con) == tables(want.con)


# ------------------------------------------------------------------ growing and changing logs

def day_lines() -> list[bytes]:
    """A day with something in every section, intents whose history starts the day before, bad
    lines, and replays."""
    before = "2026-03-03"
    ev = [preflight(day=before), order("15:00:00", "o0", "i1", day=before),       # i1: a duplicate on D
          guard("14:00:00", "i9", "block", day=before), order("14:00:01", "o9", "i9", day=before),
          order("14:00:02", "o8", "i8", day=before)]                              # i8: not D's
    late = {"ts": "2026-03-04T15:05:00Z", "event_type": "cycle", "run_id": "rt-a", "mode": "real",   # logged the
            "cycle_id": "c380", "scheduled_at": "2026-03-04T15:20:00+09:00", "status": "ok"}     # next day (KST)
    ev += [preflight()] + all_cycles(skip={5, 6, 7, 380}) + [late] + [
        order("09:30:00", "o9b", "i9"), guard("09:29:00", "i7", "require_approval"), order("09:31:00", "o7", "i7"),
        order("10:00:00", "o1", "i1", latency=90.0), order("10:00:01", "o2", "i1", latency=95.0),
        alert("11:00:00", "a1", "firing", "fp"), alert("11:01:00", "a1", "resolved", "fp", resolution="auto"),
        incident("12:00:00", "INC-1", "opened", "availability", severity="SEV-2"),
        intervention("12:05:00", "escalate_primary", "INC-1"),
    ]
    lines = [json.dumps({**e, "event_id": f"e{k}"}).encode() for k, e in enumerate(ev)]
    rng = random.Random(5)
    extra = [b"", b"{broken", b'[1]', b'{"ts": "2026-03-04T10:00:00+09:00", "event_type": "x", "s": "\xff"}',
             b'{"ts": "2026-03-04T10:00:00+09:00", "event_type": "heartbeat"}']
    for bad in extra:
        lines.insert(rng.randrange(len(lines)), bad)
    lines += [lines[3], lines[40]]          # replays
    lines.insert(60, lines[200])            # the replay comes before its original in reading order
    return lines


def same_as_direct(m30, path_or_glob, day=DAY, fallback=False):
    inputs = lambda: DailyInputs(day=day, paths=input_paths(m30, str(path_or_glob)))
    con = db.connect()
    want = run_daily(inputs(), con, ingest(con, str(path_or_glob)))
    got = run_daily(inputs())
    assert got.log.source == ("direct" if os.environ.get("M31_EVENT_CACHE") == "off" or fallback else "cache")
    assert got.artifact == want.artifact
    assert ledger(got.con) == ledger(want.con)
    assert tables(got.con) == tables(want.con)
    return got


def test_growing_log_with_torn_writes(tmp_path, m30, monkeypatch):
    """The log is written in random pieces (mid-line too) with a run after each; small chunks
    make every refresh cross chunk boundaries."""
    monkeypatch.setattr(event_cache, "CHUNK_BYTES", 1024)
    data = b"\xef\xbb\xbf" + b"\r\n".join(day_lines()[:250]) + b"\n" + b"\n".join(day_lines()[250:]) + b"\n"
    path = tmp_path / "events.jsonl"
    rng = random.Random(11)
    cuts = sorted(rng.sample(range(1, len(data)), 12)) + [len(data)]
    done = 0
    for cut in cuts:
        with open(path, "ab") as fh:
            fh.write(data[done:cut])
        done = cut
        same_as_direct(m30, path)
    final = same_as_direct(m30, path)
    q = final.artifact["input_quality"]
    assert q["replayed"] == 3 and q["malformed"] == 3 and q["blank"] == 1 and q["unknown_event_types"] == 1
    # the cycle of slot 380 was logged after D ended (00:05 KST of D+1): D's check does not see it
    assert final.artifact["slo"]["availability"]["successful"] == 386
    floor = final.artifact["slo"]["safety_floor"]      # intents whose history began the day before
    assert (floor["duplicate_execution"], floor["guard_precedence_violation"]) == (3, 2)


def test_rewritten_rotated_and_replaced_logs_are_rebuilt(tmp_path, m30):
    lines = day_lines()
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    same_as_direct(m30, path)
    path.write_bytes(b"\n".join(lines[:100]) + b"\n")           # shrunk (truncated and rewritten)
    same_as_direct(m30, path)
    path.write_bytes(b"\n".join(lines[1:101]) + b"\n")          # same inode, different content, bigger
    same_as_direct(m30, path)
    fresh = tmp_path / "new.jsonl"
    fresh.write_bytes(b"\n".join(lines[::-1]) + b"\n")
    os.replace(fresh, path)                                      # replaced: another inode
    same_as_direct(m30, path)


def test_rotated_files_and_the_operator_log(tmp_path, m30):
    """A glob over rotated files: new files after the cached ones are appended; an earlier file
    growing can make a later file's line the replay."""
    lines = day_lines()
    a, b = tmp_path / "events.1.jsonl", tmp_path / "events.2.jsonl"
    a.write_bytes(b"\n".join(lines[:150]) + b"\n")
    glob = tmp_path / "events.*.jsonl"
    same_as_direct(m30, glob)
    b.write_bytes(b"\n".join(lines[150:]) + b"\n")              # a new file after the cached one
    same_as_direct(m30, glob)
    with open(a, "ab") as fh:                                    # the earlier file grows: its new
        fh.write(lines[160] + b"\n")                             # line now precedes b's copy
    got = same_as_direct(m30, glob)
    assert got.artifact["input_quality"]["replayed"] == 4
    (tmp_path / "operator-events.jsonl").write_bytes(lines[170] + b"\n")   # read with the log
    same_as_direct(m30, glob)
    a.unlink()                                                   # a file gone: rebuilt
    same_as_direct(m30, glob)


def test_a_tail_line_that_replays_a_later_file(tmp_path, m30):
    lines = day_lines()
    a, b = tmp_path / "events.1.jsonl", tmp_path / "events.2.jsonl"
    a.write_bytes(b"\n".join(lines[:150]) + b"\n" + lines[170])  # unterminated, valid: an event
    b.write_bytes(b"\n".join(lines[150:]) + b"\n")
    got = same_as_direct(m30, tmp_path / "events.*.jsonl")
    assert got.artifact["input_quality"]["truncated_tail"] == 0


def test_an_interrupted_refresh_is_repaired(tmp_path, m30, monkeypatch, capsys):
    """A refresh that fails between writing a chunk's Parquet files and naming them in the
    manifest (the store's disk full, a kill): that run reads the log directly and says so; the
    next run deletes the files no manifest names and gives the same answers."""
    lines = day_lines()
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"\n".join(lines[:100]) + b"\n")
    same_as_direct(m30, path)
    with open(path, "ab") as fh:
        fh.write(b"\n".join(lines[100:]) + b"\n")
    monkeypatch.setattr(event_cache, "CHUNK_BYTES", 2048)
    real, calls = event_cache._write_state, []
    root = event_cache.store_dir(path)

    def failing(at, state):
        # the store's disk fills up; the fresh store of the direct reading is elsewhere
        if at == root:
            calls.append(1)
            if len(calls) == 3:
                raise OSError(28, "No space left on device")
        return real(at, state)

    monkeypatch.setattr(event_cache, "_write_state", failing)
    same_as_direct(m30, path, fallback=True)
    assert "event cache unavailable (No space left on device)" in capsys.readouterr().err
    state = event_cache.read_state(root)
    recorded = state["files"][0]["lines_done"]
    assert 100 < recorded < len(lines)
    named = {p["path"] for p in state["parts"]}
    orphans = [p for p in stored_files(root) if p not in named]
    assert orphans   # the chunk written and never named
    monkeypatch.setattr(event_cache, "_write_state", real)
    same_as_direct(m30, path)
    assert set(stored_files(root)) == {q["path"] for q in event_cache.read_state(root)["parts"]}


def test_a_parse_failing_while_a_chunk_is_written(tmp_path, m30, monkeypatch, capsys):
    """The parse of one chunk fails while the chunk before it is being written (the writer
    thread): the manifest names only chunks whose files were written, the run reads the log
    directly on the same connection, and the next run picks up where the manifest stops."""
    lines = day_lines()
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    monkeypatch.setattr(event_cache, "CHUNK_BYTES", 2048)
    root = event_cache.store_dir(path)
    real, real_append, calls, into = event_cache.parse_pieces, event_cache._append_file, [], []

    def append(con, at, *args):
        into.append(at)
        return real_append(con, at, *args)

    def failing(con, pieces):
        if into and into[-1] == root:   # the persistent store's refresh, not the fresh store's
            calls.append(1)
            if len(calls) == 4:
                raise OSError(5, "Input/output error")
        return real(con, pieces)

    monkeypatch.setattr(event_cache, "_append_file", append)
    monkeypatch.setattr(event_cache, "parse_pieces", failing)
    same_as_direct(m30, path, fallback=True)
    assert len(calls) >= 4   # the fourth chunk's parse failed
    assert "event cache unavailable (Input/output error)" in capsys.readouterr().err
    state = event_cache.read_state(root)
    assert 0 < state["files"][0]["lines_done"] < len(lines)
    # the chunk being written when the parse failed was finished and recorded, and no later one
    assert {re.search(r"-c(\d+)", p["path"])[1] for p in state["parts"]} == {"0", "1", "2"}
    assert set(stored_files(root)) == {p["path"] for p in state["parts"]}
    monkeypatch.setattr(event_cache, "parse_pieces", real)
    same_as_direct(m30, path)
    assert event_cache.read_state(root)["files"][0]["lines_done"] == len(lines)


def stored_files(root) -> list[str]:
    """The Parquet files of a store's lines, as the manifest names them."""
    return [p.relative_to(root).as_posix() for sub in ("lines", "small") for p in (root / sub).rglob("*.parquet")]


def small_parts(root) -> Counter:
    """How many files hold the small family, by month."""
    return Counter(p["day"][0][:7] for p in event_cache.read_state(root)["parts"] if p["family"] == "small")


def test_past_months_small_family_is_merged(tmp_path, m30, monkeypatch):
    """Once a month is past, its small family (read by every check, whatever its day) is one
    file; late lines for it are merged in again; an interrupted merge is repaired, and every
    step reads as the direct reading does, including the check of a day inside a merged month."""
    monkeypatch.setattr(event_cache, "CHUNK_BYTES", 4096)
    feb = [preflight(day=d) for d in ("2026-02-26", "2026-02-27")] + all_cycles(day="2026-02-26", n=60) + [
        incident("15:00:00", "INC-F", "opened", "availability", severity="SEV-3", day="2026-02-27"),
        alert("14:00:00", "a-f", "firing", "fp-f", day="2026-02-27")]
    feb_lines = [json.dumps({**e, "event_id": f"f{k}"}).encode() for k, e in enumerate(feb)]
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"\n".join(feb_lines) + b"\n")
    same_as_direct(m30, path, day="2026-02-27")
    root = event_cache.store_dir(path)
    assert small_parts(root)["2026-02"] > 1   # the newest month is not merged
    with open(path, "ab") as fh:
        fh.write(b"\n".join(day_lines()) + b"\n")
    same_as_direct(m30, path)
    assert small_parts(root)["2026-02"] == 1 and small_parts(root)["2026-03"] > 1
    same_as_direct(m30, path, day="2026-02-26")
    late = alert("14:30:00", "a-f", "resolved", "fp-f", resolution="auto", day="2026-02-27")
    with open(path, "ab") as fh:
        fh.write(json.dumps({**late, "event_id": "f-late"}).encode() + b"\n")
    real, merged = event_cache._write_state, {q["path"] for q in event_cache.read_state(root)["parts"]}

    def failing(at, state):
        if any(p["path"].startswith("small/month=2026-02/m") and p["path"] not in merged for p in state["parts"]):
            raise OSError(28, "No space left on device")   # the merged file written, not named
        return real(at, state)

    monkeypatch.setattr(event_cache, "_write_state", failing)
    same_as_direct(m30, path, fallback=True)
    assert small_parts(root)["2026-02"] == 2
    monkeypatch.setattr(event_cache, "_write_state", real)
    got = same_as_direct(m30, path)
    assert small_parts(root)["2026-02"] == 1
    assert set(stored_files(root)) == {q["path"] for q in event_cache.read_state(root)["parts"]}
    assert got.artifact["input_quality"]["events"] == same_as_direct(m30, path, day="2026-02-27").artifact[
        "input_quality"]["events"]
    assert outside_reader(root) == db.rows(_whole_log(path), EVENTS_BY_TYPE)


EVENTS_BY_TYPE = ("SELECT event_type, day, count(*) AS n FROM events "
                  "WHERE NOT is_replay AND known_event_type(event_type) GROUP BY ALL ORDER BY ALL")


def _whole_log(path):
    con = db.connect()
    ingest(con, str(path))
    return con


def outside_reader(root) -> list[dict]:
    """The store as docs/architecture.md tells another engine to read it (plain DuckDB, no m31
    macros): lines/ Hive-partitioned and small/ with its day column, only the files the manifest
    names, without the replays, events of known types only."""
    state = event_cache.read_state(root)
    named = [str(root / p["path"]) for p in state["parts"]]
    con = duckdb.connect()
    con.execute("CREATE TABLE named AS SELECT unnest(?) AS filename", [named])
    replays = (f"SELECT file_idx, line_no FROM read_parquet({db.literal(root / state['replays'])})"
               if state["replays"] else "SELECT 0 AS file_idx, 0 AS line_no WHERE false")
    return db.rows(con, f"""
        WITH stored AS (
          SELECT event_type, day, kind, file_idx, line_no, filename
          FROM read_parquet({db.literal(root / 'lines/*/*/*.parquet')}, hive_partitioning = true,
                            union_by_name = true, filename = true)
          UNION ALL BY NAME
          SELECT event_type, day, kind, file_idx, line_no, filename
          FROM read_parquet({db.literal(root / 'small/*/*.parquet')}, union_by_name = true, filename = true))
        SELECT event_type, day, count(*) AS n FROM stored
        WHERE filename IN (SELECT filename FROM named) AND kind = 'event'
          AND event_type IN ('preflight', 'cycle', 'order', 'guard', 'approval', 'alert', 'incident',
                             'intervention', 'maintenance')
          AND NOT EXISTS (SELECT 1 FROM ({replays}) AS r WHERE r.file_idx = stored.file_idx AND r.line_no = stored.line_no)
        GROUP BY ALL ORDER BY ALL""")


def test_an_empty_log_then_a_torn_line_then_whole_lines(tmp_path, m30):
    """A log with no complete line yet (as at a fresh start: the store holds no part) counts
    nothing, then the torn line, then everything, as the direct reading does."""
    path = tmp_path / "events.jsonl"
    path.write_bytes(b"")
    assert same_as_direct(m30, path).artifact["input_quality"]["lines"] == 0
    lines = day_lines()
    path.write_bytes(lines[0][:20])
    assert same_as_direct(m30, path).artifact["input_quality"]["truncated_tail"] == 1
    path.write_bytes(b"\n".join(lines) + b"\n")
    same_as_direct(m30, path)


def test_an_unreadable_store_manifest_is_rebuilt(tmp_path, m30):
    path = write_log(tmp_path / "events.jsonl", [preflight()] + all_cycles())
    same_as_direct(m30, path)
    (event_cache.store_dir(path) / event_cache.STATE).write_bytes(b"not a manifest")
    same_as_direct(m30, path)


def test_the_direct_path_when_the_cache_is_off(tmp_path, m30, monkeypatch):
    path = write_log(tmp_path / "events.jsonl", [preflight()] + all_cycles())
    monkeypatch.setenv("M31_EVENT_CACHE", "off")
    same_as_direct(m30, path)
    assert not event_cache.store_dir(path).exists()


def test_ingest_summary_is_the_same_both_ways(sample, capsys):
    """`m31 ingest` (through the cache) and `m31 ingest --direct`: the same days and ledger."""
    from m31.cli import main

    outputs = []
    for extra in ([], ["--direct"]):
        for log in ("events.jsonl", "events-corrupt-*.jsonl"):
            assert main(["ingest", "--event-log-path", str(sample / "logs" / log), "--json", *extra]) == 0
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1] and '"malformed": ' in outputs[0]


def test_a_refresh_imports_nothing_as_it_runs(tmp_path):
    """The daily command refreshes the store in a thread while its main thread imports what the
    check's inputs need (entrypoints.run_daily_report): a package imported from two threads at
    once can fail (execute.Beside). So the refresh must import nothing that the command has not
    imported before starting it, whether it parses a whole new log or an appended piece."""
    log = tmp_path / "events.jsonl"
    log.write_bytes(b"\n".join(day_lines()[:200]) + b"\n")
    script = (
        "import sys\n"
        "from m31.ingest import lines, refresh\n"
        "before = set(sys.modules)\n"
        f"refresh({str(log)!r})\n"
        f"open({str(log)!r}, 'ab').write(open({str(log)!r}, 'rb').read().splitlines(True)[0])\n"
        f"refresh({str(log)!r})\n"
        "print(sorted(set(sys.modules) - before))\n")
    env = {**os.environ, "M31_EVENT_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr
