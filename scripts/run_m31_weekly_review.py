#!/usr/bin/env python3
"""The weekly incident review of contract section 7 (same as `m31 weekly`); see --help."""
from _venv import run

raise SystemExit(run("weekly_main", "run_m31_weekly_review.py"))
