"""The map page for leadership at ``/``: plain HTML and a little JavaScript over GraphQL.

Every word on it comes from the glossary: the page is written once per language from
``static/index.html``, whose ``{{key}}`` marks name glossary entries (HTML-escaped) and
whose ``{{words}}`` mark becomes the JSON the script reads its words from (a data block,
never run). ``?lang=fi|sv|en`` chooses the language, else ``STRATEGYGRAPH_LANG``; the page
asks for its maps in the same language.

The page's one inline script and one style sheet are allowed by their SHA-256 hashes in the
content security policy, so no other script (an injected ``onerror=``, a ``javascript:``
link) can run on it even if some text ever reached it as markup.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from importlib import resources

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from ..domain import Health, NodeKind, Status
from ..domain.answers import GapType
from ..glossary import Glossary, Lang, glossary, parse_lang
from ..glossary.onepage_words import ONEPAGE_WORDS
from ..glossary.page_words import PAGE_WORDS
from ..glossary.situation_words import SITUATION_WORDS
from .style import HEALTH_SIGN
from .web import default_lang

__all__ = ["content_security_policy", "page_html", "page_route"]

_BLOCK = re.compile(r"<(script|style)>(.*?)</\1>", re.DOTALL)
_MARK = re.compile(r"\{\{([\w.]+)\}\}")
LOCALES = {Lang.FI: "fi-FI", Lang.SV: "sv-FI", Lang.EN: "en-GB"}
_MORE = [k for k in ONEPAGE_WORDS if k.startswith("page.")] + [f"gap.{g.value}" for g in GapType]
_MORE += [k for k in SITUATION_WORDS if k.startswith(("badge.trend.", "risk.status."))]
"""The script's words besides the page's own: views, flags, comments, gap names, and the
situational picture's risk statuses and trends (as the maps' badges say them)."""


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


def page_html(lang: Lang) -> str:
    """The page in ``lang``; an unknown ``{{key}}`` is a ``KeyError`` (at start-up)."""
    words = glossary(lang)
    template = resources.files(__package__).joinpath("static/index.html").read_text("utf-8")

    def fill(match: re.Match[str]) -> str:
        key = match.group(1)
        if key == "lang":
            return lang.value
        if key == "words":
            # JSON inside <script>: "<" escaped, so no "</script>" can end the block.
            return json.dumps(_script_words(words), ensure_ascii=False).replace("<", "\\u003c")
        if key.startswith("page.download."):
            return html.escape(words.text("page.download", format=key.rsplit(".", 1)[1].upper()))
        return html.escape(words.text(key))

    return _MARK.sub(fill, template)


def _script_words(words: Glossary) -> dict[str, object]:
    one = words.text(f"kind.{NodeKind.STRATEGIC_PROJECT.value}.one")
    many = words.text(f"kind.{NodeKind.STRATEGIC_PROJECT.value}.count")
    return {
        "kind": {k.value: _capital(words.kind(k)) for k in NodeKind},
        "status": {s.value: words.status(s) for s in Status},
        "health": {h.value: words.health(h) for h in Health},
        "sign": {h.value: HEALTH_SIGN[h] for h in Health},
        "projects": [f"1 {one}", f"{{count}} {many}"],
        "locale": LOCALES[words.lang],
        "text": {key: words.text(key) for key in [*PAGE_WORDS, *_MORE, "overdue"]},
    }


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def page_route() -> Route:
    pages = {}
    for lang in Lang:
        text = page_html(lang)
        headers = {
            "Content-Security-Policy": content_security_policy(text),
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "same-origin",
            "Content-Language": lang.value,
        }
        pages[lang] = (text, headers)

    async def page(request: Request) -> HTMLResponse:
        asked = request.query_params.get("lang")
        try:
            lang = parse_lang(asked) if asked else default_lang(request)
        except ValueError:
            lang = default_lang(request)
        text, headers = pages[lang]
        return HTMLResponse(text, headers=headers)

    return Route("/", page, methods=["GET"])
