"""The inputs consumed, never rebuilt: M30 signoff and policy artifacts, and the on-call roster."""
from __future__ import annotations

import bisect
import datetime as dt
import json
import math
import re
import tomllib
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from . import schemas
from .errors import InputError
from .paths import PROJECT_ROOT
from .timefmt import to_kst_naive

DEFAULT_ONCALL_PATH = PROJECT_ROOT / "config" / "oncall.toml"

SIGNOFF_PREFIX = "m30_final_golive_signoff_"
POLICY_PREFIX = "m30_post_golive_policy_"
_NAME_DAY = re.compile(r"^(?P<prefix>.+_)(?P<day>\d{4}-\d{2}-\d{2})\.json$")


@dataclass(frozen=True)
class InputPaths:
    """Where a check's inputs are: the runtime's event log (a file or a glob of rotated files),
    the M30 artifact folders, the on-call roster and the policy (None: config/*.toml). The CLI,
    the notebooks' parameters, the entry points and the tests all pass one of these."""
    event_log_path: str | None
    policy_report_dir: str
    signoff_report_dir: str
    oncall_path: str | None = None
    policy_path: str | None = None

    @classmethod
    def sample(cls, folder: str | Path, event_log_path: str | Path | None = None) -> InputPaths:
        """The layout `m31 simulate` writes (data/sample): logs/, reports/m30_*, oncall.toml."""
        folder = Path(folder)
        return cls(event_log_path=str(event_log_path or folder / "logs" / "events.jsonl"),
                   policy_report_dir=str(folder / "reports" / "m30_post_golive"),
                   signoff_report_dir=str(folder / "reports" / "m30_golive"),
                   oncall_path=str(folder / "oncall.toml"))

    def with_log(self, event_log_path: str | Path) -> InputPaths:
        return replace(self, event_log_path=str(event_log_path))

    def mapped(self, fn) -> InputPaths:
        """Every path passed through fn (None stays None)."""
        return InputPaths(**{k: fn(v) if v is not None else None for k, v in asdict(self).items()})


@dataclass(frozen=True)
class Signoff:
    day: str
    decision: str
    guard_config_hash: str
    latency_p95_baseline_ms: float
    path: str


@dataclass(frozen=True)
class PolicyArtifact:
    day: str
    level: str
    reasons: tuple[str, ...]
    path: str


def _artifacts_on_or_before(folder: str | Path, prefix: str, day: dt.date) -> list[tuple[dt.date, Path]]:
    """Every `<prefix><day>.json` in `folder` with a day on or before `day`, oldest first."""
    folder = Path(folder)
    if not folder.is_dir():
        raise InputError(folder, "folder not found")
    candidates = []
    for entry in folder.iterdir():
        m = _NAME_DAY.match(entry.name)
        if not m or m["prefix"] != prefix:
            continue
        try:
            file_day = dt.date.fromisoformat(m["day"])
        except ValueError:
            continue  # a name that only looks like a day is not an artifact
        if file_day <= day:
            candidates.append((file_day, entry))
    if not candidates:
        raise InputError(folder, f"no {prefix}<day>.json on or before {day.isoformat()}")
    return sorted(candidates)


def _read_artifact(path: Path, file_day: dt.date) -> dict:
    try:
        data = json.loads(path.read_bytes().decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InputError(path, f"unreadable JSON ({_first_line(exc)})") from None
    if not isinstance(data, dict):
        raise InputError(path, "not a JSON object")
    if data.get("day") != file_day.isoformat():
        if "day" not in data:
            raise InputError(path, "missing required field 'day'")
        raise InputError(path, f"field 'day' is {data.get('day')!r}, the file name says {file_day}")
    return data


def _artifact_in_force(folder: str | Path, prefix: str, day: dt.date) -> tuple[Path, dict]:
    """The latest `<prefix><day>.json` in `folder` with a day on or before `day`, parsed."""
    file_day, path = _artifacts_on_or_before(folder, prefix, day)[-1]
    return path, _read_artifact(path, file_day)


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _require(path: Path, data: dict, field: str, kind, choices=None):
    if field not in data:
        raise InputError(path, f"missing required field {field!r}")
    value = data[field]
    ok = isinstance(value, kind) and not isinstance(value, bool)
    if ok and kind is not str and isinstance(value, float) and not math.isfinite(value):
        ok = False
    if not ok:
        raise InputError(path, f"field {field!r} has the wrong type ({type(value).__name__})")
    if choices is not None and value not in choices:
        raise InputError(path, f"field {field!r} is {value!r}, expected one of {', '.join(choices)}")
    return value


def load_signoff(folder: str | Path, day: dt.date) -> Signoff:
    path, data = _artifact_in_force(folder, SIGNOFF_PREFIX, day)
    return _signoff(path, data)


def go_live(folder: str | Path, day: dt.date) -> dt.date | None:
    """Go-live (contract 1.1 section 8): the day of the earliest signoff with decision GO; None
    when no signoff on or before `day` says GO (a later one cannot put `day` in a window). An
    older signoff that cannot be read says nothing about go-live and is passed over: only the
    one in force for `day` is input whose fault stops the check (contract section 3)."""
    for file_day, path in _artifacts_on_or_before(folder, SIGNOFF_PREFIX, day):
        try:
            if _signoff(path, _read_artifact(path, file_day)).decision == "GO":
                return file_day
        except InputError:
            continue
    return None


def _signoff(path: Path, data: dict) -> Signoff:
    baseline = _require(path, data, "latency_p95_baseline_ms", (int, float))
    if baseline <= 0:
        raise InputError(path, "field 'latency_p95_baseline_ms' must be positive")
    return Signoff(
        day=data["day"],
        decision=_require(path, data, "decision", str, ("GO", "NO_GO")),
        guard_config_hash=_require(path, data, "guard_config_hash", str),
        latency_p95_baseline_ms=float(baseline),
        path=str(path),
    )


def load_policy_artifact(folder: str | Path, day: dt.date) -> PolicyArtifact:
    path, data = _artifact_in_force(folder, POLICY_PREFIX, day)
    reasons = _require(path, data, "reasons", list)
    if not all(isinstance(r, str) for r in reasons):
        raise InputError(path, "field 'reasons' must be a list of strings")
    return PolicyArtifact(
        day=data["day"],
        level=_require(path, data, "level", str, ("normal", "watch", "incident")),
        reasons=tuple(reasons),
        path=str(path),
    )


@dataclass(frozen=True)
class Rotation:
    start: dt.datetime  # naive KST
    primary: str
    secondary: str


class Roster:
    """Who is on call when: each rotation holds from its start until the next one's start."""

    def __init__(self, rotations: list[Rotation], path: str, handles: dict[str, str] | None = None):
        self.rotations = sorted(rotations, key=lambda r: r.start)
        self.path = path
        self.handles = handles or {}  # person -> chat handle ([handles] in oncall.toml), for mentions
        self._starts = [r.start for r in self.rotations]

    def at(self, when: dt.datetime) -> Rotation:
        i = bisect.bisect_right(self._starts, when) - 1
        if i < 0:
            raise InputError(self.path, f"roster gap: no rotation in force at {when.isoformat()}+09:00 "
                                        f"(first starts {self._starts[0].isoformat()}+09:00)")
        return self.rotations[i]


def load_roster(path: str | Path | None = None) -> Roster:
    path = Path(path) if path else DEFAULT_ONCALL_PATH
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(path, "on-call roster not found") from None
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(path, f"unreadable roster ({_first_line(exc)})") from None
    # The roster's shape is written once, in schemas/config/oncall.schema.json.
    schemas.check(schemas.toml_as_json(raw), schemas.config_schema_id("oncall"), path, "roster")
    rotations = []
    for n, entry in enumerate(raw["rotation"], 1):
        start = entry["start"]
        if not isinstance(start, dt.datetime):  # the schema sees text; TOML must have said a date-time
            raise InputError(path, f"rotation {n}: start must be a TOML date-time with an offset, not text")
        rotations.append(Rotation(to_kst_naive(start), entry["primary"], entry["secondary"]))
    starts = [r.start for r in rotations]
    if len(set(starts)) != len(starts):
        raise InputError(path, "two rotations share one start")
    return Roster(rotations, str(path), raw.get("handles", {}))
