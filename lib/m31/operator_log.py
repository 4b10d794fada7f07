"""Operators' decisions and incident updates recorded as they happen (m31 intervene, m31
incident): well-formed events appended to the operator log, which the daily check reads with
the runtime's log (ingest.OPERATOR_LOG_NAME beside it)."""
from __future__ import annotations

import json
import os
import uuid
from pathlib import Path

from .clock import now_kst
from .errors import InputError
from .policy import Policy
from .timefmt import parse_instant, rfc3339

DEFAULT_OPERATOR_LOG = "data/logs/operator-events.jsonl"
INCIDENT_STATES = {"open": "opened", "update": "updated", "mitigate": "mitigated", "resolve": "resolved"}


def append(path: str | os.PathLike, event: dict) -> dict:
    """One whole line in one write(2) on an O_APPEND descriptor, then fsync: a crash leaves the
    line or nothing, and concurrent writers never interleave inside a line."""
    line = (json.dumps(event, ensure_ascii=False, separators=(", ", ": ")) + "\n").encode("utf-8")
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    except OSError as exc:
        raise InputError(path, f"cannot open the operator log ({exc.strerror or exc})") from None
    try:
        written = os.write(fd, line)
        if written != len(line):
            raise InputError(path, "short write to the operator log")
        os.fsync(fd)
    except OSError as exc:
        raise InputError(path, f"cannot append to the operator log ({exc.strerror or exc})") from None
    finally:
        os.close(fd)
    return event


def _envelope(event_type: str, operator: str | None, at=None) -> dict:
    ev = {"ts": rfc3339(at or now_kst()), "event_type": event_type, "event_id": f"op-{uuid.uuid4().hex}"}
    if operator:
        ev["operator"] = operator
    return ev


def intervention(policy: Policy, action: str, reason_code: str, operator: str, incident_id: str | None = None,
                 note: str | None = None, at=None) -> dict:
    if action not in policy.actions:
        raise InputError("--action", f"unknown action {action!r}; one of: {', '.join(policy.actions)}")
    if reason_code not in policy.reason_codes:
        raise InputError("--reason-code", f"unknown reason code {reason_code!r}; one of: {', '.join(policy.reason_codes)}")
    if not operator or not operator.strip():
        raise InputError("--operator", "required: who decided")
    ev = {**_envelope("intervention", operator, at), "action": action, "reason_code": reason_code}
    if incident_id:
        ev["incident_id"] = incident_id
    if note:
        ev["note"] = note
    return ev


def incident(policy: Policy, verb: str, incident_id: str, failure_class: str | None, severity: str | None,
             summary: str | None, operator: str | None = None, alert_ids: list[str] | None = None,
             impacted_scope: str | None = None, at=None) -> dict:
    state = INCIDENT_STATES[verb]
    if not incident_id or not incident_id.strip():
        raise InputError("--incident-id", "required")
    if verb == "open" and not severity:
        raise InputError("--severity", f"required when opening an incident; one of: {', '.join(policy.ladder)}")
    if severity and severity not in policy.ladder:
        raise InputError("--severity", f"unknown severity {severity!r}; one of: {', '.join(policy.ladder)}")
    if not failure_class:
        raise InputError("--failure-class", f"required; one of: {', '.join(policy.failure_classes)}")
    if failure_class not in policy.failure_classes:
        raise InputError("--failure-class", f"unknown failure class {failure_class!r}; one of: "
                                            f"{', '.join(policy.failure_classes)}")
    ev = {**_envelope("incident", operator, at), "incident_id": incident_id, "state": state,
          "failure_class": failure_class, "summary": summary or state}
    if severity:
        ev["severity"] = severity
    if alert_ids:
        ev["alert_ids"] = alert_ids
    if impacted_scope:
        ev["impacted_scope"] = impacted_scope
    return ev


def maintenance(policy: Policy, start: str, end: str, reason_code: str, operator: str, note: str | None = None,
                maintenance_id: str | None = None, at=None) -> dict:
    """A planned-maintenance window (contract 1.1 section 8), refused unless it can exclude slots:
    start and end RFC 3339 with an offset, end after start, reason code PLANNED_MAINTENANCE."""
    begins, ends = parse_instant(start, "--start"), parse_instant(end, "--end")
    if ends <= begins:
        raise InputError("--end", f"must be after --start ({end} is not after {start})")
    if reason_code not in policy.reason_codes:
        raise InputError("--reason-code", f"unknown reason code {reason_code!r}; one of: {', '.join(policy.reason_codes)}")
    if reason_code != "PLANNED_MAINTENANCE":
        raise InputError("--reason-code", f"{reason_code} excludes no slot: planned maintenance is PLANNED_MAINTENANCE")
    if not operator or not operator.strip():
        raise InputError("--operator", "required: who declares the window")
    if maintenance_id is not None and not maintenance_id.strip():
        raise InputError("--maintenance-id", "must not be empty")
    ev = _envelope("maintenance", None, at)
    ev.update({"maintenance_id": maintenance_id or f"MW-{begins:%Y%m%d}-{uuid.uuid4().hex[:6]}",
               "start": rfc3339(begins), "end": rfc3339(ends), "reason_code": reason_code, "operator": operator})
    if note:
        ev["note"] = note
    return ev
