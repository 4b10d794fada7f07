#!/usr/bin/env python3
"""The seed's daily M31-1 stabilization check (same as `m31 daily`); see --help."""
from _venv import run

raise SystemExit(run("daily_main", "run_m31_slo_incident_review_check.py"))
