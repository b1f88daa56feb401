"""The map routes over real HTTP: uvicorn on a free port serving the whole app (GraphQL
and the maps, as ``strategygraph serve`` mounts them), httpx as the client."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass

import httpx
import pytest

from strategygraph.config import Settings
from strategygraph.domain.access import ANY_REGION, Role
from strategygraph.glossary import Lang
from strategygraph.maps import MapLimits, MapRenderer
from strategygraph.maps.fresh import Freshness
from strategygraph.maps.limits import NARROW_HINT
from strategygraph.maps.page import page_route
from strategygraph.maps.web import map_routes
from strategygraph.service import StrategyService
from strategygraph.service.access import AccessService
from strategygraph.store import EmbeddedStore
from tests.api.conftest import serve as api_serve
from tests.clients import TLS
from tests.maps.conftest import REGION, demo_store, visible
from tests.maps.svg import parse

DRAWING_TIME = 120.0
"""Seconds a test allows a map to draw: the suite runs in several workers on a few cores."""


@dataclass
class Site:
    client: httpx.Client
    store: EmbeddedStore
    maps: MapRenderer


@contextmanager
def serve(
    store: EmbeddedStore, maps: MapRenderer, settings: Settings | None = None
) -> Iterator[httpx.Client]:
    """The whole app with the map page and routes (``tests.api.conftest.serve``), and a
    client signed in as a viewer of every region."""
    routes = [page_route(), *map_routes(store, renderer=maps)]
    with api_serve(store, routes=routes, settings=settings) as served:
        access = AccessService(store.access)
        access.grant("map-reader", Role.VIEWER, ANY_REGION)
        signed_in = {"Authorization": f"Bearer {access.create_token('map-reader')[1]}"}
        with httpx.Client(
            base_url=served.base, timeout=DRAWING_TIME, headers=signed_in, verify=TLS
        ) as client:
            yield client


@pytest.fixture(scope="module")
def site() -> Iterator[Site]:
    store = demo_store()
    # Production's 20 s per render is for one user's map; here ``dot`` shares the machine
    # with the other test workers, and these tests are about what is drawn, not how fast.
    maps = MapRenderer(store, MapLimits(timeout=DRAWING_TIME))
    try:
        with serve(store, maps) as client:
            yield Site(client, store, maps)
    finally:
        store.close()


def error(answer: httpx.Response, status: int) -> dict[str, object]:
    assert answer.status_code == status, answer.text
    assert answer.headers["content-type"] == "application/json"
    body = answer.json()["error"]
    assert isinstance(body, dict)
    return body


def test_alignment_map_is_served_as_svg_with_an_etag(site: Site) -> None:
    answer = site.client.get(f"/maps/{REGION}.svg")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "image/svg+xml"
    assert answer.headers["etag"].startswith('"') and answer.headers["etag"].endswith('"')
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert sorted(parse(answer.content).ids) == sorted(n.id for n in visible(site.store))


def test_lang_chooses_the_words_of_a_map_and_the_setting_its_default(site: Site) -> None:
    def layers(client: httpx.Client, query: str = "") -> list[str]:
        answer = client.get(f"/maps/{REGION}.svg?kind=national-goal,change-vision{query}")
        assert answer.status_code == 200, answer.text
        return list(parse(answer.content).layer_names)

    assert layers(site.client) == ["Kansalliset tavoitteet", "Muutosvisiot"]
    assert layers(site.client, "&lang=sv") == ["Nationella mål", "Förändringsvisioner"]
    assert layers(site.client, "&lang=EN") == ["National goals", "Change visions"]
    store = demo_store()
    try:
        with serve(store, MapRenderer(store), Settings(lang=Lang.EN)) as client:
            assert layers(client) == ["National goals", "Change visions"]
            assert layers(client, "&lang=fi") == ["Kansalliset tavoitteet", "Muutosvisiot"]
    finally:
        store.close()


def test_an_unchanged_map_is_answered_304_without_drawing(site: Site) -> None:
    first = site.client.get(f"/maps/{REGION}.svg?kind=challenge")
    etag = first.headers["etag"]
    drawn = (site.maps.cache.hits, site.maps.cache.misses, len(site.maps.cache))
    again = site.client.get(f"/maps/{REGION}.svg?kind=challenge", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == etag
    assert (site.maps.cache.hits, site.maps.cache.misses, len(site.maps.cache)) == drawn
    other = site.client.get(
        f"/maps/{REGION}.svg?kind=strategic-project", headers={"If-None-Match": etag}
    )
    assert other.status_code == 200 and other.headers["etag"] != etag


def test_a_change_to_the_graph_changes_the_etag() -> None:
    store = demo_store()
    try:
        with serve(store, MapRenderer(store)) as client:
            first = client.get("/maps/trace/kym-proj-budget.svg")
            StrategyService(store).update_node("kym-proj-budget", {"progress": 61}, None, "t")
            again = client.get(
                "/maps/trace/kym-proj-budget.svg", headers={"If-None-Match": first.headers["etag"]}
            )
    finally:
        store.close()
    assert again.status_code == 200
    assert again.headers["etag"] != first.headers["etag"]
    assert "61 %" in again.text and "61 %" not in first.text


@pytest.mark.parametrize(
    ("path", "magic", "media"),
    [
        (f"/maps/{REGION}.png?clusters=1", b"\x89PNG", "image/png"),
        (f"/maps/{REGION}.pdf?health=red,amber&tag=talous", b"%PDF-", "application/pdf"),
        ("/maps/trace/kym-proj-budget.svg?direction=both&depth=2", b"<?xml", "image/svg+xml"),
        ("/maps/trace/kym-line-knowledge.png?direction=down", b"\x89PNG", "image/png"),
        ("/maps/coverage.png", b"\x89PNG", "image/png"),
        ("/maps/coverage.svg?status=proposed&organisation=kymsote", b"<?xml", "image/svg+xml"),
    ],
)
def test_every_map_route_draws(site: Site, path: str, magic: bytes, media: str) -> None:
    answer = site.client.get(path)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == media
    assert answer.content.startswith(magic)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        (
            "health=purple",
            "health",
            "unknown health 'purple'; use one of UNKNOWN, GREEN, AMBER, RED",
        ),
        (
            "kind=project",
            "kind",
            "unknown kind 'project'; use one of NATIONAL_GOAL, CHANGE_VISION, "
            "ORGANISATIONAL_VISION, STRATEGIC_LINE, CHALLENGE, STRATEGIC_PROJECT",
        ),
        (
            "status=done",
            "status",
            "unknown status 'done'; use one of DRAFT, PROPOSED, APPROVED, RETIRED",
        ),
        ("clusters=maybe", "clusters", "clusters must be 1 or 0, not 'maybe'"),
        (
            "colour=red",
            "colour",
            "unknown query parameter 'colour'; use kind, status, health, tag, organisation, "
            "retired, lang, rollup, paper, clusters",
        ),
        ("lang=de", "lang", "unknown language 'de'; use one of fi, sv, en"),
        ("rollup=mean", "rollup", "unknown rollup 'mean'; use one of share, worst"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_parameter(
    site: Site, query: str, field: str, message: str
) -> None:
    body = error(site.client.get(f"/maps/{REGION}.svg?{query}"), 400)
    assert body["code"] == "VALIDATION"
    assert body["field"] == field
    assert body["message"] == message


LONG = "x" * 20_000


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"tag": LONG}, "tag", "tag 'xxxxxxxxxxxxxxxxxxxx…' is 20000 characters, at most 50"),
        (
            {"organisation": LONG},
            "organisation",
            "organisation 'xxxxxxxxxxxxxxxxxxxx…' is 20000 characters, at most 100",
        ),
        ({"tag": [f"t{i}" for i in range(51)]}, "tag", "at most 50 tag values, not 51"),
        (
            {"kind": LONG},
            "kind",
            f"unknown kind '{'x' * 40}…'; use one of NATIONAL_GOAL, CHANGE_VISION, "
            "ORGANISATIONAL_VISION, STRATEGIC_LINE, CHALLENGE, STRATEGIC_PROJECT",
        ),
    ],
)
@pytest.mark.parametrize("path", [f"/maps/{REGION}.svg", "/maps/coverage.png"])
def test_a_filter_too_long_for_any_node_is_a_400_not_a_500(
    site: Site, path: str, params: dict[str, object], field: str, message: str
) -> None:
    body = error(site.client.get(path, params=params), 400)  # type: ignore[arg-type]
    assert (body["code"], body["field"], body["message"]) == ("VALIDATION", field, message)


def test_the_longest_filters_allowed_still_draw(site: Site) -> None:
    params = [("tag", f"{i:02d}" + "ä<&>" * 12) for i in range(50)]
    params += [("organisation", f"{i:02d}" + "o" * 98) for i in range(50)]
    answer = site.client.get(f"/maps/{REGION}.svg", params=params)
    assert answer.status_code == 200, answer.text
    parse(answer.content)


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("depth=deep", "depth", "depth must be a whole number, not 'deep'"),
        ("depth=99", "depth", "depth must be between 1 and 50, not 99"),
        (
            "direction=sideways",
            "direction",
            "unknown direction 'sideways'; use one of up, down, both",
        ),
    ],
)
def test_a_bad_trace_parameter_is_a_400(site: Site, query: str, field: str, message: str) -> None:
    body = error(site.client.get(f"/maps/trace/kym-proj-budget.svg?{query}"), 400)
    assert (body["field"], body["message"]) == (field, message)


def test_a_trace_parameter_on_the_coverage_map_is_refused(site: Site) -> None:
    body = error(site.client.get("/maps/coverage.svg?depth=2"), 400)
    assert body["field"] == "depth"


@pytest.mark.parametrize(
    ("path", "what", "ident"),
    [
        ("/maps/lapland.svg", "region", "lapland"),
        ("/maps/trace/no-such-node.png", "node", "no-such-node"),
        (f"/maps/{REGION}.gif", "map format", "gif"),
    ],
)
def test_unknown_region_node_or_format_is_a_404(
    site: Site, path: str, what: str, ident: str
) -> None:
    body = error(site.client.get(path), 404)
    assert (body["code"], body["what"], body["id"]) == ("NOT_FOUND", what, ident)


def test_a_map_past_the_node_limit_is_a_422_suggesting_a_filter() -> None:
    store = demo_store()
    maps = MapRenderer(store, MapLimits(max_nodes=20))
    try:
        with serve(store, maps) as client:
            body = error(client.get(f"/maps/{REGION}.svg"), 422)
            narrowed = client.get(f"/maps/{REGION}.svg?kind=national-goal,change-vision")
            trace = client.get("/maps/trace/kym-proj-budget.svg")
    finally:
        store.close()
    count = len(visible(store))
    assert body["code"] == "MAP_TOO_LARGE"
    assert body["message"] == (
        f"The alignment map of region '{REGION}' would draw {count} nodes; the limit is 20. "
        + NARROW_HINT
    )
    assert (body["amount"], body["limit"]) == (count, 20)
    assert "filter" in NARROW_HINT and "trace map of one node" in NARROW_HINT
    assert len(maps.cache) == 2  # nothing was drawn for the refused map
    assert narrowed.status_code == 200 and trace.status_code == 200


def test_the_routes_catch_up_and_draw_as_the_app_tells_them() -> None:
    """``strategygraph serve`` hands the routes the API's catch-up (off the loop) and the
    store's gate (``api/worker.py``): both map routes use them, not their own."""
    store = demo_store()
    seen: list[str] = []

    async def caught_up() -> None:
        seen.append("caught up")

    @asynccontextmanager
    async def holding() -> AsyncIterator[None]:
        seen.append("held")
        yield
        seen.append("let go")

    fresh = Freshness(store, caught_up, holding)
    maps = MapRenderer(store, MapLimits(timeout=DRAWING_TIME))
    routes = [*map_routes(store, renderer=maps, fresh=fresh)]
    try:
        with api_serve(store, routes=routes) as served:
            access = AccessService(store.access)
            access.grant("map-reader", Role.VIEWER, ANY_REGION)
            signed_in = {"Authorization": f"Bearer {access.create_token('map-reader')[1]}"}
            for path in (f"/maps/{REGION}.svg", f"/maps/risks/{REGION}.svg"):
                answer = httpx.get(
                    served.base + path, headers=signed_in, verify=TLS, timeout=DRAWING_TIME
                )
                assert answer.status_code == 200, answer.text
    finally:
        store.close()
    assert seen == ["caught up", "held", "let go"] * 2
