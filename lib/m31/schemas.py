"""The published JSON Schemas (schemas/): each shape is written once, there, and this module
only loads them. Events (schemas/events/), the artifacts by their schema_version
(schemas/artifacts/) and the configuration files after TOML is read (schemas/config/)."""
from __future__ import annotations

import datetime as dt
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .paths import PROJECT_ROOT

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from referencing import Registry

SCHEMAS_DIR = PROJECT_ROOT / "schemas"
ARTIFACTS_DIR = SCHEMAS_DIR / "artifacts"


@cache
def registry() -> Registry:
    """Every schema file under its $id, so a relative $ref finds its neighbour."""
    # jsonschema is imported on first use: a command starts its notebook kernel first.
    from referencing import Registry, Resource

    resources = []
    for path in sorted(SCHEMAS_DIR.rglob("*.schema.json")):
        contents = json.loads(path.read_text(encoding="utf-8"))
        resources.append((contents["$id"], Resource.from_contents(contents)))
    return Registry().with_resources(resources)


def schema(schema_id: str) -> dict:
    return registry().contents(schema_id)


def _published(schema_id: str) -> bool:
    from referencing.exceptions import NoSuchResource

    try:
        registry().contents(schema_id)
    except NoSuchResource:
        return False
    return True


def artifact_schema_id(schema_version: str) -> str:
    """"m31-slo-incident/1" -> the $id of schemas/artifacts/m31-slo-incident.1.schema.json."""
    return f"https://m31.example/schemas/artifacts/{schema_version.replace('/', '.')}.schema.json"


def config_schema_id(name: str) -> str:
    return f"https://m31.example/schemas/config/{name}.schema.json"


def event_schema_id(event_type: str) -> str:
    return f"https://m31.example/schemas/events/{event_type}.schema.json"


@cache
def validator(schema_id: str) -> Draft202012Validator:
    # The schemas themselves are checked against the 2020-12 meta-schema by the tests
    # (tests/test_schemas.py), not on every run.
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(schema_id), registry=registry(),
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def problems(document, schema_id: str) -> list[str]:
    """Each place where the document breaks its schema, as `path: message`, sorted."""
    found = [(_where(e.absolute_path), _message(e)) for e in validator(schema_id).iter_errors(document)]
    return [f"{where}: {message}" for where, message in sorted(found)]


def check(document, schema_id: str, path, what: str) -> None:
    """A file people edit by hand, refused in one line at its first problem."""
    found = problems(document, schema_id)
    if found:
        raise InputError(path, f"{what} breaks its schema: {found[0]}")


FORMATS = {"date-time": "an RFC 3339 date-time with an offset", "date": "a day YYYY-MM-DD"}


def _message(error) -> str:
    """jsonschema's message, in words where it words poorly: a format, and a pattern whose
    schema has a title (what the value should be)."""
    if error.validator == "format" and error.validator_value in FORMATS:
        return f"{error.instance!r} is not {FORMATS[error.validator_value]}"
    if error.validator == "pattern" and "title" in error.schema:
        return f"{error.instance!r} is not {error.schema['title']}"
    return error.message


def artifact_problems(artifact: dict) -> list[str]:
    """An artifact checked against the schema its schema_version names."""
    version = artifact.get("schema_version") if isinstance(artifact, dict) else None
    if not isinstance(version, str) or not _published(artifact_schema_id(version)):
        return [f"$: no published schema for schema_version {version!r}"]
    return problems(artifact, artifact_schema_id(version))


def event_problems(event: dict) -> list[str]:
    """An event checked against the schema of its event_type (schemas/events/)."""
    kind = event.get("event_type") if isinstance(event, dict) else None
    if not isinstance(kind, str) or not _published(event_schema_id(kind)):
        return [f"$.event_type: no published schema for {kind!r}"]
    return problems(event, event_schema_id(kind))


def toml_as_json(value):
    """A TOML document as JSON sees it: TOML's date-times and dates become RFC 3339 text, which
    is what the config schemas describe."""
    if isinstance(value, dict):
        return {k: toml_as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [toml_as_json(v) for v in value]
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    return value


def _where(path) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def check_files(paths) -> tuple[int, list[dict]]:
    """(artifacts checked, problems): each problem {file, where, message}. A file is checked as
    given; in a folder, every *.json (recursively) whose schema_version names one of ours
    ("m31-..."), so a report folder can be checked whole."""
    checked, found = 0, []
    for given in map(Path, paths):
        for path in sorted(given.rglob("*.json")) if given.is_dir() else [given]:
            try:
                document = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
                if path is given:
                    found.append({"file": str(path), "where": "$",
                                  "message": f"unreadable JSON ({str(exc).splitlines()[0]})"})
                    checked += 1
                continue
            if path is not given and not _ours(document):
                continue
            checked += 1
            for p in artifact_problems(document):
                where, _, message = p.partition(": ")
                found.append({"file": str(path), "where": where, "message": message})
    return checked, found


def _ours(document) -> bool:
    version = document.get("schema_version") if isinstance(document, dict) else None
    return isinstance(version, str) and version.startswith("m31-")
