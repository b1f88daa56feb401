"""Whole-graph answers kept up to date as the graph changes: which national goals each
node reaches, the gaps of the graph's shape, the drafts, and the coverage counts.

``TraceGraph`` records the nodes each change touches (a node put or removed, both ends of
an edge). Bringing the answers up to date (``Analytics.current``) walks only from those:
a touched node's goal mask is computed again from its parents, and a mask that moved is
passed on to the children, top layer first; gaps are judged again for the touched nodes,
their parents and children and the nodes whose mask moved; each of those is counted out
of coverage as it was and in as it is. So a read after a write costs what the write
touched. A change to a national goal (it moves every goal's bit) or to very many nodes at
once is answered with one full pass, the same one that builds the answers the first time.
``tests/unit/test_incremental.py`` compares both after every step of random writes.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterable

from sortedcontainers import SortedKeyList

from ..domain import Health, Node, NodeKind, Status
from ..domain.answers import CoverageRow, Gap, gap_order
from ..domain.situation import cadence_days
from .coverage_rows import coverage_rows
from .gap_rules import SkipRelations, node_gaps, skip_relations
from .graph import TraceGraph
from .stale import StaleDrafts

__all__ = ["Analytics"]

GOAL = NodeKind.NATIONAL_GOAL
PROJECT = NodeKind.STRATEGIC_PROJECT
RETIRED = Status.RETIRED
Counted = tuple[int, str, NodeKind, Health | None]
"""What a node adds to coverage: (goal mask, region, kind, health for a project)."""


class Analytics:
    """The answers for one ``TraceGraph``; ``current(view)`` keeps them up to date."""

    def __init__(self, view: TraceGraph) -> None:
        order = view.by_layer()
        self.goals = sorted(n.id for n in order if n.kind is GOAL)
        self.goal_set = frozenset(self.goals)
        self.masks: dict[str, int] = {g: 1 << i for i, g in enumerate(self.goals)}
        self.mask_generation = next(_MASK_GENERATIONS)
        """A number naming the masks as they are: a new one whenever any mask moves."""
        self.rules: SkipRelations = skip_relations(view.metamodel)
        self.gaps_of: dict[str, list[Gap]] = {}
        self.structural: SortedKeyList = SortedKeyList(key=gap_order)
        self.counted: dict[str, Counted] = {}
        self.cadenced: dict[str, Node] = {}
        """The active projects with a reporting cadence: the only ones a report can be
        overdue for (``domain/report_gaps.py`` judges them against the date)."""
        masks, parents_of, none = self.masks, view.parent_map, _NONE
        for node in order:
            if node.kind is not GOAL:
                mask = 0
                for parent in parents_of.get(node.id, none):
                    mask |= masks.get(parent, 0)
                masks[node.id] = mask
        found, drafts, counted, rules = [], [], self.counted, self.rules
        draft, unknown = Status.DRAFT, Health.UNKNOWN
        for node in order:
            node_id, kind = node.id, node.kind
            gaps = node_gaps(view, node, masks, rules)
            if gaps:
                self.gaps_of[node_id] = gaps
                found.extend(gaps)
            if node.status is draft:
                drafts.append(node)
            if kind is not GOAL and masks[node_id]:
                health = (node.health or unknown) if kind is PROJECT else None
                counted[node_id] = (masks[node_id], node.region, kind, health)
            self._cadence(node_id, node)
        self.structural.update(found)
        self.drafts = StaleDrafts(drafts)
        self.cells = {
            (row.goal_id, row.region): row
            for row in coverage_rows(order, self.goals, masks, None)
            if any(row.counts.values())
        }

    @classmethod
    def current(cls, view: TraceGraph) -> Analytics:
        """The view's answers, brought up to date with what changed since last asked."""
        with view.analytics_lock:
            touched = view.take_touched()
            kept = view.analytics
            if kept is None or touched is None or not kept._follow(view, touched):
                kept = cls(view)
                view.analytics = kept
            return kept

    # -- following changes ------------------------------------------------------------
    def _follow(self, view: TraceGraph, touched: set[str]) -> bool:
        """Bring the answers up to date with ``touched``; False when only a full pass can
        (a national goal changed: every goal's bit may move)."""
        nodes, goals = view.nodes, self.goal_set
        for node_id in touched:
            node = nodes.get(node_id)
            if node_id in goals or (node is not None and node.kind is GOAL):
                return False
        moved = self._masks(view, touched)
        if moved:
            self.mask_generation = next(_MASK_GENERATIONS)
        judged = set(touched) | moved
        for node_id in touched:
            judged.update(view.parents(node_id))
            judged.update(view.children(node_id))
        for node_id in judged:
            self._judge(view, node_id, nodes.get(node_id))
        for node_id in touched | moved:
            node = nodes.get(node_id)
            self._uncount(node_id)
            if node is not None:
                self._count(node)
        for node_id in touched:
            self.drafts.put(node_id, nodes.get(node_id))
            self._cadence(node_id, nodes.get(node_id))
        return True

    def _cadence(self, node_id: str, node: Node | None) -> None:
        if (
            node is not None
            and node.kind is PROJECT
            and node.status is not RETIRED
            and cadence_days(node.attributes) is not None
        ):
            self.cadenced[node_id] = node
        else:
            self.cadenced.pop(node_id, None)

    def _masks(self, view: TraceGraph, touched: Iterable[str]) -> set[str]:
        """Compute the masks of ``touched`` again, and of the nodes below any that moved,
        parents before children (a heap by layer); return the nodes whose mask moved."""
        nodes, masks, parents_of = view.nodes, self.masks, view.parent_map
        heap: list[tuple[int, str]] = []
        moved: set[str] = set()
        for node_id in touched:
            node = nodes.get(node_id)
            if node is None:
                if masks.pop(node_id, None) is not None:
                    moved.add(node_id)
            else:
                heap.append((node.kind.layer, node_id))
        heapq.heapify(heap)
        done: set[str] = set()
        while heap:
            _, node_id = heapq.heappop(heap)
            if node_id in done:
                continue
            done.add(node_id)
            node = nodes[node_id]
            if node.kind is GOAL:
                continue
            new: int | None = None
            if node.status is not RETIRED:
                new = 0
                for parent in parents_of.get(node_id, _NONE):
                    new |= masks.get(parent, 0)
            if new == masks.get(node_id):
                continue
            if new is None:
                del masks[node_id]
            else:
                masks[node_id] = new
            moved.add(node_id)
            for child in view.children(node_id):
                heapq.heappush(heap, (nodes[child].kind.layer, child))
        return moved

    def _judge(self, view: TraceGraph, node_id: str, node: Node | None) -> None:
        old = self.gaps_of.pop(node_id, None)
        if old:
            for gap in old:
                self.structural.remove(gap)
        if node is None or node.status is RETIRED:
            return
        gaps = node_gaps(view, node, self.masks, self.rules)
        if gaps:
            self.gaps_of[node_id] = gaps
            self.structural.update(gaps)

    # -- coverage -----------------------------------------------------------------------
    def _count(self, node: Node) -> None:
        if node.kind is GOAL or node.status is RETIRED:
            return
        mask = self.masks.get(node.id, 0)
        if not mask:
            return
        health = (node.health or Health.UNKNOWN) if node.kind is PROJECT else None
        entry = (mask, node.region, node.kind, health)
        self.counted[node.id] = entry
        self._add(entry, 1)

    def _uncount(self, node_id: str) -> None:
        entry = self.counted.pop(node_id, None)
        if entry is not None:
            self._add(entry, -1)

    def _add(self, entry: Counted, sign: int) -> None:
        mask, region, kind, health = entry
        goals, cells = self.goals, self.cells
        while mask:
            low = mask & -mask
            mask ^= low
            key = (goals[low.bit_length() - 1], region)
            cell = cells.get(key)
            if cell is None:
                cell = cells[key] = CoverageRow(*key)
            cell.counts[kind] += sign
            if health is not None:
                cell.health[health] += sign

    def coverage(self, region: str | None) -> list[CoverageRow]:
        """Coverage rows as ``coverage.coverage`` defines them (copies)."""
        rows = {
            key: CoverageRow(cell.goal_id, cell.region, dict(cell.counts), dict(cell.health))
            for key, cell in self.cells.items()
            if (region is None or key[1] == region) and any(cell.counts.values())
        }
        reached = {goal for goal, _ in rows}
        for goal in self.goals:
            if goal not in reached:
                rows[(goal, region or "*")] = CoverageRow(goal, region or "*")
        return [rows[key] for key in sorted(rows)]


_NONE: dict[str, dict[str, object]] = {}
_MASK_GENERATIONS = itertools.count(1)
