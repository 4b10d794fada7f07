"""Markdown rendering of artifacts. Every value from the log is escaped: it comes out as text."""
from __future__ import annotations

import re

MAX_CELL = 300
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~!#$])")


def text(value, limit: int = MAX_CELL) -> str:
    """Untrusted value -> one line of inert Markdown (no links, no HTML, no table breaks)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    s = str(value)
    s = re.sub(r"[\r\n\t\u2028\u2029]+", " ", s)
    s = "".join(ch for ch in s if ch >= " " or ch == " ")
    # bidi embedding/override/isolate controls could make a cell display other than it reads
    s = _BIDI.sub("", s)
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    s = _MD_SPECIAL.sub(r"\\\1", s)
    # renderers autolink bare URLs; an entity for the colon keeps the text a text
    return s.replace("://", "&#58;//")


def num(value, digits: int = 1) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    return f"{value:.{digits}f}"


def pct(value) -> str:
    return "—" if value is None else f"{value * 100:.2f}%"


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A pipe table; cells must already be rendered (escaped) strings."""
    if not rows:
        return "_none_\n"
    out = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    out += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def ok(flag) -> str:
    # words, not emoji: reports must read the same where no emoji font is installed
    return "—" if flag is None else ("ok" if flag else "**FAIL**")


def daily_markdown(a: dict, charts: dict[str, str] | None = None) -> str:
    """The daily artifact as a Markdown report: status first, then the tables."""
    body = "".join(md for _, md in daily_sections(a, charts))
    return body.rstrip("\n") + "\n"


# The daily report's sections in report order: name -> fn(artifact, charts) -> Markdown lines.
# The notebook shows them by these names (present.show); the Markdown and HTML artifacts are all
# of them, in this order.
DAILY_SECTIONS: dict = {}


def daily_section(name: str):
    def register(fn):
        DAILY_SECTIONS[name] = fn
        return fn
    return register


def daily_sections(a: dict, charts: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(name, Markdown) per non-empty section, in report order; the notebook shows them one by one."""
    sections = [(name, "\n".join(fn(a, charts)).rstrip("\n") + "\n\n") for name, fn in DAILY_SECTIONS.items()]
    return [(n, md) for n, md in sections if md.strip()]


@daily_section("status")
def _status(a: dict, charts) -> list[str]:
    sess = a.get("session")
    lines = [f"# M31 daily stabilization check — {text(a['day'])}", ""]
    provisional = f" — provisional, as of {text(a['as_of'][11:19])} KST" if a.get("provisional") else ""
    lines.append(f"**Status: {a['status'].upper()}**" + (
        "" if a["trading_day"] else " (not a trading day)") + provisional)
    lines.append("")
    for level, reason in zip(a.get("status_reason_levels", []), a["status_reasons"]):
        lines.append(f"- {level}: {text(reason)}")
    lines.append("")
    session_text = (f"KRX session {sess['open'][11:16]}–{sess['close'][11:16]} KST, "
                    f"one slot every {sess['cycle_interval_s']} s" if sess else "no KRX session")
    return lines + [f"Policy {text(a['policy_version'])} · {session_text}", ""]


@daily_section("preopen")
def _preopen(a: dict, charts) -> list[str]:
    pre = a["preopen"]
    return ["## Pre-open checklist", "", table(["check", "value", "ok"], [
        ["M30 policy level", text(f"{pre['policy_level']} (artifact {pre['policy_artifact_day']})"),
         ok(pre["policy_level"] != "incident")],
        ["M30 signoff", text(f"{pre['signoff_decision']} (artifact {pre['signoff_artifact_day']})"),
         ok(pre["signoff_decision"] == "GO")],
        ["preflight at the open", text(pre["preflight"]),
         ok(None if pre["preflight"] is None else pre["preflight"] == "pass")],
        ["guard config matches signoff", text(pre["guard_config_aligned"]), ok(pre["guard_config_aligned"])],
    ])]


@daily_section("slo")
def _slo(a: dict, charts) -> list[str]:
    slo = a["slo"]
    av, lat, eb = slo["availability"], slo["latency"], slo["error_budget"]
    lines = ["## SLOs", "", table(["SLO", "value", "target / limit", "met"], [
        ["availability", text(f"{pct(av['ratio'])} ({av['successful']}/{av['scheduled']} slots; "
                              f"{av['missed']} missed, {av['failed']} failed"
                              + (f"; {av['excluded']} excluded by planned maintenance" if av.get("excluded") else "")
                              + ")" if av["scheduled"] is not None else None),
         text(f">= {av['target']}"), ok(av["met"])],
        ["latency p95", text(f"{num(lat['p95_ms'])} ms over {lat['samples']} samples"
                             if lat["p95_ms"] is not None else f"no samples ({lat['samples']})"),
         text(f"<= {num(lat['limit_ms'])} ms (baseline {num(lat['baseline_p95_ms'])} + {num(lat['drift_pct'], 0)}%)"),
         ok(lat["met"])],
        ["error budget", text(f"{eb['consumed_cycles']} of {num(eb['budget_cycles'], 2)} cycles "
                              f"({pct(eb['consumed_ratio'])}); untracked {eb['untracked_cycles']}"
                              if eb["budget_cycles"] is not None else None),
         text("no untracked burn"), ok(None if eb["untracked_cycles"] is None else eb["untracked_cycles"] == 0)],
    ])]
    if eb.get("by_failure_class"):
        lines += ["Bad slots by failure class: " + ", ".join(
            f"{text(k)} {v}" for k, v in eb["by_failure_class"].items()), ""]
    return lines + _rolling_lines(a) + _correction_lines(a.get("corrections") or [])


def _rolling_lines(a: dict) -> list[str]:
    """The rolling window and the error-budget policy (contract 1.1 section 8)."""
    r, bp = a["slo"].get("rolling"), a.get("budget_policy")
    if not r or not bp:
        return []
    lines = ["### Rolling window and error-budget policy", ""]
    if r["sessions"]:
        lines += [table(["window", "availability", "budget", "met"], [[
            text(f"{r['first_day']} .. {r['last_day']} ({r['sessions']} sessions)"),
            text(f"{pct(r['ratio'])} ({r['successful']}/{r['scheduled']} slots, {r['bad']} bad"
                 + (f", {r['excluded']} excluded" if r["excluded"] else "") + f"; target {r['target']})"),
            text(f"{num(r['budget_cycles'], 2)} cycles, consumed {r['consumed_cycles']}, "
                 f"remaining {num(r['remaining_cycles'], 2)}"),
            ok(r["met"])]])]
    state = "**FREEZE**" if bp["state"] == "freeze" else "normal"
    lines += [f"Budget policy: {state} — {text(bp['reason'])}", ""]
    if bp["state"] == "freeze":
        lines += ["Releases of the trading runtime and its strategies stop; fixes for the failures that spent "
                  "the budget go on, until the window is back within target (`m31 gate` exits 1).", ""]
    return lines


def correction_effect(c: dict) -> str:
    """What one maintenance window did to the day (the daily report, m31 maintenance list)."""
    if c["problem"]:
        return f"excluded nothing: {c['problem']}"
    effect = f"{c['excluded_slots']} slot(s) excluded"
    if c.get("late_slots"):
        effect += f"; declared late: {c['late_slots']} earlier slot(s) still count"
    return effect


def _correction_lines(corrections: list[dict]) -> list[str]:
    """Planned-maintenance windows seen for the day, what each excluded, and why not."""
    if not corrections:
        return []
    rows = [[text(c["maintenance_id"]), text(c["start"]), text(c["end"]), text(c["reason_code"]),
             text(c["operator"]), text(c["declared_at"]), text(correction_effect(c))] for c in corrections]
    late = any(c.get("late_slots") and not c["problem"] for c in corrections)
    lines = ["### Planned maintenance", "", table(
        ["maintenance", "start", "end", "reason code", "operator", "declared at", "effect"], rows)]
    if late:
        lines += ["A window declared after it began excludes only the slots that started after the declaration: "
                  "a failure cannot be erased once it happened.", ""]
    return lines


@daily_section("safety_floor")
def _safety_floor(a: dict, charts) -> list[str]:
    sf = a["slo"]["safety_floor"]
    lines = ["## Safety floor", "", table(["counter", "value", "must be"], [
        [name, str(sf[name]), "0 " + ok(sf[name] == 0)]
        for name in ("duplicate_execution", "guard_precedence_violation", "mode_leakage")])]
    ev = sf.get("evidence", {})
    if ev.get("duplicate_execution"):
        lines += ["Duplicate executions:", "", table(["submitted at", "intent", "extra order", "first order"], [
            [text(r["submitted_at"]), text(r["intent_id"]), text(r["order_id"]), text(r["first_order_id"])]
            for r in ev["duplicate_execution"]])]
    if ev.get("guard_precedence_violation"):
        lines += ["Guard precedence violations:", "", table(
            ["submitted at", "intent", "guard", "precedence", "decision", "decided at"], [
                [text(r["submitted_at"]), text(r["intent_id"]), text(r["guard"]), text(r["precedence"]),
                 text(r["decision"]), text(r["decided_at"])] for r in ev["guard_precedence_violation"]])]
    if ev.get("mode_leakage"):
        lines += ["Mode leakage:", "", table(
            ["at", "order", "run", "mode", "broker_env", "preflight mode", "reason"], [
                [text(r["ts"]), text(r["order_id"]), text(r["run_id"]), text(r["mode"]),
                 text(r["broker_env"]), text(r["preflight_mode"]), text(r["reason"])]
                for r in ev["mode_leakage"]])]
    return lines


@daily_section("conditions")
def _conditions(a: dict, charts) -> list[str]:
    return ["## Conditions", "", table(["failure class", "required severity", "first seen", "tracked by"], [
        [text(c["failure_class"]), text(c["severity"]), text(c["first_seen"]), text(c["tracked_by"])]
        for c in a["conditions"]])]


@daily_section("incidents")
def _incidents(a: dict, charts) -> list[str]:
    # Two tables: eleven columns do not fit a page or a terminal.
    lines = ["## Incidents", "", table(
        ["incident", "source", "severity (declared)", "class", "opened", "resolved", "owner", "escalation"], [
            [text(i["incident_id"]), text(i["source"]),
             text(f"{i['severity']} ({i['declared_severity'] or '—'})"), text(i["failure_class"]),
             text(i["opened_at"]), text(i["resolved_at"]), text(i["owner"]), text(" → ".join(i["escalation"]))]
            for i in a["incidents"]])]
    if a["incidents"]:
        lines += [table(["incident", "required actions", "missing actions", "summary"], [
            [text(i["incident_id"]), text(", ".join(i["required_actions"])),
             text(", ".join(i["missing_actions"]) or "none"), text(i.get("summary"))]
            for i in a["incidents"]])]
    return lines


@daily_section("alerts")
def _alerts(a: dict, charts) -> list[str]:
    al = a["alerts"]
    lines = ["## Alerts", "",
             f"Fired {al['fired']} · duplicates {al['duplicates']} · false positives "
             f"{al['false_positives']} · unresolved at end of day {len(al['unresolved'])}", ""]
    if al.get("by_fingerprint"):
        lines += [table(["fingerprint", "fired", "duplicates", "false positives"], [
            [text(r["fingerprint"]), str(r["fired"]), str(r["duplicates"]), str(r["false_positives"])]
            for r in al["by_fingerprint"]])]
    if al["unresolved"]:
        lines += ["Unresolved:", "", table(["alert", "fingerprint", "severity", "firing since", "summary"], [
            [text(u["alert_id"]), text(u["fingerprint"]), text(u["severity"]), text(u["fired_at"]),
             text(u["summary"])] for u in al["unresolved"]])]
    return lines


@daily_section("interventions")
def _interventions(a: dict, charts) -> list[str]:
    iv = a["interventions"]
    lines = ["## Interventions", "",
             f"{iv['count']} on the day; {iv['unknown_reason_codes']} with a reason code not in the catalog", ""]
    if iv.get("unknown"):
        lines += [table(["at", "action", "reason code", "operator", "incident"], [
            [text(r["ts"]), text(r["action"]), text(r["reason_code"]), text(r["operator"]),
             text(r["incident_id"])] for r in iv["unknown"]])]
    return lines


@daily_section("input_quality")
def _input_quality(a: dict, charts) -> list[str]:
    q = a["input_quality"]
    lines = ["## Input quality", "", table(
        ["lines", "events", "blank", "malformed", "truncated tail", "replayed", "unknown event types"],
        [[str(q[k]) for k in ("lines", "events", "blank", "malformed", "truncated_tail", "replayed",
                              "unknown_event_types")]])]
    if q["examples"]:
        lines += [table(["line", "reason"] + (["file"] if "file" in q["examples"][0] else []), [
            [str(e["line"]), text(e["reason"])] + ([text(e["file"])] if "file" in e else [])
            for e in q["examples"]])]
        if q.get("examples_omitted"):
            lines += [f"… and {q['examples_omitted']} more malformed lines.", ""]
    return lines


@daily_section("charts")
def _charts(a: dict, charts) -> list[str]:
    lines = []
    if charts:
        lines += ["## Charts", ""]
        for title, name in charts.items():
            lines += [f"![{text(title)}]({name})", ""]
    return lines


def duration(seconds) -> str:
    if seconds is None:
        return "—"
    s = int(round(seconds))
    h, rem = divmod(s, 3600)
    m, sec = divmod(rem, 60)
    return f"{h} h {m:02d} min" if h else (f"{m} min {sec:02d} s" if m else f"{sec} s")


def weekly_markdown(a: dict, charts: dict[str, str] | None = None) -> str:
    body = "".join(md for _, md in weekly_sections(a, charts))
    return body.rstrip("\n") + "\n"


def _weekly_rolling(a: dict) -> str:
    """The rolling window and budget policy as of the week's last day."""
    r, bp = a.get("rolling"), a.get("budget_policy")
    if not bp:
        return ""
    state = "**FREEZE**" if bp["state"] == "freeze" else "normal"
    line = f"Rolling window at {text(a['window'][-1])}: " + (
        f"{pct(r['ratio'])} over {r['sessions']} sessions ({text(r['first_day'])} .. {text(r['last_day'])}), "
        f"{r['consumed_cycles']} of {num(r['budget_cycles'], 2)} budget cycles used"
        if r and r.get("sessions") and r.get("ratio") is not None else "no window yet")
    return line + f"; budget policy {state}.\n\n"


def weekly_sections(a: dict, charts: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(name, Markdown) per section of the weekly review, in meeting order."""
    s: list[tuple[str, str]] = []
    window = a["window"]
    head = [f"# M31 weekly incident review — week ending {text(a['week_end'])}", "",
            f"**Status: {a['status'].upper()}** · window {text(window[0])} .. {text(window[-1])} "
            f"({len(window)} KRX sessions) · policy {text(a['policy_version'])}", ""]
    head += ["| " + " | ".join(text(d["day"]) for d in a["days"]) + " |",
             "|" + "---|" * len(a["days"]),
             "| " + " | ".join(d["status"].upper() if d["status"] == "red" else d["status"] for d in a["days"]) + " |", ""]
    sd = a["slo_decision"]
    head += [f"SLO target decision: **{text(sd['decision'])}** — {text(sd['reason'])}"
             + (f" (recorded by {text(sd.get('by'))}; computed: {text(sd['computed']['decision'])})"
                if sd.get("computed") else ""), ""]
    s.append(("status", "\n".join(head) + "\n"))
    s.append(("slo", "## SLOs by day\n\n" + table(
        ["day", "status", "availability", "p95 ms", "budget used", "untracked", "safety floor", "incidents"],
        [[text(d["day"]), d["status"], pct(d["availability_ratio"]) + " " + ok(d["availability_met"]),
          num(d["p95_ms"]) + " " + ok(d["latency_met"]),
          f"{d['consumed_cycles']} / {num(d['budget_cycles'], 2)} ({pct(d['consumed_ratio'])})",
          str(d["untracked_cycles"]), ok(d["safety_floor_met"]), str(d["incidents"])] for d in a["days"]]) + "\n"))
    eb = a["error_budget"]
    s.append(("budget", "## Error budget over the window\n\n"
              f"{eb['consumed_cycles']} of {num(eb['budget_cycles'], 2)} bad cycles allowed over "
              f"{eb['scheduled_slots']} slots; burn rate {num(eb['burn_rate'], 2)}x "
              f"(1x spends exactly the window's budget); {eb['untracked_cycles']} untracked.\n\n"
              + _weekly_rolling(a)))
    lines = ["## Top recurring failure classes", "", table(["failure class", "bad cycles", "days"], [
        [text(r["failure_class"]), str(r["bad_cycles"]), str(r["days"])] for r in a["top_failure_classes"]])]
    if a.get("recurring_conditions"):
        lines += ["Conditions by class:", "", table(["failure class", "severity", "days", "untracked (auto)"], [
            [text(r["failure_class"]), text(r["severity"]), str(r["days"]), str(r["auto"])]
            for r in a["recurring_conditions"]])]
    s.append(("classes", "\n".join(lines) + "\n"))
    s.append(("incidents", "## Incidents of the window\n\n" + table(
        ["incident", "severity", "class", "opened", "resolved", "owner", "detection", "acknowledge", "resolve",
         "days open", "missing actions"],
        [[text(i["incident_id"]), text(i["severity"]), text(i["failure_class"]), text(i["opened_at"]),
          text(i["resolved_at"]), text(i["owner"]), duration(i["detection_s"]), duration(i["acknowledge_s"]),
          duration(i["resolve_s"]), str(len(i["days"])), text(", ".join(i["missing_actions"] or []) or "none")]
         for i in a["incidents"]]) + "\n"))
    rt = a["response_times"]
    lines = ["## Detection, acknowledgement and resolution", "", table(["measure", "definition", "median", "incidents"], [
        [k.removesuffix("_s"), text(rt["definitions"][k]), duration(rt[k]["median"]), str(rt[k]["incidents"])]
        for k in ("detection_s", "acknowledge_s", "resolve_s")])]
    s.append(("response", "\n".join(lines) + "\n"))
    s.append(("noise", "## Alert noise and reduction actions\n\n" + table(
        ["fingerprint", "fired", "duplicates", "false positives (marked / flapped)", "median time to resolve",
         "action"],
        [[text(r["fingerprint"]), str(r["fired"]), str(r["duplicates"]),
          f"{r['false_positives']} ({r['marked_false_positive']} / {r['flaps']})", duration(r["median_resolve_s"]),
          text(r["action_detail"])] for r in a["alert_noise"]]) + "\n"))
    if a.get("unresolved_alerts"):
        s.append(("unresolved", "Unresolved at the end of the window:\n\n" + table(
            ["alert", "fingerprint", "severity", "firing since", "summary"],
            [[text(u["alert_id"]), text(u["fingerprint"]), text(u["severity"]), text(u["fired_at"]),
              text(u["summary"])] for u in a["unresolved_alerts"]]) + "\n"))
    s.append(("runbook", "## Runbook changes\n\n" + table(
        ["failure class", "change", "owner", "due", "state"],
        [[text(r["failure_class"]), text(r["change"]), text(r["owner"]), text(r["due"]),
          text(f"{r['status']} ({r['action_id']})" if r["source"] == "recorded" else "proposed")]
         for r in a["runbook_changes"]]) + "\n"))
    s.append(("postmortems", "## Postmortems due\n\n" + table(
        ["incident", "day", "severity", "owner", "due", "file"],
        [[text(p["incident_id"]), text(p["day"]), text(p["severity"]), text(p["owner"]),
          text(p["due"]) + (" (overdue)" if p["overdue"] else ""), text(f"postmortems/{p['incident_id']}.md")]
         for p in a["postmortems_due"]]) + "\n"))
    if a["carried_over_actions"]:
        s.append(("carried", "## Open action items carried over\n\n" + table(
            ["id", "failure class", "change", "owner", "due"],
            [[text(i["id"]), text(i["failure_class"]), text(i["change"]), text(i["owner"]), text(i["due"])]
             for i in a["carried_over_actions"]]) + "\n"))
    d = a["decisions"]
    if d.get("slo_override") or d.get("notes"):
        lines = ["## Recorded in the meeting", ""]
        if d.get("slo_override"):
            o = d["slo_override"]
            lines += [f"- SLO decision override: {text(o['decision'])} — {text(o['reason'])} ({text(o['by'])})"]
        lines += [f"- note ({text(n['by'])}): {text(n['text'])}" for n in d.get("notes", [])]
        s.append(("decisions", "\n".join(lines) + "\n\n"))
    if charts:
        s.append(("charts", "## Charts\n\n" + "".join(f"![{text(t)}]({n})\n\n" for t, n in charts.items())))
    return s



# ---------------------------------------------------------------------------- the history view

def link(label: str, target: str | None) -> str:
    """A Markdown link to a file of ours (the target is a relative path we built, percent-encoded
    where a renderer could misread it); the label is escaped like any text."""
    if not target:
        return label
    from urllib.parse import quote
    return f"[{label}]({quote(target)})"


def history_markdown(a: dict, charts: dict[str, str] | None = None) -> str:
    body = "".join(md for _, md in history_sections(a, charts))
    return body.rstrip("\n") + "\n"


def history_sections(a: dict, charts: dict[str, str] | None = None, day_link: str = "report_md") -> list[tuple[str, str]]:
    """(name, Markdown) of the history page, in reading order: may we release today, how did the
    last weeks go, then the detail. `day_link`: which of a day's reports the calendar links to
    (the calendar cell's `report_md` or `report_html`)."""
    charts = charts or {}
    s: list[tuple[str, str]] = []
    latest, bp = a["latest"], a["latest"].get("budget_policy") or {}
    r = latest.get("rolling") or {}
    release = "**FROZEN**" if bp.get("state") == "freeze" else "allowed"
    head = [f"# M31 history — {text(a['first_day'])} .. {text(a['last_day'])}", "",
            f"{a['sessions']} KRX sessions reviewed · policy {text(a['policy_version'])}", "",
            f"**Latest day {text(latest['day'])}: status {latest['status'].upper()}.** "
            f"Releases: {release} (budget policy {text(bp.get('state'))}: {text(bp.get('reason'))}).", ""]
    if r.get("sessions"):
        head += [f"Rolling window {text(r['first_day'])} .. {text(r['last_day'])} ({r['sessions']} sessions): "
                 f"availability {pct(r['ratio'])} against {r['target']}, {r['consumed_cycles']} of "
                 f"{num(r['budget_cycles'], 2)} budget cycles used, {num(r['remaining_cycles'], 2)} left.", ""]
    for reason in latest["status_reasons"]:
        head.append(f"- {text(reason)}")
    head += ["", "Budget policy at freeze: " + "; ".join(
        f"{text(f['first_day'])} .. {text(f['last_day'])} ({f['sessions']} sessions)" for f in a["freeze_periods"])
        if a["freeze_periods"] else "The budget policy never stood at freeze in these sessions."]
    s.append(("status", "\n".join(head) + "\n\n"))
    s.append(("calendar", "## Sessions, week by week\n\n" + _calendar_md(a, day_link) + "\n"))
    for key, title in (("rolling", "## Availability over the rolling window and the budget left"),
                       ("latency", "## Latency p95 against the limit"),
                       ("classes", "## Bad cycles per failure class, week by week"),
                       ("incidents", "## Incidents by severity, week by week")):
        md = [title, ""]
        chart = next((name for name in charts.values() if name.endswith(f"_{key}.png")), None)
        if chart:
            md += [f"![{text(key)}]({chart})", ""]
        elif key in ("rolling", "latency"):
            continue  # a chart-only section: the notebook shows the chart itself
        if key == "incidents":
            md += [table(["week of", "sessions", "SEV-1", "SEV-2", "SEV-3", "MTTA (median)", "MTTR (median)"], [
                [text(w["week"]), str(w["sessions"])] + [str(w["incidents"].get(sev, 0)) for sev in ("SEV-1", "SEV-2", "SEV-3")]
                + [f"{duration(w['mtta_s'])} (n={w['mtta_n']})", f"{duration(w['mttr_s'])} (n={w['mttr_n']})"]
                for w in a["weeks"]])]
        if key == "classes":
            md += [table(["week of", "bad cycles by failure class"], [
                [text(w["week"]), text(", ".join(f"{k} {v}" for k, v in w["bad_cycles"].items()) or "none")]
                for w in a["weeks"]])]
        s.append((key, "\n".join(md) + "\n"))
    s.append(("postmortems", "## Postmortems due\n\n" + table(
        ["incident", "severity", "owner", "opened", "due", "state", "draft"], [
            [text(p["incident_id"]), text(p["severity"]), text(p["owner"]), text(p["day"]), text(p["due"]),
             ("**OVERDUE**" if p.get("state") == "overdue" else text(p.get("state"))),
             link(text(p["incident_id"]), p.get("draft")) if p.get("draft") else "no draft yet"]
            for p in a["postmortems"]]) + "\n"))
    s.append(("maintenance", "## Maintenance windows\n\n" + table(
        ["day", "maintenance", "start", "end", "excluded slots", "note"], [
            [text(m["day"]), text(m["maintenance_id"]), text(m["start"]), text(m["end"]), str(m["excluded_slots"]),
             text(m["problem"] or (f"declared late: {m['late_slots']} earlier slot(s) still count"
                                   if m.get("late_slots") else "declared ahead"))]
            for m in a["maintenance"]]) + "\n"))
    return s


def calendar_cell(c: dict) -> tuple[str, str]:
    """(kind, label) of one calendar day: `blank` (outside the history), `holiday` (no KRX
    session), `missing` (a session without a report) or `day` (the label names its status)."""
    if not c["in_range"]:
        return "blank", ""
    if not c["session"]:
        return "holiday", f"{c['day'][5:]} no session"
    if c["status"] is None:
        return "missing", f"{c['day'][5:]} no report"
    return "day", f"{c['day'][5:]} {c['status'].upper() if c['status'] == 'red' else c['status']}"


def _calendar_md(a: dict, day_link: str) -> str:
    rows = []
    for w in a["calendar"]:
        cells = [text(w["week"])]
        for c in w["days"]:
            kind, label = calendar_cell(c)
            cells.append(link(label, c.get(day_link)) if kind == "day" else label)
        rows.append(cells)
    return table(["week of", "Mon", "Tue", "Wed", "Thu", "Fri"], rows)
