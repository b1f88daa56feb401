"""A whole graph as one compact blob: what a history snapshot keeps (``history_shelf``).

The blob is zlib-compressed JSON (orjson) of the regions, organisations, comments, nodes
(their store row, empty fields left out), edges (``[source, relation, target]`` for a
plain edge, the full edge state otherwise) and the situational picture (risks,
indicators, readings and status reports, as the event log records them). Decoding gives
back the same records a replay of the log up to the same event would hold.

>>> from strategygraph.store.apply import Scratch
>>> from strategygraph.trace.graph import TraceGraph
>>> space = decode(encode(Scratch(TraceGraph())))
>>> len(space.view.nodes), space.region_map
(0, {})
"""

from __future__ import annotations

import zlib
from operator import attrgetter
from typing import Any

import orjson

from ..collector import collector_paused
from ..domain import Node, Organisation, Region
from ..domain.codec_kept import node_from_trusted
from ..domain.codec_tables import RELATIONS
from ..domain.situation_states import (
    indicator_from_state,
    measurement_from_state,
    report_from_state,
    risk_from_state,
    situation_state,
)
from ..domain.states import comment_from_state, comment_state, edge_from_state, edge_state
from ..trace.graph import PlainEdge, TraceGraph
from .apply import Scratch, Workspace
from .situation_state import SituationState

__all__ = ["decode", "encode"]

_FORMAT = 2
"""The blob's layout version: a blob of another version is not read (history replays
from an earlier readable snapshot or the start instead). 2: with the situation."""

_FIELDS = tuple(Node.__slots__)
_GET_FIELDS = attrgetter(*_FIELDS)
_ALWAYS = frozenset({"id", "kind", "region", "title", "status", "version"})


def encode(space: Workspace) -> bytes:
    """The graph of ``space`` as one blob."""
    view = space.view
    edges: list[Any] = []
    for edge in view.edges():
        if edge.inferred or edge.note or edge.suspect_at:
            edges.append(edge_state(edge))
        else:
            edges.append((edge.source, edge.relation.value, edge.target))
    payload = {
        "format": _FORMAT,
        "regions": [(r.id, r.name) for r in space.region_map.values()],
        "organisations": [(o.id, o.name, o.region) for o in space.organisation_map.values()],
        "comments": [comment_state(c) for c in space.comment_map.values()],
        "nodes": [_row(n) for n in view.nodes.values()],
        "edges": edges,
        "situation": _situation(space.situation),
    }
    return zlib.compress(orjson.dumps(payload), 1)


def decode(blob: bytes, into: TraceGraph | None = None) -> Scratch:
    """The graph of a blob ``encode`` wrote, in a new workspace (its view ``into``, if
    given: an empty view of the right metamodel). Raises ``ValueError`` for a blob of
    another layout."""
    try:
        data = orjson.loads(zlib.decompress(blob))
    except zlib.error as exc:
        raise ValueError(f"history snapshot unreadable: {exc}") from exc
    if data.get("format") != _FORMAT:
        raise ValueError(f"history snapshot layout {data.get('format')!r} is not {_FORMAT}")
    view = into if into is not None else TraceGraph()
    with collector_paused():  # 100,000s of long-lived objects: no GC passes meanwhile
        view.load((node_from_trusted(n) for n in data["nodes"]), _edges(data["edges"]))
        situation = _situation_from(data["situation"])
    return Scratch(
        view,
        {i: Region(i, name) for i, name in data["regions"]},
        {i: Organisation(i, name, region) for i, name, region in data["organisations"]},
        {c.id: c for c in map(comment_from_state, data["comments"])},
        situation,
    )


def _situation(state: SituationState) -> dict[str, list[dict[str, Any]]]:
    return {
        "risks": [situation_state(r) for r in state.risks.values()],
        "indicators": [situation_state(i) for i in state.indicators.values()],
        "readings": [situation_state(m) for found in state.readings.values() for m in found],
        "reports": [situation_state(r) for r in state.reports.values()],
    }


def _situation_from(data: dict[str, list[dict[str, Any]]]) -> SituationState:
    state = SituationState()
    for risk in data["risks"]:
        state.put_risk(risk_from_state(risk))
    for indicator in data["indicators"]:
        state.put_indicator(indicator_from_state(indicator))
    for reading in data["readings"]:  # in date order per indicator, as encoded
        state.readings[reading["indicator"]].append(measurement_from_state(reading))
    for report in data["reports"]:
        state.add_report(report_from_state(report))
    return state


def _edges(rows: list[Any]) -> Any:
    relations = RELATIONS
    for row in rows:
        if isinstance(row, dict):
            yield edge_from_state(row)
        else:
            source, relation, target = row
            plain: PlainEdge = (source, relations[relation], target)
            yield plain


def _row(node: Node) -> dict[str, Any]:
    """The node's record without its empty fields (they decode as the defaults); orjson
    writes enums as their values and dates in ISO form."""
    return {
        k: v
        for k, v in zip(_FIELDS, _GET_FIELDS(node), strict=True)
        if v or k in _ALWAYS or type(v) is int  # empty: None, "", (), {}; not progress 0
    }
