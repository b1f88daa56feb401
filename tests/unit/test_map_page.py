"""The map page at ``/``: served as static HTML with a strict content security policy."""

from __future__ import annotations

import json
import re
from importlib import resources

import anyio
import httpx
from starlette.applications import Starlette

from strategygraph.domain import NodeKind
from strategygraph.glossary import Glossary, Lang
from strategygraph.maps.page import content_security_policy, page_route


def test_page_is_served_with_a_content_security_policy() -> None:
    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=Starlette(routes=[page_route()]))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get("/")

    answer = anyio.run(fetch)
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert "default-src 'self'" in answer.headers["content-security-policy"]
    html = answer.text
    assert 'fetch("/graphql"' in html and "/maps/" in html
    # User text only ever reaches the page through textContent, never as markup.
    assert "innerHTML" not in html and "document.write" not in html


def test_only_the_page_s_own_script_and_style_may_run() -> None:
    html = '<style>p{}</style><script>go()</script><p onclick="x()">'
    policy = content_security_policy(html)
    assert "'unsafe-inline'" not in policy
    # sha256 of "go()" and "p{}", base64: the browser checks the blocks against these.
    assert "script-src 'sha256-5KYv+PUboo5h+0+YAtGRPbwv5d/QxzHslP4YGnUaxRw='" in policy
    assert "style-src 'sha256-" in policy
    assert "object-src 'self'" in policy and "base-uri 'none'" in policy
    assert "script-src 'none'" in content_security_policy("<p>no script</p>")


def _get(path: str) -> httpx.Response:
    async def fetch() -> httpx.Response:
        transport = httpx.ASGITransport(app=Starlette(routes=[page_route()]))
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            return await client.get(path)

    return anyio.run(fetch)


def test_every_word_of_the_page_comes_from_the_glossary_in_its_language() -> None:
    template = resources.files("strategygraph.maps").joinpath("static/index.html").read_text()
    assert not set("äöåÄÖÅ") & set(template)  # no word of any language is written in it
    pages = {lang: _get(f"/?lang={lang.value}") for lang in Lang}
    assert _get("/").text == pages[Lang.FI].text  # Finnish unless asked
    assert _get("/?lang=xx").text == pages[Lang.FI].text
    for lang, answer in pages.items():
        page = answer.text
        assert answer.headers["content-language"] == lang.value
        assert f'<html lang="{lang.value}">' in page and "{{" not in page
        words = json.loads(re.search(r'id="words">(.*?)</script>', page, re.DOTALL)[1])
        assert words["kind"]["CHALLENGE"] == Glossary(lang).kind(NodeKind.CHALLENGE).capitalize()
        assert f"> {Glossary(lang).many(NodeKind.CHALLENGE)}</label>" in page
        assert f"<h3>{Glossary(lang).text('page.why')}</h3>" in page
        # The script runs by its hash, and the words block is data, never run.
        policy = answer.headers["content-security-policy"]
        assert policy == content_security_policy(page)
    assert "haasteet" not in pages[Lang.FI].text and "Kirjaudu" not in pages[Lang.EN].text
