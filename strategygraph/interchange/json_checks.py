"""Checking a JSON interchange document against its JSON Schema: the format's versions,
the schemas, the two validators, and a schema error as the user reads it.

Validation has a fast path: the compiled validator of ``jsonschema-rs`` accepts a valid
document in a fraction of the time; only a document it refuses goes through ``jsonschema``,
whose errors (every one, located) are what the user sees (``schema_problem``). A whole
number written as a float is made an integer first (``whole_numbers``). It is its own
module because it only says whether, and where, a document breaks the schema; building
records is ``json_document``'s and reading a file ``json_format``'s.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from operator import methodcaller
from typing import TYPE_CHECKING, Any

from ..domain import Problem, ValidationError

if TYPE_CHECKING:
    import jsonschema_rs
    from jsonschema import Draft202012Validator

__all__ = [
    "FORMAT_VERSION",
    "READ_VERSIONS",
    "any_float",
    "fast_validator",
    "read_version",
    "schema",
    "schema_problem",
    "validator",
    "whole_numbers",
]

FORMAT_VERSION = 2
READ_VERSIONS = (1, 2)
"""The format versions this program reads (it writes ``FORMAT_VERSION``)."""


@cache
def schema(version: int = FORMAT_VERSION) -> dict[str, Any]:
    """The JSON Schema of format ``version`` (1 or 2)."""
    text = resources.files(__package__).joinpath(f"schemas/strategygraph-v{version}.schema.json")
    return dict(json.loads(text.read_text(encoding="utf-8")))


@cache
def validator(version: int) -> Draft202012Validator:
    # The validators are imported when a document is first validated, not with the module
    # (jsonschema alone is 0.05 s of every start of the API server and the CLI).
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(version), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def fast_validator(version: int) -> jsonschema_rs.Validator:
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema(version), validate_formats=True)


def read_version(data: Any) -> int:
    """The format version ``data`` says, or a clear refusal of one this program cannot
    read (a missing one is left to the schema)."""
    version = data.get("format_version", FORMAT_VERSION) if isinstance(data, dict) else 2
    if version in READ_VERSIONS and not isinstance(version, bool):
        return int(version)
    raise ValidationError.one(
        "format-version",
        f"format_version {version!r} is not one this program reads "
        f"({', '.join(map(str, READ_VERSIONS))})",
        "format_version",
        "format_version",
    )


def _location(path: Any) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "document"


_WHOLE = ("progress", "version")


def whole_numbers(data: Any) -> Any:
    """``data`` with a whole number written as a float (``"progress": 75.0``, as tools that
    keep every number as a double write it) as an integer; the nodes holding one are
    copied, ``data`` itself is not changed. ``75.5`` stays, for the schema to refuse."""
    nodes = data.get("nodes") if isinstance(data, dict) else None
    if not isinstance(nodes, list):
        return data

    def fixed(node: Any) -> Any:
        if not isinstance(node, dict):
            return node
        floats = {
            k: int(v) for k in _WHOLE if isinstance(v := node.get(k), float) and v.is_integer()
        }
        return {**node, **floats} if floats else node

    if not any_float(nodes):
        return data
    return {**data, "nodes": [fixed(n) for n in nodes]}


def any_float(nodes: list[Any]) -> bool:
    """Does a node of ``nodes`` hold a float ``progress`` or ``version``? (One C-level pass
    a field over a list of dicts: 100,000s of nodes, a few milliseconds.)"""
    if not _DICT_ONLY.issuperset(map(type, nodes)):
        return any(
            isinstance(n, dict) and any(type(n.get(k)) is float for k in _WHOLE) for n in nodes
        )
    return any(float in set(map(type, map(methodcaller("get", k), nodes))) for k in _WHOLE)


_DICT_ONLY = frozenset({dict})


def schema_problem(error: Any) -> Problem:
    """A schema error as the user should read it: where, which field, and what is wrong
    (a limit says what it is)."""
    path = error.path
    field_name = str(path[-1]) if path and isinstance(path[-1], str) else None
    message = error.message
    value = error.instance
    if error.validator == "maxLength" and isinstance(value, str):
        message = (
            f"'{field_name or 'text'}' is {len(value)} characters long; "
            f"the limit is {error.validator_value}"
        )
    elif error.validator == "maxItems" and isinstance(value, list):
        message = f"{len(value)} items; the limit is {error.validator_value}"
    elif error.validator == "format" and error.validator_value == "date":
        message = f"'{field_name}' {value!r} is not a date (YYYY-MM-DD)"
    elif error.validator == "format" and error.validator_value == "date-time":
        message = f"'{field_name}' {value!r} is not an ISO date-time"
    return Problem("schema", message, field_name, _location(path))
