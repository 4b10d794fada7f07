"""Notifications through apprise to real receivers on loopback ports, started and stopped here:
an HTTP server taking apprise's json:// webhook and Mattermost-style incoming webhooks (mmost://,
the Slack-compatible format), and an SMTP server (aiosmtpd) for email."""
import datetime as dt
import email
import json
import os
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from m31.entrypoints import notify_daily, notify_probe
from m31.policy import PROJECT_ROOT
from m31.sample.m30 import write_roster

from conftest import input_paths, make_m30, write_log
from helpers import all_cycles, incident, intervention, order, preflight

SECRET = "s3cr3t-mm-token-4711"
HOSTILE = "<b>x</b> | *bold* [l](http://evil.example) @channel"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Receiver:
    """An HTTP server on 127.0.0.1 recording every POST: (path, JSON body)."""

    def __init__(self, port=None):
        self.got = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                outer.got.append((self.path, json.loads(body)))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port or 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def json_titles(self, prefix=""):
        return [b["title"] for p, b in self.got if p == "/hook" and b["title"].startswith(prefix)]

    def mattermost(self, prefix=""):
        return [b["text"] for p, b in self.got if p.startswith("/hooks/") and b["text"].startswith(prefix)]


class Mailbox:
    """aiosmtpd on 127.0.0.1: every message received, parsed."""

    def __init__(self):
        from aiosmtpd.controller import Controller

        self.mails = []
        outer = self

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                outer.mails.append(email.message_from_bytes(envelope.content))
                return "250 OK"

        self.port = free_port()
        self.controller = Controller(Handler(), hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def subjects(self):
        return [str(email.header.make_header(email.header.decode_header(m["Subject"]))) for m in self.mails]

    def stop(self):
        self.controller.stop()


@pytest.fixture
def receivers(tmp_path, monkeypatch):
    http, mail = Receiver(), Mailbox()
    config = tmp_path / "notify.toml"
    config.write_text(f"""
state_dir = "{tmp_path / 'notify-state'}"
[[target]]
name = "webhook"
url = "json://127.0.0.1:{http.port}/hook"
[[target]]
name = "desk-chat"
url = "mmost://127.0.0.1:{http.port}/${{M31_TEST_MM_HOOK}}?image=no"
kinds = ["daily", "sev1", "weekly", "postmortem_overdue", "freeze", "test"]
[[target]]
name = "on-call email"
url = "mailto://127.0.0.1:{mail.port}?from=m31@example.org&to=oncall@example.org&mode=insecure"
kinds = ["daily", "sev1", "weekly", "postmortem_overdue"]
attach = true
""", encoding="utf-8")
    monkeypatch.setenv("M31_NOTIFY_CONFIG", str(config))
    monkeypatch.setenv("M31_TEST_MM_HOOK", SECRET)
    yield {"http": http, "mail": mail, "config": config, "state": tmp_path / "notify-state"}
    http.stop()
    mail.stop()


def _m30_with_handles(tmp_path):
    m30 = make_m30(tmp_path)
    write_roster(tmp_path / "oncall.toml", [("2025-12-29T09:00:00+09:00", "ann", "bob"),
                                            ("2026-03-04T12:00:00+09:00", "cat", "dan")])
    with open(tmp_path / "oncall.toml", "a", encoding="utf-8") as fh:
        fh.write('\n[handles]\n"ann" = "@ann.kim"\n"bob" = "@bob.lee"\n')
    return m30


def _daily(m30, log, report_dir, *extra):
    return subprocess.run([sys.executable, "-m", "m31.cli", "daily", "--event-log-path", str(log),
                           "--policy-report-dir", m30["policy_report_dir"], "--signoff-report-dir",
                           m30["signoff_report_dir"], "--oncall", m30["oncall_path"], "--report-dir", str(report_dir),
                           "--day", "2026-03-04", *extra], capture_output=True, text=True, cwd=PROJECT_ROOT,
                          timeout=300)


def _untracked_outage():
    """Five failed slots nobody declared: an AUTO availability incident missing its actions."""
    return [preflight()] + all_cycles(status_for=lambda i: ("error", "broker_timeout") if 100 <= i < 105
                                      else ("ok", None))


@pytest.mark.e2e
def test_the_daily_summary_arrives_once_and_again_when_it_changes(tmp_path, receivers):
    m30 = _m30_with_handles(tmp_path)
    log = write_log(tmp_path / "events.jsonl", _untracked_outage())
    reports = tmp_path / "reports"
    for _ in range(2):
        done = _daily(m30, log, reports)
        assert done.returncode == 1 and done.stderr == "", done.stderr
    http, mail = receivers["http"], receivers["mail"]
    assert http.json_titles("M31 daily") == ["M31 daily 2026-03-04: RED"]
    assert len(http.mattermost("M31 daily")) == 1 and mail.subjects() == ["M31 daily 2026-03-04: RED"]
    # go-live 2025-12-30 and one day of log: the rolling window is spent, said once
    assert http.json_titles("M31 budget policy") == ["M31 budget policy: FREEZE (2026-03-04)"]
    text = http.mattermost("M31 daily")[0]
    assert "AUTO-2026-03-04-availability SEV-2 availability — owner ann (@ann.kim); missing actions: " \
           "escalate\\_primary, mitigation" not in text  # our own words are not escaped...
    assert "owner ann (@ann.kim); missing actions: escalate_primary, mitigation" in text
    assert "SLO: availability 98.72% (385/390 slots)" in text
    body = mail.mails[0]
    assert body.is_multipart() and [p.get_filename() for p in body.walk() if p.get_filename()] == [
        "m31_slo_incident_2026-03-04.md"]  # the Markdown report attached
    # a new intervention changes the missing actions: the summary is news again
    write_log(log, _untracked_outage() + [intervention("11:00:00", "escalate_primary",
                                                       "AUTO-2026-03-04-availability")])
    assert _daily(m30, log, reports).returncode == 1
    assert http.json_titles("M31 daily") == ["M31 daily 2026-03-04: RED"] * 2
    assert "missing actions: mitigation" in http.mattermost("M31 daily")[-1] and len(mail.mails) == 2
    assert len(http.json_titles("M31 budget policy")) == 1
    sent = [json.loads(line) for line in (receivers["state"] / "deliveries.jsonl").read_text().splitlines()]
    assert [(s["target"], s["outcome"]) for s in sent if s["key"].startswith("daily")] == [
        ("webhook", "sent"), ("desk-chat", "sent"), ("on-call email", "sent")] * 2


@pytest.mark.e2e
def test_a_dead_receiver_changes_nothing_and_delivery_succeeds_next_run(tmp_path, receivers):
    m30 = _m30_with_handles(tmp_path)
    log = write_log(tmp_path / "events.jsonl", _untracked_outage())
    dead = free_port()  # nothing listens here yet
    cfg = receivers["config"].read_text().replace(f"json://127.0.0.1:{receivers['http'].port}/hook",
                                                  f"json://127.0.0.1:{dead}/hook")
    receivers["config"].write_text(cfg)
    quiet, loud = tmp_path / "quiet", tmp_path / "loud"
    without = _daily(m30, log, quiet, "--no-notify")
    first = _daily(m30, log, loud)
    assert first.returncode == without.returncode == 1
    assert (loud / "m31_slo_incident_2026-03-04.json").read_bytes() == \
        (quiet / "m31_slo_incident_2026-03-04.json").read_bytes()
    assert "notification daily:2026-03-04:summary to webhook failed" in first.stderr
    assert all(line.startswith("m31: notification ") for line in first.stderr.splitlines())
    late = Receiver(port=dead)
    try:
        second = _daily(m30, log, loud)
        assert second.returncode == 1 and second.stderr == ""
        assert late.json_titles() == ["M31 daily 2026-03-04: RED", "M31 budget policy: FREEZE (2026-03-04)"]
        assert len(receivers["http"].mattermost("M31 daily")) == 1        # the others only once
    finally:
        late.stop()
    outcomes = [json.loads(line)["outcome"] for line in
                (receivers["state"] / "deliveries.jsonl").read_text().splitlines()]
    # run 1: daily to 3 targets, freeze to 2 (webhook failing both); run 2: the webhook gets both
    assert outcomes.count("failed") == 2 and outcomes.count("sent") == 5


@pytest.mark.e2e
def test_no_secret_in_any_output_or_file(tmp_path, receivers):
    m30 = _m30_with_handles(tmp_path)
    log = write_log(tmp_path / "events.jsonl", _untracked_outage())
    outputs = [_daily(m30, log, tmp_path / "reports")]
    for args in (["notify", "test"], ["notify", "test", "--dry-run"]):
        outputs.append(subprocess.run([sys.executable, "-m", "m31.cli", *args], capture_output=True, text=True,
                                      cwd=PROJECT_ROOT, timeout=120))
    assert outputs[1].returncode == 0, outputs[1].stderr
    assert "sent     desk-chat (mmost://127.0.0.1:" in outputs[1].stdout and "${M31_TEST_MM_HOOK}" in outputs[1].stdout
    assert "would send test to desk-chat" in outputs[2].stdout
    for done in outputs:
        assert SECRET not in done.stdout + done.stderr
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
    # the receiver did get it: the secret is in the webhook's path only
    assert any(p == f"/hooks/{SECRET}" for p, _ in receivers["http"].got)


def test_hostile_text_arrives_as_text(tmp_path, receivers):
    m30 = _m30_with_handles(tmp_path)
    events = [preflight()] + all_cycles() + [
        order("10:00:00", "o-1", "i-1", broker_env="mock"),
        incident("10:05:00", HOSTILE, "opened", "mode_leakage", severity="SEV-1")]
    log = write_log(tmp_path / "events.jsonl", events)
    from m31.checks.daily import DailyInputs, run_daily

    a = run_daily(DailyInputs(day="2026-03-04", paths=input_paths(m30, log))).artifact
    outcomes = notify_daily(a, str(tmp_path / "reports"), m30["oncall_path"])
    assert {o.outcome for o in outcomes} == {"sent"}
    chat = receivers["http"].mattermost()[0]
    assert "@channel" not in chat and "@\u200bchannel" in chat           # no channel-wide page
    assert "&lt;b&gt;x&lt;/b&gt; \\| \\*bold\\* \\[l\\](http:\u200b//evil.example)" in chat
    assert "(@ann.kim)" in chat                                          # the owner's own handle stays live
    hook = next(b for p, b in receivers["http"].got if p == "/hook")
    assert "<b>x</b> | *bold*" in hook["message"] and "@channel" not in hook["message"]
    mail = receivers["mail"].mails[0]
    plain = next(p for p in mail.walk() if p.get_content_type() == "text/plain").get_payload(decode=True).decode()
    assert "<b>x</b>" in plain and "@channel" not in plain               # a text/plain mail: inert


def test_probe_notices_arrive_once_each(tmp_path, receivers):
    """SEV-1, budget projected past the close, a SEV-2 mitigation near its deadline, a stale
    log and the budget policy at freeze, each once across repeated probes."""
    m30 = make_m30(tmp_path, day="2026-03-04")
    events = [preflight()] + all_cycles(n=300, skip=set(range(200, 230))) + [
        order("09:30:00", "o-1", "i-1"), order("09:30:01", "o-2", "i-1"),             # duplicate execution
        incident("11:00:00", "INC-B", "opened", "availability", severity="SEV-2"),
        intervention("11:01:00", "escalate_primary", "INC-B")]
    log = write_log(tmp_path / "events.jsonl", events)
    paths = input_paths(m30, log)

    def probe_at(hhmm):
        _, outcomes = notify_probe(paths, dt.date(2026, 3, 4), dt.datetime(2026, 3, 4, *hhmm))
        return sorted((o.key, o.outcome) for o in outcomes if o.target == "webhook")

    first = probe_at((15, 10))   # cycles stop at 13:59: stale; 20 min before the close
    assert first == [("budget_exhausted:2026-03-04:session", "sent"), ("freeze:budget_policy:state", "sent"),
                     ("mitigation_due:2026-03-04:INC-B", "sent"),
                     ("sev1:2026-03-04:AUTO-2026-03-04-duplicate_execution", "sent"),
                     ("stale_log:2026-03-04:log", "sent")]
    assert {outcome for _, outcome in probe_at((15, 12))} == {"unchanged"}
    titles = receivers["http"].json_titles()
    assert len(titles) == 5 and "M31 SEV-1 2026-03-04: duplicate_execution" in titles
    assert len(receivers["http"].mattermost()) == 2  # the chat takes sev1 and freeze only


@pytest.mark.e2e
def test_the_sample_month_as_the_readme_says(sample, tmp_path, receivers):
    """The README's notification section on the sample month: the daily summaries, the SEV-1
    notice of 2026-01-22 (mode leakage), the weekly review and the overdue postmortems, each
    exactly once (every step run twice)."""
    flags = ["--event-log-path", str(sample / "logs" / "events.jsonl"),
             "--policy-report-dir", str(sample / "reports" / "m30_post_golive"),
             "--signoff-report-dir", str(sample / "reports" / "m30_golive"), "--oncall", str(sample / "oncall.toml"),
             "--report-dir", str(tmp_path / "reports" / "m31_slo_incident")]
    steps = [["daily", *flags, "--day", "2026-01-22"],
             ["probe", *flags, "--day", "2026-01-22", "--as-of", "14:10"],
             ["weekly", *flags, "--week-end", "2026-01-23"],
             ["postmortem", *flags, "--week-end", "2026-01-23"],
             ["postmortem", *flags, "--lint"]]
    env = {**os.environ, "M31_NOW": "2026-02-02T18:00:00+09:00"}
    for step in steps:
        for _ in range(2):
            done = subprocess.run([sys.executable, "-m", "m31.cli", *step], capture_output=True, text=True,
                                  cwd=PROJECT_ROOT, timeout=900, env=env)
            assert done.returncode in (0, 1) and "failed" not in done.stderr, (step, done.stderr)
    titles = receivers["http"].json_titles()
    assert titles.count("M31 daily 2026-01-22: RED") == 1
    assert titles.count("M31 SEV-1 2026-01-22: mode_leakage") == 1
    assert titles.count("M31 weekly review ready: week ending 2026-01-23 (RED)") == 1
    overdue = sorted(t for t in titles if t.startswith("M31 overdue postmortem"))
    assert overdue == ["M31 overdue postmortem: AUTO-2026-01-20-duplicate_execution",
                       "M31 overdue postmortem: INC-20260121-01", "M31 overdue postmortem: INC-20260122-01"]
    assert len(titles) == len(set(titles))
