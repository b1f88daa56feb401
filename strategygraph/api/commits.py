"""What one commit changed, read from the event log's entries (``Commit``, ``commits_of``).

A commit is a run of consecutive log entries that share their time, actor and request id;
``commits_of`` groups the entries and builds each one's ``Commit``: the nodes and edges it
left or removed, the comments it added or edited, and the regions it touched, which decide
who may see it (``within``, ``only``). Plain records built from entries, with no asyncio:
the change feed (``feed.py``) reads them and hands them to ``graphChanged`` subscribers
(``changes.py`` turns one into a ``GraphChange``) and to the webhooks.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace

from ..domain import Comment, Edge, Event, Node
from ..domain.codec_kept import node_from_trusted
from ..domain.operations import (
    COMMENT_OPERATIONS,
    EDGE_OPERATIONS,
    NODE_OPERATIONS,
    SITUATION_EVENTS,
)
from ..domain.states import comment_from_state, edge_from_state

__all__ = ["Commit", "commits_of"]


@dataclass(frozen=True)
class Commit:
    """What one commit changed: event-log entries ``first``..``version``."""

    version: int
    first: int
    actor: str
    nodes: tuple[Node, ...]
    removed_nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    removed_edges: tuple[Edge, ...]
    edge_regions: dict[tuple[str, str], frozenset[str]]
    comments: tuple[tuple[Comment, str], ...] = ()
    """Comments added or edited, each with the region of the node it is on."""
    situation_regions: frozenset[str] = frozenset()
    """Regions whose risks, indicators, readings or status reports it changed."""

    @classmethod
    def empty(cls) -> Commit:
        """A commit that changed nothing (to check a subscriber's rights while idle)."""
        return cls(0, 0, "", (), (), (), (), {})

    @property
    def regions(self) -> frozenset[str]:
        found = {n.region for n in (*self.nodes, *self.removed_nodes)}
        found.update(region for _, region in self.comments)
        found |= self.situation_regions
        for regions in self.edge_regions.values():
            found |= regions
        return frozenset(found)

    def within(self, regions: frozenset[str]) -> Commit:
        """The part of this commit in ``regions``: nodes and comments there, edges with
        an end there; the regions it names are only those."""

        def touches(e: Edge) -> bool:
            return bool(regions & self.edge_regions.get(e.key, frozenset()))

        return replace(
            self,
            nodes=tuple(n for n in self.nodes if n.region in regions),
            removed_nodes=tuple(n for n in self.removed_nodes if n.region in regions),
            edges=tuple(e for e in self.edges if touches(e)),
            removed_edges=tuple(e for e in self.removed_edges if touches(e)),
            edge_regions={k: v & regions for k, v in self.edge_regions.items()},
            comments=tuple(c for c in self.comments if c[1] in regions),
            situation_regions=self.situation_regions & regions,
        )

    def edges_where(self, keep: Callable[[Edge], bool]) -> Commit:
        """This commit with only the edges (added, changed or removed) ``keep`` keeps."""
        edges = tuple(e for e in self.edges if keep(e))
        removed = tuple(e for e in self.removed_edges if keep(e))
        kept = {e.key for e in (*edges, *removed)}
        return replace(
            self,
            edges=edges,
            removed_edges=removed,
            edge_regions={k: v for k, v in self.edge_regions.items() if k in kept},
        )

    def only(self, region: str) -> Commit | None:
        """The part of this commit that touches ``region``, or None if nothing does."""
        if region not in self.regions:
            return None
        return self.within(frozenset({region}))


def commits_of(events: Iterable[Event], region_of: Callable[[str], str | None]) -> Iterator[Commit]:
    """Log entries grouped into their commits: the entries of one commit are consecutive
    and share their time, actor and request id. ``region_of`` names the region of a node
    the commit itself does not show."""
    group: list[Event] = []
    for event in events:
        if group and _commit_key(event) != _commit_key(group[0]):
            yield _commit(group, region_of)
            group = []
        group.append(event)
    if group:
        yield _commit(group, region_of)


def _commit_key(e: Event) -> tuple[object, ...]:
    return (e.at, e.actor, e.request_id)


def _commit(events: list[Event], region_of: Callable[[str], str | None]) -> Commit:
    nodes: dict[str, Node] = {}
    removed_nodes: dict[str, Node] = {}
    edges: dict[tuple[str, str], Edge] = {}
    removed_edges: dict[tuple[str, str], Edge] = {}
    comments: dict[str, tuple[Comment, str]] = {}
    for e in events:
        if e.operation in NODE_OPERATIONS:
            if e.after is not None:
                nodes[e.target] = node_from_trusted(e.after)
            elif e.before is not None:
                nodes.pop(e.target, None)
                removed_nodes[e.target] = node_from_trusted(e.before)
        elif e.operation in EDGE_OPERATIONS and e.related is not None:
            key = (e.target, e.related)
            if e.after is not None:
                edges[key] = edge_from_state(e.after)
            elif e.before is not None:
                edges.pop(key, None)
                removed_edges[key] = edge_from_state(e.before)
        elif e.operation in COMMENT_OPERATIONS and e.after is not None:
            comment = comment_from_state(e.after)
            comments[comment.id] = (comment, e.region or "")
    known = {n.id: n.region for n in (*nodes.values(), *removed_nodes.values())}

    def region(node_id: str) -> str | None:
        if node_id not in known:
            known[node_id] = region_of(node_id)  # type: ignore[assignment]
        return known[node_id]

    edge_regions = {
        key: frozenset(r for r in (region(key[0]), region(key[1])) if r)
        for key in (*edges, *removed_edges)
    }
    return Commit(
        version=events[-1].seq,
        first=events[0].seq,
        actor=events[0].actor,
        nodes=tuple(nodes.values()),
        removed_nodes=tuple(removed_nodes.values()),
        edges=tuple(edges.values()),
        removed_edges=tuple(removed_edges.values()),
        edge_regions=edge_regions,
        comments=tuple(comments.values()),
        situation_regions=frozenset(
            e.region for e in events if e.operation in SITUATION_EVENTS and e.region
        ),
    )
