"""The Neo4j adapter's reads: records, the event log and the traceability queries.

``Neo4jReads`` is the port's read half, each method one or a few Cypher reads through
``Neo4jConnection._read``; the traceability answers are the Cypher walks of ``neo4j_trace``,
``neo4j_below`` and ``neo4j_analyses``, run on the server. It is its own module the way
``embedded_reads`` is the embedded store's: reading never writes, so it reads as one story
apart from the units of work in ``neo4j.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from datetime import datetime
from typing import Any

from ..domain import Comment, Edge, Event, Node, NodeKind, NotFound, Organisation, Region
from ..domain.answers import (
    Contribution,
    CoverageRow,
    Gap,
    HealthRollup,
    Route,
    TracePage,
    TracePath,
    gap_order,
)
from ..domain.report_gaps import overdue_reports
from . import neo4j_analyses as analyses
from . import neo4j_below as below
from . import neo4j_cypher as q
from . import neo4j_trace as t
from .neo4j_connection import Neo4jConnection
from .neo4j_rows import comment_from_props, edge_from_record, event_from_props, node_from_props
from .neo4j_situation import SituationCache
from .situation_state import SituationState

__all__ = ["Neo4jReads"]


class Neo4jReads(Neo4jConnection):
    """Every read of the port, asked of the server afresh (nothing is kept but the
    situational state, re-read when the version moved)."""

    _situation: SituationCache

    def version(self) -> int:
        rows = self._read(q.VERSION, name=q.META)
        return int(rows[0]["version"] or 0) if rows else 0

    def get_node(self, node_id: str) -> Node:
        rows = self._read(q.NODE, id=node_id)
        if not rows:
            raise NotFound("node", node_id)
        return node_from_props(rows[0]["props"])

    def nodes(self, kind: NodeKind | None = None, region: str | None = None) -> list[Node]:
        wanted = {"kind": kind.value if kind else None, "region": region}
        where = " AND ".join(q.NODE_WHERE[k] for k, v in wanted.items() if v is not None)
        query = q.NODES.replace("{where}", f"WHERE {where}" if where else "")
        found = [node_from_props(r["props"]) for r in self._read(query, **wanted)]
        return sorted(found, key=lambda n: n.id)

    def edges(self, node_id: str | None = None) -> list[Edge]:
        if node_id is None:
            rows = self._read(q.EDGES)
        else:
            self.get_node(node_id)
            rows = self._read(q.EDGES_OUT, id=node_id) + self._read(q.EDGES_IN, id=node_id)
        return sorted((edge_from_record(r) for r in rows), key=lambda e: e.key)

    def regions(self) -> list[Region]:
        return [Region(r["id"], r["name"]) for r in self._read(q.REGIONS)]

    def organisations(self) -> list[Organisation]:
        return [Organisation(r["id"], r["name"], r["region"]) for r in self._read(q.ORGANISATIONS)]

    def events(
        self,
        node_id: str | None = None,
        region: str | None = None,
        since: datetime | None = None,
        after: int | None = None,
        limit: int = 100,
        newest_first: bool = False,
    ) -> list[Event]:
        params: dict[str, Any] = {
            "region": region,
            "since": since.isoformat() if since else None,
        }
        if newest_first:
            params["before"] = after if after is not None else 2**63 - 1
        else:
            params["after"] = after or 0
        if node_id is None:
            return self._events(params, limit, newest_first)
        # The node as the event's target or as the other end of an edge event: two
        # indexed lookups, merged in log order.
        found = self._events({**params, "target": node_id}, limit, newest_first)
        found += self._events({**params, "related": node_id}, limit, newest_first)
        merged = sorted({e.seq: e for e in found}.values(), key=lambda e: e.seq)
        return (merged[::-1] if newest_first else merged)[:limit]

    def _events(self, params: dict[str, Any], limit: int, newest_first: bool) -> list[Event]:
        where = " AND ".join(q.EVENT_WHERE[k] for k, v in params.items() if v is not None)
        query = q.EVENTS.replace("{where}", where)
        if newest_first:  # fixed text: the order is not a parameter in Cypher
            query = query.replace("ORDER BY e.seq", "ORDER BY e.seq DESC")
        rows = self._read(query, limit=limit, **params)
        return [event_from_props(r["props"]) for r in rows]

    def comments(self, node_id: str | None = None) -> list[Comment]:
        query = q.COMMENTS.replace("{where}", q.COMMENT_WHERE if node_id is not None else "")
        return [comment_from_props(r["props"]) for r in self._read(query, node_id=node_id)]

    def comment(self, comment_id: str) -> Comment:
        rows = self._read(q.FETCH_COMMENTS, ids=[comment_id])
        if not rows:
            raise NotFound("comment", comment_id)
        return comment_from_props(rows[0]["props"])

    # -- traceability --------------------------------------------------------
    def trace_up(self, node_id: str, max_depth: int | None = None) -> list[TracePath]:
        return t.trace_up(self._read, node_id, max_depth)

    def trace_up_page(
        self,
        node_id: str,
        max_depth: int | None = None,
        goal: str | None = None,
        after: Sequence[str] | None = None,
        first: int | None = None,
        visible: Callable[[str], bool] | None = None,
    ) -> TracePage:
        return t.trace_up_page(self._read, node_id, max_depth, goal, after, first, visible)

    def trace_down(
        self,
        node_id: str,
        max_depth: int | None = None,
        kinds: Collection[NodeKind] | None = None,
        visible: Callable[[str], bool] | None = None,
    ) -> list[Contribution]:
        return below.trace_down(self._read, node_id, max_depth, kinds, visible)

    def route(
        self, source: str, target: str, visible: Callable[[str], bool] | None = None
    ) -> Route | None:
        return t.route(self._read, source, target, visible)

    def gaps(self, region: str | None = None, draft_days: int = 90, *, now: datetime) -> list[Gap]:
        found = analyses.gaps(self._read, now, region, draft_days)
        projects = self.nodes(NodeKind.STRATEGIC_PROJECT, region)
        dates = self.situation.last_report_dates()
        overdue = overdue_reports(projects, dates, now.date(), region)
        return sorted(found + overdue, key=gap_order) if overdue else found

    @property
    def situation(self) -> SituationState:
        """Risks, indicators, readings and reports, read afresh when the graph moved."""
        return self._situation.state(self.version())

    def coverage(self, region: str | None = None) -> list[CoverageRow]:
        return analyses.coverage(self._read, region)

    def impact(self, node_id: str) -> list[str]:
        return below.impact(self._read, node_id)

    def rolled_up_health(self, node_id: str) -> HealthRollup:
        return below.rolled_up_health(self._read, node_id)

    # Answers for many nodes at once: each walk as the one-node method walks it, all of them
    # a level per query (the equivalence tests ask thousands of them).
    def trace_up_page_many(
        self,
        node_ids: Sequence[str],
        max_depth: int | None = None,
        goal: str | None = None,
        after: Mapping[str, Sequence[str]] | None = None,
        first: int | None = None,
    ) -> dict[str, TracePage]:
        """``trace_up_page`` of each node; ``after``: each node's cursor, if it has one."""
        return t.trace_up_page_many(self._read, node_ids, max_depth, goal, after, first)

    def trace_down_many(
        self,
        node_ids: Sequence[str],
        max_depth: int | None = None,
        kinds: Collection[NodeKind] | None = None,
    ) -> dict[str, list[Contribution]]:
        return below.trace_down_many(self._read, node_ids, max_depth, kinds)

    def route_many(self, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Route | None]:
        return t.route_many(self._read, pairs)

    def impact_many(self, node_ids: Sequence[str]) -> dict[str, list[str]]:
        return below.impact_many(self._read, node_ids)

    def rolled_up_health_many(self, node_ids: Sequence[str]) -> dict[str, HealthRollup]:
        return below.rolled_up_health_many(self._read, node_ids)
