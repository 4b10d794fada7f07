import datetime as dt
import json

import pytest

from m31 import db
from m31.errors import InputError
from m31.ingest import day_counts, ingest, ledger

from conftest import write_log


def _ingest(path):
    con = db.connect()
    ingest(con, str(path))
    return con, ledger(con)


def ev(ts, event_type="cycle", **kw):
    return {"ts": ts, "event_type": event_type, **kw}


def test_every_line_is_accounted_for(tmp_path):
    log = write_log(tmp_path / "e.jsonl", [
        ev("2026-03-04T09:00:00+09:00", event_id="a"),
        "",
        "   ",
        "[1, 2]",
        "{broken",
        json.dumps({"event_type": "cycle"}),
        json.dumps(ev("2026-03-04T09:00:00")),                 # no offset
        json.dumps({"ts": "2026-03-04T09:00:00+09:00"}),         # no event_type
        json.dumps(ev("2026-02-30T09:00:00+09:00")),             # no such day
        json.dumps(ev(20260304)),                                # ts not a string
        ev("2026-03-04T09:00:01+09:00", event_id="a"),          # replay
        ev("2026-03-04T09:00:02+09:00", "heartbeat"),            # unknown type
        '{"ts": "2026-03-04T09:00:03+09:00", "event_ty',         # torn tail
    ], trailing_newline=False)
    con, q = _ingest(log)
    assert {k: q[k] for k in ("lines", "blank", "malformed", "truncated_tail", "replayed",
                              "unknown_event_types", "events")} == {
        "lines": 13, "blank": 2, "malformed": 7, "truncated_tail": 1, "replayed": 1,
        "unknown_event_types": 1, "events": 1}
    assert q["lines"] == q["blank"] + q["malformed"] + q["truncated_tail"] + q["replayed"] + \
        q["unknown_event_types"] + q["events"]
    assert [(e["line"], e["reason"]) for e in q["examples"]] == [
        (4, "not a JSON object"), (5, "not valid JSON"), (6, "missing ts"), (7, "ts has no UTC offset"),
        (8, "missing event_type"), (9, "ts is not a valid RFC 3339 timestamp"), (10, "ts is not a string")]
    assert q["truncated_tails"] == [{"line": 13}]


def test_a_bad_last_line_with_a_newline_is_malformed_not_torn(tmp_path):
    con, q = _ingest(write_log(tmp_path / "e.jsonl", [ev("2026-03-04T09:00:00+09:00"), "{torn"]))
    assert (q["malformed"], q["truncated_tail"]) == (1, 0)


def test_a_complete_last_line_without_newline_is_an_event(tmp_path):
    con, q = _ingest(write_log(tmp_path / "e.jsonl", [ev("2026-03-04T09:00:00+09:00")] * 2,
                               trailing_newline=False))
    assert (q["events"], q["truncated_tail"]) == (2, 0)


def test_utc_timestamps_land_on_the_kst_day(tmp_path):
    con, _ = _ingest(write_log(tmp_path / "e.jsonl", [
        ev("2026-02-19T23:30:00Z"), ev("2026-02-20T08:30:00+09:00"), ev("2026-02-19T14:59:59.999Z"),
        ev("2026-02-19T10:00:00-05:00")]))
    rows = con.sql("SELECT strftime(ts, '%Y-%m-%dT%H:%M:%S.%g') t, CAST(day AS VARCHAR) d FROM events "
                   "ORDER BY ord").fetchall()
    assert rows == [("2026-02-19T23:59:59.999", "2026-02-19"), ("2026-02-20T00:00:00.000", "2026-02-20"),
                    ("2026-02-20T08:30:00.000", "2026-02-20"), ("2026-02-20T08:30:00.000", "2026-02-20")]


def test_shuffled_lines_are_ordered_by_time(tmp_path):
    lines = [ev(f"2026-03-04T09:00:{s:02d}+09:00", event_id=str(s)) for s in (5, 1, 3, 0, 4, 2)]
    con, _ = _ingest(write_log(tmp_path / "e.jsonl", lines))
    assert [r[0] for r in con.sql("SELECT event_id FROM events ORDER BY ord").fetchall()] == list("012345")


def test_ord_orders_by_time_then_file_then_line_at_every_boundary(tmp_path):
    """event_ord (the number `ord` is) against the order it stands for, over the years RFC 3339
    allows, microsecond neighbours, the largest file index and line, and a Parquet round trip
    (a workbench table): no two keys may merge or swap."""
    keys = sorted([(t, f, n) for t in ("0001-01-01 00:00:00", "1969-12-31 23:59:59.999999", "1970-01-01 00:00:00",
                                       "2026-01-23 09:00:00", "2026-01-23 09:00:00.000001", "9999-12-31 23:59:59.999999")
                   for f in (0, 1, 2**24 - 1) for n in (1, 2, 2**40 - 1)])
    con = db.connect()
    con.execute("CREATE TABLE k AS SELECT CAST(t AS TIMESTAMP) AS ts, f, n FROM "
                "(SELECT unnest(?) AS t, unnest(?) AS f, unnest(?) AS n)",
                [[k[0] for k in keys], [k[1] for k in keys], [k[2] for k in keys]])
    path = tmp_path / "ord.parquet"
    con.execute(f"COPY (SELECT ts, f, n, event_ord(ts, f, n) AS ord FROM k) TO '{path}' (FORMAT parquet)")
    rows = con.execute("SELECT ts, f, n, typeof(ord) FROM read_parquet(?) ORDER BY ord", [str(path)]).fetchall()
    assert [r[:3] for r in rows] == [(dt.datetime.fromisoformat(t), f, n) for t, f, n in keys]
    assert {r[3] for r in rows} == {"DECIMAL(38,0)"}
    assert con.execute("SELECT count(DISTINCT ord) FROM read_parquet(?)", [str(path)]).fetchall()[0][0] == len(keys)


def test_crlf_and_bom_are_encoding_not_content(tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(ev("2026-03-04T09:00:00+09:00")).encode() + b"\r\n"
                     + json.dumps(ev("2026-03-04T09:00:01+09:00")).encode() + b"\r\n")
    _, q = _ingest(path)
    assert (q["lines"], q["events"], q["malformed"]) == (2, 2, 0)


def test_invalid_utf8_is_malformed_with_its_line(tmp_path):
    path = tmp_path / "e.jsonl"
    path.write_bytes(json.dumps(ev("2026-03-04T09:00:00+09:00")).encode() + b"\n"
                     + b'{"ts": "2026-03-04T09:00:00+09:00", "event_type": "cycle", "x": "\xff"}\n')
    _, q = _ingest(path)
    assert (q["events"], q["malformed"]) == (1, 1)
    assert q["examples"] == [{"line": 2, "reason": "invalid UTF-8"}]


def test_a_10_mb_line_is_read(tmp_path):
    big = ev("2026-03-04T09:00:00+09:00", "cycle", note="x" * (10 * 1024 * 1024))
    con, q = _ingest(write_log(tmp_path / "e.jsonl", [big, ev("2026-03-04T09:00:01+09:00")]))
    assert (q["events"], q["malformed"]) == (2, 0)


def test_glob_of_rotated_logs_numbers_lines_per_file(tmp_path):
    write_log(tmp_path / "events.1.jsonl", [ev("2026-03-04T09:00:00+09:00", event_id="x")])
    write_log(tmp_path / "events.2.jsonl", ["{bad", ev("2026-03-04T09:00:00+09:00", event_id="x")])
    con, q = _ingest(tmp_path / "events.*.jsonl")
    assert (q["events"], q["replayed"], q["malformed"]) == (1, 1, 1)
    assert q["examples"][0]["line"] == 1 and q["examples"][0]["file"].endswith("events.2.jsonl")
    assert [d["events"] for d in day_counts(con)] == [1]


def test_missing_log_is_one_clear_error(tmp_path):
    with pytest.raises(InputError, match="no event log file found"):
        _ingest(tmp_path / "nope-*.jsonl")


def test_the_sample_corrupt_file_counts_what_was_injected(sample):
    from m31.sample.simulate import BAD_FILE_DAY, BAD_FILE_EXPECTED

    _, q = _ingest(sample / "logs" / f"events-corrupt-{BAD_FILE_DAY}.jsonl")
    assert {k: q[k] for k in BAD_FILE_EXPECTED} == BAD_FILE_EXPECTED
