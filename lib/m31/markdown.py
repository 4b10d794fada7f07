"""Markdown rendering of artifacts. Every value from the log is escaped: it comes out as text."""
from __future__ import annotations

import re

MAX_CELL = 300
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
    if len(s) > limit:
        s = s[: limit - 1] + "…"
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


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
    return "—" if flag is None else ("✅" if flag else "❌")


def daily_markdown(a: dict, charts: dict[str, str] | None = None) -> str:
    """The daily artifact as a Markdown report: status first, then the tables."""
    body = "".join(md for _, md in daily_sections(a, charts))
    return body.rstrip("\n") + "\n"


def daily_sections(a: dict, charts: dict[str, str] | None = None) -> list[tuple[str, str]]:
    """(name, Markdown) per section, in report order; the notebook shows them one by one."""
    sections: list[tuple[str, str]] = []
    slo = a["slo"]
    av, lat, eb, sf = slo["availability"], slo["latency"], slo["error_budget"], slo["safety_floor"]
    pre = a["preopen"]
    sess = a.get("session")
    lines = [f"# M31 daily stabilization check — {text(a['day'])}", ""]
    lines.append(f"**Status: {a['status'].upper()}**" + (
        "" if a["trading_day"] else " (not a trading day)"))
    lines.append("")
    for level, reason in zip(a.get("status_reason_levels", []), a["status_reasons"]):
        lines.append(f"- {level}: {text(reason)}")
    lines.append("")
    session_text = (f"KRX session {sess['open'][11:16]}–{sess['close'][11:16]} KST, "
                    f"one slot every {sess['cycle_interval_s']} s" if sess else "no KRX session")
    lines += [f"Policy {text(a['policy_version'])} · {session_text}", ""]

    sections.append(('status', "\n".join(lines).rstrip("\n") + "\n\n"))
    lines = []
    lines += ["## Pre-open checklist", "", table(["check", "value", "ok"], [
        ["M30 policy level", text(f"{pre['policy_level']} (artifact {pre['policy_artifact_day']})"),
         ok(pre["policy_level"] != "incident")],
        ["M30 signoff", text(f"{pre['signoff_decision']} (artifact {pre['signoff_artifact_day']})"),
         ok(pre["signoff_decision"] == "GO")],
        ["preflight at the open", text(pre["preflight"]),
         ok(None if pre["preflight"] is None else pre["preflight"] == "pass")],
        ["guard config matches signoff", text(pre["guard_config_aligned"]), ok(pre["guard_config_aligned"])],
    ])]

    sections.append(('preopen', "\n".join(lines).rstrip("\n") + "\n\n"))
    lines = []
    lines += ["## SLOs", "", table(["SLO", "value", "target / limit", "met"], [
        ["availability", text(f"{pct(av['ratio'])} ({av['successful']}/{av['scheduled']} slots; "
                              f"{av['missed']} missed, {av['failed']} failed)"
                              if av["scheduled"] is not None else None),
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

    sections.append(('slo', "\n".join(lines).rstrip("\n") + "\n\n"))
    lines = []
    lines += ["## Safety floor", "", table(["counter", "value", "must be"], [
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

    sections.append(('safety_floor', "\n".join(lines).rstrip("\n") + "\n\n"))
    lines = []
    lines += ["## Conditions", "", table(["failure class", "required severity", "first seen", "tracked by"], [
        [text(c["failure_class"]), text(c["severity"]), text(c["first_seen"]), text(c["tracked_by"])]
        for c in a["conditions"]])]

    sections.append(('conditions', "\n".join(lines).rstrip("\n") + "\n\n"))
    lines = []
    lines += ["## Incidents", "", table(
        ["incident", "source", "severity (declared)", "class", "opened", "resolved", "owner",
         "escalation", "required actions", "missing actions", "summary"], [
            [text(i["incident_id"]), text(i["source"]),
             text(f"{i['severity']} ({i['declared_severity'] or '—'})"), text(i["failure_class"]),
             text(i["opened_at"]), text(i["resolved_at"]), text(i["owner"]),
             text(" → ".join(i["escalation"])), text(", ".join(i["required_actions"])),
             text(", ".join(i["missing_actions"]) or "none"), text(i.get("summary"))]
            for i in a["incidents"]])]

    al = a["alerts"]
    sections.append(('incidents', "\n".join(lines).rstrip("\n") + "\n\n"))
    lines = []
    lines += ["## Alerts", "",
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

    iv = a["interventions"]
    sections.append(('alerts', "\n".join(lines).rstrip("\n") + "\n\n"))
    lines = []
    lines += ["## Interventions", "",
              f"{iv['count']} on the day; {iv['unknown_reason_codes']} with a reason code not in the catalog", ""]
    if iv.get("unknown"):
        lines += [table(["at", "action", "reason code", "operator", "incident"], [
            [text(r["ts"]), text(r["action"]), text(r["reason_code"]), text(r["operator"]),
             text(r["incident_id"])] for r in iv["unknown"]])]

    q = a["input_quality"]
    sections.append(('interventions', "\n".join(lines).rstrip("\n") + "\n\n"))
    lines = []
    lines += ["## Input quality", "", table(
        ["lines", "events", "blank", "malformed", "truncated tail", "replayed", "unknown event types"],
        [[str(q[k]) for k in ("lines", "events", "blank", "malformed", "truncated_tail", "replayed",
                              "unknown_event_types")]])]
    if q["examples"]:
        lines += [table(["line", "reason"] + (["file"] if "file" in q["examples"][0] else []), [
            [str(e["line"]), text(e["reason"])] + ([text(e["file"])] if "file" in e else [])
            for e in q["examples"]])]
        if q.get("examples_omitted"):
            lines += [f"… and {q['examples_omitted']} more malformed lines.", ""]

    sections.append(('input_quality', "\n".join(lines).rstrip("\n") + "\n\n"))
    lines = []
    if charts:
        lines += ["## Charts", ""]
        for title, name in charts.items():
            lines += [f"![{text(title)}]({name})", ""]
    sections.append(('charts', "\n".join(lines).rstrip("\n") + "\n\n"))
    return [(n, md) for n, md in sections if md.strip()]
