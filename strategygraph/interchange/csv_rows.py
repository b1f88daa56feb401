"""The quick path of a CSV's node and edge rows: a row typed in one pass by its columns.

``nodes.csv`` and ``edges.csv`` of a national graph are 100,000s of rows. The general path
makes a dict of every cell of a row, then passes it through the spreadsheet spellings
(``csv_tables.plain_cells``) and the field typing (``fields_read.node_record``), a call and a
dict walk each. A ``RowPlan`` knows from the header which column holds what and types a
plain row at once: the non-empty cells into the interchange dict, then only its few cells
that are not text (tags, numbers, health, ``inferred``) converted, and the record built
by the quick builders (``codec_fast``).

It takes only rows whose result it knows to be the general path's: the header's width,
no protected cell (``'``), no code with surrounding space, numbers of ASCII digits, dates
without a dot (``1.4.2018`` is Finnish Excel's), the health and truth values as the
interchange spells them, no attributes and no suspect mark. For any other row ``node``
or ``edge`` returns None and the caller takes the general path, whose problems name
the file, line, field and value as typed. ``tests/unit/test_csv_rows.py`` checks the two
give the same on random rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from ..domain import NATIONAL, Edge, Node
from ..domain.codec_fast import NOT_VALID, edge_from_valid, node_from_valid
from ..domain.codec_tables import RELATIONS
from .field_names import CODE_FIELDS
from .fields import split_list

__all__ = ["RowPlan"]

_NATIONAL_GOAL = "NATIONAL_GOAL"
_HEALTHS = frozenset({"GREEN", "AMBER", "RED", "UNKNOWN"})
_TRUTH = {"true": True, "false": False}


class _Slow(ValueError):
    """A cell the quick path does not take: the row goes the general way."""


def _date(text: str) -> str:
    if "." in text:  # perhaps 1.4.2018: the general path reads Finnish dates
        raise _Slow
    return text


def _integer(text: str) -> int:
    if text.isascii() and text.isdigit():
        return int(text)
    raise _Slow


def _health(text: str) -> str:
    if text in _HEALTHS:
        return text
    raise _Slow


def _truth(text: str) -> bool:
    return _TRUTH[text]  # KeyError: the general path reads TOSI, 1, …


def _slow(text: str) -> Any:
    raise _Slow


_CONVERT: dict[str, Callable[[str], Any]] = {
    "decision_date": _date,
    "start_date": _date,
    "due_date": _date,
    "progress": _integer,
    "version": _integer,
    "health": _health,
    "inferred": _truth,
    "tags": split_list,
    "attributes": _slow,
    "suspect_at": _slow,
    "suspect_by": _slow,
}
"""What the quick path does with a non-empty cell that is not kept as it is."""
_ROW_SLOW = (_Slow, KeyError, *NOT_VALID)


class RowPlan:
    """How to type the rows under one header of ``nodes.csv`` or ``edges.csv``."""

    def __init__(self, header: Sequence[str]) -> None:
        self.header = tuple(header)
        self.width = len(self.header)
        codes = [i for i, name in enumerate(self.header) if name in CODE_FIELDS]
        self._codes: Callable[[Sequence[str]], tuple[str, ...]] = (
            (lambda row: tuple(itemgetter(*codes)(row)))
            if len(codes) == 1
            else itemgetter(*codes)
            if codes
            else (lambda row: ())
        )
        self._special = frozenset(self.header) & _CONVERT.keys()
        self._ends_first = self.header[:3] == ("source", "relation", "target")

    def _item(self, row: Sequence[str]) -> dict[str, Any] | None:
        """The interchange dict of ``row``, or None for a row the general path takes."""
        if len(row) != self.width or "'" in "".join(row):
            return None
        codes = self._codes(row)
        if tuple(map(str.strip, codes)) != codes:  # a stray space around a code
            return None
        cells = zip(self.header, row, strict=True)
        item: dict[str, Any] = {name: text for name, text in cells if text}
        try:
            for name in self._special.intersection(item):
                item[name] = _CONVERT[name](item[name])
        except _ROW_SLOW:
            return None
        return item

    def node(self, row: Sequence[str]) -> tuple[dict[str, Any], Node] | None:
        """``fields_read.node_record``'s dict and node of a plain row (after ``plain_cells``);
        None: take the general path."""
        item = self._item(row)
        if item is None:
            return None
        if "region" not in item and item.get("kind") == _NATIONAL_GOAL:
            item["region"] = NATIONAL
        try:
            return item, node_from_valid(item)
        except NOT_VALID:
            return None

    def edge(self, row: Sequence[str]) -> tuple[dict[str, Any], Edge] | None:
        """``fields_read.edge_record``'s dict and edge of a plain row; None: the general path."""
        if self._ends_first and len(row) == self.width and not any(row[3:]):
            source, relation, target = row[0], row[1], row[2]  # most edges: nothing else
            if (
                source
                and target
                and relation in RELATIONS
                and target == target.strip()
                and "'" not in source + target
            ):
                ends = {"source": source, "relation": relation, "target": target}
                return ends, Edge(source, RELATIONS[relation], target)
        item = self._item(row)
        if item is None:
            return None
        try:
            return item, edge_from_valid(item)
        except NOT_VALID:
            return None
