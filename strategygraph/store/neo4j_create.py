"""The ``CREATE`` batches of a commit, shaped for a bulk load.

Two things make a large import cheap for the server (issue 17, measured on ArcadeDB):

- Properties are written in the ``CREATE`` itself, as a map of the row's keys, instead of
  ``CREATE (n) SET n = row``: the second form writes an empty record and then rewrites it.
  Rows are grouped by the keys they carry (a missing key is a null, which is not stored),
  so each group is one statement whose text names only fixed field names of our own rows;
  every value is still a parameter.
- An edge between two nodes the same transaction created finds its ends by the element id
  the node's ``CREATE`` returned (a direct record lookup) instead of the ``id`` index. The
  element ids are used only inside the transaction that made them, where they are stable.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from functools import cache
from typing import Any

import neo4j

from .neo4j_pipe import Step

__all__ = ["Created", "edge_steps", "grouped", "node_steps", "row_steps"]

_KEY = re.compile(r"[a-z_][a-z0-9_]*\Z")


def _map(keys: tuple[str, ...]) -> str:
    """``{a: row.a, b: row.b}``: the keys are our rows' field names, checked to be names."""
    for key in keys:
        if not _KEY.match(key):
            raise ValueError(f"not a property name for a Cypher map: {key!r}")
    return "{" + ", ".join(f"{key}: row.{key}" for key in keys) + "}"


@cache
def _create_nodes(keys: tuple[str, ...]) -> str:
    # One record of pairs for the batch, not a record a node: the driver reads each record
    # as a message of its own, in Python.
    return (
        f"UNWIND $rows AS row CREATE (n:Node {_map(keys)}) "
        "RETURN collect([n.id, elementId(n)]) AS made"
    )


@cache
def _create_rows(label: str, keys: tuple[str, ...]) -> str:
    return f"UNWIND $rows AS row CREATE (:{label} {_map(keys)})"


_BY_ID = {"a": "MATCH (a:Node {id: row.source}) ", "b": "MATCH (b:Node {id: row.target}) "}
_BY_ELEMENT = {
    "a": "MATCH (a) WHERE elementId(a) = row.a ",
    "b": "MATCH (b) WHERE elementId(b) = row.b ",
}


@cache
def _create_edges(kind: str, keys: tuple[str, ...], new_source: bool, new_target: bool) -> str:
    if kind not in ("UP", "LATERAL"):
        raise ValueError(f"not an edge type of the graph: {kind!r}")
    match_a = (_BY_ELEMENT if new_source else _BY_ID)["a"]
    match_b = (_BY_ELEMENT if new_target else _BY_ID)["b"]
    return f"UNWIND $rows AS row {match_a}{match_b}CREATE (a)-[:{kind} {_map(keys)}]->(b)"


def grouped(
    rows: Iterable[dict[str, Any]],
    size: int,
    key: Callable[[dict[str, Any]], Any] = lambda row: tuple(row),
) -> Iterator[tuple[Any, list[dict[str, Any]]]]:
    """``rows`` (nulls left out) in groups of one ``key`` and at most ``size`` rows, each
    group given as soon as it is full and the rest at the end."""
    pending: dict[Any, list[dict[str, Any]]] = {}
    for row in rows:
        if None in row.values():
            row = {k: v for k, v in row.items() if v is not None}
        group = key(row)
        batch = pending.setdefault(group, [])
        batch.append(row)
        if len(batch) >= size:
            yield group, pending.pop(group)
    yield from pending.items()


class Created:
    """Element ids of the nodes the transaction created, by node id; filled as their
    ``CREATE`` batches run, read by the edge batches that run after them."""

    def __init__(self) -> None:
        self.ids: dict[str, str] = {}

    def keep(self, records: Iterable[neo4j.Record]) -> None:
        for record in records:
            self.ids.update(record["made"])

    def ends(self, new_source: bool, new_target: bool) -> Callable[[list[Any]], list[Any]]:
        """The rows finished with the element ids of their new ends (``a``, ``b``)."""
        ids = self.ids

        def finish(rows: list[Any]) -> list[Any]:
            for row in rows:
                if new_source:
                    row["a"] = ids[row["source"]]
                if new_target:
                    row["b"] = ids[row["target"]]
            return rows

        return finish


def node_steps(rows: Iterable[dict[str, Any]], size: int, created: Created) -> Iterator[Step]:
    """New nodes' property maps as ``CREATE`` batches that hand their element ids to
    ``created``."""
    for keys, batch in grouped(rows, size, lambda row: tuple(sorted(row))):
        yield Step(_create_nodes(keys), "rows", batch, keep=created.keep)


def row_steps(label: str, rows: Iterable[dict[str, Any]], size: int) -> Iterator[Step]:
    """Rows of a label that nothing points to (the event log) as ``CREATE`` batches."""
    for keys, batch in grouped(rows, size, lambda row: tuple(sorted(row))):
        yield Step(_create_rows(label, keys), "rows", batch)


def edge_steps(
    kind: str,
    rows: Iterable[dict[str, Any]],
    size: int,
    new: set[str] | frozenset[str],
    created: Created,
) -> Iterator[Step]:
    """Edge rows (``edge_row``) of one type; an end in ``new`` (created by this commit) is
    found by its element id, any other by the ``id`` index."""

    def key(row: dict[str, Any]) -> tuple[tuple[str, ...], bool, bool]:
        props = tuple(sorted(k for k in row if k not in ("source", "target")))
        return props, row["source"] in new, row["target"] in new

    for (props, new_source, new_target), batch in grouped(rows, size, key):
        query = _create_edges(kind, props, new_source, new_target)
        finish = created.ends(new_source, new_target) if new_source or new_target else None
        yield Step(query, "rows", batch, finish=finish)
