"""The situational picture on the map page, in a real headless Chromium: the map's badges,
and a chosen node's details listing the risks that threaten it, its indicators with a
small chart of their readings, and a project's latest status report flagged overdue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver

from strategygraph.data import demo_documents, demo_situation
from strategygraph.domain.access import ANY_REGION, Role
from strategygraph.maps.page import page_route
from strategygraph.maps.web import map_routes
from strategygraph.service import StrategyService
from strategygraph.service.situation_load import load_situation
from tests.api.conftest import Served, loaded_store, serve
from tests.e2e.conftest import OUTPUT
from tests.e2e.page import MapPage

PROJECT = "kym-proj-digital-roadmap"
"""One risk (6), an indicator read three times (10, 35, 55 %: better, green), two status
reports, and a 90-day cadence whose last report (30.9.2018) is long overdue."""
CALM = "kym-proj-budget"
"""No risk and no indicator; a report in May 2018, overdue too."""
LISTS = """
const texts = (css) => [...document.querySelectorAll(css)].map((e) => e.textContent);
return {risks: texts('#risks li'), indicators: texts('#indicators li .meta'),
        points: document.querySelectorAll('#indicators svg.spark circle.point').length,
        line: document.querySelectorAll('#indicators svg.spark polyline').length,
        report: texts('#report > *'), shown: ['risks-part', 'indicators-part', 'report-part']
          .filter((id) => !document.getElementById(id).hidden)};
"""


@pytest.fixture
def pictured() -> Iterator[Served]:
    """The demo with its situational picture, served with the page and the maps."""
    store = loaded_store(*demo_documents())
    load_situation(StrategyService(store), demo_situation(), "demo")
    try:
        with serve(store, routes=[page_route(), *map_routes(store)]) as served:
            yield served
    finally:
        store.close()


@pytest.fixture
def page(browser: webdriver.Chrome, pictured: Served, tmp_path: Path) -> Iterator[MapPage]:
    browser.get_log("browser")
    token = pictured.token("leader", [(Role.VIEWER, ANY_REGION)])
    yield MapPage(browser, pictured.base, token, tmp_path, OUTPUT)
    browser.get("about:blank")


@pytest.mark.parametrize("size", [(1280, 900), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_chosen_project_lists_its_risks_indicators_and_overdue_report(
    page: MapPage, size: tuple[int, int]
) -> None:
    page.open("#region=kymenlaakso", size=size)
    assert "⚠1·6" in page.node_label(PROJECT)
    assert "↗vihreä" in page.node_label(PROJECT)
    page.click_node(PROJECT)
    page.wait(lambda: page.js(LISTS)["report"], "the status report")
    shown = page.js(LISTS)
    assert shown["shown"] == ["risks-part", "indicators-part", "report-part"]
    [risk] = shown["risks"]
    title = "Vetovastuu kehitystoiminnasta siirtyy tietohallinnolle tai taloudelle"
    assert risk == title + "pisteet 6 · avoin · vastuu: Maakuntajohto", risk
    [indicator] = shown["indicators"]
    assert indicator.startswith("↗ paranee · ✔ vihreä · viimeisin 55 %"), indicator
    assert "tavoite 100 %" in indicator
    assert shown["points"] == 3 and shown["line"] == 1
    assert shown["report"][0] == "⚑ Tilannekatsaus myöhässä"
    assert shown["report"][1].startswith("30.9.2018 · "), shown["report"]
    assert "1 aiempaa katsausta" in shown["report"]
    marks = page.js(
        """return [...document.querySelectorAll('#trace li')].filter((li) =>
             li.querySelector(':scope > .risk-mark')).map((li) =>
             li.querySelector(':scope > a').textContent + li.querySelector(':scope > .risk-mark')
               .textContent);"""
    )
    assert "Digitalisaation haltuunotto ja hyödyntäminen ⚠ 1" in marks, marks
    page.js("document.getElementById('risks-part').scrollIntoView()")
    page.screenshot(f"situation-details-{size[0]}x{size[1]}.png")
    assert page.console_errors() == []


def test_a_node_without_risks_or_indicators_lists_none(page: MapPage) -> None:
    page.open(f"#region=kymenlaakso&node={CALM}", size=(1280, 900))
    page.wait(lambda: page.js(LISTS)["report"], "the status report")
    shown = page.js(LISTS)
    assert shown["shown"] == ["report-part"] and shown["points"] == 0
    assert "⚠1" not in page.node_label(CALM)
    assert page.console_errors() == []


def test_risk_and_indicator_texts_stay_text(page: MapPage, pictured: Served) -> None:
    hostile = '<img src=x onerror="document.body.dataset.hit=1">'
    api = pictured.api("planner")
    api(
        "mutation($input: RiskInput!) { createRisk(input: $input) { id } }",
        input={
            "id": "r-hostile",
            "region": "kymenlaakso",
            "title": hostile,
            "owner": hostile,
            "likelihood": 1,
            "impact": 1,
            "threatens": [CALM],
        },
    )
    api(
        "mutation($input: IndicatorInput!) { createIndicator(input: $input) { id } }",
        input={"id": "i-hostile", "node": CALM, "title": hostile, "unit": hostile},
    )
    api(
        "mutation($input: MeasurementInput!) { addMeasurement(input: $input) { value } }",
        input={"indicatorId": "i-hostile", "date": "2018-01-31", "value": 1},
    )
    page.open(f"#region=kymenlaakso&node={CALM}", size=(1280, 900))
    page.wait(lambda: page.js(LISTS)["indicators"], "the indicator")
    shown = page.js(LISTS)
    assert shown["risks"][0].startswith(hostile) and shown["points"] == 1
    assert page.js("return document.querySelectorAll('aside img').length") == 0
    assert page.js("return document.body.dataset.hit") is None
