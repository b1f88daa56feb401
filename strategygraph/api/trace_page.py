"""``traceUp`` as a page: every goal reached with its number of paths, the paths after a
cursor, and how many exist, so an answer never holds fewer paths than exist unsaid."""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

import strawberry

from ..domain.answers import TracePage, TracePath
from .context import Context
from .pagination import PageInfo, bad_cursor, decode_cursor, encode_cursor
from .situation_types import RiskType, threat_types
from .trace_types import PathType, path_types
from .types import NodeType, node_type

__all__ = ["TRACE_CURSOR", "GoalPathCount", "TraceUpConnection", "trace_after", "trace_connection"]

TRACE_CURSOR = "traceUp"


@strawberry.type(description="A national goal the traced node reaches, and by how many paths.")
class GoalPathCount:
    goal: NodeType = strawberry.field(description="The national goal reached.")
    path_count: int = strawberry.field(
        description="How many upward paths from the traced node end at this goal (all of "
        "them, whichever page is shown)."
    )


@strawberry.type(description="One path of a `traceUp` page, with the cursor that follows it.")
class TracePathEdge:
    cursor: str = strawberry.field(
        description="Pass as `after` to get the paths that come after this one."
    )
    node: PathType = strawberry.field(description="The path.")


@strawberry.type(
    description="Why a node exists: every national goal it reaches (with the number of "
    "paths to each) and one page of those paths, sorted by the ids of their nodes. "
    "`totalCount` and `goals` always count every path, so a page never hides a goal."
)
class TraceUpConnection:
    traced: strawberry.Private[list[str]]
    """The nodes whose risks ``risks`` lists (in ``graphAt``: as they were then)."""
    total_count: int = strawberry.field(
        description="How many paths exist (to `goal`, when the query names one), on every page."
    )
    complete: bool = strawberry.field(
        description="True when this page holds every path that exists; false when there "
        "are more than it shows (page on with `after`, or raise `first`)."
    )
    goals: list[GoalPathCount] = strawberry.field(
        description="Every national goal reached, by id, with its path count — even the "
        "goals whose paths are on other pages or filtered out by `goal`."
    )
    shown: strawberry.Private[list[TracePath]]
    """This page's paths, as ``paths`` shows them (``edges`` makes their cursors)."""
    paths: list[PathType] = strawberry.field(description="This page's paths (as in `edges`).")
    has_next: strawberry.Private[bool]
    start: strawberry.Private[int]
    """Where this page starts among the paths (``page_info`` tells it)."""

    @strawberry.field(description="Where this page sits among the paths.")
    def page_info(self) -> PageInfo:
        # Made when asked for: its two cursors cost a tenth of a cold traceUp.
        shown = self.shown
        return PageInfo(
            has_next_page=self.has_next,
            has_previous_page=self.start > 0,
            start_cursor=_cursor(shown[0]) if shown else None,
            end_cursor=_cursor(shown[-1]) if shown else None,
        )

    @strawberry.field(description="This page's paths with cursors.")
    def edges(self) -> list[TracePathEdge]:
        # Made when asked for: a cursor per path costs as much as the rest of a page.
        return [
            TracePathEdge(cursor=_cursor(p), node=shown)
            for p, shown in zip(self.shown, self.paths, strict=True)
        ]

    @strawberry.field(
        description="The risks (not CLOSED, that the caller may read) threatening any node "
        "of this page's paths, each once, highest score first; each risk's `threatens` "
        "names the nodes it threatens, so a client can mark them on the paths. Under "
        "`graphAt`, the risks as they were at that time."
    )
    def risks(self, info: strawberry.Info[Context, None]) -> list[RiskType]:
        return threat_types(self.traced, info.context.at(info.path))


def trace_after(after: str | None) -> list[str] | None:
    """The path a ``traceUp`` cursor names (a list of node ids), or None."""
    if after is None:
        return None
    ids = decode_cursor(TRACE_CURSOR, after)
    if not all(isinstance(i, str) for i in ids):
        raise bad_cursor(after)
    return ids


def trace_connection(
    page: TracePage, ctx: Context, node_id: str | None = None
) -> TraceUpConnection:
    """``page`` as GraphQL; ``node_id``, the traced node, counts among the nodes whose
    risks ``risks`` lists even when no path leaves it."""
    shown = page.paths
    return TraceUpConnection(
        traced=([node_id] if node_id else []) + [i for p in page.paths for i in p.nodes],
        total_count=page.total,
        complete=page.start == 0 and not page.has_next,
        goals=[
            GoalPathCount(goal=node_type(ctx.node(g.goal_id)), path_count=g.count)
            for g in page.goals
        ],
        shown=shown,
        paths=path_types(shown, ctx),
        has_next=page.has_next,
        start=page.start,
    )


def _cursor(path: TracePath) -> str:
    return encode_cursor(TRACE_CURSOR, list(path.nodes))
