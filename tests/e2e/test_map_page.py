"""The map page at ``/`` in a real headless Chromium over a live server with the demo:
the map appears, picking a region or a node and ticking filters change it, a click on a node
shows its details and why it exists, the downloads work, keyboard users reach the nodes,
hostile titles stay text, and the console stays clean."""

from __future__ import annotations

from pathlib import Path

import pytest
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.common.keys import Keys

from strategygraph.glossary import Glossary, Lang
from tests.api.conftest import Served
from tests.clients import HTTP
from tests.e2e.page import MapPage

PROJECT = "kym-proj-digital-roadmap"
TITLE = (
    "Digitaalisen road mapin luominen sekä valintojen tekeminen lyhyellä ja pitkällä tähtäimellä"
)
NODE = """query($id: ID!) {
  node(id: $id) { id title description ... on StrategicProject { owner health } }
  traceUp(id: $id, first: 100) { paths { nodes { id title } } }
}"""
REGION_NODES = """query($region: ID!) {
  nodes(region: $region, first: 100) { totalCount nodes { id kind status } }
}"""
MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "pdf": b"%PDF-"}


def region_nodes(site: Served, region: str) -> dict[str, dict[str, str]]:
    answer = site.api()(REGION_NODES, region=region)["nodes"]
    assert answer["totalCount"] <= 100
    return {n["id"]: n for n in answer["nodes"]}


def test_the_map_appears_and_a_click_on_a_node_shows_its_details_and_trace(
    page: MapPage, site: Served
) -> None:
    page.open("#view=layers")
    assert page.text("status") == "Alue: Kymenlaakso"
    assert page.map_url() == "/maps/kymenlaakso.svg?lang=fi"  # the page's language
    drawn = page.map_nodes()
    region = region_nodes(site, "kymenlaakso")
    active = {id for id, n in region.items() if n["status"] != "RETIRED"}
    goals = set(region_nodes(site, "national"))
    assert active <= drawn, active - drawn
    assert drawn <= active | goals, drawn - active - goals
    assert PROJECT in page.map_nodes("strategic-project")

    page.click_node(PROJECT)
    page.shows_node(TITLE)
    expected = site.api()(NODE, id=PROJECT)
    facts = page.facts()
    assert facts["Taso"] == "Strateginen hanke"
    assert facts["Tila"] == "ehdotettu"
    assert facts["Omistaja"] == expected["node"]["owner"] == "Maakuntavalmistelu"
    assert facts["Terveys"] == "▲ keltainen" and expected["node"]["health"] == "AMBER"
    assert facts["Tunnus"] == PROJECT
    assert page.text("description") == expected["node"]["description"] != ""
    paths = [[step["title"] for step in path["nodes"][1:]] for path in expected["traceUp"]["paths"]]
    assert page.trace() == paths and len(paths) >= 1
    goals_drawn = page.map_nodes("national-goal")
    assert {path["nodes"][-1]["id"] for path in expected["traceUp"]["paths"]} <= goals_drawn
    assert page.js("return location.hash") == f"#region=kymenlaakso&view=layers&node={PROJECT}"
    assert page.map_nodes() == drawn, "a click shows details and keeps the map"
    assert page.svg(
        "return svg.getElementById(arguments[0]).classList.contains('selected')", PROJECT
    )

    # A step of the trace is a link to that node's details.
    first_step = page.driver.find_element("css selector", "#trace .tree a")
    step_title = first_step.text
    first_step.click()
    page.shows_node(step_title)

    shot = page.screenshot("map-page-details-1920x1080.png")
    assert shot.read_bytes().startswith(MAGIC["png"])
    assert page.console_errors() == []


def test_picking_a_node_shows_its_trace_map_and_picking_a_region_its_map(
    page: MapPage, site: Served
) -> None:
    page.open("#view=layers")
    region_map = page.map_nodes()
    page.select("node", PROJECT)
    page.wait_for_map()
    page.shows_node(TITLE)
    assert page.map_url() == f"/maps/trace/{PROJECT}.svg?lang=fi&direction=both"
    traced = page.map_nodes()
    upward = {
        n["id"] for path in site.api()(NODE, id=PROJECT)["traceUp"]["paths"] for n in path["nodes"]
    }
    assert PROJECT in traced and upward <= traced
    assert len(traced) < len(region_map)
    assert page.text("status").startswith("Jäljityskartta: Digitaalisen road mapin")
    # A trace map is small: shown whole, from its top left corner, whatever was scrolled.
    inside = page.js(
        """const m = document.querySelector('main'), a = m.getBoundingClientRect();
        const b = document.getElementById('map').getBoundingClientRect();
        return [m.scrollLeft, m.scrollTop, b.left >= a.left, b.right <= a.right,
                b.bottom <= a.bottom];"""
    )
    assert inside == [0, 0, True, True, True]

    page.select("region", "testimaa")
    page.wait_for_map()
    assert page.text("status") == "Alue: Testimaa"
    assert {"tm-cv", "tm-ov", "tm-line", "tm-ch", "tm-proj"} <= page.map_nodes()
    assert not page.map_nodes() & set(region_nodes(site, "kymenlaakso"))
    page.wait(
        lambda: (
            "tm-proj"
            in page.js("return [...document.getElementById('node').options].map((o) => o.value)")
        ),
        "the node list of Testimaa",
    )
    assert PROJECT not in page.js(
        "return [...document.getElementById('node').options].map((o) => o.value)"
    )
    assert page.console_errors() == []


def test_ticking_filters_changes_the_map_and_the_downloads(page: MapPage, site: Served) -> None:
    retired = "kym-proj-budget"
    site.api()(
        "mutation($id: ID!) { retireNode(input: {id: $id}) { node { status } } }", id=retired
    )
    page.open("#view=layers")
    assert retired not in page.map_nodes()
    page.toggle("#retired")
    assert "retired=1" in page.map_url() and retired in page.map_nodes()
    page.toggle("#retired")
    projects = page.map_nodes("strategic-project")
    assert projects
    page.toggle("input[name=kind][value=strategic-project]")
    assert page.map_nodes("strategic-project") == set()
    assert page.map_nodes("challenge"), "the other layers stay"
    assert "kind=" in page.map_url() and "strategic-project" not in page.map_url()
    assert "kind=" in page.element("png").get_property("href")
    page.toggle("input[name=kind][value=strategic-project]")
    assert page.map_nodes("strategic-project") == projects

    healths = site.api()(
        '{ nodes(region: "kymenlaakso", kind: STRATEGIC_PROJECT, health: RED, first: 100)'
        " { nodes { id } } }"
    )["nodes"]["nodes"]
    red = {n["id"] for n in healths}
    assert red, "the demo has red projects"
    page.toggle("input[name=health][value=red]")
    assert page.map_nodes("strategic-project") == projects - red
    assert "health=green%2Camber%2Cunknown" in page.map_url()

    # Unticking the last layer would mean "no filter": the box stays ticked.
    for kind in (
        "national-goal",
        "change-vision",
        "organisational-vision",
        "strategic-line",
        "challenge",
    ):
        page.toggle(f"input[name=kind][value={kind}]")
    last = page.driver.find_element("css selector", "input[name=kind][value=strategic-project]")
    last.click()
    assert last.is_selected()
    assert page.console_errors() == []


@pytest.mark.parametrize("view", ["region", "node"])
def test_download_links_point_to_working_png_and_pdf(
    page: MapPage, site: Served, view: str, tmp_path: Path
) -> None:
    page.open("#view=layers")
    if view == "node":
        page.select("node", PROJECT)
        page.wait_for_map()
    page.toggle("input[name=health][value=unknown]")
    downloads = tmp_path / "downloads"
    page.driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}
    )
    for fmt, magic in MAGIC.items():
        link = page.element(fmt)
        href = link.get_property("href")
        assert href.startswith(site.base + ("/maps/trace/" if view == "node" else "/maps/"))
        assert f".{fmt}?" in href and "health=" in href
        name = link.get_attribute("download")
        assert name == (f"{PROJECT}-jaljitys.{fmt}" if view == "node" else f"kymenlaakso.{fmt}")
        answer = HTTP.get(href, headers={"Authorization": f"Bearer {page.token}"}, timeout=60)
        assert answer.status_code == 200, answer.text
        kind = "image" if fmt == "png" else "application"
        assert answer.headers["content-type"] == f"{kind}/{fmt}"
        assert answer.content.startswith(magic)
        # And a click saves the same drawing as a file.
        link.click()
        saved = downloads / name
        page.wait(lambda saved=saved: saved.is_file(), f"the download of {name}")
        assert saved.read_bytes() == answer.content
    assert page.console_errors() == []


def test_the_page_asks_to_sign_in_and_refuses_a_bad_token(page: MapPage, site: Served) -> None:
    page.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1280, "height": 720, "deviceScaleFactor": 1, "mobile": False},
    )
    words = Glossary(Lang.FI)
    prompt = words.text("page.signin_prompt")
    page.driver.get(site.base + "/")
    page.wait(lambda: "Kirjaudu sisään" in page.text("status"), "the sign-in prompt")
    # Told in the reader's words only: the server's English message is not shown.
    assert page.text("status") == prompt + words.text("page.error.anonymous")
    assert page.js("return document.activeElement.id") == "token"
    assert page.js("return document.getElementById('map').data") == ""
    page.sign_in("sg_not-a-token")
    refused = prompt + words.text("page.error.UNAUTHENTICATED")
    page.wait(lambda: page.text("status") == refused, "the refusal")
    assert page.js("return document.getElementById('map').data") == ""
    page.sign_in(page.token)
    page.wait_for_map()
    assert page.text("status") == "Strategia yhdellä sivulla: Kymenlaakso"
    assert page.element("signout").is_displayed() and not page.element("token").is_displayed()
    page.element("signout").click()
    page.wait(lambda: "Kirjaudu sisään" in page.text("status"), "signed out")
    assert page.js("return sessionStorage.length") == 0
    errors = page.console_errors()
    assert errors and all(" 40" in e["message"] for e in errors), errors  # the refused asks


def test_a_refused_map_is_told_in_the_reader_s_words(page: MapPage) -> None:
    """A node that does not exist (or that the reader may not see): the trace map's 404 and
    the node query's refusal are told from the glossary by their code, not in the server's
    English ("node 'no-such-node' not found")."""
    page.driver.get(f"{page.base}/#focus=no-such-node&node=no-such-node")
    page.sign_in(page.token)
    told = Glossary(Lang.FI).text("page.error.NOT_FOUND")
    page.wait(lambda: page.text("status") == told, "the map's refusal in Finnish")
    page.wait(lambda: page.text("title") == told, "the node's refusal in Finnish")


def test_keyboard_users_reach_the_controls_and_the_nodes(page: MapPage) -> None:
    page.open("#view=layers")
    unlabelled = page.js(
        """return [...document.querySelectorAll('input, select, button')]
             .filter((e) => !e.labels.length && !e.getAttribute('aria-label') && !e.textContent)
             .map((e) => e.id || e.name);"""
    )
    assert unlabelled == []
    page.element("retired").send_keys("")  # focus the last control before the map
    focused = None
    for _ in range(10):
        page.press(Keys.TAB)
        focused = page.js(
            """const o = document.getElementById('map');
            const a = o.contentDocument.activeElement;
            return document.activeElement === o && a && a.closest('g.node')
              ? a.closest('g.node').id : null;"""
        )
        if focused:
            break
    assert focused, "Tab does not reach the nodes of the map"
    label = page.svg(
        "return svg.getElementById(arguments[0]).querySelector('a').getAttribute('aria-label')",
        focused,
    )
    assert label and focused not in label  # the node's drawn text, not its id
    page.press(Keys.ENTER)
    page.wait(
        lambda: page.js("return location.hash").endswith(f"&node={focused}"), "Enter on a node"
    )
    page.wait(lambda: page.facts().get("Tunnus") == focused, "the focused node's details")
    assert page.console_errors() == []


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_page_fits_a_laptop_and_a_projector(page: MapPage, size: tuple[int, int]) -> None:
    page.open(f"#view=layers&node={PROJECT}", size=size)
    page.shows_node(TITLE)
    width, height = size
    layout = page.js(
        """const box = (id) => document.getElementById(id).getBoundingClientRect();
        const q = (css) => document.querySelector(css).getBoundingClientRect();
        return {scroll: [document.documentElement.scrollWidth,
                         document.documentElement.scrollHeight],
                header: q('header'), filters: box('filters'), map: box('map'),
                main: q('main'), aside: q('aside'), png: box('png'), pdf: box('pdf')};"""
    )
    assert layout["scroll"] == [width, height], "the page itself never scrolls"
    for part in ("header", "filters", "png", "pdf", "aside", "main"):
        box = layout[part]
        assert box["left"] >= 0 and box["right"] <= width, (part, box)
        assert box["top"] >= 0 and box["bottom"] <= height, (part, box)
    main, drawn = layout["main"], layout["map"]
    assert main["height"] >= height / 2 and main["width"] >= width / 2
    # By default the map fills the height of its area (readable; it scrolls sideways) and
    # the chosen node is scrolled into sight.
    assert main["height"] * 0.8 <= drawn["height"] and drawn["bottom"] <= main["bottom"]
    chosen = page.js(
        """const o = document.getElementById('map');
        const r = o.contentDocument.getElementById(arguments[0]).getBoundingClientRect();
        const b = o.getBoundingClientRect();
        return [b.left + r.left, b.left + r.right];""",
        PROJECT,
    )
    assert main["left"] <= chosen[0] and chosen[1] <= main["right"], (chosen, main)
    page.screenshot(f"map-page-{width}x{height}.png")
    # "The whole map" shrinks it into the area both ways.
    page.select("zoom", "fit")
    whole = page.js("return document.getElementById('map').getBoundingClientRect();")
    assert whole["right"] <= main["right"] and whole["bottom"] <= main["bottom"]
    assert whole["width"] < drawn["width"]
    assert page.console_errors() == []


HOSTILE = ["<img src=x onerror=alert(1)>", "javascript:alert(1)"]


def test_hostile_titles_show_as_text_and_run_nothing(page: MapPage, site: Served) -> None:
    api = site.api("mallory")
    for number, title in enumerate(HOSTILE):
        api(
            """mutation($input: CreateNodeInput!) { createNode(input: $input) { node { id } } }""",
            input={
                "id": f"hostile-{number}",
                "kind": "STRATEGIC_PROJECT",
                "region": "kymenlaakso",
                "title": title,
                "description": '<script>alert("d")</script><a href="javascript:alert(2)">x</a>',
                "owner": "<b onmouseover=alert(3)>omistaja</b>",
                "health": "RED",
            },
        )
        api(
            "mutation($input: LinkInput!) { link(input: $input) { relationship { relation } } }",
            input={
                "source": f"hostile-{number}",
                "relation": "ADDRESSES",
                "target": "kym-ch-digitalisation",
            },
        )
    page.open("#node=hostile-0")
    page.shows_node(HOSTILE[0])
    assert page.facts()["Omistaja"] == "<b onmouseover=alert(3)>omistaja</b>"
    assert page.text("description").startswith("<script>")
    for number, title in enumerate(HOSTILE):
        assert "".join(title.split()) in page.node_label(f"hostile-{number}")
        page.click_node(f"hostile-{number}")
        page.shows_node(title)
        assert title in page.js(
            "return [...document.getElementById('node').options].map((o) => o.textContent)"
        )
    counts = page.js(
        """const doc = document.getElementById('map').contentDocument;
        const all = (d, css) => d.querySelectorAll(css).length;
        return [all(document, 'img, script[src], b, [onerror], [onmouseover]'),
                [...document.scripts].filter((s) => s.type !== 'application/json').length,
                all(doc, 'img, image, script, foreignObject, [onerror]'),
                [...document.querySelectorAll('a'), ...doc.querySelectorAll('a')]
                  .filter((a) => /^\\s*javascript:/i.test(a.getAttribute('href') || '')
                                 || /^\\s*javascript:/i.test(a.getAttribute('xlink:href') || ''))
                  .length];"""
    )
    assert counts == [0, 1, 0, 0]  # one script runs (the words beside it are a data block)
    with pytest.raises(NoAlertPresentException):
        page.driver.switch_to.alert.text  # noqa: B018 - reading it raises when none is open
    assert page.console_errors() == []
