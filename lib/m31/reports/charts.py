"""Altair charts of the daily, weekly and history reports (drawn by render.py)."""
from __future__ import annotations

import datetime as dt

import altair as alt

from .. import db

STATUS_COLORS = alt.Scale(domain=["ok", "failed", "missed", "excluded"],
                          range=["#4c9a2a", "#e8a33d", "#c8102e", "#9e9e9e"])
WIDTH = 720
ROWS = alt.Scale(domain=["slots", "maintenance", "incident", "critical alert"])


def _wall(ts: dt.datetime | None) -> str | None:
    # KST wall-clock time shown on a UTC scale, so rendering never depends on the host zone.
    return None if ts is None else ts.strftime("%Y-%m-%dT%H:%M:%S") + "Z"


def _time_axis(field: str) -> alt.X:
    return alt.X(f"{field}:T", scale=alt.Scale(type="utc"),
                 axis=alt.Axis(format="%H:%M", title="time (KST)", labelAngle=0))


def slot_timeline(con, session_open, session_close, interval_s: int) -> alt.Chart | None:
    """The session's slots (ok / failed / missed, or excluded by planned maintenance) with the
    maintenance windows and the incident and critical-alert intervals."""
    slots = db.rows(con, """SELECT slot, slot_start, CASE WHEN excluded THEN 'excluded' ELSE status END AS status
                            FROM slots ORDER BY slot""")
    if not slots:
        return None
    step = dt.timedelta(seconds=interval_s)
    frame = alt.Data(values=[{"start": _wall(s["slot_start"]), "end": _wall(s["slot_start"] + step),
                           "status": s["status"], "slot": s["slot"], "row": "slots"} for s in slots])
    spans = []
    for r in db.rows(con, """
            SELECT maintenance_id AS label, greatest(start_at, declared_at) AS s, end_at AS e, 'maintenance' AS kind
            FROM planned_maintenance
            WHERE start_at <= (SELECT session_close FROM params) AND end_at >= (SELECT session_open FROM params)
            UNION ALL
            SELECT incident_id AS label, opened_at AS s, resolved_at AS e, 'incident' AS kind
            FROM day_incidents
            UNION ALL
            SELECT alert_id, critical_at, resolved_at, 'critical alert' FROM alert_instances
            WHERE is_critical AND critical_at <= (SELECT session_close FROM params)
              AND (resolved_at IS NULL OR resolved_at >= (SELECT session_open FROM params))
            ORDER BY 4, 2, 1"""):
        s, e = max(r["s"], session_open), min(r["e"] or session_close, session_close)
        if s <= e:
            spans.append({"start": _wall(s), "end": _wall(e), "kind": r["kind"], "label": r["label"]})
    bars = alt.Chart(frame).mark_rect().encode(
        x=_time_axis("start"), x2="end",
        y=alt.Y("row:N", title=None, scale=ROWS),
        color=alt.Color("status:N", scale=STATUS_COLORS, legend=alt.Legend(title="slot")),
        tooltip=["slot:Q", "status:N"])
    layers = [bars]
    if spans:
        shade = alt.Chart(alt.Data(values=spans)).mark_rect(opacity=0.35).encode(
            x=_time_axis("start"), x2="end",
            y=alt.Y("kind:N", title=None, scale=ROWS),
            color=alt.Color("kind:N", scale=alt.Scale(domain=["maintenance", "incident", "critical alert"],
                                                      range=["#7a7a7a", "#5b6abf", "#b04ca8"]),
                            legend=alt.Legend(title="open interval")),
            tooltip=["label:N", "kind:N"])
        layers.insert(0, shade)
    return alt.layer(*layers).resolve_scale(color="independent", y="shared").properties(
        width=WIDTH, height=140, title="Run-cycle slots with maintenance, incident and critical-alert intervals")


def latency_distribution(con) -> alt.Chart | None:
    bins = db.rows(con, "SELECT bin_start, bin_end, submissions FROM latency_histogram ORDER BY bin_start")
    lat = db.one(con, "SELECT baseline_p95_ms, limit_ms, p95_ms FROM latency")
    if not bins:
        return None
    hist = alt.Chart(alt.Data(values=bins)).mark_bar(color="#6b8fb3").encode(
        x=alt.X("bin_start:Q", title="submission latency (ms)"), x2="bin_end",
        y=alt.Y("submissions:Q", title="submissions"), y2=alt.datum(0),
        tooltip=["bin_start:Q", "bin_end:Q", "submissions:Q"])
    marks = alt.Data(values=[
        {"label": "baseline p95", "ms": lat["baseline_p95_ms"]},
        {"label": "limit", "ms": lat["limit_ms"]},
        {"label": "p95 today", "ms": lat["p95_ms"]},
    ])
    rules = alt.Chart(marks).mark_rule(strokeWidth=2).encode(
        x="ms:Q", color=alt.Color("label:N", scale=alt.Scale(
            domain=["baseline p95", "limit", "p95 today"], range=["#4c9a2a", "#c8102e", "#222222"]),
            legend=alt.Legend(title=None)),
        strokeDash=alt.condition(alt.datum.label == "p95 today", alt.value([4, 3]), alt.value([1, 0])))
    return (hist + rules).properties(width=WIDTH, height=220,
                                     title="Latency of real-mode submissions against baseline and limit")


def budget_burndown(con, session_open, interval_s: int) -> alt.Chart | None:
    budget = db.one(con, "SELECT budget_cycles FROM error_budget")["budget_cycles"]
    # a slot spends the budget when it is one of bad_slots (failed or missed, not excluded)
    slots = db.rows(con, """SELECT s.slot, s.slot_start, b.slot IS NOT NULL AS bad
                            FROM slots AS s LEFT JOIN bad_slots AS b USING (slot) ORDER BY s.slot""")
    if budget is None or not slots:
        return None
    left, points = float(budget), []
    for s in slots:
        if s["bad"]:
            left -= 1
        points.append({"t": _wall(s["slot_start"] + dt.timedelta(seconds=interval_s)), "left": left})
    frame = alt.Data(values=[{"t": _wall(session_open), "left": float(budget)}] + points)
    line = alt.Chart(frame).mark_line(interpolate="step-after", color="#5b6abf").encode(
        x=_time_axis("t"), y=alt.Y("left:Q", title="budget left (cycles)"))
    zero = alt.Chart(alt.Data(values=[{"y": 0}])).mark_rule(color="#c8102e").encode(y="y:Q")
    return (line + zero).properties(width=WIDTH, height=200, title="Error budget burning down through the session")


def img_html(svg: str, alt_text: str) -> str:
    """An SVG as an <img> with alt text, inline as a data URI, no script."""
    import base64
    from html import escape

    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img class="m31-chart" alt="{escape(alt_text)}" src="data:image/svg+xml;base64,{data}">'


# ---------------------------------------------------------------------------- weekly review

STATUS_SCALE = alt.Scale(domain=["green", "yellow", "red"], range=["#4c9a2a", "#e8c33d", "#c8102e"])
SEVERITY_SCALE = alt.Scale(domain=["SEV-1", "SEV-2", "SEV-3"], range=["#c8102e", "#e8a33d", "#6b8fb3"])


def status_strip(days: list[dict]) -> alt.Chart:
    frame = alt.Data(values=[{"day": d["day"], "status": d["status"]} for d in days])
    return alt.Chart(frame).mark_rect(stroke="white", strokeWidth=2).encode(
        x=alt.X("day:O", title=None, axis=alt.Axis(labelAngle=0)),
        color=alt.Color("status:N", scale=STATUS_SCALE, legend=alt.Legend(title="status")),
        tooltip=["day:O", "status:N"]).properties(width=WIDTH, height=40, title="Status of the window's days")


def failure_classes(top: list[dict]) -> alt.Chart | None:
    if not top:
        return None
    frame = alt.Data(values=top)
    return alt.Chart(frame).mark_bar(color="#5b6abf").encode(
        x=alt.X("bad_cycles:Q", title="bad cycles in the window", axis=alt.Axis(tickMinStep=1, format="d")),
        y=alt.Y("failure_class:N", sort="-x", title=None),
        tooltip=["failure_class:N", "bad_cycles:Q", "days:Q"]).properties(
        width=WIDTH - 200, height=max(60, 24 * len(top)), title="Top recurring failure classes")


def incident_timeline(incidents: list[dict], window_start: str, window_end: str) -> alt.Chart | None:
    """Each incident of the window from opened to resolved (or the end of the window), on an
    axis spanning the whole window so the reader sees when in the week it happened."""
    if not incidents:
        return None
    end = f"{window_end}T23:59:59"
    domain = [f"{window_start}T00:00:00Z", end + "Z"]
    frame = alt.Data(values=[{
        "incident": i["incident_id"], "severity": i["severity"],
        # an automatic incident is a finding of its day alone: it ends with the day
        "start": i["opened_at"][:19] + "Z",
        "end": (i["resolved_at"] or (f"{i['opened_at'][:10]}T23:59:59" if i["source"] == "auto" else end))[:19] + "Z",
        "open": "resolved" if i["resolved_at"] or i["source"] == "auto" else "still open"} for i in incidents])
    return alt.Chart(frame).mark_bar(height=14).encode(
        x=alt.X("start:T", scale=alt.Scale(type="utc", domain=domain, clamp=True), title="time (KST)",
                axis=alt.Axis(format="%m-%d", labelAngle=0, tickCount={"interval": "day", "step": 1})),
        x2="end",
        y=alt.Y("incident:N", title=None, sort=alt.EncodingSortField("start")),
        color=alt.Color("severity:N", scale=SEVERITY_SCALE),
        opacity=alt.condition(alt.datum.open == "still open", alt.value(0.5), alt.value(1.0)),
        tooltip=["incident:N", "severity:N", "open:N"]).properties(
        width=WIDTH, height=max(60, 22 * len(incidents)), title="Incidents across the window")


def budget_by_day(days: list[dict]) -> alt.Chart:
    frame = alt.Data(values=[{"day": d["day"], "consumed": d["consumed_cycles"] or 0,
                           "budget": d["budget_cycles"] or 0} for d in days])
    bars = alt.Chart(frame).mark_bar(color="#5b6abf").encode(
        x=alt.X("day:O", title=None, axis=alt.Axis(labelAngle=0)), y=alt.Y("consumed:Q", title="bad cycles"),
        tooltip=["day:O", "consumed:Q", "budget:Q"])
    ticks = alt.Chart(frame).mark_tick(color="#c8102e", thickness=3, size=40).encode(x="day:O", y="budget:Q")
    return (bars + ticks).properties(width=WIDTH, height=180,
                                     title="Error budget used per day (red tick: the day's budget)")


# ---------------------------------------------------------------------------- the history view

def _day_axis() -> alt.X:
    return alt.X("day:T", scale=alt.Scale(type="utc"),
                 axis=alt.Axis(format="%m-%d", title="session", labelAngle=0, labelOverlap=True, tickCount=12))


def _utc_day(day: str) -> str:
    return f"{day}T00:00:00Z"


def _half_day_before(day: str) -> str:
    # a band centred on the sessions' points (each drawn at its day's 00:00)
    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat() + "T12:00:00Z"


def rolling_history(days: list[dict], freezes: list[dict], target: float) -> alt.Chart | None:
    """Availability over each day's rolling window against the target, and the budget left,
    with the periods when the budget policy stood at freeze shaded."""
    rows = [{"day": _utc_day(d["day"]), "ratio": d["rolling_ratio"], "left": d["rolling_remaining_cycles"],
             "policy": d["budget_policy"]} for d in days if d["trading_day"] and d["rolling_ratio"] is not None]
    if not rows:
        return None
    shades = [alt.Chart(alt.Data(values=[
        {"start": _half_day_before(f["first_day"]), "end": f"{f['last_day']}T12:00:00Z", "period": "freeze"}
        for f in freezes])).mark_rect(opacity=0.18, color="#c8102e").encode(
        x=alt.X("start:T", scale=alt.Scale(type="utc")), x2="end")] if freezes else []
    line = alt.Chart(alt.Data(values=rows)).mark_line(point=True, color="#5b6abf").encode(
        x=_day_axis(), y=alt.Y("ratio:Q", title="rolling availability", scale=alt.Scale(zero=False),
                               axis=alt.Axis(format=".2%")),
        tooltip=["day:T", alt.Tooltip("ratio:Q", format=".3%"), "policy:N"])
    goal = alt.Chart(alt.Data(values=[{"target": target}])).mark_rule(color="#c8102e", strokeDash=[4, 3]).encode(
        y="target:Q")
    top = alt.layer(*shades, line, goal).properties(width=WIDTH, height=180,
                                           title="Availability over the rolling window (red band: budget policy at freeze)")
    bars = alt.Chart(alt.Data(values=rows)).mark_bar(width=6).encode(
        x=_day_axis(), y=alt.Y("left:Q", title="budget left (cycles)"),
        color=alt.condition(alt.datum.left < 0, alt.value("#c8102e"), alt.value("#4c9a2a")),
        tooltip=["day:T", alt.Tooltip("left:Q", format=".2f")])
    bottom = alt.layer(*shades, bars).properties(width=WIDTH, height=140, title="Rolling window's error budget left")
    return alt.vconcat(top, bottom).resolve_scale(x="shared")


def p95_history(days: list[dict]) -> alt.Chart | None:
    rows = [{"day": _utc_day(d["day"]), "p95": d["p95_ms"], "limit": d["limit_ms"]}
            for d in days if d["trading_day"] and d["p95_ms"] is not None]
    if not rows:
        return None
    frame = alt.Data(values=rows)
    p95 = alt.Chart(frame).mark_line(point=True, color="#222222").encode(
        x=_day_axis(), y=alt.Y("p95:Q", title="latency p95 (ms)", scale=alt.Scale(zero=False)),
        tooltip=["day:T", alt.Tooltip("p95:Q", format=".1f"), alt.Tooltip("limit:Q", format=".1f")])
    limit = alt.Chart(frame).mark_line(color="#c8102e", strokeDash=[4, 3]).encode(
        x=_day_axis(), y="limit:Q")
    return alt.layer(p95, limit).properties(width=WIDTH, height=180, title="Latency p95 by day against the limit (dashed)")


def classes_by_week(weeks: list[dict]) -> alt.Chart | None:
    rows = [{"week": w["week"], "failure_class": cls, "bad_cycles": n}
            for w in weeks for cls, n in w["bad_cycles"].items()]
    if not rows:
        return None
    return alt.Chart(alt.Data(values=rows)).mark_bar(size=28).encode(
        x=alt.X("week:O", title="week of", axis=alt.Axis(labelAngle=-40), scale=alt.Scale(domain=[w["week"] for w in weeks])),
        y=alt.Y("sum(bad_cycles):Q", title="bad cycles"),
        color=alt.Color("failure_class:N", legend=alt.Legend(title="failure class")),
        tooltip=["week:O", "failure_class:N", "bad_cycles:Q"]).properties(
        width=WIDTH - 140, height=200, title="Bad cycles per failure class, week by week")


SEVERITY_SCALE = alt.Scale(domain=["SEV-1", "SEV-2", "SEV-3", "none"],
                           range=["#c8102e", "#e8a33d", "#6b8fb3", "#9e9e9e"])


def incidents_by_week(weeks: list[dict]) -> alt.Chart | None:
    rows = [{"week": w["week"], "severity": sev, "incidents": n} for w in weeks for sev, n in w["incidents"].items()]
    if not rows:
        return None
    return alt.Chart(alt.Data(values=rows)).mark_bar(size=28).encode(
        x=alt.X("week:O", title="week of", axis=alt.Axis(labelAngle=-40), scale=alt.Scale(domain=[w["week"] for w in weeks])),
        y=alt.Y("sum(incidents):Q", title="incidents opened", axis=alt.Axis(tickMinStep=1, format="d")),
        color=alt.Color("severity:N", scale=SEVERITY_SCALE, legend=alt.Legend(title="severity")),
        tooltip=["week:O", "severity:N", "incidents:Q"]).properties(
        width=WIDTH - 140, height=200, title="Incidents by severity, week by week")
