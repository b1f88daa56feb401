"""The quick path of GraphML nodes and edges: an element typed in one pass over its data.

A national graph's file is some three million elements. The general path
(``graphml_read._load``) makes a dict of every element's data by key name, copies and filters it,
then types it field by field (``fields_read.node_record``): a dict walk and a call or two each.
A ``DataPlan`` knows from the file's ``<key>`` declarations, once, which key holds which
field and how its text is typed, and types a plain element's data straight into the
interchange dict, built by the quick builders (``codec_fast``).

It takes only elements whose result it knows to be the general path's: every child a
``<data>`` of a declared node (edge) field with plain text, each field once, a title, a
kind (not a risk), an edge with its ``relation``, numbers of ASCII digits, ``inferred``
as ``true``/``false``, valid attributes, no suspect mark, nested graph or records. For any other
element ``node`` or ``edge`` returns None and the caller takes the general path, whose
problems name the file, element, field and value as typed. No plan is made for a file
whose keys declare defaults. ``tests/unit/test_graphml_quick.py`` checks the two paths
read the same ``Reading`` (and refuse with the same problems) from random files.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping
from itertools import chain
from operator import attrgetter
from typing import Any

from ..domain import NATIONAL, Edge, Node
from ..domain.codec_fast import NOT_VALID, edge_from_valid, node_from_valid
from ..domain.codec_tables import RELATIONS
from .field_names import CODE_FIELDS, FREE_TEXT_FIELDS, NODE_FIELDS
from .fields import split_list
from .fields_read import field_value
from .graphml_scan import Item

__all__ = ["DataPlan"]

_NATIONAL_GOAL = "NATIONAL_GOAL"
_LABEL = "label"
_TRUTH = {"true": True, "false": False}


class _Slow(ValueError):
    """A value the quick path does not take: the element goes the general way."""


def _integer(text: str) -> int:
    if text.isascii() and text.isdigit():
        return int(text)
    raise _Slow


def _truth(text: str) -> bool:
    return _TRUTH[text]  # KeyError: the general path reads " TRUE", and refuses "yes"


def _attributes(text: str) -> Any:
    """The JSON object of texts, as the general path reads it; else the general way."""
    problems: list[Any] = []
    value = field_value("attributes", text, problems, "")
    if problems or value is None:
        raise _Slow
    return value


_NODE_CONVERT: dict[str, Callable[[str], Any]] = {
    "tags": split_list,
    "attributes": _attributes,
    "progress": _integer,
    "version": _integer,
}
"""How a node field's non-empty text is typed; codes are stripped, other texts kept."""
_NODE_QUICK = frozenset(NODE_FIELDS) - {"id"}
"""The node fields the quick path types (not ``id``: the element's own)."""
_EDGE_CONVERT: dict[str, Callable[[str], Any]] = {"inferred": _truth}
_EDGE_QUICK = frozenset({"relation", "inferred", "note"})
_SLOW = (_Slow, KeyError, *NOT_VALID)
_TAG = attrgetter("tag")
_STRICT = tuple(sorted((_NODE_QUICK | _EDGE_QUICK) - FREE_TEXT_FIELDS))
"""Fields whose empty text is no value (absent); an empty free text is a value of its own."""
_CODE_NAMES = tuple(sorted(CODE_FIELDS & (_NODE_QUICK | _EDGE_QUICK)))
_RELATION = "relation"


def _plan(names: Mapping[str, str], fields: frozenset[str]) -> dict[str | None, str]:
    """Each key (declared, or a field's own name undeclared, as ``names.get(key, key)``
    reads it) of one of ``fields`` → its name."""
    keys: dict[str | None, str] = {key: name for key, name in names.items() if name in fields}
    keys.update({name: name for name in fields if name not in names})
    return keys


class DataPlan:
    """How to type the data of one file's plain nodes and edges."""

    def __init__(self, names: Mapping[str, str], data_tags: frozenset[str]) -> None:
        self._data = data_tags
        self._node = _plan(names, _NODE_QUICK | {_LABEL})  # an edge's label is not ours
        self._edge = _plan(names, _EDGE_QUICK)
        self._relation = {key for key, name in self._edge.items() if name == _RELATION}
        self.plain_file = False
        """Is every child of every node and edge a ``<data>`` with no element inside?
        (``plain``: then ``node`` and ``edge`` need not ask it again.)"""

    def plain(self, graph: ET.Element) -> bool:
        """Find out, in a few C-level passes over the tree, whether every child of the
        graph's children is a ``<data>`` with no element inside (as in our exports)."""
        grandchildren = chain.from_iterable
        self.plain_file = self._data.issuperset(map(_TAG, grandchildren(graph))) and not any(
            map(len, grandchildren(graph))
        )
        return self.plain_file

    def _values(
        self, element: ET.Element, plan: dict[str | None, str], convert: dict[str, Any]
    ) -> dict[str, Any] | None:
        """The typed data of ``element`` by field (its label dropped), as
        ``fields_read._typed`` types it; None: not plain. One Python pass over the element's
        children (a node of a national graph has some twenty), the checks C-level passes."""
        if not self.plain_file and (
            not self._data.issuperset(map(_TAG, element)) or any(map(len, element))
        ):
            return None  # not all <data>, or one with elements inside
        try:
            values = {plan[child.get("key")]: child.text or "" for child in element}
        except KeyError:  # a key of no field of ours
            return None
        if len(values) != len(element):  # a field given twice
            return None
        return _typed(values, convert)

    @staticmethod
    def _pairs(
        pairs: list[tuple[str, str]], plan: dict[str | None, str], convert: dict[str, Any]
    ) -> dict[str, Any] | None:
        """``_values`` of a scanned element's data (``graphml_scan``): all plain."""
        try:
            values = {plan[key]: text for key, text in pairs}
        except KeyError:
            return None
        if len(values) != len(pairs):
            return None
        return _typed(values, convert)

    def node(
        self, element: Any, node_id: str, region: str | None
    ) -> tuple[dict[str, Any], Node] | None:
        """``fields_read.node_record``'s dict and node of a plain ``<node>`` (an element,
        or a scanned ``Item``); None: take the general path."""
        if type(element) is Item:
            item = self._pairs(element.pairs, self._node, _NODE_CONVERT)
        else:
            item = self._values(element, self._node, _NODE_CONVERT)
        if item is None or not node_id or "title" not in item:
            return None
        item["id"] = node_id.strip()
        if "region" not in item:
            if item.get("kind") == _NATIONAL_GOAL:
                item["region"] = NATIONAL
            elif region is not None:
                item["region"] = region
        try:
            return item, node_from_valid(item)
        except NOT_VALID:
            return None

    def edge(self, element: Any, source: str, target: str) -> tuple[dict[str, Any], Edge] | None:
        """``fields_read.edge_record``'s dict and edge of a plain directed ``<edge>`` (an
        element, or a scanned ``Item``) between ``source`` and ``target``; None: take the
        general path."""
        if not source or not target:
            return None
        if type(element) is Item:
            pairs = element.pairs
            if len(pairs) == 1:  # most edges: their relation and nothing else
                key, text = pairs[0]
                if text in RELATIONS and key in self._relation:
                    return _relation_edge(text, source, target)
            values = self._pairs(pairs, self._edge, _EDGE_CONVERT)
        elif len(element) == 1 and (quick := self._relation_only(element, source, target)):
            return quick
        else:
            values = self._values(element, self._edge, _EDGE_CONVERT)
        if values is None or "relation" not in values:
            return None
        values["source"] = source
        values["target"] = target.strip()
        try:
            return values, edge_from_valid(values)
        except NOT_VALID:
            return None

    def _relation_only(
        self, element: Any, source: str, target: str
    ) -> tuple[dict[str, Any], Edge] | None:
        """An element edge of one ``<data>``, its relation (most edges); None: read on."""
        data = element[0]
        text = data.text
        if (
            text in RELATIONS
            and data.get("key") in self._relation
            and (self.plain_file or (data.tag in self._data and not len(data)))
        ):
            return _relation_edge(text, source, target)
        return None


def _relation_edge(relation: str, source: str, target: str) -> tuple[dict[str, Any], Edge]:
    """The dict and edge of an edge whose one datum is a known ``relation``."""
    item = {"relation": relation, "source": source, "target": target.strip()}
    return item, Edge(source, RELATIONS[relation], item["target"])


def _typed(values: dict[str, Any], convert: dict[str, Any]) -> dict[str, Any] | None:
    """An element's data by field typed as ``fields_read._typed`` types it (its label
    dropped); None: not for the quick path."""
    values.pop(_LABEL, None)
    if "" in map(values.get, _STRICT):  # an empty code or number: absent
        for name in _STRICT:
            if values.get(name) == "":
                del values[name]
    codes = list(filter(None, map(values.get, _CODE_NAMES)))
    if list(map(str.strip, codes)) != codes:
        for name in CODE_FIELDS.intersection(values):
            values[name] = values[name].strip()
    try:
        for name in convert:
            if name in values:
                values[name] = convert[name](values[name])
    except _SLOW:
        return None
    return values
