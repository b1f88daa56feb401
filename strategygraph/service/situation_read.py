"""Reading the situational picture as a principal: risks, the risk map, the risks that
threaten a node (and everything serving it), indicators with their readings, status
reports and the projects whose report is overdue.

What a principal may see follows the graph's rules (``visible.py``): an APPROVED risk is
public, any other needs the viewer role in its region; an indicator, its readings and a
status report are seen with the node they belong to. Hidden records are left out of lists,
and asking for one by id is ``NOT_FOUND``, as for one that does not exist.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from datetime import date

from ..domain import Node, NotFound, Status, StoreUnavailable
from ..domain.access import Principal, Role
from ..domain.situation import (
    SCALE,
    Indicator,
    Measurement,
    Risk,
    RiskStatus,
    StatusReport,
)
from ..store import GraphStore
from ..store.situation_state import SituationState

__all__ = [
    "RiskCell",
    "Situation",
    "situation_of",
]


def situation_of(store: GraphStore) -> SituationState:
    """The situational picture ``store`` keeps (through a principal's view of it)."""
    inner = getattr(store, "inner", store)
    state = getattr(inner, "situation", None)
    if not isinstance(state, SituationState):
        raise StoreUnavailable(
            "this store does not keep risks, indicators or status reports yet; "
            "the embedded store does"
        )
    return state


@dataclass(frozen=True, slots=True)
class RiskCell:
    """One cell of the risk map: the risks rated ``likelihood`` × ``impact``."""

    likelihood: int
    impact: int
    risks: list[Risk]


class Situation:
    """The situational picture of ``store`` as ``principal`` may see it."""

    def __init__(self, store: GraphStore, principal: Principal) -> None:
        self.store = store
        self.principal = principal
        self.state = situation_of(store)

    # -- visibility --------------------------------------------------------------
    def can_see_risk(self, risk: Risk) -> bool:
        p = self.principal
        if p.reads_public and risk.lifecycle is Status.APPROVED:
            return True
        return p.has(Role.VIEWER, risk.region)

    def _node(self, node_id: str) -> Node:
        return self.store.get_node(node_id)  # NOT_FOUND when hidden

    # -- risks -------------------------------------------------------------------
    def risk(self, risk_id: str) -> Risk:
        found = self.state.risks.get(risk_id)
        if found is None or not self.can_see_risk(found):
            raise NotFound("risk", risk_id)
        return found

    def _ranked(self, region: str | None) -> list[Risk]:
        """Every risk (of ``region``), highest score first, then by id; kept until a risk
        changes (``SituationState.memo``)."""
        state = self.state

        def rank() -> list[Risk]:
            ids = state.risks_by_region.get(region, set()) if region is not None else state.risks
            return sorted((state.risks[i] for i in ids), key=lambda r: (-r.score, r.id))

        return state.memo(f"ranked {region!r}", rank)

    def _visible(self, risks: list[Risk]) -> list[Risk]:
        if self.principal.sees_everything:
            return risks
        return [r for r in risks if self.can_see_risk(r)]

    def risks(
        self, region: str | None = None, statuses: list[RiskStatus] | None = None
    ) -> list[Risk]:
        """Risks (of one region, in some statuses), highest score first, then by id."""
        found = self._visible(self._ranked(region))
        if statuses is not None:
            wanted = set(statuses)
            found = [r for r in found if r.status in wanted]
        return list(found)

    def risk_map(self, region: str | None = None, include_closed: bool = False) -> list[RiskCell]:
        """25 cells, likelihood 5 → 1 (top to bottom), impact 1 → 5 (left to right)."""

        def grid() -> dict[tuple[int, int], list[Risk]]:
            cells: dict[tuple[int, int], list[Risk]] = {
                (li, im): [] for li in SCALE for im in SCALE
            }
            for risk in self._ranked(region):
                if include_closed or risk.status is not RiskStatus.CLOSED:
                    cells[(risk.likelihood, risk.impact)].append(risk)
            return cells

        cells = self.state.memo(f"grid {region!r} {include_closed}", grid)
        return [
            RiskCell(li, im, self._visible(cells[(li, im)]))
            for li in reversed(SCALE)
            for im in SCALE
        ]

    def threatening(self, node_id: str, include_closed: bool = False) -> list[Risk]:
        """Risks on ``node_id`` or on anything that serves it (what its trace down reaches,
        retired nodes walked around as there)."""
        self._node(node_id)
        reach = self._served_by(node_id)
        by_node = self.state.risks_by_node
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
        closed = RiskStatus.CLOSED
        return self._visible(
            [
                r
                for r in self._ranked(None)
                if r.id in found and (include_closed or r.status is not closed)
            ]
        )

    def _served_by(self, node_id: str) -> frozenset[str]:
        """``node_id`` and everything its trace down reaches; on the embedded store kept
        until the graph next changes (``GraphView.memo``)."""
        inner = getattr(self.store, "inner", self.store)
        view = getattr(inner, "view", None)
        if view is None:  # a store without a graph in memory: its own trace
            return frozenset({node_id} | {c.node_id for c in self.store.trace_down(node_id)})

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

        found: frozenset[str] = view.memo(f"situation reach {node_id}", reach)
        return found

    # -- indicators ----------------------------------------------------------------
    def indicator(self, indicator_id: str) -> Indicator:
        found = self.state.indicators.get(indicator_id)
        if found is None:
            raise NotFound("indicator", indicator_id)
        try:
            self._node(found.node)
        except NotFound:
            raise NotFound("indicator", indicator_id) from None
        return found

    def indicators(self, node_id: str) -> list[Indicator]:
        self._node(node_id)
        ids = self.state.indicators_by_node.get(node_id, ())
        return sorted((self.state.indicators[i] for i in ids), key=lambda i: i.id)

    def measurements(
        self, indicator_id: str, since: date | None = None, until: date | None = None
    ) -> list[Measurement]:
        """Readings in date order, from ``since`` to ``until`` (both included)."""
        self.indicator(indicator_id)
        return [
            m
            for m in self.state.readings.get(indicator_id, [])
            if (since is None or m.on >= since) and (until is None or m.on <= until)
        ]

    def latest(self, indicator_id: str) -> Measurement | None:
        return self.state.latest(indicator_id)

    # -- status reports ------------------------------------------------------------
    def reports(self, project_id: str) -> list[StatusReport]:
        """A project's reports, newest first."""
        self._node(project_id)
        return list(reversed(self.state.reports_by_project.get(project_id, [])))

    def latest_reports(self, region: str | None = None) -> list[StatusReport]:
        """The latest report of every visible project (of one region), newest first."""
        found = []
        for project, reports in self.state.reports_by_project.items():
            if not reports or (region is not None and reports[-1].region != region):
                continue
            try:
                self._node(project)
            except NotFound:
                continue
            found.append(reports[-1])
        return sorted(found, key=lambda r: (r.on, r.id), reverse=True)
