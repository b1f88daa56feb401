"""Node and edge fields as text and back: the one mapping CSV cells, GraphML data and
ArchiMate properties share.

Lists (tags) are joined with ``;`` (a ``;`` or ``\\`` inside a tag is escaped with ``\\``),
attributes are JSON text, booleans ``true``/``false``, dates ISO (``2018-03-01``).
``None`` means the field is absent (null).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from ..domain import (
    DEFAULT_METAMODEL,
    NATIONAL,
    Edge,
    Metamodel,
    Node,
    NodeKind,
    Problem,
    Relation,
    ValidationError,
)
from ..domain.codec import edge_from_dict, node_from_dict
from ..domain.codec_fast import NOT_VALID, edge_from_valid, node_from_valid
from ..domain.validation import attributes_from_pairs
from .field_names import CODE_FIELDS, EDGE_FIELDS, FREE_TEXT_FIELDS, INTEGER_FIELDS, NODE_FIELDS
from .marks import take_mark, with_mark

__all__ = [
    "edge_from_text",
    "edge_record",
    "edge_text",
    "field_value",
    "join_list",
    "node_from_text",
    "node_record",
    "node_text",
    "relation_between",
    "split_list",
    "text_of",
]


def join_list(items: Iterable[str]) -> str:
    """``["a", "b;c"]`` → ``a;b\\;c``."""
    return ";".join(i.replace("\\", "\\\\").replace(";", "\\;") for i in items)


def split_list(text: str) -> list[str]:
    """Inverse of ``join_list``; whitespace around each item is dropped, empty items too."""
    if "\\" not in text:  # nothing escaped: split at once
        return [i.strip() for i in text.replace("\n", ";").split(";") if i.strip()]
    items, current, escaped = [], [], False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char in ";\n":
            items.append("".join(current))
            current = []
        else:
            current.append(char)
    items.append("".join(current))
    return [i.strip() for i in items if i.strip()]


def text_of(value: Any) -> str | None:
    """A field's value as text: ``None`` stays, booleans ``true``/``false``, else ``str``."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def node_text(node: Mapping[str, Any]) -> dict[str, str | None]:
    """Each node field of an interchange node dict as text (``None`` when absent)."""
    out: dict[str, str | None] = {
        name: value if value is None or type(value) is str else text_of(value)
        for name, value in zip(NODE_FIELDS, map(node.get, NODE_FIELDS), strict=True)
    }
    tags, attributes = node.get("tags"), node.get("attributes")
    out["tags"] = join_list(tags) if tags else None
    out["attributes"] = (
        json.dumps(attributes, ensure_ascii=False, sort_keys=True) if attributes else None
    )
    return out


def edge_text(edge: Mapping[str, Any]) -> dict[str, str | None]:
    out = {name: text_of(edge.get(name)) for name in EDGE_FIELDS}
    if not edge.get("inferred"):
        out["inferred"] = None
    return out


_SPECIAL = frozenset({"tags", "attributes", "inferred", *INTEGER_FIELDS})


def field_value(name: str, text: str, problems: list[Problem], where: str) -> Any:
    """One field's text as its interchange value; a malformed one adds a problem.

    Public so that the quick GraphML path (``graphml_quick``) reads attributes exactly
    as this, the general path, does."""
    if name not in _SPECIAL:  # the common case, first: plain text or a code
        return text.strip() if name in CODE_FIELDS else text

    def bad(rule: str, message: str) -> None:
        problems.append(Problem(rule, message, name, where))

    if name == "tags":
        return split_list(text)
    if name == "attributes":
        try:
            attributes = json.loads(text, object_pairs_hook=attributes_from_pairs)
        except json.JSONDecodeError as exc:
            bad("attributes-json", f"'attributes' is not JSON text: {exc.msg}")
            return None
        except ValidationError as exc:
            problems.extend(dataclasses.replace(p, where=where) for p in exc.problems)
            return None
        if not isinstance(attributes, dict) or not all(
            isinstance(v, str) for v in attributes.values()
        ):
            bad("attributes-json", """'attributes' must be a JSON object of texts: {"k": "v"}""")
            return None
        return attributes
    if name in INTEGER_FIELDS:
        try:
            return int(text.strip())
        except ValueError:
            pass
        try:  # 75.0, as tools that keep every number as a double write it
            number = float(text.strip())
        except ValueError:
            number = None
        if number is not None and number.is_integer():
            return int(number)
        bad("type", f"'{name}' {text!r} is not a whole number")
        return None
    if name == "inferred":
        flag = text.strip().lower()
        if flag not in ("true", "false"):
            bad("type", f"'inferred' {text!r} must be true or false")
        return flag == "true"


def _typed(
    cells: Mapping[str, str | None], empty_is_null: bool, where: str, problems: list[Problem]
) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, text in cells.items():
        if not text:
            if text is None or empty_is_null or name not in FREE_TEXT_FIELDS:
                continue
            out[name] = text  # an empty free text: a value of its own
        elif name not in _SPECIAL:  # the common case, without a call: text or a code
            out[name] = text.strip() if name in CODE_FIELDS else text
        elif name == "tags":
            out[name] = split_list(text)
        elif name in INTEGER_FIELDS and text.isascii() and text.isdigit():  # "75", at once
            out[name] = int(text)
        else:
            value = field_value(name, text, problems, where)
            if value is not None:
                out[name] = value
    return out


def node_from_text(
    cells: Mapping[str, str | None],
    where: str,
    problems: list[Problem],
    *,
    empty_is_null: bool = True,
    region: str | None = None,
) -> dict[str, Any] | None:
    """An interchange node dict from text fields, checked field by field.

    Problems are added to ``problems`` (located at ``where``) and ``None`` is returned.
    A missing region is ``national`` for national goals, else ``region`` when given.
    With ``empty_is_null`` (CSV) an empty cell is absent; otherwise (XML) an empty free
    text such as ``approved_by`` stays an empty text.
    """
    found = node_record(cells, where, problems, empty_is_null=empty_is_null, region=region)
    return None if found is None else found[0]


def node_record(
    cells: Mapping[str, str | None],
    where: str,
    problems: list[Problem],
    *,
    empty_is_null: bool = True,
    region: str | None = None,
) -> tuple[dict[str, Any], Node | None] | None:
    """``node_from_text``'s dict and the ``Node`` built from it on the way (``None`` when
    only the checking builder could build it), so a reader need not build it twice."""
    found: list[Problem] = []
    node = _typed(cells, empty_is_null, where, found)
    if "region" not in node:
        if node.get("kind") == NodeKind.NATIONAL_GOAL.value:
            node["region"] = NATIONAL
        elif region is not None:
            node["region"] = region
    built: Node | None = None
    try:
        built = node_from_valid(node)  # quick, and raises on anything the next one reports
    except NOT_VALID:
        try:
            node_from_dict(node, where)
        except ValidationError as exc:
            found.extend(exc.problems)
    problems.extend(found)
    return None if found else (node, built)


def edge_from_text(
    cells: Mapping[str, str | None],
    where: str,
    problems: list[Problem],
    *,
    empty_is_null: bool = True,
) -> dict[str, Any] | None:
    """An interchange edge dict from text fields; see ``node_from_text``."""
    found = edge_record(cells, where, problems, empty_is_null=empty_is_null)
    return None if found is None else found[0]


def edge_record(
    cells: Mapping[str, str | None],
    where: str,
    problems: list[Problem],
    *,
    empty_is_null: bool = True,
) -> tuple[dict[str, Any], Edge | None] | None:
    """``edge_from_text``'s dict and the ``Edge`` (with its suspect mark) built from it on
    the way; see ``node_record``."""
    found: list[Problem] = []
    edge = _typed(cells, empty_is_null, where, found)
    if edge.get("suspect_by") == "" and "suspect_at" not in edge:
        del edge["suspect_by"]  # an empty cell of an edge that is not suspect
    fields, mark, wrong = take_mark(edge, where)
    found.extend(wrong)
    built: Edge | None = None
    try:
        built = with_mark(edge_from_valid(fields), mark)
    except NOT_VALID:
        try:
            edge_from_dict(fields, where)
        except ValidationError as exc:
            found.extend(exc.problems)
    problems.extend(found)
    return None if found else (edge, built)


@cache  # a metamodel is frozen: nothing invalidates it (once per edge of an export)
def relation_between(
    source: NodeKind, target: NodeKind, metamodel: Metamodel = DEFAULT_METAMODEL
) -> Relation | None:
    """The one relation the metamodel allows from ``source`` to ``target``, if any."""
    for s, relation, t in sorted(metamodel.upward | metamodel.lateral):
        if s is source and t is target:
            return relation
    return None
