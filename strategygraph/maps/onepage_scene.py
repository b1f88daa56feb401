"""What the strategy-on-a-page map shows: the region's visions on top, its strategic lines
as pillars, and under each pillar its challenges and projects, dense rows folded into one
"+ n more" cell that counts them and shows their health.

Narrowed to one strategic line, the line's challenges become the pillars (the drill-down
of a folded cell); narrowed to one national goal, only the lines that reach it stand.
Only the ``GraphStore`` port is read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain import NATIONAL, Node, NodeKind, NotFound, Status
from ..domain.answers import Gap, GapType
from ..store import GraphStore
from .request import MapRequest

__all__ = ["Cell", "OnePage", "Pillar", "onepage_scene"]

SHOWN = {NodeKind.CHALLENGE: 2, NodeKind.STRATEGIC_PROJECT: 3}
"""Cells of a kind a pillar shows before it folds the rest into one (A3 height)."""
SHOWN_NARROW = 6
"""Projects per pillar when the map is narrowed to one line (fewer, wider pillars)."""
VISIONS = (NodeKind.CHANGE_VISION, NodeKind.ORGANISATIONAL_VISION)
PROJECT = [NodeKind.STRATEGIC_PROJECT]


@dataclass
class Cell:
    """One box: a node, or (``node`` None) the ``folded`` nodes of one kind; ``projects``
    are the active projects under it, whose health it shows."""

    kind: NodeKind
    node: Node | None = None
    projects: list[Node] = field(default_factory=list)
    folded: list[Node] = field(default_factory=list)
    drill: str | None = None
    """The line to narrow to for the folded nodes (the drill-down)."""
    gaps: list[Gap] = field(default_factory=list)
    copy: bool = False
    """The node is drawn in an earlier pillar too (a project under two lines)."""


@dataclass
class Pillar:
    head: Cell
    stack: list[Cell] = field(default_factory=list)


@dataclass
class OnePage:
    """Everything the map draws; ``title`` and ``narrowed`` are user text."""

    what: str
    title: str
    visions: list[Cell]
    pillars: list[Pillar]
    narrowed: str = ""
    nodes: int = 0


def onepage_scene(store: GraphStore, request: MapRequest) -> OnePage:
    """The one-page map of ``request.region``, narrowed to ``request.line`` or
    ``request.goal`` when given; ``NotFound`` for an unknown region, line or goal."""
    region = request.region or ""
    regions = {r.id: r for r in store.regions()}
    if region not in regions or region == NATIONAL:
        raise NotFound("region", region)
    everything = [n for n in store.nodes(region=region) if n.status is not Status.RETIRED]
    mine = {n.id: n for n in everything}
    gaps: dict[str, list[Gap]] = {}
    for gap in store.gaps(region, now=store.clock()):
        if gap.type is not GapType.LAYER_SKIP and gap.type is not GapType.STALE_DRAFT:
            gaps.setdefault(gap.node_id, []).append(gap)
    builder = _Builder(store, mine, gaps)
    lines = sorted((n for n in everything if n.kind is NodeKind.STRATEGIC_LINE), key=_order)
    goals = sorted(store.nodes(kind=NodeKind.NATIONAL_GOAL), key=_order)
    what = f"The one-page map of region '{region}'"
    narrowed = ""
    if request.goal:
        goal = next((g for g in goals if g.id == request.goal), None)
        if goal is None:
            raise NotFound("national goal", request.goal)
        lines = [n for n in lines if any(p.nodes[-1] == goal.id for p in store.trace_up(n.id))]
        narrowed = goal.title
    if request.line:
        line = mine.get(request.line)
        if line is None or line.kind is not NodeKind.STRATEGIC_LINE:
            raise NotFound("strategic line", request.line)
        pillars = [builder.pillar(c, narrow=True) for c in builder.below(line, NodeKind.CHALLENGE)]
        pillars += [builder.pillar(p) for p in builder.below(line, NodeKind.STRATEGIC_PROJECT)]
        visions = [builder.cell(v) for v in builder.above(line)]
        narrowed = line.title
    else:
        pillars = [builder.pillar(line) for line in lines]
        visions = [
            builder.cell(v)
            for v in sorted((n for n in everything if n.kind in VISIONS), key=_order)
            if not request.goal or _serves(store, v, request.goal)
        ]
    if request.filters.healths:
        for pillar in pillars:
            pillar.stack = [
                c
                for c in pillar.stack
                if c.kind is not NodeKind.STRATEGIC_PROJECT
                or any(p.effective_health in request.filters.healths for p in c.folded)
                or (c.node is not None and c.node.effective_health in request.filters.healths)
            ]
    scene = OnePage(what, regions[region].name, visions, pillars, narrowed)
    scene.nodes = len(visions) + sum(1 + len(p.stack) for p in pillars)
    return scene


class _Builder:
    def __init__(self, store: GraphStore, mine: dict[str, Node], gaps: dict[str, list[Gap]]):
        self.store, self.mine, self.gaps = store, mine, gaps
        self.drawn: set[str] = set()

    def projects(self, node: Node) -> list[Node]:
        found = (self.mine.get(c.node_id) for c in self.store.trace_down(node.id, kinds=PROJECT))
        return sorted({p.id: p for p in found if p is not None}.values(), key=_order)

    def cell(self, node: Node) -> Cell:
        """``node`` with this region's active projects under it."""
        projects = [node] if node.is_project else self.projects(node)
        return Cell(node.kind, node, projects, gaps=self.gaps.get(node.id, []))

    def below(self, node: Node, kind: NodeKind) -> list[Node]:
        """The active nodes of ``kind`` of this region linked straight under ``node``."""
        found = {
            e.source: self.mine[e.source]
            for e in self.store.edges(node.id)
            if e.target == node.id and e.source in self.mine and self.mine[e.source].kind is kind
        }
        return sorted(found.values(), key=_order)

    def above(self, line: Node) -> list[Node]:
        ids = {i for p in self.store.trace_up(line.id) for i in p.nodes[1:]}
        return sorted((self.mine[i] for i in ids if i in self.mine), key=_order)

    def pillar(self, head: Node, narrow: bool = False) -> Pillar:
        pillar = Pillar(self.cell(head))
        if head.is_project:
            return pillar
        if not narrow and head.kind is NodeKind.STRATEGIC_LINE:
            challenges = self.below(head, NodeKind.CHALLENGE)
            pillar.stack += self.fold(challenges, NodeKind.CHALLENGE, head.id)
        projects = sorted(pillar.head.projects, key=lambda p: (-p.effective_health.severity, p.id))
        shown = SHOWN_NARROW if narrow else SHOWN[NodeKind.STRATEGIC_PROJECT]
        drill = None if narrow else head.id
        pillar.stack += self.fold(projects, NodeKind.STRATEGIC_PROJECT, drill, shown)
        return pillar

    def fold(
        self, nodes: list[Node], kind: NodeKind, drill: str | None, shown: int | None = None
    ) -> list[Cell]:
        """A cell per node, the ones past ``shown`` folded into one (red projects first)."""
        shown = SHOWN[kind] if shown is None else shown
        keep = nodes if len(nodes) <= shown else nodes[: shown - 1]
        cells = []
        for node in keep:
            cell = self.cell(node)
            cell.copy = node.id in self.drawn
            self.drawn.add(node.id)
            cells.append(cell)
        rest = nodes[len(keep) :]
        if rest:
            under = {p.id: p for n in rest for p in ([n] if n.is_project else self.projects(n))}
            cells.append(Cell(kind, None, sorted(under.values(), key=_order), rest, drill))
        return cells


def _serves(store: GraphStore, node: Node, goal: str) -> bool:
    return any(p.nodes[-1] == goal for p in store.trace_up(node.id))


def _order(node: Node) -> tuple[str, str]:
    return (node.region, node.id)
