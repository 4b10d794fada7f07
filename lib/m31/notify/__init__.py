"""Notifications: the review reaches the people on call (docs/notifications.md).

config.py reads config/notify.toml (absent: nothing is sent), messages.py words each kind of
notification, state.py makes sure each is sent once (again only when it changes) and logs
every attempt; this module delivers them through apprise, one target at a time. Delivery never
decides an exit status and never touches an artifact: a failure is one line on stderr and a
line in the delivery log, and is retried on the next run."""
from __future__ import annotations

import logging
import sys
from dataclasses import dataclass
from pathlib import Path

from . import messages
from .config import NotifyConfig, Target, load_notify
from .messages import Message, render
from .state import locked

__all__ = ["Outcome", "load_notify", "messages", "send", "test_targets"]

# Targets that render Markdown (Slack-compatible chat): untrusted text is escaped for it.
MARKDOWN_SCHEMES = {"mmost", "mmosts", "slack", "discord", "msteams", "tgram", "rocket", "rockets", "matrix",
                    "matrixs", "zulip", "gchat", "guilded", "ntfy", "ntfys", "revolt", "teams"}


@dataclass
class Outcome:
    target: str
    key: str
    outcome: str          # sent | unchanged | failed | recorded | dry-run
    error: str | None = None


def target_format(t: Target) -> str:
    return "markdown" if t.url.split("://", 1)[0].lower() in MARKDOWN_SCHEMES else "text"


def send(msgs: list[Message], config: NotifyConfig, dry_run: bool = False) -> list[Outcome]:
    """Deliver each message to the targets that take its kind, unless that target already has
    this version of it. `dry_run`: print what would be sent, send nothing, change nothing."""
    if not config.enabled or not msgs:
        return []
    if dry_run:
        return _dry_run(msgs, config)
    out = []
    with locked(Path(config.state_dir)) as state:
        for m in msgs:
            for t in config.targets_for(m.kind):
                digest = m.digest()
                if m.kind != "test" and state.already(t.name, m.key, digest):
                    out.append(Outcome(t.name, m.key, "unchanged"))
                    continue
                if m.extra.get("silent"):  # a state worth remembering, not worth a message
                    state.record(t.name, m.key, digest)
                    out.append(Outcome(t.name, m.key, "recorded"))
                    continue
                ok, error = deliver(t, m, config)
                if ok:
                    state.record(t.name, m.key, digest)
                    state.log(t.name, m.key, "sent")
                    out.append(Outcome(t.name, m.key, "sent"))
                else:
                    state.log(t.name, m.key, "failed", error)
                    print(f"m31: notification {m.key} to {t.name} failed ({error}); it is retried on the next run",
                          file=sys.stderr)
                    out.append(Outcome(t.name, m.key, "failed", error))
    return out


def deliver(t: Target, m: Message, config: NotifyConfig) -> tuple[bool, str | None]:
    import apprise

    title, body = render(m, target_format(t))
    try:
        url = t.expanded()
    except KeyError as missing:
        return False, f"environment variable {missing.args[0]} is not set"
    a = apprise.Apprise()
    if not a.add(url):
        return False, "apprise does not understand this URL"
    attach = None
    if t.attach and m.attachment and Path(m.attachment).is_file():
        attach = apprise.AppriseAttachment(m.attachment)
    with apprise.LogCapture(level=logging.WARNING) as logs:
        try:
            ok = bool(a.notify(body=body, title=title, body_format=apprise.NotifyFormat.TEXT, attach=attach))
        except Exception as exc:  # noqa: BLE001 - a plugin's bug is a failed delivery, not a failed check
            ok, logs_text = False, f"{type(exc).__name__}: {exc}"
        else:
            logs_text = logs.getvalue()
    if ok:
        return True, None
    lines = [line.split(" - ", 2)[-1] for line in logs_text.strip().splitlines() if line.strip()]
    return False, config.scrub(lines[-1] if lines else "delivery failed")[:300]


def _dry_run(msgs: list[Message], config: NotifyConfig) -> list[Outcome]:
    out = []
    for m in msgs:
        for t in config.targets_for(m.kind):
            title, body = render(m, target_format(t))
            print(f"--- would send {m.key} to {t.name} ({t.url}):\n{title}\n{body}")
            out.append(Outcome(t.name, m.key, "dry-run"))
    return out


def test_targets(config: NotifyConfig, dry_run: bool = False) -> list[Outcome]:
    return send([messages.test_message()], config, dry_run=dry_run)


def safely(fn, *args, **kwargs) -> list[Outcome]:
    """Run a notification step after a command's own work: any failure is one line on stderr,
    never a changed exit status or a lost artifact."""
    try:
        return fn(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - see above
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        print(f"m31: notifications not sent: {first}", file=sys.stderr)
        return []
