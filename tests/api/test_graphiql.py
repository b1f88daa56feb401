"""GraphiQL works on a network without internet: its page names no other host, and every
script and style it loads is served by this server, the very bytes its integrity hash
names."""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from tests.clients import HTTP

from .conftest import Served


class Assets(HTMLParser):
    """Every URL the page loads (``src`` and ``href``), with its integrity hash."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[tuple[str, str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        for name in ("src", "href"):
            url = found.get(name)
            if url is not None:
                self.urls.append((tag, url.strip(), found.get("integrity")))


def page_assets(served: Served) -> list[tuple[str, str, str | None]]:
    response = HTTP.get(served.url, headers={"Accept": "text/html"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    parser = Assets()
    parser.feed(response.text)
    return parser.urls


def test_graphiql_names_no_other_host(shared: Served) -> None:
    urls = page_assets(shared)
    loaded = [url for _, url, _ in urls if not url.startswith("data:")]
    assert [(urlsplit(u).scheme, urlsplit(u).netloc) for u in loaded] == [("", "")] * 6
    assert {tag for tag, url, _ in urls if not url.startswith("data:")} == {"script", "link"}


def test_graphiql_assets_are_served_as_the_page_expects(shared: Served) -> None:
    kinds = {".js": "text/javascript", ".css": "text/css"}
    for _, url, integrity in page_assets(shared):
        if url.startswith("data:"):
            continue
        response = HTTP.get(urljoin(shared.url, url))
        assert response.status_code == 200, url
        assert response.headers["content-type"].startswith(kinds[url[url.rindex(".") :]]), url
        digest = base64.b64encode(hashlib.sha384(response.content).digest()).decode()
        assert integrity == f"sha384-{digest}", url


def test_graphiql_and_its_assets_are_off_in_production(production: Served) -> None:
    asset = HTTP.get(f"{production.base}/graphiql/graphiql.min.js")
    assert asset.status_code == 404
