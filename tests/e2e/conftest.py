"""The browser tests' fixtures: Debian's headless Chromium driven by selenium through Debian's
chromedriver (never a downloaded one), and the demo served by uvicorn with the map page and
the map routes, the way ``strategygraph serve`` mounts them."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from strategygraph.data import demo_documents
from strategygraph.domain.access import ANY_REGION, Role
from strategygraph.maps.page import page_route
from strategygraph.maps.web import map_routes
from tests.api.conftest import Served, loaded_store, serve
from tests.e2e.page import MapPage

CHROMIUM = "chromium"
CHROMEDRIVER = "chromedriver"
OUTPUT = Path(__file__).resolve().parents[2] / "test-output"
"""Screenshots are also kept here (ignored by git), to look at after a run."""


def _program(name: str, package: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f"the browser tests need `{name}` from Debian's {package} package; "
            "`scripts/setup.sh --test` (run by `make test`) installs it",
            pytrace=False,
        )
    return found


@pytest.fixture(scope="session")
def browser() -> Iterator[webdriver.Chrome]:
    """One headless Chromium for the session; each test sets its own window size."""
    options = webdriver.ChromeOptions()
    options.binary_location = _program(CHROMIUM, "chromium")
    for argument in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--lang=fi",
        "--hide-scrollbars",
        "--force-device-scale-factor=1",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=_program(CHROMEDRIVER, "chromium-driver"))
    driver = webdriver.Chrome(service=service, options=options)
    try:
        yield driver
    finally:
        driver.quit()


def second_region() -> dict[str, Any]:
    """A small hand-made region beside the demo, deriving from a demo national goal."""

    def node(id: str, kind: str, title: str, **extra: Any) -> dict[str, Any]:
        return {"id": id, "kind": kind, "region": "testimaa", "title": title, **extra}

    def edge(source: str, relation: str, target: str) -> dict[str, str]:
        return {"source": source, "relation": relation, "target": target}

    return {
        "format": "strategygraph",
        "format_version": 1,
        "regions": [{"id": "testimaa", "name": "Testimaa"}],
        "nodes": [
            node("tm-cv", "CHANGE_VISION", "Testimaan muutosvisio"),
            node("tm-ov", "ORGANISATIONAL_VISION", "Testimaan visio"),
            node("tm-line", "STRATEGIC_LINE", "Testimaan linjaus"),
            node("tm-ch", "CHALLENGE", "Testimaan haaste"),
            node("tm-proj", "STRATEGIC_PROJECT", "Testimaan hanke", health="GREEN"),
        ],
        "edges": [
            edge("tm-cv", "DERIVES_FROM", "ng-equal-services"),
            edge("tm-ov", "REALISES", "tm-cv"),
            edge("tm-line", "SUPPORTS", "tm-ov"),
            edge("tm-ch", "CHALLENGES", "tm-line"),
            edge("tm-proj", "ADDRESSES", "tm-ch"),
        ],
    }


@pytest.fixture
def site() -> Iterator[Served]:
    """The demo plus Testimaa, served with the page at ``/`` and the maps under ``/maps``."""
    store = loaded_store(*demo_documents(), second_region())
    try:
        with serve(store, routes=[page_route(), *map_routes(store)]) as served:
            yield served
    finally:
        store.close()


@pytest.fixture
def page(browser: webdriver.Chrome, site: Served, tmp_path: Path) -> Iterator[MapPage]:
    """The map page, signed in as a viewer of every region, with the console emptied."""
    browser.get_log("browser")
    token = site.token("leader", [(Role.VIEWER, ANY_REGION)])
    yield MapPage(browser, site.base, token, tmp_path, OUTPUT)
    browser.get("about:blank")
