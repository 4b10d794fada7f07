"""The notifications' words: short, status first, the reports' own terms. A message is built from
parts: our own text, `Text` from the log or a person (untrusted: escaped for each target's
markup, mentions defused) and `Mention` (a chat handle from the roster: left live, so the owner
is notified). `signature` is what must change for a message to be sent again."""
from __future__ import annotations

import hashlib
import html
import re
from dataclasses import dataclass, field


class Text(str):
    """Untrusted text (log fields, summaries, names): comes out as text in every format."""


class Mention(str):
    """A chat handle from the roster: the one part that may notify somebody."""


@dataclass
class Message:
    kind: str
    key: str                  # kind:day:subject: one notification
    title: list
    lines: list[list]         # each line a list of parts (str, Text, Mention)
    signature: str            # resent only when this changes
    attachment: str | None = None
    extra: dict = field(default_factory=dict)

    def digest(self) -> str:
        return hashlib.sha256(self.signature.encode("utf-8")).hexdigest()[:16]


_MENTION = re.compile(r"@(?=\w)")
_MD = re.compile(r"([\\`*_\[\]~#|>!])")


def _plain(part) -> str:
    s = re.sub(r"[\r\n\t\u2028\u2029]+", " ", str(part))
    s = "".join(ch for ch in s if ch >= " ")
    s = re.sub("[\u202a-\u202e\u2066-\u2069]", "", s)  # bidi controls
    return _MENTION.sub("@\u200b", s)  # @channel / @here / @all never page a whole channel


def render_part(part, fmt: str) -> str:
    if isinstance(part, Mention):
        return str(part)
    if not isinstance(part, Text):
        return str(part)
    s = _plain(part)
    if fmt == "markdown":  # Slack-compatible chat (Mattermost, Slack, Discord, Teams ...)
        s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        s = _MD.sub(r"\\\1", s)
        return s.replace("://", ":\u200b//")  # no autolink
    if fmt == "html":
        return html.escape(s)
    return s


def render(msg: Message, fmt: str) -> tuple[str, str]:
    """(title, body) for a target that renders `fmt` (text, markdown or html)."""
    title = "".join(render_part(p, fmt) for p in msg.title)
    sep = "<br>\n" if fmt == "html" else "\n"
    return title, sep.join("".join(render_part(p, fmt) for p in line) for line in msg.lines)


def owner_parts(owner: str | None, handles: dict) -> list:
    """The owner's name and, when the roster gives one, their chat handle (live)."""
    if not owner:
        return [Text("no owner")]
    handle = handles.get(owner)
    return [Text(owner)] + ([" (", Mention(handle), ")"] if handle else [])


def _pct(v) -> str:
    return "—" if v is None else f"{v * 100:.2f}%"


def daily(a: dict, handles: dict, link: str | None, attachment: str | None = None) -> Message:
    """After the close: the day's status and reasons, the SLO line, each incident with its owner
    and missing actions, and the report."""
    slo = a["slo"]
    av, lat, eb, sf = slo["availability"], slo["latency"], slo["error_budget"], slo["safety_floor"]
    lines: list[list] = [[f"Status {a['status'].upper()}" + (" (not a trading day)" if not a["trading_day"] else "")]]
    lines += [["- ", Text(r)] for r in a["status_reasons"]]
    if av["scheduled"] is not None:
        p95 = f"{lat['p95_ms']:.1f} ms" if lat["p95_ms"] is not None else "no sample"
        lines.append([f"SLO: availability {_pct(av['ratio'])} ({av['successful']}/{av['scheduled']} slots), "
                      f"latency p95 {p95} (limit {lat['limit_ms']:.1f} ms), error budget {eb['consumed_cycles']} of "
                      f"{eb['budget_cycles']:.2f} cycles, safety floor {'met' if sf['met'] else 'BREACHED'}"])
    bp = a.get("budget_policy")
    if bp:
        lines.append([f"Budget policy: {bp['state'].upper() if bp['state'] == 'freeze' else bp['state']}"])
    for i in a["incidents"]:
        missing = ", ".join(i["missing_actions"]) or "none"
        lines.append(["Incident ", Text(i["incident_id"]), f" {i['severity'] or 'no severity'} ",
                      Text(i["failure_class"]), " — owner ", *owner_parts(i["owner"], handles),
                      f"; missing actions: {missing}"])
    if link:
        lines.append(["Report: ", link])
    body = [[str(p) for p in line] for line in lines]
    return Message("daily", f"daily:{a['day']}:summary", [f"M31 daily {a['day']}: {a['status'].upper()}"], lines,
                   signature=repr(body), attachment=attachment)


def sev1(p: dict, a: dict, handles: dict, link: str | None) -> list[Message]:
    """A SEV-1 condition or incident of the day (one message per incident; again when its
    missing actions change)."""
    out = []
    for i in a["incidents"]:
        if i["severity"] != "SEV-1":
            continue
        missing = ", ".join(i["missing_actions"]) or "none"
        lines = [["SEV-1 ", Text(i["failure_class"]), " opened ", Text(i["opened_at"]), " — incident ",
                  Text(i["incident_id"]), " (", i["source"], ")"],
                 ["Owner ", *owner_parts(i["owner"], handles), "; escalate: ",
                  *[part for k, who in enumerate(i["escalation"])
                    for part in ([", "] if k else []) + owner_parts(who, handles)]],
                 [f"Missing required actions: {missing}"]]
        if link:
            lines.append(["Report: ", link])
        out.append(Message("sev1", f"sev1:{a['day']}:{i['incident_id']}",
                           [f"M31 SEV-1 {a['day']}: ", Text(i["failure_class"])], lines,
                           signature=f"{i['incident_id']}|{missing}"))
    return out


def budget_exhausted(p: dict) -> Message | None:
    eb = p["error_budget"]
    if not eb.get("projected_over_budget"):
        return None
    return Message("budget_exhausted", f"budget_exhausted:{p['day']}:session",
                   [f"M31 {p['day']}: error budget projected to run out by the close"],
                   [[f"Used {eb['used_cycles']} of {eb['session_budget_cycles']:.2f} cycles as of "
                     f"{(p['as_of'] or '')[11:16]} KST; at this burn the close ends at "
                     f"{eb['projected_at_close_cycles']:.1f}."]], signature="over")


def mitigation_due(p: dict, due: list[dict], handles: dict, minutes: int) -> list[Message]:
    """A SEV-2 whose mitigation is still missing less than `minutes` before its deadline."""
    return [Message("mitigation_due", f"mitigation_due:{p['day']}:{d['incident_id']}",
                    ["M31 SEV-2 mitigation due: ", Text(d["incident_id"])],
                    [["SEV-2 ", Text(d["incident_id"]), " has no mitigation yet; deadline ",
                      Text(d["deadline"]), f" (under {minutes} min). Owner ", *owner_parts(d["owner"], handles)]],
                    signature=d["deadline"]) for d in due]


def stale_log(p: dict, last_event: str | None, minutes: int) -> Message:
    return Message("stale_log", f"stale_log:{p['day']}:log", [f"M31 {p['day']}: the event log has gone stale"],
                   [[f"No event for {minutes} min or more during the session (last event ",
                     Text(last_event or "none today"), "): the runtime may be down."]],
                   signature=last_event or "none")


def freeze(day: str, bp: dict) -> Message:
    return Message("freeze", "freeze:budget_policy:state", [f"M31 budget policy: {bp['state'].upper()} ({day})"],
                   [[Text(bp["reason"])],
                    ["Releases of the runtime and its strategies stop; fixes go on (m31 gate exits 1)."
                     if bp["state"] == "freeze" else "Releases may go on again."]],
                   signature=bp["state"])


def weekly(a: dict, handles: dict, link: str | None, attachment: str | None = None) -> Message:
    sd = a["slo_decision"]
    lines: list[list] = [[f"Status {a['status'].upper()} · window {a['window'][0]} .. {a['window'][-1]} · "
                          f"SLO decision {sd['decision']}"]]
    top = a["top_failure_classes"][:3]
    if top:
        lines.append(["Top failure classes: ", *[part for k, t in enumerate(top) for part in
                                                  ([", "] if k else []) + [Text(t["failure_class"]),
                                                                           f" {t['bad_cycles']}"]]])
    for pm in a["postmortems_due"]:
        lines.append(["Postmortem due ", Text(pm["due"]), ": ", Text(pm["incident_id"]), f" {pm['severity']} — owner ",
                      *owner_parts(pm["owner"], handles)])
    if link:
        lines.append(["Review: ", link])
    body = [[str(p) for p in line] for line in lines]
    return Message("weekly", f"weekly:{a['week_end']}:review",
                   [f"M31 weekly review ready: week ending {a['week_end']} ({a['status'].upper()})"], lines,
                   signature=repr(body), attachment=attachment)


def overdue(items: list[dict], handles: dict, today: str) -> list[Message]:
    """Postmortems not yet complete, and open action items, whose due day has passed."""
    return [Message("postmortem_overdue", f"postmortem_overdue:{i['id']}",
                    [f"M31 overdue {i['what']}: ", Text(i["id"])],
                    [[f"{i['what'].capitalize()} ", Text(i["id"]), " was due ", Text(i["due"]),
                      f" and is still open ({today}). Owner ", *owner_parts(i.get("owner"), handles)]]
                    + ([["Draft: ", i["path"]]] if i.get("path") else []),
                    signature=f"{i['due']}") for i in items]


def test_message() -> Message:
    return Message("test", "test", ["M31 test notification"],
                   [["This is a test from m31 notify test: this target is wired up."]], signature="test")
