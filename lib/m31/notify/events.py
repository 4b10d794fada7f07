"""What each command notifies: the daily command after the close, m31 probe during the session,
the weekly command, and m31 postmortem --lint."""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from ..artifacts import companion, daily_stem, weekly_stem
from ..calendar import sessions_between
from ..inputs import load_roster
from ..timefmt import parse_instant
from . import messages as msg
from . import send
from .config import NotifyConfig


def _handles(oncall_path) -> dict:
    try:
        return load_roster(oncall_path).handles
    except Exception:  # noqa: BLE001 - a mention is a courtesy; the check already read the roster
        return {}


def _link(config: NotifyConfig, report_dir: str, stem: str) -> str:
    """Where a reader opens the report: under link_base (a URL the team can reach) when set,
    else the HTML file's own path."""
    rel = companion(stem, ".html")
    if config.link_base:
        return config.link_base.rstrip("/") + "/" + rel
    return os.path.abspath(os.path.join(report_dir, rel))


def daily(config: NotifyConfig, artifact: dict, report_dir: str, oncall_path, dry_run: bool = False):
    """The final check's summary (an intraday, provisional run notifies nothing: the probe does),
    and the budget policy's state."""
    if not config.enabled or artifact.get("provisional"):
        return []
    stem = daily_stem(artifact["day"])
    handles = _handles(oncall_path)
    out = [msg.daily(artifact, handles, _link(config, report_dir, stem), str(Path(report_dir) / f"{stem}.md"))]
    out += _freeze(artifact["day"], artifact.get("budget_policy"))
    return send(out, config, dry_run)


def _freeze(day: str, bp: dict | None) -> list:
    if not bp:
        return []
    m = msg.freeze(day, bp)
    if bp["state"] != "freeze":
        m.extra["silent"] = True  # remembered, so the next turn to freeze is news again
    return [m]


def probe(config: NotifyConfig, p: dict, artifact: dict, last_event: dt.datetime | None, oncall_path,
          dry_run: bool = False):
    """During the session: a SEV-1, the budget projected to run out by the close, a SEV-2's
    mitigation still missing close to its deadline, a stale log, the budget policy at freeze."""
    if not config.enabled:
        return []
    handles = _handles(oncall_path)
    out = msg.sev1(p, artifact, handles, None)
    over = msg.budget_exhausted(p)
    out += [over] if over else []
    now = parse_instant(p["as_of"], "as_of") if p["as_of"] else None
    if now is not None:
        due = mitigations_due(artifact, now, config.mitigation_warn_minutes)
        out += msg.mitigation_due(p, due, handles, config.mitigation_warn_minutes)
        if stale(p, last_event, now, config.stale_log_minutes):
            out.append(msg.stale_log(p, last_event.isoformat() + "+09:00" if last_event else None,
                                     config.stale_log_minutes))
    out += _freeze(p["day"], p.get("budget_policy"))
    return send(out, config, dry_run)


def mitigations_due(artifact: dict, now: dt.datetime, minutes: int) -> list[dict]:
    """SEV-2 incidents still missing `mitigation` whose deadline (the close of the first session
    closing at or after the opening) is less than `minutes` away and not yet past."""
    out = []
    for i in artifact["incidents"]:
        if i["severity"] != "SEV-2" or "mitigation" not in i["missing_actions"]:
            continue
        opened = parse_instant(i["opened_at"], "opened_at")
        close = next((s.close for s in sessions_between(opened.date(), opened.date() + dt.timedelta(days=14))
                      if s.close >= opened), None)
        if close and now <= close and (close - now) <= dt.timedelta(minutes=minutes):
            out.append({"incident_id": i["incident_id"], "owner": i["owner"], "deadline": close.isoformat() + "+09:00"})
    return out


def stale(p: dict, last_event: dt.datetime | None, now: dt.datetime, minutes: int) -> bool:
    """The session is open and no event arrived for `minutes` (none today counts from the open)."""
    s = p.get("session")
    if not s:
        return False
    open_, close = parse_instant(s["open"], "open"), parse_instant(s["close"], "close")
    if not (open_ <= now < close):
        return False
    since = max(last_event, open_) if last_event else open_
    return now - since >= dt.timedelta(minutes=minutes)


def weekly(config: NotifyConfig, artifact: dict, report_dir: str, oncall_path, dry_run: bool = False):
    if not config.enabled:
        return []
    stem = weekly_stem(artifact["week_end"])
    return send([msg.weekly(artifact, _handles(oncall_path), _link(config, report_dir, stem),
                            str(Path(report_dir) / f"{stem}.md"))], config, dry_run)


def overdue(config: NotifyConfig, items: list[dict], today: dt.date, oncall_path, dry_run: bool = False):
    if not config.enabled:
        return []
    return send(msg.overdue(items, _handles(oncall_path), today.isoformat()), config, dry_run)
