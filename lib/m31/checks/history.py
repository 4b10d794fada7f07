"""The history view's figures: every final daily artifact of a report folder (and the weekly
reviews beside them) summarised day by day and week by week. Nothing is recomputed from the
log: each figure is the one its daily artifact states, so the page agrees with the reports it
links to."""
from __future__ import annotations

import datetime as dt
import re
import statistics
from dataclasses import dataclass
from pathlib import Path

from ..artifacts import read_artifact
from ..calendar import sessions_between
from ..errors import InputError
from .daily import SCHEMA_VERSION as DAILY_SCHEMA
from .weekly import SCHEMA_VERSION as WEEKLY_SCHEMA

SCHEMA_VERSION = "m31-history/1"
_DAILY = re.compile(r"^m31_slo_incident_(\d{4}-\d{2}-\d{2})\.json$")
_WEEKLY = re.compile(r"^m31_weekly_review_(\d{4}-\d{2}-\d{2})\.json$")
SEVERITIES = ("SEV-1", "SEV-2", "SEV-3")


@dataclass
class HistoryInputs:
    report_dir: Path
    dailies: list[dict]   # final daily artifacts, oldest first
    weeklies: list[dict]  # weekly reviews, oldest first


def load_history(report_dir: str | Path) -> HistoryInputs:
    """Every final daily artifact (not the intraday `_asof_` ones) and weekly review in
    report_dir; an unreadable one is unusable input naming the file."""
    folder = Path(report_dir)
    if not folder.is_dir():
        raise InputError(folder, "report folder not found (run the daily check first)")
    dailies, weeklies = [], []
    for path in sorted(folder.iterdir()):
        if m := _DAILY.match(path.name):
            art = read_artifact(path, "daily artifact", DAILY_SCHEMA)
            if art.get("day") != m[1]:
                raise InputError(path, f"holds day {art.get('day')!r}, not {m[1]}")
            dailies.append(art)
        elif _WEEKLY.match(path.name):
            weeklies.append(read_artifact(path, "weekly review", WEEKLY_SCHEMA))
    if not dailies:
        raise InputError(folder, "no daily artifact m31_slo_incident_<day>.json (run the daily check first)")
    return HistoryInputs(folder, dailies, weeklies)


def week_of(day: str) -> str:
    """The Monday of the ISO week holding `day`."""
    d = dt.date.fromisoformat(day)
    return (d - dt.timedelta(days=d.weekday())).isoformat()


def history(inputs: HistoryInputs) -> dict:
    """The history artifact: the latest day and whether releases may go on, one row per day,
    one row per week, freeze periods, maintenance windows and the postmortems due."""
    days = [day_row(a) for a in inputs.dailies]
    sessions = [d for d in days if d["trading_day"]]
    latest = inputs.dailies[-1]
    return {
        "schema_version": SCHEMA_VERSION,
        "first_day": days[0]["day"], "last_day": days[-1]["day"],
        "sessions": len(sessions),
        "status": latest["status"],
        "policy_version": latest["policy_version"],
        "latest": {"day": latest["day"], "status": latest["status"], "status_reasons": latest["status_reasons"],
                   "budget_policy": latest.get("budget_policy"), "rolling": latest["slo"].get("rolling")},
        "calendar": calendar(days),
        "days": days,
        "weeks": weeks(inputs.dailies),
        "freeze_periods": freeze_periods(days),
        "maintenance": [{"day": a["day"], **{k: c[k] for k in ("maintenance_id", "start", "end", "reason_code",
                                                             "operator", "excluded_slots", "late_slots", "problem")}}
                        for a in inputs.dailies for c in a.get("corrections") or []],
        "postmortems": postmortems(inputs.weeklies),
    }


def calendar(days: list[dict]) -> list[dict]:
    """Week by week, Monday to Friday: each day's status (None: a session without a report),
    or that it had no KRX session."""
    by_day = {d["day"]: d for d in days}
    first, last = dt.date.fromisoformat(days[0]["day"]), dt.date.fromisoformat(days[-1]["day"])
    sessions = {s.day for s in sessions_between(first, last)}
    monday = first - dt.timedelta(days=first.weekday())
    rows = []
    while monday <= last:
        cells = []
        for k in range(5):
            d = monday + dt.timedelta(days=k)
            row = by_day.get(d.isoformat())
            cells.append({"day": d.isoformat(), "session": d in sessions,
                          "in_range": first <= d <= last, "status": row["status"] if row else None})
        rows.append({"week": monday.isoformat(), "days": cells})
        monday += dt.timedelta(days=7)
    return rows


def day_row(a: dict) -> dict:
    slo = a["slo"]
    av, lat, eb = slo["availability"], slo["latency"], slo["error_budget"]
    r, bp = slo.get("rolling") or {}, a.get("budget_policy") or {}
    return {
        "day": a["day"], "week": week_of(a["day"]), "trading_day": a["trading_day"], "status": a["status"],
        "availability": av["ratio"], "availability_met": av["met"], "scheduled": av["scheduled"],
        "excluded": av.get("excluded"), "bad_cycles": eb["consumed_cycles"],
        "p95_ms": lat["p95_ms"], "limit_ms": lat["limit_ms"], "latency_met": lat["met"],
        "rolling_sessions": r.get("sessions"), "rolling_ratio": r.get("ratio"), "rolling_met": r.get("met"),
        "rolling_budget_cycles": r.get("budget_cycles"), "rolling_remaining_cycles": r.get("remaining_cycles"),
        "budget_policy": bp.get("state"),
        "incidents": len(a["incidents"]),
    }


def weeks(dailies: list[dict]) -> list[dict]:
    """Per ISO week: sessions, bad cycles by failure class, incidents by severity (each incident
    once, in the week of its opening, at its highest severity over the days it was open) and
    MTTA / MTTR: medians of acknowledge_s / resolve_s of those incidents, from the latest daily
    view of each (an incident without the figure yet is left out; `n` says how many counted)."""
    out: dict[str, dict] = {}
    for a in dailies:
        w = out.setdefault(week_of(a["day"]), {"week": week_of(a["day"]), "sessions": 0, "bad_cycles": {},
                                               "incidents": {}})
        w["sessions"] += bool(a["trading_day"])
        for cls, n in (a["slo"]["error_budget"].get("by_failure_class") or {}).items():
            w["bad_cycles"][cls] = w["bad_cycles"].get(cls, 0) + n
    seen: dict[str, dict] = {}
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    for a in dailies:
        for i in a["incidents"]:
            first = seen.get(i["incident_id"])
            severity = i["severity"]
            if first and rank.get(first["severity"], 9) <= rank.get(severity, 9):
                severity = first["severity"]
            seen[i["incident_id"]] = {**i, "severity": severity,
                                      "opened_day": (first or {}).get("opened_day") or i["opened_at"][:10]}
    for inc in seen.values():
        w = out.setdefault(week_of(inc["opened_day"]), {"week": week_of(inc["opened_day"]), "sessions": 0,
                                                        "bad_cycles": {}, "incidents": {}})
        w["incidents"].setdefault(inc["severity"] or "none", []).append(inc)
    rows = []
    for key in sorted(out):
        w = out[key]
        incs = [i for group in w["incidents"].values() for i in group]
        ack = [i["acknowledge_s"] for i in incs if i.get("acknowledge_s") is not None]
        res = [i["resolve_s"] for i in incs if i.get("resolve_s") is not None]
        rows.append({
            "week": key, "sessions": w["sessions"],
            "bad_cycles": dict(sorted(w["bad_cycles"].items(), key=lambda kv: (-kv[1], kv[0]))),
            "incidents": {s: len(w["incidents"].get(s, [])) for s in (*SEVERITIES, "none") if w["incidents"].get(s)},
            "mtta_s": statistics.median(ack) if ack else None, "mtta_n": len(ack),
            "mttr_s": statistics.median(res) if res else None, "mttr_n": len(res),
        })
    return rows


def freeze_periods(days: list[dict]) -> list[dict]:
    """Runs of consecutive reviewed sessions whose budget policy stood at freeze."""
    periods: list[dict] = []
    for d in days:
        if not d["trading_day"]:
            continue
        if d["budget_policy"] == "freeze":
            if periods and periods[-1]["open"]:
                periods[-1]["last_day"] = d["day"]
                periods[-1]["sessions"] += 1
            else:
                periods.append({"first_day": d["day"], "last_day": d["day"], "sessions": 1, "open": True})
        elif periods:
            periods[-1]["open"] = False
    return [{k: p[k] for k in ("first_day", "last_day", "sessions")} for p in periods]


def postmortems(weeklies: list[dict]) -> list[dict]:
    """Every postmortem a weekly review called due, once (the latest review's view of it)."""
    found: dict[str, dict] = {}
    for w in weeklies:
        for p in w.get("postmortems_due") or []:
            found[p["incident_id"]] = {k: p.get(k) for k in ("incident_id", "day", "severity", "owner", "due")}
    return sorted(found.values(), key=lambda p: (p["due"] or "", p["incident_id"]))
