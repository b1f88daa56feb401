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
"""

from __future__ import annotations

import dataclasses
import heapq
import itertools
import threading
from collections import deque
from dataclasses import dataclass
from datetime import date

from sortedcontainers import SortedKeyList

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
from ..trace.incremental import Analytics

__all__ = [
    "RiskCell",
    "Situation",
    "situation_of",
]


_KEEP_LOCK = threading.Lock()
_GENERATIONS = itertools.count(1)
"""Numbers that name a graph generation of one process (``Situation._served_by``)."""


def _rank(risk: Risk) -> tuple[int, str]:
    return (-risk.score, risk.id)


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

    # -- risks -------------------------------------------------------------------
    def risk(self, risk_id: str) -> Risk:
        found = self.state.risks.get(risk_id)
        if found is None or not self.can_see_risk(found):
            raise NotFound("risk", risk_id)
        return self.shown(found)

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
