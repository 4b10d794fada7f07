"""Where the workbook keeps derived data it can always rebuild (XKRX sessions, the event cache)."""
from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """$M31_CACHE_DIR, else $XDG_CACHE_HOME/m31, else ~/.cache/m31."""
    return Path(os.environ.get("M31_CACHE_DIR") or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
                / "m31")
