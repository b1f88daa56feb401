"""What a layered map shows: the nodes kept by the request and the links between them.

Only the ``GraphStore`` port is read. The node limit is checked as soon as the kept nodes
are known, before edges, gaps or health are fetched, so a too-large request is refused
at once. A node the filters remove does not break the picture: its kept neighbours are
joined by a dotted "bridge" link through it. Retired nodes are history and are never
walked through (as in the traceability answers).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..domain import NATIONAL, Edge, Node, NodeKind, NotFound, Status
from ..domain.answers import Gap, GapType
from ..store import GraphStore
from .limits import MapLimits
from .request import Direction, MapRequest

__all__ = ["Link", "Scene", "alignment_scene", "trace_scene"]

SMALL = 200
"""Up to this many nodes, a trace map reads the edges node by node, not all of them."""


@dataclass(frozen=True, slots=True)
class Link:
    """A drawn edge, ``source`` serving ``target``; a ``bridge`` runs through removed nodes."""

    source: str
    target: str
    relation: str
    lateral: bool = False
    bridge: bool = False
    skip: bool = False
    suspect: bool = False
    """The node it serves changed after approval; the link awaits a planner's review."""


@dataclass
class Scene:
    """Everything a layered map draws; ``title`` is user text (escaped when drawn)."""

    what: str
    title: str
    subtitle: str
    nodes: list[Node]
    links: list[Link] = field(default_factory=list)
    gaps: dict[str, list[Gap]] = field(default_factory=dict)
    skips: list[Gap] = field(default_factory=list)
    under: dict[str, list[Node]] = field(default_factory=dict)
    """The active projects under each drawn node above them (of the map's region, on an
    alignment map): what its health roll-up shows."""
    organisations: dict[str, str] = field(default_factory=dict)
    focus: str | None = None
    depth: int | None = None
    """``subtitle`` is a glossary key; a trace map's ``depth`` is named beside it."""


def alignment_scene(store: GraphStore, request: MapRequest, limits: MapLimits) -> Scene:
    """The region's nodes under the national goals, filtered, within the node limit."""
    region = request.region or ""
    regions = {r.id: r for r in store.regions()}
    if region not in regions:
        raise NotFound("region", region)
    candidates = store.nodes(region=region)
    if region != NATIONAL:
        candidates += store.nodes(kind=NodeKind.NATIONAL_GOAL)
    what = f"The alignment map of region '{region}'"
    kept = _keep(candidates, request)
    limits.check_nodes(len(kept), what)
    scene = Scene(what, regions[region].name, "map.alignment", kept)
    # A goal's roll-up counts this region's projects only: another region's red project
    # says nothing about this strategy. The national map (goals only) counts every region's.
    if region == NATIONAL:
        mine = {n.id: n for n in store.nodes(kind=NodeKind.STRATEGIC_PROJECT)}
    else:
        mine = {n.id: n for n in candidates if n.region == region}
    _complete(store, scene, candidates, store.edges(), {region, NATIONAL}, mine)
    return scene


def trace_scene(store: GraphStore, request: MapRequest, limits: MapLimits) -> Scene:
    """The focus node, its paths up to the national goals and/or what sits under it."""
    focus = request.focus or ""
    everything = {n.id: n for n in store.nodes()}
    if focus not in everything:
        raise NotFound("node", focus)
    ids = {focus}
    if request.direction in (Direction.UP, Direction.BOTH):
        depth = request.depth or None  # every node on every path up, however many paths
        on_paths = store.trace_up_page(focus, first=0).on_paths
        ids.update(i for i, d in on_paths.items() if depth is None or d <= depth)
    if request.direction in (Direction.DOWN, Direction.BOTH):
        ids.update(c.node_id for c in store.trace_down(focus, request.depth))
    candidates = sorted((everything[i] for i in ids), key=lambda n: n.id)
    what = f"The trace map of node '{focus}'"
    kept = [n for n in _keep(candidates, request) if n.id != focus]
    kept.append(everything[focus])
    limits.check_nodes(len(kept), what)
    scene = Scene(what, everything[focus].title, f"map.trace.{request.direction.value}", kept)
    scene.focus = focus
    scene.depth = request.depth
    if len(ids) <= SMALL:
        edges = sorted({e for i in ids for e in store.edges(i)}, key=lambda e: e.key)
    else:
        edges = store.edges()
    _complete(store, scene, candidates, edges, {n.region for n in kept}, everything)
    return scene


def _keep(candidates: Iterable[Node], request: MapRequest) -> list[Node]:
    retired = request.show_retired or Status.RETIRED in request.filters.statuses
    return [
        n
        for n in candidates
        if (retired or n.status is not Status.RETIRED) and request.filters.keeps(n)
    ]


def _complete(
    store: GraphStore,
    scene: Scene,
    candidates: list[Node],
    edges: list[Edge],
    regions: set[str],
    projects: dict[str, Node],
) -> None:
    """Fill in links, gaps, the projects under each node (those in ``projects``) and
    organisation names."""
    kept = {n.id for n in scene.nodes}
    known = {n.id: n for n in candidates}
    scene.links = _links(store, edges, kept, known)
    for region in sorted(regions):
        for gap in store.gaps(region, now=store.clock()):
            if gap.node_id not in kept:
                continue
            if gap.type is GapType.LAYER_SKIP:
                scene.skips.append(gap)
            else:
                scene.gaps.setdefault(gap.node_id, []).append(gap)
    skipped = {(g.node_id, g.related) for g in scene.skips}
    scene.links = [
        Link(k.source, k.target, k.relation, k.lateral, k.bridge, True)
        if (k.source, k.target) in skipped and not k.bridge
        else k
        for k in scene.links
    ]
    project = [NodeKind.STRATEGIC_PROJECT]
    for node in scene.nodes:
        if not node.is_project and node.status is not Status.RETIRED:
            found = (projects.get(c.node_id) for c in store.trace_down(node.id, kinds=project))
            scene.under[node.id] = [p for p in found if p is not None and p.is_project]
    used = {n.organisation for n in scene.nodes if n.organisation}
    scene.organisations = {o.id: o.name for o in store.organisations() if o.id in used}
    scene.nodes.sort(key=lambda n: (n.kind.layer, n.id))


def _links(
    store: GraphStore, edges: list[Edge], kept: set[str], known: dict[str, Node]
) -> list[Link]:
    """Direct links between kept nodes, and bridges through removed (not retired) ones."""
    upward = store.metamodel.is_upward
    parents: dict[str, list[Edge]] = {}
    links: dict[tuple[str, str], Link] = {}
    for edge in edges:
        if edge.source not in known or edge.target not in known:
            continue
        if not upward(edge.relation):
            if edge.source in kept and edge.target in kept:
                links[edge.key] = Link(
                    edge.source, edge.target, edge.relation.value, True, suspect=edge.suspect
                )
            continue
        parents.setdefault(edge.source, []).append(edge)
        if edge.source in kept and edge.target in kept:
            links[edge.key] = Link(
                edge.source, edge.target, edge.relation.value, suspect=edge.suspect
            )
    above: dict[str, set[str]] = {}

    def kept_above(node_id: str) -> set[str]:
        """Kept nodes reached from removed ``node_id`` through removed, active nodes."""
        if node_id not in above:
            above[node_id] = set()
            found: set[str] = set()
            for edge in parents.get(node_id, []):
                target = edge.target
                if target in kept:
                    found.add(target)
                elif known[target].status is not Status.RETIRED:
                    found |= kept_above(target)
            above[node_id] = found
        return above[node_id]

    for source in sorted(kept):
        for edge in parents.get(source, []):
            target = edge.target
            if target in kept or known[target].status is Status.RETIRED:
                continue
            for reached in sorted(kept_above(target)):
                if (source, reached) not in links:
                    links[(source, reached)] = Link(source, reached, "", bridge=True)
    return [links[key] for key in sorted(links)]
