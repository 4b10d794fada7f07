"""The reports where people read them: headless Chromium with the network off, and the weekly
notebook run through a real Jupyter server's kernel API, the way JupyterLab runs it."""
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from m31.policy import PROJECT_ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# CI sets M31_REQUIRE_BROWSER=1 (and installs Debian's chromium): there a missing browser fails.
needs_browser = pytest.mark.skipif(
    not os.path.exists(CHROMIUM) and not os.environ.get("M31_REQUIRE_BROWSER"),
    reason="Debian's chromium is not installed (apt-get install chromium); CI installs it")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def reports(tmp_path_factory, sample):
    """A red daily report with untrusted text (2026-01-22 of the sample month) and the weekly
    review of the same week, made by the commands (which also write the history view,
    site/index.html, beside the report folder)."""
    out = tmp_path_factory.mktemp("site") / "m31_slo_incident"
    args = ["--event-log-path", str(sample / "logs" / "events.jsonl"),
            "--policy-report-dir", str(sample / "reports" / "m30_post_golive"),
            "--signoff-report-dir", str(sample / "reports" / "m30_golive"),
            "--oncall", str(sample / "oncall.toml"), "--report-dir", str(out)]
    done = subprocess.run([sys.executable, "-m", "m31.cli", "weekly", *args, "--week-end", "2026-01-23"],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=900)
    assert done.returncode == 1, done.stderr
    assert "history" not in done.stderr, done.stderr  # the history view was brought up to date
    return out


def _open(page_url: str, screenshot: Path):
    from playwright.sync_api import sync_playwright

    problems, outside = [], []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(offline=True, viewport={"width": 1200, "height": 900})
        page = context.new_page()
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))

        def only_local(route):
            url = route.request.url
            if url.startswith(("file:", "data:")):
                route.continue_()
            else:
                outside.append(url)
                route.abort()
        page.route("**/*", only_local)
        page.goto(page_url, wait_until="load")
        facts = {
            "status": page.locator("#m31-status").inner_text() if page.locator("#m31-status").is_visible() else None,
            "charts": page.eval_on_selector_all(
                "img.m31-chart", "els => els.map(e => [e.alt, e.complete && e.naturalWidth > 0])"),
            "bold_in_tables": page.locator("td b").count(),
            "links": page.eval_on_selector_all("a[href]", "els => els.map(e => e.href)"),
            "scripts": page.locator("script").count(),
            "text": page.inner_text("body"),
        }
        page.screenshot(path=str(screenshot), full_page=True)
        browser.close()
    return facts, problems, outside


@needs_browser
@pytest.mark.e2e
def test_daily_report_renders_offline_in_chromium(reports, tmp_path):
    facts, problems, outside = _open((reports / "2026-01" / "m31_slo_incident_2026-01-22.html").as_uri(),
                                     tmp_path / "daily.png")
    assert problems == [] and outside == []
    assert facts["status"] == "M31 daily check — 2026-01-22 · status RED"
    assert [alt for alt, _ in facts["charts"]] == ["Run-cycle slots", "Latency distribution", "Error budget burn-down"]
    assert all(ok for _, ok in facts["charts"]), "every chart image decoded and has a size"
    assert facts["scripts"] == 0
    # the incident summary holds <b> and |: it shows as text, never as markup
    assert facts["bold_in_tables"] == 0 and "<b>" in facts["text"]


@needs_browser
@pytest.mark.e2e
def test_weekly_report_renders_offline_in_chromium(reports, tmp_path):
    facts, problems, outside = _open((reports / "2026-01" / "m31_weekly_review_2026-01-23.html").as_uri(),
                                     tmp_path / "weekly.png")
    assert problems == [] and outside == []
    assert facts["status"] == "M31 weekly incident review — week ending 2026-01-23 · status RED"
    assert [alt for alt, _ in facts["charts"]] == ["Status strip", "Incident timeline", "Error budget by day"]
    assert all(ok for _, ok in facts["charts"])
    assert "investigate" in facts["text"] and facts["scripts"] == 0


@needs_browser
@pytest.mark.e2e
def test_history_page_links_resolve_and_charts_render_offline(reports, tmp_path):
    from urllib.parse import unquote, urlparse

    site = reports.parent
    facts, problems, outside = _open((site / "index.html").as_uri(), tmp_path / "history.png")
    assert problems == [] and outside == [] and facts["scripts"] == 0
    assert facts["status"].startswith("M31 history — 2026-01-19 .. 2026-01-23")
    days = [u for u in facts["links"] if "m31_slo_incident_" in u]
    assert len(days) == 5  # every reviewed day links to its HTML report
    missing = [u for u in facts["links"] if not (u.startswith("file:") and Path(unquote(urlparse(u).path)).is_file())]
    assert missing == []
    # no bad cycle in that week: no failure-class chart; the other three render
    assert [ok for _, ok in facts["charts"]] == [True, True, True]
    assert "Releases:" in facts["text"] and "2026-01-20" in facts["text"]


# ---------------------------------------------------------------------------- a Jupyter server

def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _serve(tmp_path, module: str, *extra: str):
    port, token = _free_port(), secrets.token_hex(16)
    env = {**os.environ, "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"), "JUPYTER_CONFIG_DIR": str(tmp_path / "cfg")}
    proc = subprocess.Popen(
        [sys.executable, "-m", module, *extra, "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         f"--IdentityProvider.token={token}", "--ServerApp.open_browser=False", "--allow-root",
         f"--ServerApp.root_dir={PROJECT_ROOT / 'notebooks'}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    import requests
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            if requests.get(f"{base}/api/status", params={"token": token}, timeout=1).ok:
                break
        except requests.ConnectionError:
            time.sleep(0.25)
    else:
        proc.kill()
        pytest.fail("the Jupyter server did not start")
    return proc, base, token


@pytest.fixture
def jupyter_server(tmp_path):
    proc, base, token = _serve(tmp_path, "jupyter_server")
    yield base, token
    proc.terminate()
    proc.wait(timeout=30)


@pytest.mark.e2e
def test_jupyterlab_never_asks_to_fetch_news_nor_checks_for_updates(tmp_path):
    """make lab's JupyterLab, with the overrides make setup installs: the announcements plugin's
    settings default to no news and no update check, and the server's news feed is empty."""
    import requests

    proc, base, token = _serve(tmp_path, "jupyterlab", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate")
    try:
        r = requests.get(f"{base}/lab/api/settings/@jupyterlab/apputils-extension:notification",
                         params={"token": token}, timeout=30)
        assert r.ok, r.text
        props = r.json()["schema"]["properties"]
        assert (props["fetchNews"]["default"], props["checkForUpdates"]["default"]) == ("false", False)
        assert requests.get(f"{base}/lab/api/update", params={"token": token}, timeout=30).json() == \
            {"notification": None}
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def _execute(ws, code: str, timeout: float = 300) -> list[dict]:
    msg_id = uuid.uuid4().hex
    ws.send(json.dumps({"header": {"msg_id": msg_id, "msg_type": "execute_request", "username": "test",
                                   "session": "s", "version": "5.3"},
                        "parent_header": {}, "metadata": {}, "channel": "shell",
                        "content": {"code": code, "silent": False, "store_history": True,
                                    "user_expressions": {}, "allow_stdin": False, "stop_on_error": True}}))
    got, deadline = [], time.time() + timeout
    while time.time() < deadline:
        msg = json.loads(ws.recv())
        if msg.get("parent_header", {}).get("msg_id") != msg_id:
            continue
        got.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return got
    raise TimeoutError(code[:60])


@pytest.mark.e2e
def test_weekly_notebook_runs_top_to_bottom_through_the_server_kernel_api(jupyter_server, tmp_path):
    import nbformat
    import requests
    import websocket

    base, token = jupyter_server
    r = requests.post(f"{base}/api/kernels", params={"token": token}, json={"name": "m31"}, timeout=30)
    assert r.status_code == 201, r.text
    kernel_id = r.json()["id"]
    ws = websocket.create_connection(f"{base.replace('http', 'ws')}/api/kernels/{kernel_id}/channels?token={token}",
                                     timeout=300)
    try:
        nb = nbformat.read(PROJECT_ROOT / "notebooks" / "weekly.ipynb", as_version=4)
        errors, artifact = [], None
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            source = cell.source
            if "parameters" in cell.metadata.get("tags", []):
                # the meeting's own choice of week; a fresh report folder so the test reads no stale files
                source += f"\nweek_end = '2026-02-20'\nreport_dir = {str(tmp_path / 'reports')!r}"
            for msg in _execute(ws, source):
                if msg["msg_type"] == "error":
                    errors.append(f"{msg['content']['ename']}: {msg['content']['evalue']}")
                if msg["msg_type"] == "display_data" and "text/x-m31-json" in msg["content"]["data"] \
                        and msg["content"]["metadata"].get("m31") == "artifact":
                    artifact = json.loads(msg["content"]["data"]["text/x-m31-json"])
        assert errors == []
        assert artifact["week_end"] == "2026-02-20"
        assert artifact["window"] == ["2026-02-11", "2026-02-12", "2026-02-13", "2026-02-19", "2026-02-20"]
    finally:
        ws.close()
        requests.delete(f"{base}/api/kernels/{kernel_id}", params={"token": token}, timeout=30)
