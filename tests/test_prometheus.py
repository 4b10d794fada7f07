"""The exporter, the rules and the dashboard against the real programs (Debian's prometheus and
prometheus-alertmanager, which .ci/run installs): promtool checks the metrics and the rules and
runs the rules' unit tests; a real Prometheus scrapes the exporter on 127.0.0.1 and evaluates
the rules, a real Alertmanager routes what fires to a local webhook receiver, and every PromQL
expression of the Grafana dashboard is run against that Prometheus. Every process is started
and stopped here, on loopback ports."""
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import yaml

from m31.metrics import dashboard, openslo
from m31.policy import PROJECT_ROOT

from conftest import make_m30, write_log
from helpers import all_cycles, order, preflight

TOOLS = {name: shutil.which(name) for name in ("promtool", "prometheus", "prometheus-alertmanager")}
# CI sets M31_REQUIRE_PROMETHEUS=1 (and installs the Debian packages): there a missing program fails.
needs_prometheus = pytest.mark.skipif(
    not all(TOOLS.values()) and not os.environ.get("M31_REQUIRE_PROMETHEUS"),
    reason="Debian's prometheus and prometheus-alertmanager are not installed; CI installs them")
HERE = Path(__file__).parent


def m31(*args, **kw):
    return subprocess.run([sys.executable, "-m", "m31.cli", *args], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, timeout=300, **kw)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def flags(m30, log):
    return ["--event-log-path", str(log), "--policy-report-dir", m30["policy_report_dir"],
            "--signoff-report-dir", m30["signoff_report_dir"], "--oncall", m30["oncall_path"]]


@pytest.fixture
def day(tmp_path):
    """2026-03-04 up to 10:00, clean; go-live that morning, so the budget policy is normal."""
    m30 = make_m30(tmp_path, day="2026-03-04")
    submissions = [order(f"09:{10 + k:02d}:00", f"o-{k}", f"i-{k}", latency=70.0 + 5 * k) for k in range(10)]
    log = write_log(tmp_path / "events.jsonl", [preflight()] + all_cycles(n=60) + submissions)
    return m30, log


@needs_prometheus
def test_promtool_accepts_the_metrics(tmp_path, day):
    m30, log = day
    out = tmp_path / "m31.prom"
    done = m31("exporter", *flags(m30, log), "--day", "2026-03-04", "--as-of", "10:00", "--textfile", str(out))
    assert done.returncode == 0, done.stderr
    check = subprocess.run([TOOLS["promtool"], "check", "metrics"], input=out.read_text(), capture_output=True,
                           text=True, timeout=60)
    assert check.returncode == 0, check.stdout + check.stderr
    text = out.read_text()
    assert 'm31_slots_total{outcome="ok"} 60.0' in text and "m31_slots_due 60.0" in text
    assert 'm31_safety_floor_violations_total{check="duplicate_execution"} 0.0' in text
    assert "m31_budget_policy_freeze 0.0" in text and "m31_session_open 1.0" in text
    assert 'm31_submission_latency_seconds_bucket{le="0.1"} 7.0' in text  # 70..100 ms of 70..115


@needs_prometheus
def test_promtool_checks_the_rules_and_their_unit_tests_pass(tmp_path):
    done = m31("rules", "--out", str(tmp_path / "m31-rules.yml"))
    assert done.returncode == 0, done.stderr
    check = subprocess.run([TOOLS["promtool"], "check", "rules", str(tmp_path / "m31-rules.yml")],
                           capture_output=True, text=True, timeout=60)
    assert check.returncode == 0 and "SUCCESS: 11 rules found" in check.stdout, check.stdout + check.stderr
    shutil.copy(HERE / "prometheus" / "m31-rules.test.yml", tmp_path)
    unit = subprocess.run([TOOLS["promtool"], "test", "rules", str(tmp_path / "m31-rules.test.yml")],
                          capture_output=True, text=True, timeout=120)
    assert unit.returncode == 0, unit.stdout + unit.stderr
    alerts = {r["alert"] for g in __import__("yaml").safe_load((tmp_path / "m31-rules.yml").read_text())["groups"]
              for r in g["rules"] if "alert" in r}
    tested = (HERE / "prometheus" / "m31-rules.test.yml").read_text()
    assert {a for a in alerts if f"alertname: {a}" not in tested} == set(), "every alert has a unit test"


def test_the_committed_dashboard_is_the_generated_one():
    committed = (PROJECT_ROOT / "config" / "grafana" / "m31-dashboard.json").read_text()
    assert committed == dashboard.to_json(dashboard.dashboard())


class Webhook:
    def __init__(self):
        self.alerts = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                outer.alerts += body.get("alerts", [])
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def names(self, status="firing"):
        return {a["labels"]["alertname"] for a in self.alerts if a["status"] == status}


def _real_clock_env() -> dict:
    """The Go programs run on the machine's own clock: libfaketime (CI moves the suite's clock
    with it) does not keep a Go runtime's timers consistent. The exporter's figures do not depend
    on the clock here (--day and --as-of are given), and Prometheus stamps its own samples."""
    return {k: v for k, v in os.environ.items() if k != "LD_PRELOAD" and not k.startswith("FAKETIME")}


def _wait(what, fn, timeout=90, step=0.5):
    deadline = time.time() + timeout
    while time.time() < deadline:
        got = fn()
        if got:
            return got
        time.sleep(step)
    pytest.fail(f"timed out waiting for {what}")


def _query(base, expr):
    import requests

    r = requests.get(f"{base}/api/v1/query", params={"query": expr}, timeout=10)
    return r.json()


@needs_prometheus
@pytest.mark.e2e
def test_a_safety_breach_reaches_the_receiver_through_prometheus_and_alertmanager(tmp_path, day):
    import requests

    m30, log = day
    hook = Webhook()
    exp_port, prom_port, am_port = free_port(), free_port(), free_port()
    rules = tmp_path / "m31-rules.yml"
    assert m31("rules", "--out", str(rules)).returncode == 0
    (tmp_path / "alertmanager.yml").write_text(f"""
route:
  receiver: desk
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: desk
    webhook_configs:
      - url: http://127.0.0.1:{hook.port}/alerts
        send_resolved: false
""")
    (tmp_path / "prometheus.yml").write_text(f"""
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [{rules}]
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:{am_port}']
scrape_configs:
  - job_name: m31
    scrape_timeout: 1s
    static_configs:
      - targets: ['127.0.0.1:{exp_port}']
""")
    procs = []
    try:
        procs.append(subprocess.Popen(
            [sys.executable, "-m", "m31.cli", "exporter", *flags(m30, log), "--day", "2026-03-04", "--as-of", "10:00",
             "--port", str(exp_port), "--interval", "0.5"], cwd=PROJECT_ROOT,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True))
        procs.append(subprocess.Popen(
            [TOOLS["prometheus-alertmanager"], f"--config.file={tmp_path / 'alertmanager.yml'}",
             f"--storage.path={tmp_path / 'am'}", f"--web.listen-address=127.0.0.1:{am_port}",
             "--cluster.listen-address="], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_real_clock_env()))
        procs.append(subprocess.Popen(
            [TOOLS["prometheus"], f"--config.file={tmp_path / 'prometheus.yml'}",
             f"--storage.tsdb.path={tmp_path / 'tsdb'}", f"--web.listen-address=127.0.0.1:{prom_port}"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_real_clock_env()))
        base = f"http://127.0.0.1:{prom_port}"

        def scraped():
            try:
                res = _query(base, 'up{job="m31"} == 1')
            except requests.ConnectionError:
                return None
            return res["data"]["result"]
        _wait("the first scrape", scraped)
        _wait("a few scrapes (rates need two)", lambda: len(_query(base, "m31_slots_due[10s]")["data"]["result"][0]
                                                            ["values"]) >= 3 if _query(base, "m31_slots_due[10s]")
              ["data"]["result"] else False)
        # every PromQL expression of the dashboard parses and returns data
        empty = {}
        for expr in dashboard.expressions(dashboard.dashboard()):
            res = _query(base, expr)
            if res.get("status") != "success" or not res["data"]["result"]:
                empty[expr] = res.get("error") or "no data"
        assert empty == {}
        # and so does every SLI query of the OpenSLO export (the latency limit is a bucket bound)
        slo = m31("openslo", "--signoff-report-dir", m30["signoff_report_dir"], "--day", "2026-03-04")
        found = {q: _query(base, q)["data"]["result"] for q in openslo.queries(list(yaml.safe_load_all(slo.stdout)))}
        assert len(found) == 4 and all(found.values()), found
        assert 'le="0.121"' in " ".join(found)
        time.sleep(2)
        assert "M31SafetyFloorBreach" not in hook.names()
        # the breach: one intent submitted as two orders at 09:59
        with open(log, "a", encoding="utf-8") as fh:
            for e in (order("09:59:00", "o-1", "i-1"), order("09:59:01", "o-2", "i-1")):
                fh.write(json.dumps(e) + "\n")
        appended = time.time()
        _wait("the SEV-1 alert at the receiver", lambda: "M31SafetyFloorBreach" in hook.names(), timeout=60)
        took = time.time() - appended
        alert = next(a for a in hook.alerts if a["labels"]["alertname"] == "M31SafetyFloorBreach")
        assert alert["labels"]["check"] == "duplicate_execution" and alert["labels"]["severity"] == "page"
        assert alert["annotations"]["runbook_url"] == "docs/runbooks.md#safety-floor-breach"
        assert took < 30, took
        assert "M31ErrorBudgetBurnFast" not in hook.names() and "M31BudgetPolicyFreeze" not in hook.names()
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        hook.server.shutdown()
