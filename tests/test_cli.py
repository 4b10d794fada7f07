"""Every command explains itself: --help exits 0 and shows an example."""
import subprocess
import sys

import pytest

from m31.policy import PROJECT_ROOT


@pytest.mark.parametrize("command", [[], ["daily"], ["weekly"], ["postmortem"], ["sql"], ["simulate"], ["ingest"],
                                     ["demo"]])
def test_help_has_an_example(command):
    done = subprocess.run([sys.executable, "-m", "m31.cli", *command, "--help"], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, timeout=60)
    assert done.returncode == 0 and done.stderr == ""
    assert "example" in done.stdout.lower(), done.stdout


def test_unknown_command_is_one_line_and_exit_2():
    done = subprocess.run([sys.executable, "-m", "m31.cli", "frobnicate"], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().splitlines()[-1].startswith("m31: error:")


def test_an_unexpected_failure_is_still_one_line_and_exit_2(capsys, monkeypatch):
    from m31.cli.common import guard as _guard

    def bug():
        raise RuntimeError("boom\nsecond line")

    monkeypatch.delenv("M31_DEBUG", raising=False)
    assert _guard(bug) == 2
    err = capsys.readouterr().err
    assert err == "m31: error: RuntimeError: boom (set M31_DEBUG=1 for details)\n"
    monkeypatch.setenv("M31_DEBUG", "1")
    with pytest.raises(RuntimeError):
        _guard(bug)
