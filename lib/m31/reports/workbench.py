"""The ad-hoc query workbench: each daily run leaves its day's derived tables as Parquet in the
report folder, and `<report-dir>/m31.duckdb` holds views over all of them, so people query the
month with the same tables (and the same typed-event SQL) the reports are built from. The events
are not written again: the `events` view reads the event store's own Parquet day partitions
(ingest/store.py), which the report folder names in tables/event_store.json. A run that read the
log directly (M31_EVENT_CACHE=off, or no usable store) writes its day's events instead.

<report-dir>/tables/<table>/<day>.parquet   one file per reviewed day and table
<report-dir>/tables/event_store.json        the event store the `events` view reads
<report-dir>/m31.duckdb                     views over those files (rebuilt, then renamed in)
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import duckdb

from .. import db, sqlgraph
from ..errors import InputError
from ..ingest.store import parts_query, read_state

DATABASE_NAME = "m31.duckdb"
TABLES_DIR = "tables"
STORE_POINTER = "event_store.json"
# The workbench's events: the store's typed columns, with the file and line they came from.
EVENT_COLUMNS = (
    "ts", "day", "event_type", "event_id", "run_id", "mode", "intent_id", "scheduled_at", "cycle_id", "status",
    "error_class", "duration_ms", "order_id", "broker_env", "latency_ms", "guard", "precedence", "decision",
    "operator", "guard_config_hash", "alert_id", "fingerprint", "state", "severity", "alert_class", "summary",
    "resolution", "incident_id", "failure_class", "alert_ids", "impacted_scope", "action", "reason_code", "note",
    "maintenance_id", "start_text", "end_text",
)
# D's derived tables, as the daily SQL left them (each gets a `review_day` column).
DAY_TABLES = (
    "slots", "bad_slots", "conditions", "day_incidents", "incident_response", "incident_timeline",
    "alert_firings", "false_positive_alerts", "unresolved_alerts", "alert_noise", "day_interventions",
    "latency_samples", "duplicate_execution", "guard_precedence_violation", "mode_leakage", "corrections",
)
# The workbench makes accepted_events itself, over the Parquet events; the typed views over it
# are the same queries/events/*.sql the daily check builds, in the graph's order.
OWN_EVENT_TABLES = ("cutoff", "accepted_events")


def export_day(con: duckdb.DuckDBPyConnection, artifact: dict, out_dir: str | os.PathLike,
               store: Path | None = None) -> list[Path]:
    """Write D's tables and its SLO row under out_dir/tables/; D's events only when the log was
    read directly (`store` None), else the name of the event store whose partitions hold them."""
    day = artifact["day"]
    written = []

    def write(name: str, rel: duckdb.DuckDBPyRelation) -> None:
        folder = Path(out_dir) / TABLES_DIR / name
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{day}.parquet"
        rel.write_parquet(str(path))
        written.append(path)

    day_param = [day]
    for name in DAY_TABLES:
        write(name, con.query(f"SELECT CAST(? AS DATE) AS review_day, * FROM {name}", params=day_param))
    if store is not None:
        pointer = Path(out_dir) / TABLES_DIR / STORE_POINTER
        pointer.write_text(json.dumps({"store": str(Path(store).resolve())}) + "\n", encoding="utf-8")
        written.append(pointer)
    else:
        # in ord order: what a reader of the file expects (the direct path only, one day)
        files = dict(con.execute("SELECT file_idx, path FROM log_files").fetchall())
        paths = [files.get(i) for i in range(max(files, default=-1) + 1)]
        write("events", con.query(f"""
            SELECT e.ord, {", ".join(f"e.{c}" for c in EVENT_COLUMNS)},
                   list_extract(CAST(? AS VARCHAR[]), e.file_idx + 1) AS file, e.line_no AS line
            FROM accepted_events AS e WHERE e.day = CAST(? AS DATE) ORDER BY e.ord""", params=[paths, day]))
    row = daily_slo_row(artifact)
    casts = ", ".join(f"CAST(? AS {kind}) AS {name}" for name, kind in DAILY_SLO_COLUMNS.items())
    write("daily_slo", con.query(f"SELECT {casts}", params=[row[name] for name in DAILY_SLO_COLUMNS]))
    return written


# The day-by-day SLO table's columns and types (explicit: a day without a latency sample must
# not turn p95_ms into a column of NULL type).
DAILY_SLO_COLUMNS = {
    "day": "DATE", "trading_day": "BOOLEAN", "status": "VARCHAR", "status_reasons": "VARCHAR",
    "policy_version": "VARCHAR", "policy_level": "VARCHAR", "signoff_decision": "VARCHAR", "preflight": "VARCHAR",
    "scheduled": "BIGINT", "successful": "BIGINT", "missed": "BIGINT", "failed": "BIGINT",
    "availability": "DOUBLE", "availability_met": "BOOLEAN", "latency_samples": "BIGINT", "p95_ms": "DOUBLE",
    "latency_limit_ms": "DOUBLE", "latency_met": "BOOLEAN", "budget_cycles": "DOUBLE", "consumed_cycles": "BIGINT",
    "consumed_ratio": "DOUBLE", "untracked_cycles": "BIGINT", "duplicate_execution": "BIGINT",
    "guard_precedence_violation": "BIGINT", "mode_leakage": "BIGINT", "safety_floor_met": "BOOLEAN",
    "incidents": "BIGINT", "alerts_fired": "BIGINT", "alert_duplicates": "BIGINT", "alert_false_positives": "BIGINT",
    "unresolved_alerts": "BIGINT", "interventions": "BIGINT", "unknown_reason_codes": "BIGINT",
    "malformed_lines": "BIGINT", "excluded": "BIGINT", "rolling_sessions": "BIGINT", "rolling_first_day": "DATE",
    "rolling_scheduled": "BIGINT", "rolling_bad": "BIGINT", "rolling_availability": "DOUBLE", "rolling_met": "BOOLEAN",
    "rolling_budget_cycles": "DOUBLE", "rolling_remaining_cycles": "DOUBLE", "budget_policy": "VARCHAR",
}


def daily_slo_row(a: dict) -> dict:
    """One day of the day-by-day SLO table, flattened from its artifact."""
    slo = a["slo"]
    av, lat, eb, sf = slo["availability"], slo["latency"], slo["error_budget"], slo["safety_floor"]
    return {
        "day": a["day"], "trading_day": a["trading_day"], "status": a["status"],
        "status_reasons": " | ".join(a["status_reasons"]), "policy_version": a["policy_version"],
        "policy_level": a["preopen"]["policy_level"], "signoff_decision": a["preopen"]["signoff_decision"],
        "preflight": a["preopen"]["preflight"],
        "scheduled": av["scheduled"], "successful": av["successful"], "missed": av["missed"],
        "failed": av["failed"], "availability": av["ratio"], "availability_met": av["met"],
        "latency_samples": lat["samples"], "p95_ms": lat["p95_ms"], "latency_limit_ms": lat["limit_ms"],
        "latency_met": lat["met"], "budget_cycles": eb["budget_cycles"], "consumed_cycles": eb["consumed_cycles"],
        "consumed_ratio": eb["consumed_ratio"], "untracked_cycles": eb["untracked_cycles"],
        "duplicate_execution": sf["duplicate_execution"],
        "guard_precedence_violation": sf["guard_precedence_violation"], "mode_leakage": sf["mode_leakage"],
        "safety_floor_met": sf["met"], "incidents": len(a["incidents"]),
        "alerts_fired": a["alerts"]["fired"], "alert_duplicates": a["alerts"]["duplicates"],
        "alert_false_positives": a["alerts"]["false_positives"],
        "unresolved_alerts": len(a["alerts"]["unresolved"]),
        "interventions": a["interventions"]["count"],
        "unknown_reason_codes": a["interventions"]["unknown_reason_codes"],
        "malformed_lines": a["input_quality"]["malformed"],
        "excluded": av.get("excluded"),
        **_rolling_columns(slo.get("rolling") or {}),
        "budget_policy": (a.get("budget_policy") or {}).get("state"),
    }


def _rolling_columns(r: dict) -> dict:
    """The rolling window's figures (absent from an artifact older than contract 1.1 section 8)."""
    return {"rolling_sessions": r.get("sessions"), "rolling_first_day": r.get("first_day"),
            "rolling_scheduled": r.get("scheduled"), "rolling_bad": r.get("bad"),
            "rolling_availability": r.get("ratio"), "rolling_met": r.get("met"),
            "rolling_budget_cycles": r.get("budget_cycles"), "rolling_remaining_cycles": r.get("remaining_cycles")}


def tables_in(report_dir: str | os.PathLike) -> list[str]:
    root = Path(report_dir) / TABLES_DIR
    if not root.is_dir():
        return []
    return sorted(p.name for p in root.iterdir() if p.is_dir() and any(p.glob("*.parquet")))


def refresh_database(report_dir: str | os.PathLike) -> Path:
    """Rebuild <report-dir>/m31.duckdb (views only) and rename it into place."""
    report_dir = Path(report_dir)
    tables = tables_in(report_dir)
    if not tables:
        raise InputError(report_dir, "no workbench tables yet: run the daily check first (make demo)")
    fd, tmp = tempfile.mkstemp(dir=report_dir, prefix=f".{DATABASE_NAME}.pid{os.getpid()}.", suffix=".tmp")
    os.close(fd)
    os.unlink(tmp)  # DuckDB creates the file itself
    try:
        con = duckdb.connect(tmp)
        try:
            con.execute("SET TimeZone = 'UTC'")
            db.run(con, "_macros")
            store = _store_of(report_dir)
            for name in (t for t in tables if t != "events" or not store):
                files = (report_dir / TABLES_DIR / name).resolve() / "*.parquet"
                con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet({db.literal(files)}, "
                            "union_by_name = true)")
            if store:
                _store_events(con, *store)
            if store or "events" in tables:
                con.execute("CREATE VIEW accepted_events AS SELECT * FROM events")
                for node in sqlgraph.plan(sqlgraph.stage_models("events")):
                    if node.name not in OWN_EVENT_TABLES:
                        db.run(con, node.name)
        finally:
            con.close()
        os.chmod(tmp, 0o644)
        target = report_dir / DATABASE_NAME
        os.replace(tmp, target)
        return target
    finally:
        for leftover in (tmp, tmp + ".wal"):
            if os.path.exists(leftover):
                os.unlink(leftover)


def _store_of(report_dir: Path) -> tuple[Path, dict] | None:
    """The event store the report folder names and its manifest, if both are there."""
    try:
        root = Path(json.loads((report_dir / TABLES_DIR / STORE_POINTER).read_text(encoding="utf-8"))["store"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    state = read_state(root)
    return (root, state) if state and state["parts"] else None


def _store_events(con: duckdb.DuckDBPyConnection, root: Path, state: dict) -> None:
    """The `events` view over the event store's Parquet parts: every accepted event of the log
    as the store holds it (complete lines; no replays, no unknown types), each with its `ord`
    (the same as in the daily tables: event_ord is computed from the event alone)."""
    paths = [r["path"] for r in sorted(state["files"], key=lambda r: r["file_idx"])]
    replays = (f"SELECT file_idx, line_no FROM read_parquet({db.literal(root / state['replays'])})"
               if state["replays"] else "SELECT 0 AS file_idx, 0 AS line_no WHERE false")
    con.execute(f"""CREATE VIEW events AS
        SELECT event_ord(s.ts, s.file_idx, s.line_no) AS ord,
               {", ".join(f"s.{c}" for c in EVENT_COLUMNS)},
               list_extract(CAST({db.literal_list(paths)} AS VARCHAR[]), s.file_idx + 1) AS file, s.line_no AS line
        FROM ({parts_query(root, state["parts"])}) AS s
        WHERE s.family <> 'problem' AND known_event_type(s.event_type)
          AND NOT EXISTS (SELECT 1 FROM ({replays}) AS r WHERE r.file_idx = s.file_idx AND r.line_no = s.line_no)""")


def connect(report_dir: str | os.PathLike, refresh: bool = True) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the workbench of a report folder (views refreshed first)."""
    path = refresh_database(report_dir) if refresh else Path(report_dir) / DATABASE_NAME
    if not path.exists():
        raise InputError(path, "no workbench database: run the daily check first (make demo)")
    con = duckdb.connect(str(path), read_only=True)
    con.execute("SET TimeZone = 'UTC'")
    return con
