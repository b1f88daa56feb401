"""The maps over HTTP: ``GET /maps/{region}.{fmt}``, ``/maps/trace/{id}.{fmt}`` and
``/maps/coverage.{fmt}`` and the strategy on a page, ``/maps/page/{region}.{fmt}``
(``fmt``: svg, png, pdf), filters as query parameters.

    kind, status, health   repeat or separate with commas (``?health=red,amber``)
    tag, organisation      repeat (``?tag=digi&tag=hyte``)
    clusters, retired      ``1`` / ``0``: group by organisation; draw retired nodes
    direction, depth       trace maps only: ``up`` (default), ``down`` or ``both``; 1-50
    lang                   ``fi``, ``sv`` or ``en`` (default: the setting, else ``fi``)
    rollup                 ``share`` (default: how the projects' health divides) or ``worst``
    paper                  ``a4``, ``a3`` or ``slide`` (16:9): scaled to that page
    line, goal, columns    one-page map only: narrow to a strategic line or a national
                           goal; pillars per row (1 for a phone)
    since                  board view only (``/maps/board/{region}.{fmt}``): the day
                           "changed since" starts (default: 30 days ago)

A PDF's links are absolute (``STRATEGYGRAPH_BASE_URL``, else the request's address).

The ETag comes from the cache key (request, graph version, day), so a matching
``If-None-Match`` is answered 304 without drawing anything. Errors are JSON,
``{"error": {"code", "message", ...}}``: 400 for bad parameters, 404 for an unknown
region, node or format, 422 for a map past the node or time limit, 503 when Graphviz is
busy or missing or the store unreachable. Drawing blocks, so it runs in the thread pool.

A map shows what the signed-in principal may read (``service/visible.py``): one who sees
everything gets the shared, cached drawings; anyone else a drawing of their own view of
the graph; a request the principal may not read at all is 403 ``FORBIDDEN``.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..domain import (
    Health,
    NodeKind,
    NotFound,
    Status,
    StrategyGraphError,
    ValidationError,
)
from ..domain.access import Principal
from ..glossary import DEFAULT_LANG, Lang, parse_lang
from ..service.visible import visible_store
from ..store import GraphStore
from .cache import RenderCache
from .fresh import Freshness
from .limits import MapLimits
from .paper import Paper
from .renderer import MapRenderer
from .request import Direction, Filters, Format, MapKind, MapRequest, Rollup, parse_values
from .risk_route import risk_map_route

__all__ = ["default_lang", "map_routes"]

E = TypeVar("E", bound=StrEnum)

FILTERS = ("kind", "status", "health", "tag", "organisation", "retired", "lang", "rollup", "paper")
LAYERED = (*FILTERS, "clusters")
TRACE = (*LAYERED, "direction", "depth")
ONEPAGE = ("health", "lang", "paper", "line", "goal", "columns")
BOARD = ("lang", "paper", "since")
HEADERS = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def map_routes(
    store: GraphStore,
    limits: MapLimits | None = None,
    renderer: MapRenderer | None = None,
    fresh: Freshness | None = None,
) -> list[Route]:
    """The map routes over ``store``; mount them in the app (``create_app(routes=...)``).
    ``fresh``: how they catch up and hold the graph while drawing (``fresh.py``)."""
    maps = renderer or MapRenderer(store, limits)
    fresh = fresh or Freshness(store)

    def endpoint(kind: MapKind, allowed: Collection[str]) -> Callable[[Request], Any]:
        async def serve(request: Request) -> Response:
            try:
                await fresh.catch_up()
            except StrategyGraphError as exc:
                return _error(exc)
            async with fresh.held():
                return await run_in_threadpool(_answer, maps, kind, allowed, request)

        return serve

    return [
        risk_map_route(fresh, _error),
        Route("/maps/coverage.{fmt}", endpoint(MapKind.COVERAGE, FILTERS), methods=["GET"]),
        Route("/maps/trace/{focus}.{fmt}", endpoint(MapKind.TRACE, TRACE), methods=["GET"]),
        Route("/maps/page/{region}.{fmt}", endpoint(MapKind.ONEPAGE, ONEPAGE), methods=["GET"]),
        Route("/maps/board/{region}.{fmt}", endpoint(MapKind.BOARD, BOARD), methods=["GET"]),
        Route("/maps/{region}.{fmt}", endpoint(MapKind.ALIGNMENT, LAYERED), methods=["GET"]),
    ]


def _renderer(maps: MapRenderer, request: Request) -> MapRenderer:
    """The shared renderer, or one over the principal's view with a cache of its own."""
    principal = getattr(request.scope.get("user"), "principal", None)
    if not isinstance(principal, Principal):
        principal = Principal.anonymous(False)
    if principal.sees_everything:
        return maps
    view = visible_store(maps.store, principal)
    view.regions()  # refuses at once a principal who may read nothing
    return MapRenderer(view, maps.limits, RenderCache(), maps.link_base, maps.today)


def _answer(
    maps: MapRenderer, kind: MapKind, allowed: Collection[str], request: Request
) -> Response:
    try:
        maps = _renderer(maps, request)
        wanted = _request(kind, allowed, request)
        if wanted.format is Format.PDF:  # a PDF leaves the server: its links must too
            maps = maps.linked(_base_url(request) + "/#node=")
        etag = maps.etag(wanted)
        if _matches(request.headers.get("if-none-match"), etag):
            return Response(status_code=304, headers={"ETag": etag, **HEADERS})
        drawn = maps.render(wanted)
    except StrategyGraphError as exc:
        return _error(exc)
    headers = {"ETag": drawn.etag, **HEADERS}
    if wanted.format is Format.SVG:
        headers["Content-Security-Policy"] = SVG_POLICY
    return Response(drawn.content, media_type=drawn.media_type, headers=headers)


def _request(kind: MapKind, allowed: Collection[str], request: Request) -> MapRequest:
    params = request.query_params
    unknown = sorted(set(params) - set(allowed))
    if unknown:
        raise ValidationError.one(
            "map-filter",
            f"unknown query parameter {unknown[0]!r}; use {', '.join(allowed)}",
            unknown[0],
        )
    fmt = request.path_params["fmt"]
    if fmt not in {f.value for f in Format}:
        raise NotFound("map format", fmt)

    def listed(name: str) -> list[str]:
        return params.getlist(name)

    filters = Filters(
        kinds=parse_values(NodeKind, listed("kind"), "kind"),
        statuses=parse_values(Status, listed("status"), "status"),
        healths=parse_values(Health, listed("health"), "health"),
        tags=frozenset(t for t in listed("tag") if t.strip()),
        organisations=frozenset(
            o.strip() for value in listed("organisation") for o in value.split(",") if o.strip()
        ),
    )
    return MapRequest(
        kind,
        region=request.path_params.get("region"),
        focus=request.path_params.get("focus"),
        direction=_choice(Direction, params.get("direction", "up"), "direction"),
        depth=_number(params.get("depth"), "depth"),
        format=Format(fmt),
        filters=filters,
        clusters=_flag(params.get("clusters"), "clusters"),
        show_retired=_flag(params.get("retired"), "retired"),
        lang=_lang(request),
        rollup=_choice(Rollup, params.get("rollup", "share"), "rollup"),
        paper=_choice(Paper, params["paper"], "paper") if "paper" in params else None,
        line=params.get("line") or None,
        goal=params.get("goal") or None,
        columns=_number(params.get("columns"), "columns"),
        since=_day(params.get("since")),
    )


def _day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        shown = value[:20]
        raise ValidationError.one(
            "map-filter", f"since must be a date such as 2026-01-31, not {shown!r}", "since"
        ) from None


def _base_url(request: Request) -> str:
    """Where the page is for a reader of a PDF: ``STRATEGYGRAPH_BASE_URL`` (behind a
    proxy), else the address this request came to."""
    settings = getattr(request.app.state, "settings", None)
    base = getattr(settings, "base_url", "")
    if not isinstance(base, str) or not base:
        base = str(request.base_url)
    return base.rstrip("/")


def default_lang(request: Request) -> Lang:
    """The served language: ``STRATEGYGRAPH_LANG`` as the app's settings hold it."""
    settings = getattr(request.app.state, "settings", None)
    lang = getattr(settings, "lang", DEFAULT_LANG)
    return lang if isinstance(lang, Lang) else DEFAULT_LANG


def _lang(request: Request) -> Lang:
    value = request.query_params.get("lang")
    if value is None:
        return default_lang(request)
    try:
        return parse_lang(value)
    except ValueError as exc:
        raise ValidationError.one("map-filter", str(exc), "lang") from None


def _choice(enum: type[E], value: str, name: str) -> E:
    found = parse_values(enum, [value], name)
    if len(found) != 1:
        raise ValidationError.one("map-filter", f"{name} takes one value, not {value!r}", name)
    return next(iter(found))


def _number(value: str | None, name: str) -> int | None:
    if value is None:
        return None
    if not value.isdigit() or len(value) > 6:
        raise ValidationError.one(
            "map-filter", f"{name} must be a whole number, not {value[:20]!r}", name
        )
    return int(value)


def _flag(value: str | None, name: str) -> bool:
    if value is None or value.lower() in {"0", "false", "no", ""}:
        return False
    if value.lower() in {"1", "true", "yes"}:
        return True
    raise ValidationError.one("map-filter", f"{name} must be 1 or 0, not {value!r}", name)


def _matches(header: str | None, etag: str) -> bool:
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def _error(exc: StrategyGraphError) -> JSONResponse:
    body = {"error": {"code": exc.code, "message": exc.message, **exc.extensions()}}
    return JSONResponse(body, status_code=exc.http_status)
