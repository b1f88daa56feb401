"""The risks that threaten a node: those on it or on anything that serves it.

``SituationThreats`` answers ``Situation.threatening``, the one situational question that
walks the graph: the reach of a node's trace down (kept by the graph's memo until the graph
changes), or, for a national goal on the embedded store, the goal masks the analytics keep
(``trace/incremental.py``), with the ranked answer kept per goal and brought up to date
with the risks written since. It is its own module because those kept answers and their
invalidation are a concept of their own, apart from the plain reads in ``situation_read``.
"""

from __future__ import annotations

import itertools
import threading
from collections import deque

from sortedcontainers import SortedKeyList

from ..domain import Status
from ..domain.situation import Risk, RiskStatus
from ..trace.incremental import Analytics
from .situation_view import SituationView

__all__ = ["SituationThreats"]


_KEEP_LOCK = threading.Lock()
_GENERATIONS = itertools.count(1)
"""Numbers that name a graph generation of one process (``SituationThreats._served_by``)."""


def _rank(risk: Risk) -> tuple[int, str]:
    return (-risk.score, risk.id)


class SituationThreats(SituationView):
    """The risks threatening a node, kept between readings as the graph and the risks allow."""

    def threatening(self, node_id: str, include_closed: bool = False) -> list[Risk]:
        """Risks on ``node_id`` or on anything that serves it (what its trace down reaches,
        retired nodes walked around as there)."""
        self._node(node_id)
        state = self.state
        masked = self._goal_bit(node_id)
        if masked is not None:  # a national goal: the kept goal masks answer it
            return self._open_threats(self._goal_threats(node_id, *masked), include_closed)
        reach, generation = self._served_by(node_id)

        def compute() -> list[Risk]:
            by_node = state.risks_by_node
            found: set[str] = set()
            if len(reach) < len(by_node):
                for reached in reach:
                    hit = by_node.get(reached)
                    if hit:
                        found.update(hit)
            else:
                for node, hit in by_node.items():
                    if hit and node in reach:
                        found.update(hit)
            return [r for r in self._ranked(None) if r.id in found]

        # Kept until a risk changes (the state's memo) or the graph does (its generation).
        every = state.memo(f"threatening {node_id!r} {generation}", compute)
        return self._open_threats(every, include_closed)

    def _open_threats(self, every: list[Risk], include_closed: bool) -> list[Risk]:
        if not include_closed:
            closed = RiskStatus.CLOSED
            every = [r for r in every if r.status is not closed]
        return [self.shown(r) for r in self._visible(every)]

    def _goal_threats(
        self, goal: str, masks: dict[str, int], bit: int, mask_generation: int
    ) -> list[Risk]:
        """Every risk on a node whose goal mask has ``bit``, ranked. Kept per goal with the
        masks' and the risks' generations: after a write that moved no mask only the risks
        written since are judged again; after one that moved a mask, all are."""
        with _KEEP_LOCK:  # readers of other threads change the same kept answer
            return self._goal_threats_locked(goal, masks, bit, mask_generation)

    def _goal_threats_locked(
        self, goal: str, masks: dict[str, int], bit: int, mask_generation: int
    ) -> list[Risk]:
        state = self.state
        generation = state.risk_generation  # before reading: a write meanwhile is judged next
        key = f"threatening goal {goal}"
        kept = state.kept.get(key)
        changed = None
        if kept is not None and kept[0] == mask_generation:
            changed = state.changed_since(kept[1])
        if kept is not None and changed is not None:
            found: SortedKeyList = kept[2]
            for risk_id in set(changed):
                old = kept[3].pop(risk_id, None)
                if old is not None:
                    found.remove(old)
                risk = state.risks.get(risk_id)
                if risk is not None and any(masks.get(n, 0) & bit for n in risk.threatens):
                    found.add(risk)
                    kept[3][risk_id] = risk
        else:
            ids: set[str] = set()
            for node, hit in state.risks_by_node.items():
                if hit and masks.get(node, 0) & bit:
                    ids.update(hit)
            ranked = [r for r in self._ranked(None) if r.id in ids]  # in order: cheap
            members = {r.id: r for r in ranked}
            found = SortedKeyList(ranked, key=_rank)
            if len(state.kept) >= 1024:  # bounded: one entry per national goal
                state.kept.clear()
            kept = [mask_generation, 0, found, members]
            state.kept[key] = kept
        kept[1] = generation
        return list(found)

    def _goal_bit(self, node_id: str) -> tuple[dict[str, int], int, int] | None:
        """For an active national goal on the embedded store: every node's goal mask as
        the analytics keep it change by change (``trace/incremental.py``), the goal's bit,
        and a number naming the graph as it is. A node is served by the goal when its
        mask has the bit (the same reach as ``_served_by``: retired nodes carry no mask,
        so they pass nothing on). None otherwise."""
        inner = getattr(self.store, "inner", self.store)
        view = getattr(inner, "view", None)
        if view is None:
            return None
        analytics = Analytics.current(view)
        if node_id not in analytics.goal_set:
            return None
        bit = 1 << analytics.goals.index(node_id)
        return analytics.masks, bit, analytics.mask_generation

    def _served_by(self, node_id: str) -> tuple[frozenset[str], int]:
        """``node_id`` and everything its trace down reaches, with a number naming the
        graph as it was (a new one whenever the graph changes); on the embedded store the
        reach is kept until then (``TraceGraph.memo``)."""
        inner = getattr(self.store, "inner", self.store)
        view = getattr(inner, "view", None)
        if view is None:  # a store without a graph in memory: its own trace
            found = frozenset({node_id} | {c.node_id for c in self.store.trace_down(node_id)})
            return found, -next(_GENERATIONS)  # never seen again: nothing kept

        def reach() -> frozenset[str]:
            children, nodes = view.child_map, view.nodes
            retired = Status.RETIRED
            seen = {node_id}
            queue = deque([node_id])
            while queue:
                for child in children.get(queue.popleft(), ()):
                    if child not in seen and nodes[child].status is not retired:
                        seen.add(child)
                        queue.append(child)
            return frozenset(seen)

        generation: int = view.memo("situation graph generation", lambda: next(_GENERATIONS))
        found = view.memo(f"situation reach {node_id}", reach)
        return found, generation
