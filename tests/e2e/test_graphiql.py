"""GraphiQL in a real browser: it starts with nothing but this server to load from (on a
network without internet it used to stay at "Loading..." forever)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from selenium import webdriver
from selenium.webdriver.support.ui import WebDriverWait

from tests.api.conftest import Served, graph_document, loaded_store, serve
from tests.e2e.page import WAIT


@pytest.fixture
def served() -> Iterator[Served]:
    store = loaded_store(graph_document())
    try:
        with serve(store) as s:
            yield s
    finally:
        store.close()


def test_graphiql_starts_from_this_server_alone(browser: webdriver.Chrome, served: Served) -> None:
    browser.get_log("browser")
    browser.get(served.url)
    WebDriverWait(browser, WAIT).until(
        lambda d: d.execute_script("return !!document.querySelector('.graphiql-query-editor')"),
        "GraphiQL did not start",
    )
    loaded = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    assert loaded, "the page loaded nothing"
    assert [url for url in loaded if not url.startswith(served.base + "/")] == []
    assert {url.rsplit("/", 1)[-1] for url in loaded} >= {
        "react.production.min.js",
        "react-dom.production.min.js",
        "graphiql.min.js",
        "graphiql.min.css",
        "plugin-explorer.umd.js",
        "plugin-explorer.css",
    }
    browser.get("about:blank")
