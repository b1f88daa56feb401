"""The risk map's route, ``GET /maps/risks/{region}.{svg|png|pdf}?lang=fi``, drawn for the
signed-in principal (a draft risk appears only to viewers of its region)."""

from __future__ import annotations

from collections.abc import Callable

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from ..domain import NotFound, StrategyGraphError, ValidationError
from ..domain.access import Principal
from ..glossary import parse_lang
from ..store import GraphStore
from .fresh import Freshness
from .request import Format
from .risk_map import draw_risk_map

__all__ = ["risk_map_route"]

HEADERS = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"


def risk_map_route(fresh: Freshness, error: Callable[[StrategyGraphError], Response]) -> Route:
    """The route over ``fresh.store``; ``error`` answers a refusal as the other map
    routes do."""

    async def serve(request: Request) -> Response:
        try:
            await fresh.catch_up()
        except StrategyGraphError as exc:
            return error(exc)
        async with fresh.held():
            return await run_in_threadpool(_answer, fresh.store, error, request)

    return Route("/maps/risks/{region}.{fmt}", serve, methods=["GET"])


def _answer(
    store: GraphStore, error: Callable[[StrategyGraphError], Response], request: Request
) -> Response:
    principal = getattr(request.scope.get("user"), "principal", None)
    if not isinstance(principal, Principal):
        principal = Principal.anonymous(False)
    try:
        unknown = sorted(set(request.query_params) - {"lang"})
        if unknown:
            raise ValidationError.one(
                "map-filter", f"unknown query parameter {unknown[0]!r}; use lang", unknown[0]
            )
        fmt = request.path_params["fmt"]
        if fmt not in {f.value for f in Format}:
            raise NotFound("map format", fmt)
        try:
            lang = parse_lang(request.query_params.get("lang", "fi"))
        except ValueError as exc:
            raise ValidationError.one("lang", str(exc), "lang") from None
        content = draw_risk_map(store, principal, request.path_params["region"], Format(fmt), lang)
    except StrategyGraphError as exc:
        return error(exc)
    headers = dict(HEADERS)
    if fmt == Format.SVG.value:
        headers["Content-Security-Policy"] = SVG_POLICY
    return Response(content, media_type=Format(fmt).media_type, headers=headers)
