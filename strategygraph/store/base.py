"""The one storage port. Every adapter implements it; one contract suite tests them all.

Traceability queries are part of the port: the embedded adapter answers them with
``strategygraph.trace``, a server adapter in the server's own query language, and both must
give equal answers on the same data.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from ..domain import Comment, Edge, Event, Metamodel, Node, NodeKind, Organisation, Region
from ..domain.answers import (
    Contribution,
    CoverageRow,
    Gap,
    HealthRollup,
    Route,
    TracePage,
    TracePath,
)
from ..domain.changes import CommitResult, Operation
from ..domain.situation import Indicator, Measurement, Risk, StatusReport
from .access import AccessStore

__all__ = ["GraphStore", "Snapshot"]


@dataclass
class Snapshot:
    """A whole graph with its event log, as ``restore`` loads it (what ``migrate`` copies)."""

    regions: list[Region] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    reports: list[StatusReport] = field(default_factory=list)
    """The situational picture, copied as recorded (versions and stamps kept)."""


@runtime_checkable
class GraphStore(Protocol):
    metamodel: Metamodel

    @property
    def access(self) -> AccessStore:
        """API tokens and role grants, kept in the same database (``store/access.py``)."""
        ...

    clock: Callable[[], datetime]
    """Where commits take their time from (UTC now; tests replace it to script a history)."""

    def refresh(self) -> int:
        """Catch up with what other processes committed since this one last looked, so
        the next read sees every acknowledged write; return how many changes that applied
        (0 for a store that reads the database on every call)."""
        ...

    # -- reading -------------------------------------------------------------
    def version(self) -> int:
        """The graph version: the sequence number of the last committed event."""
        ...

    def get_node(self, node_id: str) -> Node:
        """The node, or ``NotFound``."""
        ...

    def nodes(self, kind: NodeKind | None = None, region: str | None = None) -> list[Node]:
        """All nodes (of one kind and/or region), ordered by id."""
        ...

    def edges(self, node_id: str | None = None) -> list[Edge]:
        """All edges, or those touching ``node_id``, ordered by (source, target)."""
        ...

    def regions(self) -> list[Region]: ...

    def organisations(self) -> list[Organisation]: ...

    def events(
        self,
        node_id: str | None = None,
        region: str | None = None,
        since: datetime | None = None,
        after: int | None = None,
        limit: int = 100,
        newest_first: bool = False,
    ) -> list[Event]:
        """Event log entries in commit order, after sequence number ``after``; with
        ``newest_first``, latest first, before sequence number ``after`` (if given).

        The log is append-only: the port has no way to change or remove an entry."""
        ...

    def comments(self, node_id: str | None = None) -> list[Comment]:
        """Comments (on one node), oldest first."""
        ...

    def comment(self, comment_id: str) -> Comment:
        """The comment, or ``NotFound``."""
        ...

    # -- writing -------------------------------------------------------------
    def commit(
        self,
        operations: Sequence[Operation],
        actor: str,
        dry_run: bool = False,
        request_id: str | None = None,
    ) -> CommitResult:
        """Apply all operations and their event rows as one transaction, or none of them;
        every event row records ``actor``, the store's ``clock`` time and ``request_id``.

        A dry run checks everything and reports what would change, then keeps nothing."""
        ...

    def restore(self, snapshot: Snapshot, replace: bool = False) -> int:
        """Load a whole graph and its event log verbatim (events keep their sequence
        numbers, nodes their versions and stamps) in one transaction; return the version.

        Every rule of ``commit`` is checked. A store that holds anything is refused with
        a ``store-not-empty`` problem unless ``replace``, which drops what was there."""
        ...

    # -- traceability --------------------------------------------------------
    def trace_up(self, node_id: str, max_depth: int | None = None) -> list[TracePath]: ...

    def trace_up_page(
        self,
        node_id: str,
        max_depth: int | None = None,
        goal: str | None = None,
        after: Sequence[str] | None = None,
        first: int | None = None,
        visible: Callable[[str], bool] | None = None,
    ) -> TracePage:
        """One page of ``trace_up`` (the paths after the path ``after``, at most ``first``)
        with the number of every path and of the paths to each goal reached; ``visible``
        leaves out the paths through a node it refuses, and their counts."""
        ...

    def trace_down(
        self,
        node_id: str,
        max_depth: int | None = None,
        kinds: Collection[NodeKind] | None = None,
        visible: Callable[[str], bool] | None = None,
    ) -> list[Contribution]:
        """Everything below ``node_id``, nearest first; ``visible`` walks only the nodes it
        accepts (a contribution is reached, and counted at its depth, through those)."""
        ...

    def route(
        self, source: str, target: str, visible: Callable[[str], bool] | None = None
    ) -> Route | None:
        """The shortest chain joining the two, either way; ``visible``: through the nodes
        it accepts only."""
        ...

    def gaps(self, region: str | None = None, draft_days: int = 90, *, now: datetime) -> list[Gap]:
        """Every gap (of one region); the time-bound ones (stale drafts, overdue reports)
        judged at ``now``, which the caller reads from the clock: the store never does."""
        ...

    def coverage(self, region: str | None = None) -> list[CoverageRow]: ...

    def impact(self, node_id: str) -> list[str]: ...

    def rolled_up_health(self, node_id: str) -> HealthRollup: ...

    def close(self) -> None: ...
