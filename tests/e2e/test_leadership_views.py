"""The strategy on a page as the map page's default view, in a real headless Chromium on a
phone, a laptop and a full-HD screen: it fits the width with readable titles, the page
never scrolls sideways, the address holds the whole view (and back and forward work),
focus follows every choice, and the panel shows the trace as a tree with layer names, the
node's flags, and a comment box for a signed-in planner."""

from __future__ import annotations

from urllib.parse import parse_qs

import pytest
from selenium.webdriver.common.keys import Keys

from strategygraph.domain.access import Role
from tests.api.conftest import Served
from tests.e2e.page import MapPage

SIZES = [(390, 844), (1280, 720), (1920, 1080)]
REGIONS = ["kymenlaakso", "uusimaa"]
OVERDUE = "kym-proj-budget"
"""A demo project due 30.6.2019 and not done: overdue on any day the tests run."""

LAYOUT = """
const o = document.getElementById('map'), doc = o.contentDocument, svg = doc.documentElement;
const box = o.getBoundingClientRect(), scale = box.width / svg.viewBox.baseVal.width;
const titles = [...doc.querySelectorAll('g.node text[font-weight=bold]')]
  .map((t) => Number(t.getAttribute('font-size')) * scale);
return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
        left: box.left, right: box.right, titles: titles.length,
        smallest: Math.min(...titles), pillars: doc.querySelectorAll('g.cluster').length};
"""


def state(page: MapPage) -> dict[str, str]:
    """The page's address after ``#``, as a dict."""
    hash_ = str(page.js("return location.hash.slice(1)"))
    return {k: v[0] for k, v in parse_qs(hash_).items()}


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_default_view_is_the_strategy_on_a_page_and_fits_the_screen(
    page: MapPage, region: str, size: tuple[int, int]
) -> None:
    page.open(f"#region={region}", size=size)
    assert page.map_url().startswith(f"/maps/page/{region}.svg?lang=fi")
    assert page.element("region").get_property("value") == region
    assert page.element("view").get_property("value") == "page"
    layout = page.js(LAYOUT)
    width = size[0]
    assert layout["scroll"] <= layout["inner"] == width, "the page scrolls sideways"
    assert layout["left"] >= 0 and layout["right"] <= width, layout
    assert layout["titles"] > 10 and layout["pillars"] >= 3, layout
    assert layout["smallest"] >= 11, f"a title is drawn at {layout['smallest']:.1f} px"
    print(f"{region} at {width}px: smallest title {layout['smallest']:.1f} px")
    if width < 640:
        assert "columns=1" in page.map_url(), "a phone gets one pillar per row"
    page.screenshot(f"onepage-{region}-{size[0]}x{size[1]}.png")
    if width < 640:  # the less used controls and the filters wait behind one button
        assert not page.element("filters").is_displayed()
        assert not page.element("pdf").is_displayed()
        page.element("more").click()
        assert page.element("filters").is_displayed() and page.element("pdf").is_displayed()
        assert page.element("more").get_attribute("aria-expanded") == "true"
        assert page.js("return document.documentElement.scrollWidth") <= width
    assert page.console_errors() == []


@pytest.mark.parametrize("size", [(390, 844), (1280, 720)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_chosen_node_opens_the_details_with_focus_on_their_heading(
    page: MapPage, site: Served, size: tuple[int, int]
) -> None:
    page.open("#region=kymenlaakso", size=size)
    assert not page.element("title").is_displayed() or size[0] >= 1600
    page.click_node(OVERDUE)
    page.wait(lambda: page.js("return document.activeElement.id") == "title", "focus")
    assert page.element("title").is_displayed()
    assert state(page) == {"region": "kymenlaakso", "view": "page", "node": OVERDUE}
    flags = page.js(
        "return [...document.querySelectorAll('#flags li')].map((li) => li.textContent)"
    )
    assert any(f.startswith("⚑ Myöhässä: eräpäivä 30.6.2019") for f in flags), flags
    # The trace is a tree: each step names its layer, and a step shared by several paths
    # is one branch (no two siblings are the same node).
    steps = page.js(
        """return [...document.querySelectorAll('#trace li')].map((li) =>
             li.querySelector('.layer').textContent);"""
    )
    assert "Voitettava taistelu:" in steps and "Kansallinen tavoite:" in steps
    siblings = page.js(
        """return [...document.querySelectorAll('#trace ul')].map((ul) =>
             [...ul.children].map((li) => li.querySelector('a').getAttribute('href')));"""
    )
    assert all(len(s) == len(set(s)) for s in siblings), siblings
    paths = site.api()(
        "query($id: ID!) { traceUp(id: $id, first: 100) { paths { nodes { id } } } }", id=OVERDUE
    )
    assert len(steps) < sum(len(p["nodes"]) - 1 for p in paths["traceUp"]["paths"]), (
        "shared steps once"
    )
    assert page.js("return document.querySelectorAll('#comments li, #trace li.empty').length") == 0
    assert page.element("no-comments").is_displayed()
    assert page.js("return document.getElementById('no-comments').tagName") == "P"
    layout = page.js(LAYOUT)
    assert layout["scroll"] <= size[0]
    page.screenshot(f"onepage-details-{size[0]}x{size[1]}.png")
    # Closing the sheet takes the node out of the address.
    page.element("close").click()
    page.wait(lambda: "node" not in state(page), "the node to leave the address")
    assert page.console_errors() == []


def test_the_address_holds_the_view_and_back_and_forward_walk_it(
    page: MapPage, site: Served
) -> None:
    fragment = "#region=uusimaa&view=layers&health=red,amber&node=uus-proj-contract-transfers"
    node = site.api()('{ node(id: "uus-proj-contract-transfers") { title } }')["node"]
    page.open(fragment, size=(1280, 720))
    page.shows_node(node["title"])
    assert page.map_url() == "/maps/uusimaa.svg?health=red%2Camber&lang=fi"
    assert page.element("region").get_property("value") == "uusimaa"
    assert page.element("view").get_property("value") == "layers"
    ticked = page.js(
        "return [...document.querySelectorAll('input[name=health]:checked')].map((b) => b.value)"
    )
    assert ticked == ["amber", "red"]

    page.select("view", "page")
    page.wait_for_map()
    page.wait(lambda: state(page).get("view") == "page", "the view in the address")
    assert page.map_url().startswith("/maps/page/uusimaa.svg?health=red%2Camber")
    page.select("region", "kymenlaakso")
    page.wait_for_map()
    page.wait(lambda: page.text("title") == page.text("title") and "node" not in state(page), "")
    assert page.text("facts") == "", "switching region clears the panel"

    page.driver.back()
    page.wait_for_map()
    page.wait(lambda: state(page).get("region") == "uusimaa", "back to Uusimaa")
    page.wait(lambda: page.map_url().startswith("/maps/page/uusimaa.svg"), "its map")
    page.driver.back()
    page.wait(lambda: page.map_url().startswith("/maps/uusimaa.svg"), "back to the layers")
    page.shows_node(node["title"])
    page.driver.forward()
    page.wait(lambda: page.map_url().startswith("/maps/page/uusimaa.svg"), "forward again")
    assert page.console_errors() == []


def test_a_folded_row_drills_down_to_its_line_and_narrowing_is_in_the_address(
    page: MapPage,
) -> None:
    page.open("#region=kymenlaakso", size=(1920, 1080))
    folded = page.svg("return [...svg.querySelectorAll('g.node.folded')].map((g) => g.id)")
    assert folded, "the demo's dense rows are folded"
    page.click_node(folded[0])
    page.wait(lambda: "line" in state(page), "the drill-down")
    page.wait_for_map()
    line = state(page)["line"]
    assert f"line={line}" in page.map_url()
    assert page.element("narrow").get_property("value") == f"line:{line}"
    assert page.svg("return svg.querySelectorAll('g.node.kind-challenge').length") >= 2
    page.select("narrow", "goal:ng-equal-services")
    page.wait(lambda: "goal=ng-equal-services" in page.map_url(), "narrowed to a goal")
    assert state(page).get("goal") == "ng-equal-services" and "line" not in state(page)
    assert page.console_errors() == []


def test_the_coverage_map_opens_from_the_page_with_its_sign_in(page: MapPage) -> None:
    page.open("#region=kymenlaakso", size=(1280, 720))
    page.select("view", "coverage")
    page.wait(lambda: page.map_url().startswith("/maps/coverage.svg"), "the coverage map")
    page.wait_for_map()
    assert page.text("status") == "Kattavuus: kansalliset tavoitteet ja alueet"
    assert page.svg("return svg.localName") == "svg"
    assert page.console_errors() == []


def test_the_node_search_and_the_skip_links(page: MapPage, site: Served) -> None:
    page.open("#region=kymenlaakso", size=(1280, 720))
    search = page.element("search")
    search.send_keys("Talousarvion")
    search.send_keys(Keys.ENTER)
    page.wait(lambda: state(page).get("node") == OVERDUE, "the node found")
    page.wait(lambda: page.js("return document.activeElement.id") == "title", "focus")
    skip = page.driver.find_element("css selector", ".skip[data-skip=main]")
    page.js("arguments[0].focus()", skip)
    assert skip.is_displayed()
    skip.send_keys(Keys.ENTER)
    assert page.js("return document.activeElement.id") == "main"
    assert page.console_errors() == []


def test_a_signed_in_planner_adds_and_edits_a_comment(page: MapPage, site: Served) -> None:
    token = site.token("kaisa", [(Role.PLANNER, "kymenlaakso"), (Role.VIEWER, "national")])
    page.open(f"#region=kymenlaakso&node={OVERDUE}", size=(1920, 1080), token=token)
    page.wait(lambda: page.element("comment-form").is_displayed(), "the comment box")
    page.element("comment-text").send_keys("Rahoitus varmistuu syksyllä.")
    page.driver.find_element("css selector", "#comment-form button").click()
    page.wait(lambda: page.text("comment-count") == "1", "the new comment")
    page.driver.find_element("css selector", "#comments li button").click()
    box = page.driver.find_element("css selector", "#comments textarea")
    box.clear()
    box.send_keys("Rahoitus varmistui.")
    page.driver.find_element("css selector", "#comments form button[type=submit]").click()
    page.wait(lambda: "Rahoitus varmistui." in page.text("comments"), "the edited comment")
    stored = site.service.store.comments(OVERDUE)
    assert [(c.author, c.text) for c in stored] == [("kaisa", "Rahoitus varmistui.")]
    assert page.console_errors() == []


def test_the_board_view_shows_changes_since_the_chosen_day(page: MapPage) -> None:
    page.open("#region=uusimaa&view=board", size=(1280, 720))
    assert page.map_url() == "/maps/board/uusimaa.svg?lang=fi"
    assert page.text("status") == "Hallituksen näkymä: Uusimaa"
    assert page.element("since").is_displayed()
    page.js(
        """const box = document.getElementById('since');
        box.value = '2000-01-01';
        box.dispatchEvent(new Event('change'));"""
    )
    page.wait(lambda: "since=2000-01-01" in page.map_url(), "the board since 1.1.2000")
    assert state(page)["since"] == "2000-01-01"
    page.wait_for_map()
    texts = page.svg("return [...svg.querySelectorAll('text')].map((t) => t.textContent)")
    assert any(t.startswith("Muutokset 1.1.2000 jälkeen (") for t in texts), texts[:20]
    assert "since=2000-01-01" in page.element("pdf").get_property("href")
    page.screenshot("board-uusimaa-1280x720.png")
    assert page.console_errors() == []
