"""Text fields read back into checked interchange records: each field typed by its kind
(``field_names``), then the ``Node`` or ``Edge`` built by the domain's quick builder, or
by its checking one for the problems, located where the text came from.

The one general reader of every text format (CSV rows, xlsx sheets, GraphML data,
ArchiMate properties, portfolio sheets), apart from the text forms it reads (``fields``)
because writing needs none of the domain's checks; the quick paths (``csv_rows``,
``graphml_quick``) must give what this gives, and their property tests compare them.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import Any

from ..domain import NATIONAL, Edge, Node, NodeKind, Problem, ValidationError
from ..domain.codec import edge_from_dict, node_from_dict
from ..domain.codec_fast import NOT_VALID, edge_from_valid, node_from_valid
from ..domain.validation import attributes_from_pairs
from .field_names import CODE_FIELDS, FREE_TEXT_FIELDS, INTEGER_FIELDS
from .fields import split_list
from .marks import take_mark, with_mark

__all__ = ["edge_from_text", "edge_record", "field_value", "node_from_text", "node_record"]

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
