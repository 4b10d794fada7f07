"""Shared by the seed's scripts: run in the project's .venv (even when started with another
python3), then hand over to an entry point of m31.cli."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A venv keeps its interpreter in bin/ on POSIX and in Scripts\ on Windows.
VENV_PY = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def run(entry: str, prog: str) -> int:
    if VENV_PY.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        argv = [str(VENV_PY), sys.argv[0], *sys.argv[1:]]
        if os.name == "nt":  # Windows has no exec: os.execv would return before the child's exit status
            return subprocess.call(argv)
        os.execv(str(VENV_PY), argv)
    sys.path.insert(0, str(ROOT / "lib"))
    try:
        from m31 import cli
    except ImportError as exc:
        print(f"m31: error: the project environment is missing ({exc}); run `make setup` first", file=sys.stderr)
        return 2
    cli.finish(getattr(cli, entry)(prog=prog))
