"""What a map request asks for: which map, which filters, which format.

A ``MapRequest`` is frozen and hashable; its ``key`` (with the graph version) names one
drawing in the render cache and becomes the ETag. ``parse_values`` turns the strings of a
query or the CLI into filter values, refusing unknown ones with the rule ``map-filter``.

>>> kinds = parse_values(NodeKind, ["challenge,strategic-project"], "kind")
>>> MapRequest.alignment("kymenlaakso", Filters(kinds=kinds)).key
'["alignment","kymenlaakso",null,"up",null,"svg",[["CHALLENGE","STRATEGIC_PROJECT"],[],[],[],[]],false,false,"fi","share",null,null,null,null,null]'
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum
from typing import TypeVar

from ..domain import Health, Node, NodeKind, Status, ValidationError
from ..domain.validation import TAG_MAX, TAGS_MAX
from ..glossary import DEFAULT_LANG, Glossary, Lang
from .paper import Paper

ID_MAX = 100
"""The longest id (``domain.validation.ID_PATTERN``): an organisation filter longer than
that can match nothing."""

__all__ = ["Direction", "Filters", "Format", "MapKind", "MapRequest", "Rollup", "parse_values"]

E = TypeVar("E", bound=StrEnum)


class MapKind(StrEnum):
    ALIGNMENT = "alignment"
    TRACE = "trace"
    COVERAGE = "coverage"
    ONEPAGE = "page"
    """The strategy on a page: visions on top, strategic lines as pillars."""
    BOARD = "board"
    """Health per line and goal, overdue projects, changes since a date."""


class Direction(StrEnum):
    """A trace map's reach: why the node exists, what realises it, or both."""

    UP = "up"
    DOWN = "down"
    BOTH = "both"


class Rollup(StrEnum):
    """How a node above the projects shows their health: how they divide (the counts per
    health and a bar of the shares, the default), or the border of the worst of them."""

    SHARE = "share"
    WORST = "worst"


class Format(StrEnum):
    SVG = "svg"
    PNG = "png"
    PDF = "pdf"

    @property
    def media_type(self) -> str:
        return _MEDIA_TYPES[self]


_MEDIA_TYPES = {
    Format.SVG: "image/svg+xml",
    Format.PNG: "image/png",
    Format.PDF: "application/pdf",
}


@dataclass(frozen=True)
class Filters:
    """Which nodes a map keeps; an empty set keeps everything.

    ``kinds`` and ``statuses`` apply to every node; ``healths`` to projects only (the
    layers above show their projects' health as a border); ``tags`` (any of them) and
    ``organisations`` to every node but the national goals, which belong to no
    organisation and stay as the top of every map.
    """

    kinds: frozenset[NodeKind] = frozenset()
    statuses: frozenset[Status] = frozenset()
    healths: frozenset[Health] = frozenset()
    tags: frozenset[str] = frozenset()
    organisations: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        """Refuse tags and organisations no node can have, and more of them than a node
        can carry: they would only make the map's title too long to draw."""
        for name, values, longest in (
            ("tag", self.tags, TAG_MAX),
            ("organisation", self.organisations, ID_MAX),
        ):
            if len(values) > TAGS_MAX:
                raise _bad(name, f"at most {TAGS_MAX} {name} values, not {len(values)}")
            for value in sorted(values):
                if len(value) > longest:
                    shown = value[:20] + "…"
                    message = f"{name} {shown!r} is {len(value)} characters, at most {longest}"
                    raise _bad(name, message)

    @property
    def active(self) -> bool:
        return bool(self.kinds or self.statuses or self.healths or self.tags or self.organisations)

    def keeps(self, node: Node) -> bool:
        if self.kinds and node.kind not in self.kinds:
            return False
        if self.statuses and node.status not in self.statuses:
            return False
        if self.healths and node.is_project and node.effective_health not in self.healths:
            return False
        if node.kind is NodeKind.NATIONAL_GOAL:
            return True
        if self.tags and self.tags.isdisjoint(node.tags):
            return False
        return not self.organisations or node.organisation in self.organisations

    def describe(self, words: Glossary) -> str:
        """A short summary for a map's title in ``words``' language, e.g. ``terveys
        punainen · tunniste digi``."""
        named = (
            ("kind", sorted(words.kind(k) for k in self.kinds)),
            ("status", sorted(words.status(s) for s in self.statuses)),
            ("health", sorted(words.health(h) for h in self.healths)),
            ("tag", sorted(self.tags)),
            ("organisation", sorted(self.organisations)),
        )
        parts = [
            f"{words.text('filter.' + name)} {', '.join(values)}"
            for name, values in named
            if values
        ]
        return " · ".join(parts)

    def key(self) -> list[list[str]]:
        return [
            sorted(values)
            for values in (self.kinds, self.statuses, self.healths, self.tags, self.organisations)
        ]


@dataclass(frozen=True)
class MapRequest:
    """One map: an alignment map of ``region``, a trace map of ``focus`` or the coverage
    map; ``depth`` limits a trace map (``None``: all the way)."""

    kind: MapKind
    region: str | None = None
    focus: str | None = None
    direction: Direction = Direction.UP
    depth: int | None = None
    format: Format = Format.SVG
    filters: Filters = field(default_factory=Filters)
    clusters: bool = False
    show_retired: bool = False
    lang: Lang = DEFAULT_LANG
    rollup: Rollup = Rollup.SHARE
    paper: Paper | None = None
    """Scale the drawing to an A4, A3 or 16:9 page (a PDF gets exactly that page)."""
    line: str | None = None
    goal: str | None = None
    """A one-page map narrowed to one strategic line or one national goal."""
    columns: int | None = None
    """A one-page map's pillars per row (default: all in one row; 1 for a phone)."""
    since: date | None = None
    """The board view's "changed since" day (default: ``board.SINCE_DAYS`` ago)."""

    @classmethod
    def alignment(cls, region: str, filters: Filters | None = None, **kw: object) -> MapRequest:
        return cls(MapKind.ALIGNMENT, region=region, filters=filters or Filters(), **kw)  # type: ignore[arg-type]

    @classmethod
    def onepage(cls, region: str, filters: Filters | None = None, **kw: object) -> MapRequest:
        return cls(MapKind.ONEPAGE, region=region, filters=filters or Filters(), **kw)  # type: ignore[arg-type]

    @classmethod
    def trace(cls, focus: str, filters: Filters | None = None, **kw: object) -> MapRequest:
        return cls(MapKind.TRACE, focus=focus, filters=filters or Filters(), **kw)  # type: ignore[arg-type]

    @classmethod
    def coverage(cls, filters: Filters | None = None, **kw: object) -> MapRequest:
        return cls(MapKind.COVERAGE, filters=filters or Filters(), **kw)  # type: ignore[arg-type]

    def __post_init__(self) -> None:
        if self.kind in (MapKind.ALIGNMENT, MapKind.ONEPAGE, MapKind.BOARD) and not self.region:
            raise _bad("region", "an alignment map needs a region")
        if self.kind is MapKind.TRACE and not self.focus:
            raise _bad("focus", "a trace map needs a focus node")
        if self.depth is not None and not 1 <= self.depth <= 50:
            raise _bad("depth", f"depth must be between 1 and 50, not {self.depth}")
        if self.line and self.goal:
            raise _bad("line", "narrow a map to a line or to a goal, not to both")
        if (self.line or self.goal or self.columns) and self.kind is not MapKind.ONEPAGE:
            raise _bad("line", "line, goal and columns are for the one-page map (view=page)")
        if self.columns is not None and not 1 <= self.columns <= 50:
            raise _bad("columns", f"columns must be between 1 and 50, not {self.columns}")
        if self.since is not None and self.kind is not MapKind.BOARD:
            raise _bad("since", "since is for the board view")

    def with_format(self, fmt: Format) -> MapRequest:
        return replace(self, format=fmt)

    @property
    def key(self) -> str:
        """A stable, unambiguous text naming this request (JSON, so a tag holding a
        separator cannot collide with another request); the cache adds the graph version."""
        return json.dumps(
            [
                self.kind.value,
                self.region,
                self.focus,
                self.direction.value,
                self.depth,
                self.format.value,
                self.filters.key(),
                self.clusters,
                self.show_retired,
                self.lang.value,
                self.rollup.value,
                self.paper and self.paper.value,
                self.line,
                self.goal,
                self.columns,
                self.since and self.since.isoformat(),
            ],
            ensure_ascii=False,
            separators=(",", ":"),
        )


def parse_values(enum: type[E], values: Iterable[str], name: str) -> frozenset[E]:
    """Enum members from names such as ``red`` or ``strategic-project``, comma lists allowed."""
    found: set[E] = set()
    for value in values:
        for part in value.split(","):
            text = part.strip().upper().replace("-", "_")
            if not text:
                continue
            member = enum.__members__.get(text)
            if member is None:
                allowed = ", ".join(m.value for m in enum)
                shown = part.strip()
                shown = shown if len(shown) <= 40 else shown[:40] + "…"
                raise _bad(name, f"unknown {name} {shown!r}; use one of {allowed}")
            found.add(member)
    return frozenset(found)


def _bad(name: str, message: str) -> ValidationError:
    return ValidationError.one("map-filter", message, name)
