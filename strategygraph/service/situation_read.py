"""Reading the situational picture as a principal: risks, the risk map, the risks that
threaten a node (and everything serving it), indicators with their readings, status
reports and the projects whose report is overdue.

What a principal may see follows the graph's rules (``visible.py``): an APPROVED risk is
public, any other needs the viewer role in its region; an indicator, its readings and a
status report are seen with the node they belong to. Hidden records are left out of lists,
and asking for one by id is ``NOT_FOUND``, as for one that does not exist. The ids a
record lists (a risk's ``threatens`` and ``inferred``, a report's ``risks``) name only what
the principal may open (``shown``, ``shown_report``): a risk it may see that threatens a
DRAFT of another region does not name that node.

Those rules of seeing are ``SituationView`` (``situation_view.py``), and the risks that
threaten a node, with the answers kept for them, ``SituationThreats``
(``situation_threats.py``): ``Situation``'s bases.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass
from datetime import date

from ..domain import NotFound
from ..domain.access import Role
from ..domain.situation import SCALE, Indicator, Measurement, Risk, RiskStatus, StatusReport
from .situation_threats import SituationThreats

__all__ = [
    "RiskCell",
    "Situation",
]


@dataclass(frozen=True, slots=True)
class RiskCell:
    """One cell of the risk map: the risks rated ``likelihood`` × ``impact``."""

    likelihood: int
    impact: int
    risks: list[Risk]


class Situation(SituationThreats):
    """The situational picture of ``store`` as ``principal`` may see it."""

    # -- risks -------------------------------------------------------------------
    def risk(self, risk_id: str) -> Risk:
        found = self.state.risks.get(risk_id)
        if found is None or not self.can_see_risk(found):
            raise NotFound("risk", risk_id)
        return self.shown(found)

    def risks(
        self, region: str | None = None, statuses: list[RiskStatus] | None = None
    ) -> list[Risk]:
        """Risks (of one region, in some statuses), highest score first, then by id."""
        found = self._visible(self._ranked(region))
        if statuses is not None:
            wanted = set(statuses)
            found = [r for r in found if r.status in wanted]
        return [self.shown(r) for r in found]

    def risk_map(self, region: str | None = None, include_closed: bool = False) -> list[RiskCell]:
        """25 cells, likelihood 5 → 1 (top to bottom), impact 1 → 5 (left to right); each
        cell's risks by id. Read from cells kept by region, closed and approved, so a
        principal's cells are merged from those it may see, not filtered risk by risk."""
        p = self.principal
        if p.sees_everything:
            sources = [(region, True), (region, False)]
        else:
            own = [region] if region is not None else list(self.state.risks_by_region)
            mine = [r for r in own if r is not None and p.has(Role.VIEWER, r)]
            sources = [(r, False) for r in mine]
            if p.reads_public:
                sources.append((region, True))
            else:
                sources += [(r, True) for r in mine]
        closed_too = (False, True) if include_closed else (False,)
        cells = self.state.cells
        found = []
        for li in reversed(SCALE):
            for im in SCALE:
                parts = [
                    kept
                    for where, approved in sources
                    for closed in closed_too
                    if (kept := cells.get((where, closed, approved, li, im)))
                ]
                if len(parts) == 1:
                    risks = list(parts[0])
                else:
                    risks = list(heapq.merge(*parts, key=lambda r: r.id))
                found.append(RiskCell(li, im, [self.shown(r) for r in risks]))
        return found

    def risks_on(self, node_ids: list[str]) -> dict[str, list[Risk]]:
        """Per node of ``node_ids`` (which the caller has already read), the risks that
        threaten it directly and are not CLOSED, highest score first, then by id; a node
        with none is left out. The badges of the strategy maps."""
        by_node, risks, closed = self.state.risks_by_node, self.state.risks, RiskStatus.CLOSED
        found = {}
        for node_id in node_ids:
            ids = by_node.get(node_id)
            if not ids:
                continue
            mine = [r for i in ids if (r := risks[i]).status is not closed]
            mine = self._visible(sorted(mine, key=lambda r: (-r.score, r.id)))
            if mine:
                found[node_id] = [self.shown(r) for r in mine]
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

    def readings(self, indicator_id: str) -> list[Measurement]:
        """An indicator's readings in date order, for a caller that has already read its
        node (a map asks for every node it draws; ``measurements`` looks it up again)."""
        return list(self.state.readings.get(indicator_id, ()))

    def measures(self, node_id: str) -> bool:
        """Whether ``node_id`` has indicators."""
        return bool(self.state.indicators_by_node.get(node_id))

    def latest(self, indicator_id: str) -> Measurement | None:
        return self.state.latest(indicator_id)

    # -- status reports ------------------------------------------------------------
    def reports(self, project_id: str) -> list[StatusReport]:
        """A project's reports, newest first."""
        self._node(project_id)
        found = reversed(self.state.reports_by_project.get(project_id, []))
        return [self.shown_report(r) for r in found]

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
            found.append(self.shown_report(reports[-1]))
        return sorted(found, key=lambda r: (r.on, r.id), reverse=True)
