"""Risk and trend badges on the strategy maps, drawn by the real ``dot``: a node that open
risks threaten shows how many and the highest score, a node with indicators shows which
way its last two readings went and the health of the latest; a node without them shows
neither, and a reader sees only the risks they may read."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest

from strategygraph.data import demo_situation
from strategygraph.domain import Status
from strategygraph.domain.access import Principal, Role
from strategygraph.domain.situation import Measurement, Risk, RiskStatus
from strategygraph.glossary import Lang
from strategygraph.maps import MapRequest
from strategygraph.maps.paper import Paper
from strategygraph.maps.request import Format
from strategygraph.service import StrategyService
from strategygraph.service import situation as sit
from strategygraph.service.situation_load import load_situation
from strategygraph.service.visible import visible_store
from strategygraph.store import EmbeddedStore
from tests.maps.conftest import REGION, demo_store, draw, renderer
from tests.maps.svg import DrawnMap, squash
from tests.maps.test_onepage import font_sizes

THREATENED = "kym-ch-change-success"
"""Threatened by two demo risks, the higher scored 4 × 5."""
MEASURED = "kym-proj-digital-roadmap"
"""One demo risk (6) and an indicator read at 35 % and then 55 % (up is good, green)."""
CALM = "kym-proj-budget"
"""No risk and no indicator."""
PUBLIC = "kym-line-change-and-experiment"
"""APPROVED: on the map of a reader from another region."""
MAPS = {
    "page": lambda **kw: MapRequest.onepage(REGION, **kw),
    "alignment": lambda **kw: MapRequest.alignment(REGION, **kw),
}


@pytest.fixture(scope="module")
def pictured() -> Iterator[EmbeddedStore]:
    """The demo with its situational picture."""
    store = demo_store()
    load_situation(StrategyService(store), demo_situation(), "demo")
    yield store
    store.close()


def text(drawn: DrawnMap, node_id: str) -> str:
    """The texts of the node's group, without spaces (as ``squash`` gives them)."""
    return squash(" ".join(drawn.nodes[node_id].texts))


def shows(drawn: DrawnMap, node_id: str, badge: str) -> bool:
    return squash(badge) in text(drawn, node_id)


BADGES = {
    "page": {"risks": "⚠ 2 · 20", "one": "⚠ 1 · 6", "trend": "↗ vihreä"},
    "alignment": {"risks": "⚠ 2 riskiä, 20", "one": "⚠ 1 riski, 6", "trend": "↗ paranee · vihreä"},
}
"""The alignment map says it in words; the one-page map (A3) in brief, its legend naming
what the numbers and the arrows are."""


@pytest.mark.parametrize("kind", MAPS)
def test_a_threatened_node_shows_its_risks_and_a_calm_one_does_not(
    pictured: EmbeddedStore, kind: str
) -> None:
    drawn = draw(pictured, MAPS[kind]())
    assert shows(drawn, THREATENED, BADGES[kind]["risks"])
    assert "risk" in drawn.nodes[THREATENED].classes
    assert shows(drawn, MEASURED, BADGES[kind]["one"])
    assert not shows(drawn, CALM, "⚠ 1") and not shows(drawn, CALM, "riski")
    assert "risk" not in drawn.nodes[CALM].classes
    assert "riskit: määrä, suurin pistemäärä" in drawn.legend_text


@pytest.mark.parametrize("kind", MAPS)
def test_a_measured_node_shows_the_trend_of_its_indicator(
    pictured: EmbeddedStore, kind: str
) -> None:
    drawn = draw(pictured, MAPS[kind]())
    assert shows(drawn, MEASURED, BADGES[kind]["trend"])
    assert "trend-better" in drawn.nodes[MEASURED].classes
    assert not shows(drawn, CALM, "↗") and not shows(drawn, CALM, "paranee")


def test_the_one_page_map_with_its_badges_still_prints_on_a3_at_9_pt(
    pictured: EmbeddedStore,
) -> None:
    request = MapRequest.onepage(REGION, format=Format.PDF, paper=Paper.A3)
    assert min(font_sizes(renderer(pictured).render(request).content)) >= 9 - 0.01
    legend = draw(pictured, MapRequest.onepage(REGION)).legend_text
    assert "mittari: viimeisin muutos ja tila" in legend


def test_the_badges_speak_the_map_s_language(pictured: EmbeddedStore) -> None:
    drawn = draw(pictured, MapRequest.alignment(REGION, lang=Lang.EN))
    assert shows(drawn, THREATENED, "⚠ 2 risks, 20")
    assert shows(drawn, MEASURED, "↗ improving · green")
    sv = draw(pictured, MapRequest.alignment(REGION, lang=Lang.SV))
    assert shows(sv, THREATENED, "⚠ 2 risker, 20")


def test_a_reading_the_wrong_way_turns_the_badge_and_closed_risks_drop_out() -> None:
    store = demo_store()
    service = StrategyService(store)
    load_situation(service, demo_situation(), "demo")
    last = store.situation.latest("kym-ind-digital-roadmap-done")
    assert last is not None
    sit.add_measurement(
        service, Measurement("kym-ind-digital-roadmap-done", last.on.replace(year=2019), 15), "t"
    )
    for risk_id in ("kym-risk-political-will", "kym-risk-schedule"):
        old = store.situation.risks[risk_id]
        sit.put_risk(service, replace(old, status=RiskStatus.CLOSED), "t")
    drawn = draw(store, MapRequest.onepage(REGION))
    assert shows(drawn, MEASURED, "↘ punainen")
    assert "trend-worse" in drawn.nodes[MEASURED].classes
    assert not shows(drawn, THREATENED, "⚠ 1") and not shows(drawn, THREATENED, "⚠ 2")
    store.close()


def test_a_reader_sees_only_the_risks_they_may_read() -> None:
    store = demo_store()
    service = StrategyService(store)
    draft = Risk("r-draft", REGION, "Luonnos", likelihood=5, impact=5, threatens=(CALM, PUBLIC))
    sit.put_risk(service, draft, "t", create=True)
    assert draft.lifecycle is Status.DRAFT
    insider = Principal("insider", roles=frozenset({(Role.VIEWER, REGION)}))
    outsider = Principal("outsider", roles=frozenset({(Role.VIEWER, "uusimaa")}))
    request = MapRequest.alignment(REGION)
    mine = draw(visible_store(store, insider), request)
    assert shows(mine, CALM, "⚠ 1 riski, 25") and shows(mine, PUBLIC, "⚠ 1 riski, 25")
    seen = draw(visible_store(store, outsider), request)  # the draft node is hidden too
    assert CALM not in seen.nodes and PUBLIC in seen.nodes
    assert not shows(seen, PUBLIC, "riski")
    store.close()


def test_an_overdue_status_report_is_flagged_on_both_maps(pictured: EmbeddedStore) -> None:
    for kind in MAPS:
        drawn = draw(pictured, MAPS[kind]())
        assert shows(drawn, CALM, "⚠ tilannekatsaus myöhässä"), kind
        assert "gap-report-overdue" in drawn.nodes[CALM].classes or kind == "page"
    legend = draw(pictured, MapRequest.alignment(REGION)).legend_text
    assert "Tilannekatsaus myöhässä (2)" in legend


def test_a_trace_map_carries_the_badges_of_its_nodes(pictured: EmbeddedStore) -> None:
    drawn = draw(pictured, MapRequest.trace(MEASURED, lang=Lang.EN))
    assert shows(drawn, MEASURED, "⚠ 1 risk, 6") and shows(drawn, MEASURED, "↗ improving")
    assert shows(drawn, "kym-ch-digitalisation", "⚠ 1 risk, 6")
