#!/usr/bin/env python3
"""The weekly incident review of contract section 7 (same as `m31 weekly`); see --help."""
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_PY = ROOT / ".venv" / "bin" / "python"
# Run in the project's environment even when started with another python3.
if VENV_PY.exists() and Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
    os.execv(str(VENV_PY), [str(VENV_PY), __file__, *sys.argv[1:]])
sys.path.insert(0, str(ROOT / "lib"))
try:
    from m31.cli import weekly_main
except ImportError as exc:
    print(f"m31: error: the project environment is missing ({exc}); run `make setup` first", file=sys.stderr)
    raise SystemExit(2)

raise SystemExit(weekly_main(prog="run_m31_weekly_review.py"))
