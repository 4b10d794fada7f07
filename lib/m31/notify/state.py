"""Sent once, never lost: which notification each target has received (state.json, rewritten
atomically under a lock, so two runs never send the same one twice) and every delivery
attempt (deliveries.jsonl, one whole line per attempt)."""
from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from ..artifacts import write_atomic
from ..clock import now_kst
from ..errors import InputError
from ..timefmt import rfc3339


class State:
    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.path = self.folder / "state.json"
        self.sent: dict[str, str] = {}

    def load(self) -> State:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            data = {}
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise InputError(self.path, f"unreadable notification state ({str(exc).splitlines()[0]})") from None
        self.sent = data.get("sent", {}) if isinstance(data, dict) else {}
        return self

    def already(self, target: str, key: str, digest: str) -> bool:
        return self.sent.get(f"{target}|{key}") == digest

    def record(self, target: str, key: str, digest: str) -> None:
        """Remember a delivery at once (a crash after it must not resend)."""
        self.sent[f"{target}|{key}"] = digest
        write_atomic(self.path, json.dumps({"sent": dict(sorted(self.sent.items()))}, indent=1) + "\n")

    def log(self, target: str, key: str, outcome: str, error: str | None = None) -> None:
        line = json.dumps({"ts": rfc3339(now_kst().replace(microsecond=0)), "target": target, "key": key,
                           "outcome": outcome, "error": error}, ensure_ascii=False) + "\n"
        fd = os.open(self.folder / "deliveries.jsonl", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def locked(folder: Path):
    """The state folder, held by this run alone (POSIX advisory lock; elsewhere, no lock)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(folder, f"cannot create the notification state folder ({exc.strerror or exc})") from None
    fd = os.open(folder / ".lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            import fcntl
            fcntl.flock(fd, fcntl.LOCK_EX)
        except ImportError:  # Windows: runs are not expected to overlap there
            pass
        yield State(folder).load()
    finally:
        os.close(fd)
