"""A second, independent implementation of the daily figures, in plain Python, written from
the contract (1.1: sections 1, 2, 4 and 8) and docs/decisions.md, not from queries/*.sql. The
differential tests compare it with the real pipeline; where they disagree, one of them has
misread the contract.

It reads raw log lines, so it checks the ingest ledger as well."""
from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import re
import sys
from dataclasses import dataclass
from decimal import Decimal

import exchange_calendars as xcals

KST = dt.timezone(dt.timedelta(hours=9))
TS = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?([Zz]|[+-]([01]\d|2[0-3]):[0-5]\d)",
                re.ASCII)
TYPES = {"preflight", "cycle", "order", "guard", "approval", "alert", "incident", "intervention", "maintenance"}
LADDER = ["SEV-1", "SEV-2", "SEV-3"]
REQUIRED = {"SEV-1": ["force_manual_approval", "degrade_mode", "escalate_primary", "escalate_secondary"],
            "SEV-2": ["escalate_primary", "mitigation"], "SEV-3": ["ticket"]}
CONDITION_SEVERITY = {"duplicate_execution": "SEV-1", "guard_precedence_violation": "SEV-1",
                      "mode_leakage": "SEV-1", "availability": "SEV-2", "latency": "SEV-3"}
_CAL = xcals.get_calendar("XKRX", start="2024-01-01", end="2027-12-31")


def kst(text) -> dt.datetime | None:
    """RFC 3339 with an offset -> naive KST, or None when invalid."""
    if not isinstance(text, str) or not TS.fullmatch(text):
        return None
    t = text.upper().replace(" ", "T")
    m = re.match(r"(.*?)(\.\d+)?(Z|[+-]\d{2}:\d{2})$", t)
    frac = (m.group(2) or "")[:7]  # microseconds, truncated
    try:
        value = dt.datetime.fromisoformat(m.group(1) + frac + ("+00:00" if m.group(3) == "Z" else m.group(3)))
    except ValueError:
        return None
    return value.astimezone(KST).replace(tzinfo=None)


def session(day: dt.date):
    label = day.isoformat()
    if not _CAL.is_session(label):
        return None
    to = lambda ts: ts.tz_convert("Asia/Seoul").tz_localize(None).to_pydatetime()
    return to(_CAL.session_open(label)), to(_CAL.session_close(label))


@dataclass
class Ev:
    order: tuple          # (ts, file, line): the contract's order
    ts: dt.datetime
    day: dt.date
    type: str
    j: dict


class NotStrict(ValueError):
    """JSON that Python reads but RFC 8259 (contract 1.1) does not allow."""


def _no_repeats(pairs):
    out = {}
    for k, v in pairs:
        if k in out:
            raise NotStrict(f"repeated key {k!r}")
        out[k] = v
    return out


def _no_constant(name):
    raise NotStrict(name)  # NaN, Infinity, -Infinity


def _lone_surrogate(value) -> bool:
    """A \\ud800 escape with no partner: not Unicode text (DuckDB refuses the line too)."""
    stack = [value]
    while stack:  # not recursive: a line may nest thousands deep
        v = stack.pop()
        if isinstance(v, str) and any(0xD800 <= ord(c) <= 0xDFFF for c in v):
            return True
        if isinstance(v, dict):
            stack += [*v.keys(), *v.values()]
        elif isinstance(v, list):
            stack += v
    return False


@contextlib.contextmanager
def _deep_recursion():
    """json.loads recurses once per nesting level; deep nesting is still JSON. Restored on the
    way out (Hypothesis watches the limit during a test)."""
    saved = sys.getrecursionlimit()
    sys.setrecursionlimit(max(saved, 60000))
    try:
        yield
    finally:
        sys.setrecursionlimit(saved)



def read_log(texts: list[bytes]) -> tuple[list[Ev], dict]:
    """Every line of the files (in name order), classified as the contract says."""
    ledger = {"lines": 0, "blank": 0, "malformed": 0, "truncated_tail": 0, "replayed": 0,
              "unknown_event_types": 0, "events": 0}
    out, seen_ids = [], set()
    for f, raw in enumerate(texts):
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        lines = raw.split(b"\n")
        terminated = raw.endswith(b"\n")
        if terminated:
            lines = lines[:-1]
        if raw == b"":
            lines = []
        for n, line in enumerate(lines, 1):
            ledger["lines"] += 1
            if line.endswith(b"\r"):
                line = line[:-1]
            last_unterminated = not terminated and n == len(lines)
            try:
                text = line.decode("utf-8")
            except UnicodeDecodeError:
                text = None
            if text is not None and text.strip(" \t\r") == "":  # blank: spaces, tabs, CRs only
                ledger["blank"] += 1
                continue
            obj = None
            if text is not None:
                try:
                    # deep nesting is still JSON; strict: no repeated key, no NaN/Infinity
                    with _deep_recursion():
                        obj = json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_no_constant)
                    if _lone_surrogate(obj):
                        obj = None
                except (ValueError, RecursionError):
                    obj = None
            ts = kst(obj.get("ts")) if isinstance(obj, dict) else None
            ok = isinstance(obj, dict) and ts is not None and isinstance(obj.get("event_type"), str)
            if not ok:
                ledger["truncated_tail" if last_unterminated else "malformed"] += 1
                continue
            eid = obj.get("event_id")
            if isinstance(eid, str):
                if eid in seen_ids:
                    ledger["replayed"] += 1
                    continue
                seen_ids.add(eid)
            if obj["event_type"] not in TYPES:
                ledger["unknown_event_types"] += 1
                continue
            ledger["events"] += 1
            out.append(Ev((ts, f, n), ts, ts.date(), obj["event_type"], obj))
    out.sort(key=lambda e: e.order)
    return out, ledger


def _s(v):
    """A known string field: a value of another JSON type is treated as absent (contract 1.1)."""
    return v if isinstance(v, str) else None


def _windows(events: list[Ev]) -> list[tuple[dt.datetime, dt.datetime, dt.datetime]]:
    """(declared, start, end) of each maintenance event that can exclude slots (section 8)."""
    out = []
    for m in events:
        if m.type != "maintenance" or _s(m.j.get("reason_code")) != "PLANNED_MAINTENANCE":
            continue
        start, end = kst(m.j.get("start")), kst(m.j.get("end"))
        if start is not None and end is not None and end > start:
            out.append((m.ts, start, end))
    return out


def _excluded(windows, t: dt.datetime) -> bool:
    return any(start <= t < end and declared <= t for declared, start, end in windows)


def _session_days(last: dt.date, count: int, first: dt.date | None) -> list[dt.date]:
    """The last `count` XKRX sessions on or before `last`, on or after `first` (None: none)."""
    if first is None:
        return []
    labels = _CAL.sessions_in_range(first.isoformat(), last.isoformat())
    return [t.date() for t in labels][-count:]


def _ok_slots(cycles: list[tuple[Ev, dt.datetime]], sess, interval_s: int, seen_before: dt.datetime) -> set[int]:
    """The slots of `sess` with an `ok` cycle logged before `seen_before`; cycles: (event, scheduled_at)."""
    open_, close = sess
    ok = set()
    for c, at in cycles:
        if c.ts < seen_before and _s(c.j.get("status")) == "ok" and open_ <= at < close:
            ok.add(int((at - open_).total_seconds() // interval_s))
    return ok


def daily(events: list[Ev], day: dt.date, roster: list[tuple[dt.datetime, str, str]], baseline_ms: float,
          interval_s: int = 60, target: Decimal = Decimal("0.99"), drift_pct: Decimal = Decimal(10),
          flap_window_s: int = 300, go_live: dt.date | None = None, rolling_sessions: int = 20) -> dict:
    """The contract's figures of day D from accepted events (sorted), as of the end of D."""
    d_start = dt.datetime.combine(day, dt.time())
    d_end = d_start + dt.timedelta(days=1)
    events = [e for e in events if e.ts < d_end]  # the check of D sees the log as of the end of D
    of = lambda t: [e for e in events if e.type == t]
    sess = session(day)
    windows = _windows(events)

    # slots
    scheduled = successful = missed = failed = excluded = None
    bad = []  # (slot_start, failure_class)
    if sess:
        open_, close = sess
        n = math.ceil((close - open_).total_seconds() / interval_s)
        per_slot: dict[int, list[Ev]] = {}
        for c in of("cycle"):
            at = kst(c.j.get("scheduled_at"))
            if at is None or not (open_ <= at < close):
                continue
            per_slot.setdefault(int((at - open_).total_seconds() // interval_s), []).append(c)
        scheduled, successful, missed, failed, excluded = 0, 0, 0, 0, 0
        for i in range(n):
            cs = per_slot.get(i, [])
            start = open_ + dt.timedelta(seconds=i * interval_s)
            if _excluded(windows, start):
                excluded += 1
                continue
            scheduled += 1
            if any(_s(c.j.get("status")) == "ok" for c in cs):
                successful += 1
            elif not cs:
                missed += 1
                bad.append((start, "missed"))
            else:
                failed += 1
                last = cs[-1].j
                cls = _s(last.get("error_class")) or ("skipped" if _s(last.get("status")) == "skipped"
                                                      else "unknown_error")
                bad.append((start, cls))

    # declared incidents and alert instances (whole log)
    inc: dict[str, dict] = {}
    for e in of("incident"):
        iid = _s(e.j.get("incident_id"))
        if iid is None:
            continue
        # open from its first event, whatever its state
        r = inc.setdefault(iid, {"id": iid, "opened": e.ts, "resolved": None, "severity": None,
                                 "class": None, "alert_ids": set()})
        if r["resolved"] is not None:
            continue  # its first `resolved` ended it: later events neither reopen nor change it
        if _s(e.j.get("state")) == "resolved":
            r["resolved"] = e.ts
        if _s(e.j.get("severity")) is not None:
            r["severity"] = _s(e.j["severity"])
        if _s(e.j.get("failure_class")) is not None:
            r["class"] = _s(e.j["failure_class"])
        if isinstance(e.j.get("alert_ids"), list):
            r["alert_ids"] |= {a for a in e.j["alert_ids"] if isinstance(a, str)}
    linked = set().union(*[r["alert_ids"] for r in inc.values()]) if inc else set()
    inst: dict[str, dict] = {}
    alert_events = of("alert")
    for k, e in enumerate(alert_events):
        aid = _s(e.j.get("alert_id"))
        if aid is None:
            continue
        state = _s(e.j.get("state"))
        if state == "firing":
            r = inst.setdefault(aid, {"id": aid, "fired": e.ts, "k": k, "fp": _s(e.j.get("fingerprint")),
                                      "critical_from": None, "resolved": None, "rk": None, "resolution": None})
            # critical from its first critical firing while it is open
            if _s(e.j.get("severity")) == "critical" and r["rk"] is None and r["critical_from"] is None:
                r["critical_from"] = e.ts
        elif state == "resolved":
            r = inst.get(aid)
            if r and r["rk"] is None:
                r.update(resolved=e.ts, rk=k, resolution=_s(e.j.get("resolution")))

    def covered(t):
        return any(r["opened"] <= t and (r["resolved"] is None or t <= r["resolved"]) for r in inc.values()) or \
            any(r["critical_from"] is not None and r["critical_from"] <= t and (r["resolved"] is None or
                                                                               t <= r["resolved"])
                for r in inst.values())

    budget = (1 - target) * scheduled if scheduled else None
    consumed = len(bad) if scheduled else None
    untracked = sum(1 for start, _ in bad if not covered(start)) if scheduled else None

    # latency
    samples = [float(o.j["latency_ms"]) for o in of("order") if o.day == day and _s(o.j.get("status")) == "submitted"
               and _s(o.j.get("mode")) == "real" and isinstance(o.j.get("latency_ms"), (int, float))
               and not isinstance(o.j.get("latency_ms"), bool) and math.isfinite(o.j["latency_ms"])]
    limit = float(Decimal(repr(baseline_ms)) * (1 + drift_pct / 100))
    p95 = None
    if samples:
        xs = sorted(samples)
        pos = 0.95 * (len(xs) - 1)
        lo = math.floor(pos)
        p95 = xs[lo] + (pos - lo) * (xs[min(lo + 1, len(xs) - 1)] - xs[lo])

    # safety floor
    subs = [o for o in of("order") if _s(o.j.get("status")) == "submitted"]
    dup_first_seen, dup = None, 0
    by_intent: dict[str, list] = {}
    for o in subs:
        intent, oid = _s(o.j.get("intent_id")), _s(o.j.get("order_id"))
        if intent is None or oid is None:
            continue
        orders = by_intent.setdefault(intent, [])
        if oid not in [x for x, _ in orders]:
            orders.append((oid, o))
    for orders in by_intent.values():
        for _, o in orders[1:]:
            if o.day == day:
                dup += 1
                dup_first_seen = min(dup_first_seen or o.ts, o.ts)
    gpv_first_seen, gpv = None, set()
    first_sub: dict[str, dt.datetime] = {}
    for o in subs:
        intent = _s(o.j.get("intent_id"))
        if intent is not None and intent not in first_sub:
            first_sub[intent] = o.ts
    on_day = {}
    for o in subs:
        intent = _s(o.j.get("intent_id"))
        if intent is not None and o.day == day and intent not in on_day:
            on_day[intent] = o.ts
    guards_of: dict[str, list[Ev]] = {}
    for g in of("guard"):
        guards_of.setdefault(_s(g.j.get("intent_id")), []).append(g)
    approvals_of: dict[str, list[Ev]] = {}
    for a in of("approval"):
        approvals_of.setdefault(_s(a.j.get("intent_id")), []).append(a)
    for intent, first_on_day in on_day.items():
        first = first_sub[intent]
        approved = any(_s(a.j.get("decision")) == "approved" and a.ts <= first for a in approvals_of.get(intent, []))
        for g in guards_of.get(intent, []):
            if g.ts > first:
                continue
            decision = _s(g.j.get("decision"))
            if decision == "block" or (decision == "require_approval" and not approved):
                gpv.add(intent)
                gpv_first_seen = min(gpv_first_seen or first_on_day, first_on_day)
    leak, leak_first = set(), None
    preflights_of: dict[str, list[Ev]] = {}
    for p in of("preflight"):
        preflights_of.setdefault(_s(p.j.get("run_id")), []).append(p)
    for o in of("order"):
        oid = _s(o.j.get("order_id"))
        if o.day != day or oid is None:
            continue
        mode, env = _s(o.j.get("mode")), _s(o.j.get("broker_env"))
        run = _s(o.j.get("run_id"))
        pf = [p for p in preflights_of.get(run, []) if run is not None and p.ts <= o.ts]
        pf_mode = _s(pf[-1].j.get("mode")) if pf else None
        if (mode is not None and env is not None and mode != env) or \
                (mode is not None and pf_mode is not None and mode != pf_mode):
            leak.add(oid)
            leak_first = min(leak_first or o.ts, o.ts)

    # conditions
    breaches = []
    if dup:
        breaches.append(("duplicate_execution", dup_first_seen))
    if gpv:
        breaches.append(("guard_precedence_violation", gpv_first_seen))
    if leak:
        breaches.append(("mode_leakage", leak_first))
    avail_met = None if not scheduled else Decimal(successful) >= target * scheduled
    if avail_met is False:
        k = int(budget // 1) + 1  # the bad slot that takes consumption past the budget
        breaches.append(("availability", bad[k - 1][0]))
    lat_met = None if p95 is None else p95 <= limit
    if lat_met is False:
        over = [o.ts for o in of("order") if o.day == day and _s(o.j.get("status")) == "submitted"
                and _s(o.j.get("mode")) == "real" and isinstance(o.j.get("latency_ms"), (int, float))
                and not isinstance(o.j.get("latency_ms"), bool) and math.isfinite(o.j["latency_ms"])
                and float(o.j["latency_ms"]) > limit]
        breaches.append(("latency", min(over)))
    breaches.sort(key=lambda b: (b[1], b[0]))  # the artifact lists conditions by first seen, then class
    open_on_d = [r for r in inc.values() if r["opened"] < d_end and (r["resolved"] is None or r["resolved"] >= d_start)]
    conditions = []
    for cls, first_seen in breaches:
        tracking = sorted((r for r in open_on_d if r["class"] == cls), key=lambda r: (r["opened"], r["id"]))
        conditions.append({"failure_class": cls, "severity": CONDITION_SEVERITY[cls], "first_seen": first_seen,
                           "tracked_by": tracking[0]["id"] if tracking else f"AUTO-{day.isoformat()}-{cls}"})

    # incidents
    def rank(s):
        return LADDER.index(s) if s in LADDER else 99

    def owner_at(t):
        found = [r for r in roster if r[0] <= t]
        return found[-1] if found else None

    interventions = of("intervention")
    closes = [c for _, c in (session(d) or (None, None) for d in
                             (day + dt.timedelta(days=k) for k in range(-40, 40))) if c]
    incidents = []
    cands = [(r["id"], "declared", r["severity"], r["class"], r["opened"], r["resolved"]) for r in open_on_d]
    cands += [(c["tracked_by"], "auto", None, c["failure_class"], c["first_seen"], None)
              for c in conditions if c["tracked_by"].startswith("AUTO-")]
    for iid, source, declared, cls, opened, resolved in cands:
        tracked = [c["severity"] for c in conditions if c["tracked_by"] == iid]
        valid = [s for s in [declared] + tracked if s in LADDER]
        severity = min(valid, key=rank) if valid else None
        rot = owner_at(opened)
        deadline = min((c for c in closes if c >= opened), default=None)
        required = REQUIRED.get(severity, [])
        missing = []
        for action in required:
            done = any(_s(v.j.get("incident_id")) == iid and _s(v.j.get("action")) == action and
                       (not (severity == "SEV-2" and action == "mitigation") or v.ts <= deadline)
                       for v in interventions)
            if not done:
                missing.append(action)
        incidents.append({"incident_id": iid, "source": source, "declared_severity": declared, "severity": severity,
                          "failure_class": cls, "opened_at": opened, "resolved_at": resolved,
                          "owner": rot[1] if rot else None,
                          "escalation": ([rot[1], rot[2]] if severity == "SEV-1" else [rot[1]]) if rot else None,
                          "required_actions": required, "missing_actions": missing})
    incidents.sort(key=lambda i: (i["opened_at"], i["incident_id"]))

    # alerts
    fired = dup_alerts = 0
    for k, e in enumerate(alert_events):
        if _s(e.j.get("state")) != "firing" or e.day != day:
            continue
        fired += 1
        aid, fp = _s(e.j.get("alert_id")), _s(e.j.get("fingerprint"))
        if any((r["fp"] == fp and fp is not None or r["id"] == aid) and r["k"] < k and (r["rk"] is None or r["rk"] > k)
               for r in inst.values()):
            dup_alerts += 1
    fps = sum(1 for r in inst.values() if r["resolved"] is not None and d_start <= r["resolved"] < d_end and (
        r["resolution"] == "false_positive" or (r["id"] not in linked and
                                                (r["resolved"] - r["fired"]).total_seconds() <= flap_window_s)))
    unresolved = sorted(r["id"] for r in inst.values()
                        if r["fired"] < d_end and (r["resolved"] is None or r["resolved"] >= d_end))
    day_iv = [v for v in interventions if v.day == day]
    catalog = {"SAFETY_DUPLICATE_EXEC", "SAFETY_GUARD_PRECEDENCE", "SAFETY_MODE_LEAK", "AVAIL_CYCLE_FAILURES",
               "LATENCY_DRIFT", "BROKER_DEGRADED", "DATA_FEED_STALE", "ALERT_NOISE", "PLANNED_MAINTENANCE",
               "MANUAL_REVIEW"}
    # the rolling window: each session as its own end-of-day check saw it
    w_days = _session_days(day, rolling_sessions, go_live)
    by_day: dict[dt.date, list] = {}
    for c in of("cycle"):
        at = kst(c.j.get("scheduled_at"))
        if at is not None:
            by_day.setdefault(at.date(), []).append((c, at))
    w_sched = w_ok = w_excl = 0
    for s_day in w_days:
        s_open, s_close = session(s_day)
        seen_before = dt.datetime.combine(s_day, dt.time()) + dt.timedelta(days=1)
        ok = _ok_slots(by_day.get(s_day, []), (s_open, s_close), interval_s, seen_before)
        for i in range(math.ceil((s_close - s_open).total_seconds() / interval_s)):
            start = s_open + dt.timedelta(seconds=i * interval_s)
            if _excluded(windows, start):
                w_excl += 1
            else:
                w_sched += 1
                w_ok += i in ok
    w_met = None if not w_sched else Decimal(w_ok) >= target * w_sched
    w_budget = (1 - target) * w_sched
    rolling = {"sessions": len(w_days), "first_day": w_days[0] if w_days else None,
               "last_day": w_days[-1] if w_days else None,
               "scheduled": w_sched if w_days else None, "successful": w_ok if w_days else None,
               "bad": w_sched - w_ok if w_days else None, "excluded": w_excl if w_days else None, "met": w_met,
               "budget_cycles": float(w_budget) if w_days else None,
               "remaining_cycles": float(w_budget - (w_sched - w_ok)) if w_days else None}

    # corrections: maintenance events whose [start, end) overlaps D's session or whose start is on
    # D (whose ts is on D when start or end is missing or invalid)
    corrections = []
    for m in of("maintenance"):
        start, end = kst(m.j.get("start")), kst(m.j.get("end"))
        if start is None or end is None:
            if m.day != day:
                continue
        elif not (start.date() == day or (sess and start < sess[1] and end > sess[0])):
            continue
        can = _s(m.j.get("reason_code")) == "PLANNED_MAINTENANCE" and start is not None and end is not None \
            and end > start
        n_excl = 0
        if can and sess:
            for i in range(math.ceil((sess[1] - sess[0]).total_seconds() / interval_s)):
                t = sess[0] + dt.timedelta(seconds=i * interval_s)
                n_excl += start <= t < end and m.ts <= t
        corrections.append({"maintenance_id": _s(m.j.get("maintenance_id")), "start": start, "end": end,
                            # a problem whenever it excluded nothing: invalid, another code, no slot
                            # of the session in it, or declared after all of them had started
                            "declared_at": m.ts, "excluded_slots": n_excl, "problem": (not can or n_excl == 0) or None})

    return {
        "availability": {"scheduled": scheduled, "successful": successful, "missed": missed, "failed": failed,
                         "excluded": excluded, "met": avail_met},
        "rolling": rolling,
        "budget_policy": "freeze" if w_met is False else "normal",
        "corrections": corrections,
        "latency": {"samples": len(samples), "p95_ms": p95, "met": lat_met},
        "error_budget": {"budget_cycles": float(budget) if budget is not None else None,
                         "consumed_cycles": consumed, "untracked_cycles": untracked},
        "safety_floor": {"duplicate_execution": dup, "guard_precedence_violation": len(gpv), "mode_leakage": len(leak)},
        "conditions": conditions,
        "incidents": incidents,
        "alerts": {"fired": fired, "duplicates": dup_alerts, "false_positives": fps, "unresolved": unresolved},
        "interventions": {"count": len(day_iv),
                          "unknown_reason_codes": sum(1 for v in day_iv if _s(v.j.get("reason_code")) not in catalog)},
    }


def rfc(t: dt.datetime | None) -> str | None:
    return None if t is None else t.isoformat() + "+09:00" if t.microsecond == 0 else \
        t.isoformat(timespec="milliseconds" if t.microsecond % 1000 == 0 else "microseconds") + "+09:00"


def _instant(text):
    """A correction's start or end: RFC 3339 back to naive KST; a text as written is invalid (None)."""
    return kst(text)


def comparable(artifact: dict) -> dict:
    """The same figures, picked from a pipeline artifact (timestamps back to naive KST)."""
    from_rfc = lambda s: None if s is None else dt.datetime.fromisoformat(s).astimezone(KST).replace(tzinfo=None)
    slo = artifact["slo"]
    return {
        "availability": {k: slo["availability"][k] for k in ("scheduled", "successful", "missed", "failed",
                                                             "excluded", "met")},
        "rolling": {**{k: slo["rolling"][k] for k in ("sessions", "scheduled", "successful", "bad", "excluded", "met",
                                                      "budget_cycles", "remaining_cycles")},
                    **{k: None if slo["rolling"][k] is None else dt.date.fromisoformat(slo["rolling"][k])
                       for k in ("first_day", "last_day")}},
        "budget_policy": artifact["budget_policy"]["state"],
        # `problem` is our wording: the oracle says only whether there is one (True) or not (None)
        "corrections": [{"maintenance_id": c["maintenance_id"], "declared_at": from_rfc(c["declared_at"]),
                         "start": _instant(c["start"]), "end": _instant(c["end"]),
                         "excluded_slots": c["excluded_slots"], "problem": c["problem"] is not None or None}
                        for c in artifact["corrections"]],
        "latency": {k: slo["latency"][k] for k in ("samples", "p95_ms", "met")},
        "error_budget": {k: slo["error_budget"][k] for k in ("budget_cycles", "consumed_cycles", "untracked_cycles")},
        "safety_floor": {k: slo["safety_floor"][k] for k in
                         ("duplicate_execution", "guard_precedence_violation", "mode_leakage")},
        "conditions": [{**c, "first_seen": from_rfc(c["first_seen"])} for c in artifact["conditions"]],
        "incidents": [{"incident_id": i["incident_id"], "source": i["source"],
                       "declared_severity": i["declared_severity"], "severity": i["severity"],
                       "failure_class": i["failure_class"], "opened_at": from_rfc(i["opened_at"]),
                       "resolved_at": from_rfc(i["resolved_at"]), "owner": i["owner"], "escalation": i["escalation"],
                       "required_actions": i["required_actions"], "missing_actions": i["missing_actions"]}
                      for i in artifact["incidents"]],
        "alerts": {"fired": artifact["alerts"]["fired"], "duplicates": artifact["alerts"]["duplicates"],
                   "false_positives": artifact["alerts"]["false_positives"],
                   "unresolved": [u["alert_id"] for u in artifact["alerts"]["unresolved"]]},
        "interventions": {k: artifact["interventions"][k] for k in ("count", "unknown_reason_codes")},
    }
