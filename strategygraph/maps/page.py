"""The map page for leadership at ``/``: plain HTML and a little JavaScript over GraphQL."""

from __future__ import annotations

from importlib import resources

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

__all__ = ["page_route"]

_CSP = (
    "default-src 'self'; script-src 'unsafe-inline' 'self'; style-src 'unsafe-inline'; "
    "object-src 'self'; img-src 'self' data:"
)


def page_route() -> Route:
    html = resources.files(__package__).joinpath("static/index.html").read_text(encoding="utf-8")

    async def page(request: Request) -> HTMLResponse:
        return HTMLResponse(html, headers={"Content-Security-Policy": _CSP})

    return Route("/", page, methods=["GET"])
