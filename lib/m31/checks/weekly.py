"""The weekly incident review: five daily artifacts (plus the meeting's decisions) in, the
weekly artifact out. Every rule here is written down in docs/weekly.md."""
from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from ..artifacts import daily_stem, display_path, read_artifact
from ..calendar import Session, session_on, sessions_between, sessions_ending_on_or_before, trading_days_after
from ..errors import InputError
from ..inputs import Roster, load_roster
from ..policy import Policy, load_policy
from ..timefmt import parse_day
from . import decisions as dec
from .daily import SCHEMA_VERSION as DAILY_SCHEMA

SCHEMA_VERSION = "m31-weekly-review/1"
SAFETY_CLASSES = ("duplicate_execution", "guard_precedence_violation", "mode_leakage")
POSTMORTEM_SEVERITIES = ("SEV-1", "SEV-2")
RESPONSE_DEFINITIONS = {
    "detection_s": "first signal → incident opened (first signal: the earliest of its linked alerts' "
                   "first firing, the first-seen time of a condition it tracks, and its own opening)",
    "acknowledge_s": "incident opened → first intervention naming it",
    "resolve_s": "incident opened → incident resolved",
}


@dataclass
class WeeklyInputs:
    """What a weekly review reads, validated on construction (InputError or success)."""
    week_end: dt.date
    report_dir: str
    oncall_path: str | None = None
    policy_path: str | None = None
    start: dt.date | None = None  # a custom window: every session from start to week_end
    policy: Policy = field(init=False)
    roster: Roster = field(init=False)
    window: list[Session] = field(init=False)

    def __post_init__(self):
        if isinstance(self.week_end, str):
            self.week_end = parse_day(self.week_end, "--week-end")
        self.policy = load_policy(self.policy_path)
        self.roster = load_roster(self.oncall_path)
        if isinstance(self.start, str):
            self.start = parse_day(self.start, "--start")
        if self.start is None:
            self.window = sessions_ending_on_or_before(self.week_end, self.policy.weekly.window_sessions)
        else:
            self.window = sessions_between(self.start, self.week_end)
            if not self.window:
                raise InputError("--start", f"no KRX session from {self.start} to {self.week_end}")

    @property
    def days(self) -> list[dt.date]:
        return [s.day for s in self.window]

    def daily_path(self, day: dt.date) -> Path:
        return Path(self.report_dir) / f"{daily_stem(day.isoformat())}.json"


def load_daily_artifact(path: Path, day: dt.date) -> dict | None:
    """A daily artifact from the report folder; None when there is none yet."""
    data = read_artifact(path, "daily artifact", DAILY_SCHEMA)
    if data is None:
        return None
    if data.get("day") != day.isoformat():
        raise InputError(path, f"holds day {data.get('day')!r}, not {day.isoformat()}")
    return data


def missing_days(inputs: WeeklyInputs) -> list[dt.date]:
    return [d for d in inputs.days if load_daily_artifact(inputs.daily_path(d), d) is None]


# ---------------------------------------------------------------------------- the review

def review(inputs: WeeklyInputs, dailies: dict[dt.date, dict], decisions: dec.Decisions | None = None,
           carried: list[dict] | None = None) -> dict:
    """The weekly artifact from the window's daily artifacts (oldest first)."""
    missing = [d.isoformat() for d in inputs.days if d not in dailies]
    if missing:
        raise InputError(inputs.report_dir, f"no daily artifact for {', '.join(missing)}")
    arts = [dailies[d] for d in inputs.days]
    decisions = decisions or dec.Decisions(inputs.week_end)
    incidents = window_incidents(arts)
    top = top_failure_classes(arts)
    noise = alert_noise(arts, inputs.policy)
    budget = window_budget(arts)
    computed = slo_decision(arts, inputs.policy)
    override = decisions.slo_override
    decision = ({**override, "rule": "recorded in the review meeting", "computed": computed}
                if override else {**computed, "computed": None})
    red_days = [a["day"] for a in arts if a["status"] == "red"]
    return {
        "schema_version": SCHEMA_VERSION,
        "week_end": inputs.week_end.isoformat(),
        "window": [d.isoformat() for d in inputs.days],
        "status": "red" if red_days else ("yellow" if any(a["status"] == "yellow" for a in arts) else "green"),
        "status_reasons": [f"{d} was red" for d in red_days],
        "policy_version": inputs.policy.version,
        "days": [day_row(a, inputs.daily_path(dt.date.fromisoformat(a["day"]))) for a in arts],
        "top_failure_classes": top,
        "recurring_conditions": recurring_conditions(arts),
        "incidents": incidents,
        "response_times": response_times(incidents),
        "alert_noise": noise,
        "unresolved_alerts": arts[-1]["alerts"]["unresolved"],
        "error_budget": budget,
        # the rolling window and budget policy as of the window's last day (contract 1.1 section 8)
        "rolling": arts[-1]["slo"].get("rolling"),
        "budget_policy": arts[-1].get("budget_policy"),
        "slo_decision": decision,
        "runbook_changes": runbook_changes(inputs, top, arts, decisions),
        "postmortems_due": postmortems_due(inputs, incidents),
        "carried_over_actions": carried or [],
        "decisions": {**decisions.as_dict(), "path": display_path(decisions.path) if decisions.path else None},
    }


def day_row(a: dict, path: Path) -> dict:
    slo = a["slo"]
    return {
        "day": a["day"], "status": a["status"],
        "availability_ratio": slo["availability"]["ratio"], "availability_met": slo["availability"]["met"],
        "p95_ms": slo["latency"]["p95_ms"], "latency_met": slo["latency"]["met"],
        "budget_cycles": slo["error_budget"]["budget_cycles"],
        "consumed_cycles": slo["error_budget"]["consumed_cycles"],
        "consumed_ratio": slo["error_budget"]["consumed_ratio"],
        "untracked_cycles": slo["error_budget"]["untracked_cycles"],
        "safety_floor_met": slo["safety_floor"]["met"],
        "incidents": len(a["incidents"]),
        "status_reasons": a["status_reasons"],
        "artifact": display_path(path),
    }


def top_failure_classes(arts: list[dict]) -> list[dict]:
    """Failed and missed slots of the window by the slot's failure class, most first."""
    cycles: dict[str, int] = {}
    days: dict[str, int] = {}
    for a in arts:
        for cls, n in (a["slo"]["error_budget"].get("by_failure_class") or {}).items():
            cycles[cls] = cycles.get(cls, 0) + n
            days[cls] = days.get(cls, 0) + 1
    return [{"failure_class": c, "bad_cycles": n, "days": days[c]}
            for c, n in sorted(cycles.items(), key=lambda kv: (-kv[1], kv[0]))]


def recurring_conditions(arts: list[dict]) -> list[dict]:
    """Conditions (SLO and safety breaches) by failure class: on how many days, tracked or not."""
    out: dict[str, dict] = {}
    for a in arts:
        for c in a["conditions"]:
            row = out.setdefault(c["failure_class"], {"failure_class": c["failure_class"], "severity": c["severity"],
                                                      "days": 0, "auto": 0})
            row["days"] += 1
            row["auto"] += c["tracked_by"].startswith("AUTO-")
    return sorted(out.values(), key=lambda r: (-r["days"], r["failure_class"]))


def window_incidents(arts: list[dict]) -> list[dict]:
    """Each incident of the window once: its highest severity over the days it was open, the
    days it appears on, and the latest day's view of it (timeline merged over the days)."""
    by_id: dict[str, dict] = {}
    order = ["SEV-1", "SEV-2", "SEV-3"]
    for a in arts:
        for inc in a["incidents"]:
            seen = by_id.get(inc["incident_id"])
            if seen is None:
                by_id[inc["incident_id"]] = {**inc, "days": [a["day"]], "timeline": list(inc.get("timeline", []))}
                continue
            severity = min(seen["severity"], inc["severity"], key=lambda s: order.index(s) if s in order else 9)
            timeline = seen["timeline"] + [t for t in inc.get("timeline", []) if t not in seen["timeline"]]
            by_id[inc["incident_id"]] = {**inc, "severity": severity, "days": seen["days"] + [a["day"]],
                                         "timeline": sorted(timeline, key=lambda t: t["ts"])}
    keep = ("incident_id", "source", "declared_severity", "severity", "failure_class", "opened_at",
            "resolved_at", "owner", "escalation", "missing_actions", "summary", "impacted_scope", "alert_ids",
            "first_signal", "acknowledged_at", "mitigated_at", "detection_s", "acknowledge_s", "resolve_s",
            "days", "timeline")
    return [{k: inc.get(k) for k in keep}
            for inc in sorted(by_id.values(), key=lambda i: (i["opened_at"], i["incident_id"]))]


def response_times(incidents: list[dict]) -> dict:
    def med(key):
        values = [i[key] for i in incidents if i.get(key) is not None]
        return {"median": statistics.median(values) if values else None, "incidents": len(values)}
    return {"definitions": RESPONSE_DEFINITIONS,
            **{k: med(k) for k in ("detection_s", "acknowledge_s", "resolve_s")}}


def noise_action(fired: int, duplicates: int, false_positives: int, marked: int, flaps: int) -> str:
    """One reduction action per noisy fingerprint (docs/weekly.md, in this order)."""
    distinct = fired - duplicates
    if marked >= 2 and marked >= distinct:
        return "retire"
    if duplicates > false_positives:
        return "deduplicate"
    if flaps >= marked:
        return "hold_down"
    return "raise_threshold"


def alert_noise(arts: list[dict], policy: Policy) -> list[dict]:
    """Noisy fingerprints of the window (any duplicate or false positive), noisiest first."""
    rows: dict[str, dict] = {}
    for a in arts:
        for r in a["alerts"].get("by_fingerprint", []):
            fp = r["fingerprint"] if r["fingerprint"] is not None else "(no fingerprint)"
            acc = rows.setdefault(fp, {"fingerprint": fp, "fired": 0, "duplicates": 0, "false_positives": 0,
                                       "marked_false_positive": 0, "flaps": 0, "resolve_seconds": []})
            for k in ("fired", "duplicates", "false_positives", "marked_false_positive", "flaps"):
                acc[k] += r.get(k, 0)
            acc["resolve_seconds"] += r.get("resolve_seconds", [])
    out = []
    for acc in rows.values():
        if acc["duplicates"] + acc["false_positives"] == 0:
            continue
        seconds = acc.pop("resolve_seconds")
        action = noise_action(acc["fired"], acc["duplicates"], acc["false_positives"],
                              acc["marked_false_positive"], acc["flaps"])
        text = policy.weekly.noise_actions.get(action, action)
        out.append({**acc, "median_resolve_s": statistics.median(seconds) if seconds else None,
                    "action": action,
                    "action_detail": text.format(flap_window_s=policy.flap_window_s) if "{" in text else text})
    return sorted(out, key=lambda r: (-(r["duplicates"] + r["false_positives"]), r["fingerprint"]))


def window_budget(arts: list[dict]) -> dict:
    """Budget over the window; burn rate = observed bad-slot rate / (1 - target) = consumed / budget."""
    budget = sum(Decimal(str(a["slo"]["error_budget"]["budget_cycles"] or 0)) for a in arts)
    consumed = sum(a["slo"]["error_budget"]["consumed_cycles"] or 0 for a in arts)
    untracked = sum(a["slo"]["error_budget"]["untracked_cycles"] or 0 for a in arts)
    scheduled = sum(a["slo"]["availability"]["scheduled"] or 0 for a in arts)
    burn = float(Decimal(consumed) / budget) if budget else None
    return {"scheduled_slots": scheduled, "budget_cycles": float(budget), "consumed_cycles": consumed,
            "untracked_cycles": untracked, "consumed_ratio": burn, "burn_rate": burn,
            "budget_left_cycles": float(budget - consumed)}


def slo_decision(arts: list[dict], policy: Policy) -> dict:
    """keep / tighten / loosen / investigate, first matching rule wins (docs/weekly.md)."""
    w = policy.weekly
    breaches = [(a["day"], k) for a in arts for k in SAFETY_CLASSES if a["slo"]["safety_floor"][k]]
    missed = [a["day"] for a in arts
              if a["slo"]["availability"]["met"] is False or a["slo"]["latency"]["met"] is False]
    ratios = [Decimal(str(a["slo"]["error_budget"]["consumed_ratio"] or 0)) for a in arts]
    declared = sorted({i["incident_id"] for a in arts for i in a["incidents"] if i["source"] == "declared"})
    if breaches:
        return {"decision": "investigate", "rule": "any safety-floor breach",
                "reason": "safety floor breached: " + ", ".join(f"{k} on {d}" for d, k in breaches)}
    if len(missed) >= w.investigate_miss_days:
        return {"decision": "investigate", "rule": f"an SLO missed on {w.investigate_miss_days} or more days",
                "reason": f"an SLO was missed on {len(missed)} days ({', '.join(missed)})"}
    worst = max(ratios) if ratios else Decimal(0)
    window, window_used = _rolling_use(arts[-1] if arts else {})
    if not missed and worst <= w.tighten_max_consumed_ratio:
        # five days are too few to tighten on: the rolling window (four weeks) must agree
        full = window is not None and window["sessions"] >= policy.rolling_sessions
        if full and window_used is not None and window_used <= w.tighten_max_consumed_ratio:
            return {"decision": "tighten",
                    "rule": f"every day met its SLOs using at most {w.tighten_max_consumed_ratio} of its budget, "
                            f"and so did the full rolling window ({policy.rolling_sessions} sessions)",
                    "reason": f"every day met its SLOs; the most budget used on a day was {float(worst):.2%}; "
                              f"the rolling window {window['first_day']}..{window['last_day']} used "
                              f"{float(window_used):.2%} of its budget"}
        if not full:
            held = (f"the rolling window holds {window['sessions'] if window else 0} of "
                    f"{policy.rolling_sessions} sessions")
        elif window_used is None:
            held = "the rolling window has no scheduled slot"
        else:
            held = (f"the rolling window {window['first_day']}..{window['last_day']} used "
                    f"{float(window_used):.2%} of its budget")
        return {"decision": "keep", "rule": "tighten only when the full rolling window agrees",
                "reason": f"every day met its SLOs (the most budget used on a day was {float(worst):.2%}), "
                          f"but {held}"}
    best = min(ratios) if ratios else Decimal(0)
    window_over = window_used is not None and window_used > w.loosen_min_consumed_ratio
    if best > w.loosen_min_consumed_ratio and not declared and window_over:
        return {"decision": "loosen",
                "rule": f"every day and the rolling window used more than {w.loosen_min_consumed_ratio} of "
                        "their budget and no one declared an incident",
                "reason": f"every day used more than {float(w.loosen_min_consumed_ratio):.0%} of its budget "
                          f"(least {float(best):.2%}), the rolling window {float(window_used):.2%}, with no "
                          "declared incident: the target is tighter than the burn people act on"}
    why = (f"an SLO was missed on 1 day ({missed[0]})" if missed
           else f"the most budget used on a day was {float(worst):.2%}")
    return {"decision": "keep", "rule": "no other rule matched", "reason": why}


def _rolling_use(last: dict) -> tuple[dict | None, Decimal | None]:
    """The rolling window of the week's last day (slo.rolling) and the share of its budget it
    used; (None, None) for a daily artifact written before contract 1.1 section 8."""
    window = last.get("slo", {}).get("rolling")
    if not window or not window.get("sessions"):
        return window, None
    budget = window.get("budget_cycles")
    if not budget:
        return window, None
    return window, Decimal(window["consumed_cycles"]) / Decimal(str(budget))


def _owner_after(inputs: WeeklyInputs) -> str:
    """Runbook changes belong to the primary on call at the next session's open."""
    nxt = trading_days_after(inputs.week_end, 1)
    return inputs.roster.at(session_on(nxt).open).primary


def runbook_changes(inputs: WeeklyInputs, top: list[dict], arts: list[dict], decisions: dec.Decisions) -> list[dict]:
    """Proposed for the top classes and every safety class breached; recorded ones override."""
    w = inputs.policy.weekly
    owner = _owner_after(inputs)
    due = trading_days_after(inputs.week_end, w.runbook_due_trading_days).isoformat()
    proposed = []
    for row in top[: w.top_n]:
        proposed.append({"failure_class": row["failure_class"],
                         "change": w.runbook_change(row["failure_class"], bad_cycles=row["bad_cycles"],
                                                    days=row["days"])})
    breached = sorted({c["failure_class"] for a in arts for c in a["conditions"]
                       if c["failure_class"] in SAFETY_CLASSES})
    for cls in breached:
        days = sum(1 for a in arts if any(c["failure_class"] == cls for c in a["conditions"]))
        proposed.append({"failure_class": cls, "change": w.runbook_change(cls, bad_cycles=0, days=days)})
    recorded = {item["failure_class"]: item for item in decisions.action_items}
    out = []
    for p in proposed:
        item = recorded.pop(p["failure_class"], None)
        if item:
            out.append(_recorded(item))
        else:
            out.append({**p, "owner": owner, "due": due, "source": "proposed", "action_id": None, "status": None})
    out += [_recorded(item) for item in recorded.values()]
    return out


def _recorded(item: dict) -> dict:
    return {"failure_class": item["failure_class"], "change": item["change"], "owner": item["owner"],
            "due": item["due"], "source": "recorded", "action_id": item["id"], "status": item["status"]}


def postmortems_due(inputs: WeeklyInputs, incidents: list[dict]) -> list[dict]:
    """One per SEV-1/SEV-2 incident of the window, due N trading days after its opening day."""
    out = []
    for inc in incidents:
        if inc["severity"] not in POSTMORTEM_SEVERITIES:
            continue
        day = dt.date.fromisoformat(inc["opened_at"][:10])
        due = trading_days_after(day, inputs.policy.weekly.postmortem_due_trading_days.get(inc["severity"], 5))
        out.append({"incident_id": inc["incident_id"], "day": day.isoformat(), "severity": inc["severity"],
                    "owner": inc["owner"], "due": due.isoformat(), "overdue": due < inputs.week_end,
                    "source": inc["source"], "failure_class": inc["failure_class"]})
    return out


def collect_dailies(inputs: WeeklyInputs, compute=None) -> tuple[dict[dt.date, dict], list[dt.date]]:
    """The window's daily artifacts from the report folder; a missing one is computed with
    `compute(day) -> artifact` when given (the notebook's interactive use), else an InputError."""
    found, computed = {}, []
    for day in inputs.days:
        art = load_daily_artifact(inputs.daily_path(day), day)
        if art is None and compute is not None:
            art = compute(day)
            computed.append(day)
        if art is not None:
            found[day] = art
    return found, computed
