"""The map page for leadership at ``/``: plain HTML and a little JavaScript over GraphQL.

The page's one inline script and one style sheet are allowed by their SHA-256 hashes in the
content security policy, so no other script (an injected ``onerror=``, a ``javascript:``
link) can run on it even if some text ever reached it as markup.
"""

from __future__ import annotations

import base64
import hashlib
import re
from importlib import resources

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

__all__ = ["content_security_policy", "page_route"]

_BLOCK = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)


def content_security_policy(html: str) -> str:
    """The policy for ``html``: its inline ``<script>`` and ``<style>`` blocks by hash."""
    hashes: dict[str, list[str]] = {"script": [], "style": []}
    for tag, body in _BLOCK.findall(html):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        hashes[tag].append(f"'sha256-{digest}'")
    scripts = " ".join(hashes["script"]) or "'none'"
    styles = " ".join(hashes["style"]) or "'none'"
    return (
        f"default-src 'self'; script-src {scripts}; style-src {styles}; "
        "object-src 'self' blob:; frame-src 'self' blob:; img-src 'self' data:; "
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


def page_route() -> Route:
    html = resources.files(__package__).joinpath("static/index.html").read_text(encoding="utf-8")
    headers = {
        "Content-Security-Policy": content_security_policy(html),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "same-origin",
    }

    async def page(request: Request) -> HTMLResponse:
        return HTMLResponse(html, headers=headers)

    return Route("/", page, methods=["GET"])
