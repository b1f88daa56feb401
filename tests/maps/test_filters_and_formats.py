"""Filters on the maps (kinds, status, health, tags, organisation) and the three formats."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from strategygraph.domain import Health, Node, NodeKind, Status
from strategygraph.maps import Filters, Format, MapRequest
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.maps.conftest import REGION, draw, renderer, visible

GOAL = NodeKind.NATIONAL_GOAL
CASES: list[tuple[Filters, Callable[[Node], bool], str]] = [
    (
        Filters(kinds=frozenset({NodeKind.CHALLENGE, NodeKind.STRATEGIC_PROJECT})),
        lambda n: n.kind in (NodeKind.CHALLENGE, NodeKind.STRATEGIC_PROJECT),
        "taso strateginen hanke, voitettava taistelu",
    ),
    (
        Filters(statuses=frozenset({Status.DRAFT, Status.APPROVED})),
        lambda n: n.status in (Status.DRAFT, Status.APPROVED),
        "tila hyväksytty, luonnos",
    ),
    (
        Filters(healths=frozenset({Health.RED})),
        lambda n: not n.is_project or n.effective_health is Health.RED,
        "terveys punainen",
    ),
    (
        Filters(tags=frozenset({"henkilöstö", "sote"})),
        lambda n: n.kind is GOAL or bool({"henkilöstö", "sote"} & set(n.tags)),
        "tunniste henkilöstö, sote",
    ),
    (
        Filters(organisations=frozenset({"kymsote"})),
        lambda n: n.kind is GOAL or n.organisation == "kymsote",
        "organisaatio kymsote",
    ),
]


@pytest.mark.parametrize(
    ("filters", "keeps", "described"), CASES, ids=["kinds", "status", "health", "tags", "org"]
)
def test_a_filter_keeps_exactly_its_nodes(
    demo: EmbeddedStore, filters: Filters, keeps: Callable[[Node], bool], described: str
) -> None:
    expected = {n.id for n in visible(demo) if keeps(n)}
    assert 0 < len(expected) < len(visible(demo))
    drawn = draw(demo, MapRequest.alignment(REGION, filters))
    assert sorted(drawn.ids) == sorted(expected)
    assert f"suodatettu: {described}" in drawn.legend_text


def test_filters_combine(demo: EmbeddedStore) -> None:
    filters = Filters(
        kinds=frozenset({NodeKind.STRATEGIC_PROJECT}),
        healths=frozenset({Health.GREEN, Health.AMBER}),
        tags=frozenset({"henkilöstö"}),
    )
    drawn = draw(demo, MapRequest.alignment(REGION, filters))
    assert set(drawn.ids) == {"kym-proj-hr-mapping", "kym-proj-communication-staff"}


@pytest.mark.parametrize(
    ("fmt", "magic"),
    [(Format.PNG, b"\x89PNG\r\n\x1a\n"), (Format.PDF, b"%PDF-"), (Format.SVG, b"<?xml")],
)
@pytest.mark.parametrize(
    "request_of",
    [
        lambda f: MapRequest.alignment(REGION, format=f),
        lambda f: MapRequest.trace("kym-proj-budget", format=f),
        lambda f: MapRequest.coverage(format=f),
    ],
    ids=["alignment", "trace", "coverage"],
)
def test_every_map_in_every_format(
    demo: EmbeddedStore, fmt: Format, magic: bytes, request_of: Callable[[Format], MapRequest]
) -> None:
    drawn = renderer(demo).render(request_of(fmt))
    assert drawn.content.startswith(magic)
    assert drawn.media_type == {"png": "image/png", "pdf": "application/pdf"}.get(
        fmt.value, "image/svg+xml"
    )
    assert len(drawn.content) > 5_000


def test_an_unchanged_graph_is_drawn_once(own_demo: EmbeddedStore) -> None:
    maps = renderer(own_demo)
    first = maps.render(MapRequest.alignment(REGION))
    again = maps.render(MapRequest.alignment(REGION))
    assert (first.cached, again.cached) == (False, True)
    assert again.content == first.content and again.etag == first.etag
    StrategyService(own_demo).update_node("kym-proj-budget", {"progress": 55}, None, "tester")
    changed = maps.render(MapRequest.alignment(REGION))
    assert not changed.cached and changed.etag != first.etag
    assert b"55 %" in changed.content and b"55 %" not in first.content
