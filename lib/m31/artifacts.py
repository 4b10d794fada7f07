"""Artifact names, canonical JSON, and writes that are never left half-done."""
from __future__ import annotations

import json
import os
import re
import tempfile
from pathlib import Path

from .errors import InputError

# A text mimetype of our own: nbformat would re-sort the keys of an application/json output.
ARTIFACT_MIME = "text/x-m31-json"


def daily_stem(day: str, as_of=None) -> str:
    """The final check's name, or an intraday run's, which never replaces the final one."""
    if as_of is None:
        return f"m31_slo_incident_{day}"
    return f"m31_slo_incident_{day}_asof_{as_of.strftime('%H%M%S')}"


def weekly_stem(week_end: str) -> str:
    return f"m31_weekly_review_{week_end}"


def companion(stem: str, suffix: str) -> str:
    """Where a run's file lives, relative to its report folder: the seed's artifacts (.json,
    .md) at the top; the rest (.html, the executed .ipynb, PNG charts) in one folder per month
    (docs/architecture.md), so a year of sessions is not thousands of files in one folder. A
    stem without a day (the history's `index`) keeps everything at the top."""
    folder = companion_folder(stem)
    if suffix in (".json", ".md") or folder is None:
        return f"{stem}{suffix}"
    return f"{folder}/{stem}{suffix}"


def companion_folder(stem: str) -> str | None:
    """The month folder (YYYY-MM) of a run's stem: the month of its day or week-end."""
    m = _STEM_DAY.search(stem)
    return m[1] if m else None


_STEM_DAY = re.compile(r"(\d{4}-\d{2})-\d{2}")


def to_json(artifact: dict) -> str:
    """Canonical text: the same artifact always gives the same bytes."""
    return json.dumps(artifact, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def display_path(path: str | os.PathLike) -> str:
    """A path as shown in artifacts: relative to the working directory when inside it."""
    text = os.fspath(path)
    if not os.path.isabs(text):
        return text
    try:
        rel = os.path.relpath(text)
    except ValueError:
        return text
    return text if rel.startswith("..") else rel


def read_artifact(path: Path, what: str, schema_version: str) -> dict | None:
    """A JSON file the workbook wrote earlier (a daily artifact, a decisions file), checked for
    its schema; None when there is none yet."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(path, f"unreadable {what} ({str(exc).splitlines()[0]})") from None
    if not isinstance(data, dict) or data.get("schema_version") != schema_version:
        raise InputError(path, f"not a {schema_version} {what}")
    return data


def ensure_dir(folder: str | os.PathLike) -> Path:
    folder = Path(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(folder, f"cannot create report folder ({exc.strerror or exc})") from None
    if not os.access(folder, os.W_OK):
        raise InputError(folder, "report folder is not writable")
    return folder


def write_atomic(path: str | os.PathLike, data: str | bytes) -> None:
    """Write to a temporary name in the same folder, fsync, then rename over `path`."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    # the pid in the name lets a later run sweep what a killed one left (execute.sweep_stale)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.pid{os.getpid()}.", suffix=".tmp")
    try:
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; reports are meant to be read by the team
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def publish(staging: Path, target: Path, names: list[str]) -> None:
    """Move finished files from a staging folder into place, one atomic rename each (files of
    a staged subfolder, such as the workbench tables, go into the same subfolder of the target).
    The JSON artifact goes last: its presence means the rest of the run is in place."""
    ordered = sorted(names, key=lambda n: (n.endswith(".json"), n))
    for name in ordered:
        src = staging / name
        if src.is_dir():
            for path in sorted(p for p in src.rglob("*") if p.is_file()):
                dest = target / path.relative_to(staging)
                dest.parent.mkdir(parents=True, exist_ok=True)
                os.chmod(path, 0o644)
                os.replace(path, dest)
            continue
        os.replace(src, target / name)
