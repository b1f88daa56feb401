"""Maps from a ``GraphStore``: choose, check, build the DOT, draw it, cache the drawing.

    renderer = MapRenderer(store)
    drawn = renderer.render(MapRequest.alignment("kymenlaakso"))
    drawn.content, drawn.media_type, drawn.etag

The ETag names the request, the graph version and the day (maps show the date), so it
can be answered before anything is drawn; an unchanged graph is never drawn twice.
"""

from __future__ import annotations

import copy
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from ..glossary import glossary
from ..store import GraphStore
from .board import board_dot
from .cache import RenderCache
from .coverage_map import coverage_dot
from .draw import Drawer
from .layered import layered_dot
from .limits import MapLimits, layout_options
from .marks import situation_marks
from .onepage import onepage_dot
from .onepage_scene import onepage_scene
from .paper import on_page
from .request import Format, MapKind, MapRequest
from .scene import alignment_scene, trace_scene

__all__ = ["DotSource", "MapRenderer", "RenderedMap"]

RENDERER_VERSION = 6
"""Part of every cache key and ETag: raise it when the drawings change."""


@dataclass(frozen=True)
class DotSource:
    """A map's DOT text, how many nodes it draws, and how errors name it."""

    text: str
    nodes: int
    what: str


@dataclass(frozen=True)
class RenderedMap:
    content: bytes
    media_type: str
    etag: str
    version: int
    cached: bool


class MapRenderer:
    """Draws the maps of one store within ``limits``, caching drawings in ``cache``."""

    def __init__(
        self,
        store: GraphStore,
        limits: MapLimits | None = None,
        cache: RenderCache | None = None,
        link_base: str = "/#node=",
        today: Callable[[], date] = date.today,
    ) -> None:
        self.store = store
        self.limits = limits or MapLimits()
        self.cache = cache if cache is not None else RenderCache()
        self.link_base = link_base
        self.today = today
        self.drawer = Drawer(self.limits)

    def linked(self, link_base: str) -> MapRenderer:
        """This renderer (same store, cache and ``dot`` slots) with nodes linking to
        ``link_base`` + id: absolute links for a PDF."""
        other = copy.copy(self)
        other.link_base = link_base
        return other

    def key(self, request: MapRequest, version: int | None = None) -> str:
        """The cache key of ``request`` on the graph as it is now (or at ``version``)."""
        version = self.store.version() if version is None else version
        return "|".join(
            (
                str(RENDERER_VERSION),
                request.key,
                str(version),
                self.today().isoformat(),
                self.link_base,
            )
        )

    def etag(self, request: MapRequest, version: int | None = None) -> str:
        return _etag(self.key(request, version))

    def source(self, request: MapRequest, version: int | None = None) -> DotSource:
        """The DOT of ``request``; raises ``MapTooLarge`` before building a map past the
        node limit, ``NotFound`` for an unknown region or node."""
        version = self.store.version() if version is None else version
        today = self.today()
        words = glossary(request.lang)
        if request.kind is MapKind.COVERAGE:
            text, cells = coverage_dot(
                self.store, request, self.limits, today, version, self.link_base
            )
            return DotSource(text, cells, "The coverage map")
        if request.kind is MapKind.BOARD:
            text, rows = board_dot(self.store, request, today, version, words)
            return DotSource(text, rows, f"The board view of region '{request.region}'")
        if request.kind is MapKind.ONEPAGE:
            page = onepage_scene(self.store, request)
            self.limits.check_nodes(page.nodes, page.what)
            text = onepage_dot(
                page,
                today,
                version,
                words,
                request.filters.describe(words),
                self.link_base,
                request.region or "",
                request.columns,
                situation_marks(self.store, words),
            )
            return DotSource(text, page.nodes, page.what)
        build = alignment_scene if request.kind is MapKind.ALIGNMENT else trace_scene
        scene = build(self.store, request, self.limits)
        text = layered_dot(
            scene,
            today,
            version,
            words,
            request.rollup,
            request.filters.describe(words),
            request.clusters,
            self.link_base,
            situation_marks(self.store, words),
        )
        return DotSource(text, len(scene.nodes), scene.what)

    def render(self, request: MapRequest) -> RenderedMap:
        """The drawing of ``request``, from the cache when the graph has not changed."""
        started = time.monotonic()
        version = self.store.version()
        key = self.key(request, version)
        media = request.format.media_type
        found = self.cache.get(key)
        if found is not None:
            return RenderedMap(found, media, _etag(key), version, True)
        with self.cache.flight(key, self.limits.timeout) as mine:
            if not mine:
                raise self.limits.too_slow("The map")
            found = self.cache.get(key)
            if found is not None:
                return RenderedMap(found, media, _etag(key), version, True)
            source = self.source(request, version)
            left = self.limits.timeout - (time.monotonic() - started)
            content = self.drawer.draw(
                source.text, request.format, source.what, left, _options(request, source)
            )
            if request.paper is not None and request.format is Format.PDF:
                content = on_page(content, request.paper)
            if self.store.version() == version:
                self.cache.put(key, content)
        return RenderedMap(content, media, _etag(key), version, False)


def _options(request: MapRequest, source: DotSource) -> list[str]:
    plain = request.kind in (MapKind.COVERAGE, MapKind.BOARD)
    options = layout_options(source.nodes) if not plain else []
    if request.paper is not None:
        return options + request.paper.dot_options(png=request.format is Format.PNG)
    if request.format is Format.PNG:
        options.append("-Gdpi=150" if source.nodes <= 200 else "-Gdpi=96")
    return options


def _etag(key: str) -> str:
    return '"' + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + '"'
