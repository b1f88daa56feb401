"""Plain feeds: one URL per region and format, for Power Query, Excel, Kumu and ETL tools.

    GET /export/{region}.json | .csv | .xlsx | .graphml | .archimate
    GET /export/{region}/edges.csv

The caller signs in as for the API (``Authorization: Bearer <token>``) or, for tools that
cannot send a header, with ``?token=<token>``; it gets what that principal may read
(``service/visible.py``). ``.csv`` is the nodes file (``?dialect=fi`` for Finnish Excel);
the edges are at ``/export/{region}/edges.csv``. ``?since=N`` gives only what changed after
graph version N (``service/delta.py``; the JSON has a ``removed`` section too).

Every answer carries an ``ETag`` made of the graph version, the region, the format and
its options, and what the principal may see; a request with that tag in
``If-None-Match`` is answered ``304 Not Modified`` without any export work.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..domain import (
    NotFound,
    StrategyGraphError,
    ValidationError,
)
from ..domain.access import InvalidToken, Principal
from ..interchange import dump_files
from ..interchange.values import DIALECTS
from ..service import StrategyService
from .catch_up import caught_up
from .context import principal_of
from .offload import gate_of
from .signin import SignIn

__all__ = ["FEED_FORMATS", "feed_routes"]

FEED_FORMATS = {
    "json": "application/json",
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "graphml": "application/graphml+xml",
    "archimate": "application/xml",
}
"""Each feed format and its media type."""
_HEADERS = {"Cache-Control": "private, no-cache", "Vary": "Authorization"}


@dataclass(frozen=True)
class FeedRequest:
    region: str
    fmt: str
    file: str
    """The file of the format's files: ``nodes.csv``/``edges.csv`` for CSV."""
    since: int | None
    dialect: str


def feed_routes(service: StrategyService, signin: SignIn) -> list[Route]:
    """The feed routes; ``create_app`` mounts them."""

    async def region_file(request: Request) -> Response:
        name = request.path_params["name"]
        region, dot, fmt = name.rpartition(".")
        if not dot or fmt not in FEED_FORMATS:
            return _error(
                NotFound("feed format", fmt or name, sorted(FEED_FORMATS)),
            )
        file = "nodes.csv" if fmt == "csv" else ""
        return await _serve(service, signin, request, region, fmt, file)

    async def edges_file(request: Request) -> Response:
        region = request.path_params["region"]
        return await _serve(service, signin, request, region, "csv", "edges.csv")

    return [
        Route("/export/{region}/edges.csv", edges_file, methods=["GET"]),
        Route("/export/{name}", region_file, methods=["GET"]),
    ]


async def _serve(
    service: StrategyService, signin: SignIn, request: Request, region: str, fmt: str, file: str
) -> Response:
    try:
        principal = await _principal(signin, request)
        if not principal.signed_in and not principal.reads_public:
            return _unauthenticated("sign in: send 'Authorization: Bearer <token>' or ?token=")
        wanted = FeedRequest(region, fmt, file, _since(request), _dialect(request))
        await caught_up(service.store)  # in a thread, if another process committed
        service.known_region(region)
        tag = etag(wanted, service.store.version(), principal)
        if _matches(request.headers.get("if-none-match"), tag):
            return Response(status_code=304, headers={"ETag": tag, **_HEADERS})
        async with gate_of(service.store).reader_lock:  # no catch-up changes it meanwhile
            content, version = await run_in_threadpool(_export, service, wanted, principal)
    except InvalidToken as exc:
        return _unauthenticated(exc.message)
    except StrategyGraphError as exc:
        return _error(exc)
    name = file or f"{region}.{fmt}"
    headers = {
        "ETag": etag(wanted, version, principal),
        "Content-Disposition": f'inline; filename="{name}"',
        "X-Graph-Version": str(version),
        **_HEADERS,
    }
    return Response(content, media_type=FEED_FORMATS[fmt], headers=headers)


def _export(
    service: StrategyService, wanted: FeedRequest, principal: Principal
) -> tuple[bytes, int]:
    doc = service.export_document(wanted.region, principal, wanted.since)
    options = {"dialect": wanted.dialect} if wanted.fmt == "csv" else {}
    files = dump_files(doc, wanted.fmt, **options)
    content = files[wanted.file] if wanted.file else next(iter(files.values()))
    return content, int(doc["graph_version"])


async def _principal(signin: SignIn, request: Request) -> Principal:
    """The header's principal (the middleware signed it in), else ``?token=``'s."""
    token = request.query_params.get("token")
    if token is not None and "authorization" not in request.headers:
        return await signin.principal(f"Bearer {token}")
    return principal_of(request, signin.anonymous())


def _since(request: Request) -> int | None:
    text = request.query_params.get("since")
    if text is None:
        return None
    if not text.strip().isdigit():
        raise ValidationError.one(
            "since", f"since must be a graph version (a whole number), not {text!r}", "since"
        )
    return int(text)


def _dialect(request: Request) -> str:
    dialect = request.query_params.get("dialect", "standard")
    if dialect not in DIALECTS:
        raise ValidationError.one(
            "csv-dialect",
            f"unknown CSV dialect {dialect!r}; expected one of {', '.join(DIALECTS)}",
            "dialect",
        )
    return dialect


def visibility(principal: Principal) -> str:
    """What ``principal`` may see, as text: equal for principals who see the same."""
    if principal.sees_everything:
        return "all"
    regions = sorted({g for r, g in principal.roles})
    return f"public={principal.reads_public};viewer={','.join(regions)}"


def etag(wanted: FeedRequest, version: int, principal: Principal) -> str:
    """The ETag of a feed answer: graph version, region, format and options, and the
    principal's visibility. Weak (``W/``): the same content, though the JSON's
    ``exported_at`` tells when it was made."""
    key = "|".join(
        (
            str(version),
            wanted.region,
            wanted.fmt,
            wanted.file,
            wanted.dialect,
            str(wanted.since),
            visibility(principal),
        )
    )
    return 'W/"' + hashlib.sha256(key.encode("utf-8")).hexdigest()[:32] + '"'


def _matches(header: str | None, tag: str) -> bool:
    """Does ``If-None-Match`` name ``tag``? (Weak comparison, as RFC 9110 has it.)"""
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or tag.removeprefix("W/") in tags


def _unauthenticated(message: str) -> JSONResponse:
    return JSONResponse(
        {"error": {"code": "UNAUTHENTICATED", "message": message}},
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )


def _error(exc: StrategyGraphError) -> JSONResponse:
    body = {"error": {"code": exc.code, "message": exc.message, **exc.extensions()}}
    return JSONResponse(body, status_code=exc.http_status)
