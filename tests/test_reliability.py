"""Faults an operator may meet during an incident: two runs at once, a run killed mid-way, a
full or read-only disk, hostile arguments and hostile text in the log (docs/reliability.md)."""
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from m31.policy import PROJECT_ROOT

from conftest import write_log
from helpers import all_cycles, incident, intervention, order, preflight

SCRIPT = PROJECT_ROOT / "scripts" / "run_m31_slo_incident_review_check.py"


def args_for(m30, log, report_dir, day="2026-03-04"):
    return ["--event-log-path", str(log), "--policy-report-dir", m30["policy_report_dir"],
            "--signoff-report-dir", m30["signoff_report_dir"], "--oncall", m30["oncall_path"],
            "--report-dir", str(report_dir), "--day", day]


def start(args):
    return subprocess.Popen([sys.executable, str(SCRIPT), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=PROJECT_ROOT)


@pytest.fixture
def day_log(tmp_path):
    return write_log(tmp_path / "events.jsonl", [preflight()] + all_cycles(skip={3, 4, 5, 6, 7}))


@pytest.mark.e2e
def test_two_runs_of_the_same_day_at_once_both_finish_with_valid_artifacts(tmp_path, m30, day_log):
    reports = tmp_path / "reports"
    runs = [start(args_for(m30, day_log, reports)) for _ in range(2)]
    outs = [r.communicate(timeout=300) for r in runs]
    assert [r.returncode for r in runs] == [1, 1], [o[1] for o in outs]
    assert all(err == "" for _, err in outs)
    artifact = json.loads((reports / "m31_slo_incident_2026-03-04.json").read_text())
    assert artifact["slo"]["availability"]["missed"] == 5
    assert not [p.name for p in reports.iterdir() if p.name.startswith(".")]


@pytest.mark.e2e
def test_a_run_killed_at_any_moment_leaves_the_previous_artifact_or_a_whole_new_one(tmp_path, m30, day_log):
    reports = tmp_path / "reports"
    first = start(args_for(m30, day_log, reports))
    assert first.wait(timeout=300) == 1
    artifact = reports / "m31_slo_incident_2026-03-04.json"
    previous = artifact.read_bytes()
    # the next day's log says something else: a finished rerun would change the artifact
    write_log(day_log, [preflight()] + all_cycles(skip={3}))
    for delay in (0.3, 1.5, 3.0, 4.5, 6.0, 7.5, 9.0):
        run = start(args_for(m30, day_log, reports))
        time.sleep(delay)
        run.send_signal(signal.SIGKILL)
        run.wait(timeout=60)
        _kill_orphan_kernels(run.pid)
        now = artifact.read_bytes()
        assert now == previous or json.loads(now)["slo"]["availability"]["missed"] == 1, delay
        for p in reports.glob("*.json"):
            json.loads(p.read_text())  # every JSON there is whole
    done = start(args_for(m30, day_log, reports))
    assert done.wait(timeout=300) == 0
    assert json.loads(artifact.read_text())["slo"]["availability"]["missed"] == 1
    leftovers = [p.name for p in reports.iterdir() if p.name.startswith(".")]
    assert leftovers == [], "the next run swept what the killed ones left"


def test_the_kernel_talks_over_unix_sockets_of_its_own_and_a_killed_runs_folder_is_swept():
    """Two runs at once once lost a kernel to "Address already in use": jupyter_client picks TCP
    ports by binding and releasing them, so two processes can pick the same one. Sockets in a
    folder of the run's own cannot meet."""
    from jupyter_client.blocking import BlockingKernelClient

    from m31.execute import SOCKETS_PREFIX, Kernel

    gone = subprocess.Popen(["true"])
    gone.wait()
    stale = Path(tempfile.gettempdir()) / f"{SOCKETS_PREFIX}{gone.pid}-left"
    stale.mkdir()
    (stale / "k-1").write_text("")
    with Kernel() as kernel:
        info = kernel.km.get_connection_info()
        assert info["transport"] == "ipc"
        folder = Path(info["ip"]).parent
        assert folder.name.startswith(f"{SOCKETS_PREFIX}{os.getpid()}-")
        client = BlockingKernelClient()
        client.load_connection_info(info)
        client.start_channels()
        try:
            client.wait_for_ready(timeout=120)
        finally:
            client.stop_channels()
        sockets = sorted(p.name for p in folder.iterdir() if p.is_socket())
        assert len(sockets) == 5, sockets  # shell, iopub, stdin, control, heartbeat
        assert not stale.exists()
    assert not folder.exists()


def _kill_orphan_kernels(parent_pid):
    """A SIGKILLed run cannot stop its kernel; stop kernels it started so the test leaves none."""
    out = subprocess.run(["ps", "-eo", "pid,ppid,args"], capture_output=True, text=True).stdout
    for line in out.splitlines()[1:]:
        pid, ppid, cmd = line.split(None, 2)
        if "ipykernel_launcher" in cmd and int(ppid) in (1, parent_pid):
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass


def _mount_tmpfs(path, options):
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.decode().strip()})")
    return path


@pytest.mark.e2e
@pytest.mark.parametrize("options, fragment", [("size=128k", "No space left on device"),
                                               ("ro,size=128k", "report folder is not writable")])
def test_a_full_or_read_only_report_disk_is_exit_2_with_one_line(tmp_path, m30, day_log, options, fragment):
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs needs root")
    mnt = _mount_tmpfs(tmp_path / "disk", options)
    try:
        done = subprocess.run([sys.executable, str(SCRIPT), *args_for(m30, day_log, mnt)], capture_output=True,
                              text=True, cwd=PROJECT_ROOT, timeout=300)
        assert done.returncode == 2, done.stderr
        assert done.stderr.count("\n") == 1 and fragment in done.stderr and "Traceback" not in done.stderr
        assert not list(mnt.glob("*.json"))
    finally:
        subprocess.run(["umount", str(mnt)], check=False)


@pytest.mark.parametrize("day", ["../x", "2026-02-30", "2026-3-4", "2026-03-04/../../etc", "", "20260304"])
def test_bad_days_are_exit_2_and_write_nothing(tmp_path, m30, day_log, day):
    reports = tmp_path / "reports"
    done = subprocess.run([sys.executable, str(SCRIPT), *args_for(m30, day_log, reports, day=day)],
                          capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)
    assert done.returncode == 2 and done.stderr.count("\n") == 1 and "--day" in done.stderr
    assert not reports.exists()


@pytest.mark.e2e
def test_paths_with_quotes_and_spaces_work(tmp_path, m30, day_log):
    odd = tmp_path / "it's a \"report\" dir"
    log = odd / "log dir" / "events 'today'.jsonl"
    log.parent.mkdir(parents=True)
    shutil.copy(day_log, log)
    done = subprocess.run([sys.executable, str(SCRIPT), *args_for(m30, log, odd / "out put")], capture_output=True,
                          text=True, cwd=PROJECT_ROOT, timeout=300)
    assert done.returncode == 1, done.stderr
    assert (odd / "out put" / "m31_slo_incident_2026-03-04.md").exists()
    sql = subprocess.run([sys.executable, "-m", "m31.cli", "sql", "--report-dir", str(odd / "out put"),
                          "SELECT missed FROM daily_slo"], capture_output=True, text=True, cwd=PROJECT_ROOT)
    assert sql.returncode == 0 and sql.stdout.splitlines()[2].strip() == "5"


EVIL = ("x | y\nnew line `code` <script>alert(1)</script> [link](http://evil.example) "
        "![img](http://evil.example/i.png) <img src=x onerror=alert(2)> ** __ # \u202egnp.exe\u202c "
        "שלום 🚨 " + "long " * 200)


class _Tags(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


@pytest.mark.e2e
def test_untrusted_text_comes_out_as_text(tmp_path, m30):
    log = write_log(tmp_path / "events.jsonl", [preflight()] + all_cycles() + [
        order("10:00:00", "o1", "i1"), order("10:00:01", "o2", "i1"),  # a duplicate execution: a SEV-1
        incident("10:01:00", "INC-<b>1</b>|x", "opened", "duplicate_execution", severity="SEV-2",
                 impacted_scope=EVIL) | {"summary": EVIL},
        intervention("10:02:00", "escalate_primary", "INC-<b>1</b>|x", reason_code="<script>") | {"note": EVIL,
                                                                                                   "operator": EVIL},
    ])
    reports = tmp_path / "reports"
    done = subprocess.run([sys.executable, str(SCRIPT), *args_for(m30, log, reports)], capture_output=True,
                          text=True, cwd=PROJECT_ROOT, timeout=300)
    assert done.returncode == 1, done.stderr
    md = (reports / "m31_slo_incident_2026-03-04.md").read_text()
    assert "<script" not in md and "<img" not in md and "<b>" not in md
    assert not re.search(r"(?<!\\)\]\(http", md) and "\u202e" not in md  # brackets escaped: no link
    table = [line for line in md.splitlines() if line.startswith("| INC-")]
    assert table and all(len(line) < 2000 for line in table)  # long text is cut to one short line
    assert "INC-&lt;b&gt;1&lt;/b&gt;\\|x" in md
    page = (reports / "2026-03" / "m31_slo_incident_2026-03-04.html").read_text()
    parser = _Tags()
    parser.feed(page)
    assert not [t for t, _ in parser.tags if t in ("script", "iframe", "object", "embed")]
    assert all(a.get("class") == "m31-chart" for t, a in parser.tags if t == "img")
    assert not [a for t, a in parser.tags if t == "a" and not a.get("href", "#").startswith("#")]
    assert not [a for t, a in parser.tags if any(k.startswith("on") for k in a)]
    artifact = json.loads((reports / "m31_slo_incident_2026-03-04.json").read_text())
    assert artifact["incidents"][0]["summary"] == EVIL  # the artifact keeps the data as it was
