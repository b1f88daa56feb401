"""A principal's view of the situational picture: which risks it may see, which nodes it
may open, and the ids a record may name to it.

``SituationView`` is the base of ``Situation`` (``situation_read``): every reading there
(risk lists, the risk map, the threats to a node, indicators, reports) goes through these
few rules. What a principal may see follows the graph's rules (``visible.py``): an
APPROVED risk is public, any other needs the viewer role in its region; a record that
belongs to a node is seen with that node. It is its own module because the rules of
seeing are one concept, apart from what is read.
"""

from __future__ import annotations

import dataclasses

from ..domain import Node, NotFound, Status, StoreUnavailable
from ..domain.access import Principal, Role
from ..domain.situation import Risk, StatusReport
from ..store import GraphStore
from ..store.situation_state import SituationState

__all__ = ["SituationView", "situation_of"]


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


class SituationView:
    """The situational picture of ``store`` as ``principal`` may see it: the rules of seeing."""

    def __init__(self, store: GraphStore, principal: Principal) -> None:
        self.store = store
        self.principal = principal
        self.state = situation_of(store)
        self._opened: dict[str, bool] = {}
        """Whether the principal may open a node, by id (kept for this one reading)."""

    # -- visibility --------------------------------------------------------------
    def can_see_risk(self, risk: Risk) -> bool:
        p = self.principal
        if p.reads_public and risk.lifecycle is Status.APPROVED:
            return True
        return p.has(Role.VIEWER, risk.region)

    def _node(self, node_id: str) -> Node:
        return self.store.get_node(node_id)  # NOT_FOUND when hidden

    def _opens(self, node_id: str) -> bool:
        found = self._opened.get(node_id)
        if found is None:
            try:
                self._node(node_id)
                found = True
            except NotFound:
                found = False
            self._opened[node_id] = found
        return found

    def shown(self, risk: Risk) -> Risk:
        """``risk`` naming only the nodes the principal may open among those it
        threatens (and infers)."""
        if self.principal.sees_everything or all(map(self._opens, risk.threatens)):
            return risk
        kept = tuple(n for n in risk.threatens if self._opens(n))
        inferred = tuple(n for n in risk.inferred if n in kept)
        return dataclasses.replace(risk, threatens=kept, inferred=inferred)

    def shown_report(self, report: StatusReport) -> StatusReport:
        """``report`` naming only the risks the principal may see."""
        if self.principal.sees_everything:
            return report
        risks = self.state.risks
        kept = tuple(r for r in report.risks if (x := risks.get(r)) and self.can_see_risk(x))
        return report if kept == report.risks else dataclasses.replace(report, risks=kept)

    def _ranked(self, region: str | None) -> list[Risk]:
        """Every risk (of ``region``), highest score first, then by id (kept in order as
        risks change: ``SituationState.ranked``)."""
        found = self.state.ranked.get(region)
        return list(found) if found is not None else []

    def _visible(self, risks: list[Risk]) -> list[Risk]:
        if self.principal.sees_everything:
            return risks
        p, approved = self.principal, Status.APPROVED
        public = p.reads_public
        regions: dict[str, bool] = {}  # one role lookup per region, not per risk

        def seen(r: Risk) -> bool:
            if public and r.lifecycle is approved:
                return True
            allowed = regions.get(r.region)
            if allowed is None:
                allowed = regions[r.region] = p.has(Role.VIEWER, r.region)
            return allowed

        return [r for r in risks if seen(r)]
