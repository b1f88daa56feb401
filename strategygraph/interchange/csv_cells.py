"""The rows of ``nodes.csv`` and ``edges.csv``: a list of cells per row, straight from the
interchange dict.

A national graph's export writes 400,000 node and edge rows. The general way
(``fields.node_text`` → the Finnish spellings → the formula check of ``csv_text.table``)
makes a dict of text per row, another for the Finnish dialect, then the row's list,
testing each cell in a Python loop. Here the row is the list the ``csv`` writer takes from
the start: the fields read in one C-level pass (``map``), only the few that are not text
converted (tags, attributes, whole numbers, ``inferred``), the types and the formula marks
each checked in one C-level pass more (a row that needs more, seldom, is fixed cell by
cell), and a Finnish spelling worked out once per value. (Built a column at a time
instead, it was slower: reading one field of 120,000 dicts, then the next, misses the
cache where one row's fields do not.) ``write_lines`` then writes a row that needs no
quotes as its cells joined, and leaves the others to the ``csv`` writer.
``tests/unit/test_csv_cells.py`` holds the files equal, byte for byte, to the general
way's (the dicts and the ``csv`` writer) on random documents in both dialects.

>>> rows = list(node_rows([{"id": "a", "kind": "GOAL", "title": "=1+1", "version": 2}], False))
>>> rows[0][:4], rows[0][NODE_FIELDS.index("version")], len(rows)
(['a', 'GOAL', None, "'=1+1"], '2', 1)
>>> list(edge_rows([{"source": "p", "relation": "ADDRESSES", "target": "c",
...     "inferred": True}], True))
[['p', 'ADDRESSES', 'c', 'TOSI', None, None, None]]
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from itertools import repeat
from typing import Any

from .field_names import EDGE_FIELDS, NODE_FIELDS
from .fields import join_list, text_of
from .values import DATE_FIELDS, spelled

__all__ = ["FORMULA", "SPELLED", "edge_rows", "node_rows", "protected", "write_lines"]

FORMULA = ("=", "+", "-", "@", "\t", "\r", "'")
"""How a cell that a spreadsheet would run as a formula (or one starting with ``'``)
begins: it is written with a leading ``'``, which reading removes again."""
SPELLED = frozenset({*DATE_FIELDS, "progress", "health", "inferred"})
"""Fields a spreadsheet spells its own way (``values.spelled``)."""

_TEXT_TYPES = frozenset({str, type(None)})
_TAGS, _ATTRIBUTES = NODE_FIELDS.index("tags"), NODE_FIELDS.index("attributes")
_WHOLE = (NODE_FIELDS.index("version"), NODE_FIELDS.index("progress"))
"""The node fields that are whole numbers (``str`` of one is its text)."""
_INFERRED = EDGE_FIELDS.index("inferred")


def protected(cells: list[str | None]) -> list[str | None]:
    """``cells`` (text or ``None``) with a ``'`` before each that begins like a formula;
    the very list when none does (nearly every row: one C-level pass to tell)."""
    if any(map(str.startswith, filter(None, cells), repeat(FORMULA))):
        return ["'" + c if c and c.startswith(FORMULA) else c for c in cells]
    return cells


def as_text(cells: list[Any]) -> list[str | None]:
    """Each cell as ``fields.node_text`` writes it (``None`` stays, ``str`` as it is,
    other values ``fields.text_of``); the very list when all are text or ``None``."""
    if _TEXT_TYPES.issuperset(map(type, cells)):
        return cells
    return [c if c is None or type(c) is str else text_of(c) for c in cells]


class Spelling:
    """``values.spelled`` of the cells of the ``fields`` a spreadsheet spells its own way,
    worked out once per field and value (dates, health and truth values repeat across a
    graph). Kept for one export: it holds at most the distinct values written."""

    def __init__(self, fields: tuple[str, ...]) -> None:
        self.fields: tuple[tuple[int, str, dict[str, str | None]], ...] = tuple(
            (i, name, {}) for i, name in enumerate(fields) if name in SPELLED
        )

    def __call__(self, cells: list[str | None]) -> None:
        for i, name, known in self.fields:
            text = cells[i]
            if text is not None:
                found = known.get(text)
                if found is None:
                    found = known[text] = spelled(name, text)
                cells[i] = found


def node_rows(nodes: Iterable[Mapping[str, Any]], in_finnish: bool) -> Iterator[list[str | None]]:
    """The cells of each interchange node dict's row in ``nodes.csv``: those of
    ``fields.node_text``, in Finnish-Excel spelling with ``in_finnish``, protected."""
    spell = Spelling(NODE_FIELDS) if in_finnish else None
    for node in nodes:
        cells = list(map(node.get, NODE_FIELDS))
        tags, attributes = cells[_TAGS], cells[_ATTRIBUTES]
        cells[_TAGS] = join_list(tags) if tags else None
        cells[_ATTRIBUTES] = (
            json.dumps(attributes, ensure_ascii=False, sort_keys=True) if attributes else None
        )
        for i in _WHOLE:
            if type(cells[i]) is int:
                cells[i] = str(cells[i])
        cells = as_text(cells)
        if spell is not None:
            spell(cells)
        yield protected(cells)


def edge_rows(edges: Iterable[Mapping[str, Any]], in_finnish: bool) -> Iterator[list[str | None]]:
    """The cells of each interchange edge dict's row in ``edges.csv``: those of
    ``fields.edge_text`` (``inferred`` only when true), spelled and protected as nodes'."""
    spell = Spelling(EDGE_FIELDS) if in_finnish else None
    for edge in edges:
        cells = list(map(edge.get, EDGE_FIELDS))
        inferred = cells[_INFERRED]
        cells[_INFERRED] = text_of(inferred) if inferred else None
        cells = as_text(cells)
        if spell is not None:
            spell(cells)
        yield protected(cells)


def write_lines(
    rows: Iterable[list[str | None]],
    lines: list[str],
    writerow: Callable[[list[str | None]], object],
    delimiter: str,
) -> None:
    """Each row of ``node_rows``/``edge_rows`` as a line of CSV into ``lines``: a row none
    of whose cells holds the delimiter, a quote or a line break (nearly all) as its cells
    joined, which is what the ``csv`` writer writes of it, in one C-level call instead of
    its character-by-character pass (0.7 s of the nodes of 120,000); any other row
    through ``writerow``, the ``csv`` writer's own (writing into ``lines`` as well)."""
    add = lines.append
    for cells in rows:
        line = delimiter.join([cell or "" for cell in cells])
        if (
            line.count(delimiter) == len(cells) - 1
            and '"' not in line
            and "\n" not in line
            and "\r" not in line
        ):
            add(line + "\r\n")
        else:
            writerow(cells)
