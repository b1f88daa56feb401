"""The one-page map and the board view over HTTP: their routes, their parameters refused
by name, the paper presets, and PDFs whose links work outside the server."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from pypdf import PdfReader

from strategygraph.config import Settings
from strategygraph.maps import MapRenderer
from tests.maps.conftest import REGION, demo_store
from tests.maps.svg import parse
from tests.maps.test_routes import Site, error, serve


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    store = demo_store()
    maps = MapRenderer(store)
    try:
        with serve(store, maps) as client:
            yield Site(client, store, maps)
    finally:
        store.close()


def links(pdf: bytes) -> list[str]:
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    return [str(a.get_object()["/A"]["/URI"]) for a in page.get("/Annots", [])]


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
@pytest.mark.parametrize("view", ["page", "board"])
def test_the_one_page_map_and_the_board_are_served(site: Site, view: str, fmt: str) -> None:
    answer = site.client.get(f"/maps/{view}/{REGION}.{fmt}?paper=a3")
    assert answer.status_code == 200, answer.text
    assert answer.headers["etag"]
    if fmt == "pdf":
        box = PdfReader(io.BytesIO(answer.content)).pages[0].mediabox
        assert (float(box.width), float(box.height)) == pytest.approx((1190.55, 841.89), abs=1)


def test_a_pdf_links_to_the_page_by_its_whole_address(site: Site) -> None:
    answer = site.client.get(f"/maps/page/{REGION}.pdf")
    found = links(answer.content)
    base = str(site.client.base_url).rstrip("/")
    assert found and all(u.startswith(base + "/#region=kymenlaakso;view=page;") for u in found)
    assert f"{base}/#region=kymenlaakso;view=page;node=kym-proj-budget" in found
    # The SVG on the page keeps relative links (the page is where it is shown).
    svg = parse(site.client.get(f"/maps/page/{REGION}.svg").content)
    assert (
        svg.nodes["kym-proj-budget"].href == "/#region=kymenlaakso;view=page;node=kym-proj-budget"
    )
    # Behind a proxy the setting names the public address.
    store = demo_store()
    try:
        settings = Settings(base_url="https://strategia.example.fi")
        with serve(store, MapRenderer(store), settings) as client:
            found = links(client.get(f"/maps/{REGION}.pdf").content)
    finally:
        store.close()
    assert found and all(u.startswith("https://strategia.example.fi/#node=") for u in found)


@pytest.mark.parametrize(
    ("path", "field", "message"),
    [
        (
            "/maps/page/kymenlaakso.svg?line=a&goal=b",
            "line",
            "narrow a map to a line or to a goal, not to both",
        ),
        (
            "/maps/page/kymenlaakso.svg?columns=0",
            "columns",
            "columns must be between 1 and 50, not 0",
        ),
        (
            "/maps/page/kymenlaakso.svg?columns=x",
            "columns",
            "columns must be a whole number, not 'x'",
        ),
        (
            "/maps/page/kymenlaakso.svg?kind=challenge",
            "kind",
            "unknown query parameter 'kind'; use health, lang, paper, line, goal, columns",
        ),
        (
            "/maps/kymenlaakso.svg?paper=letter",
            "paper",
            "unknown paper 'letter'; use one of a4, a3, slide",
        ),
        (
            "/maps/board/kymenlaakso.svg?since=eilen",
            "since",
            "since must be a date such as 2026-01-31, not 'eilen'",
        ),
    ],
)
def test_a_bad_parameter_is_a_400_naming_it(
    site: Site, path: str, field: str, message: str
) -> None:
    body = error(site.client.get(path), 400)
    assert (body["field"], body["message"]) == (field, message)


def test_an_unknown_line_or_goal_is_a_404(site: Site) -> None:
    body = error(site.client.get("/maps/page/kymenlaakso.svg?line=nowhere"), 404)
    assert body["code"] == "NOT_FOUND" and "nowhere" in str(body["message"])
    body = error(site.client.get("/maps/page/national.svg"), 404)
    assert body["code"] == "NOT_FOUND"


def test_the_base_url_setting_must_be_a_web_address() -> None:
    assert Settings.from_env({"STRATEGYGRAPH_BASE_URL": "https://x.fi/"}).base_url == "https://x.fi"
    assert Settings.from_env({}).base_url == ""
    with pytest.raises(ValueError, match="STRATEGYGRAPH_BASE_URL must start with http"):
        Settings.from_env({"STRATEGYGRAPH_BASE_URL": "javascript:alert(1)"})
