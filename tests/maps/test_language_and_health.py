"""What leadership reads on a map: every word in the chosen language, health that tells
the truth (how the projects divide, not the worst of them), in signs and words as well
as colours a red-green colour-blind reader can tell apart, and late projects marked."""

from __future__ import annotations

import itertools
import math
import re
from datetime import date
from typing import Any

import pytest

from strategygraph.domain import Health, NodeKind
from strategygraph.glossary import WORDS, Glossary, Lang
from strategygraph.maps import MapRenderer, MapRequest, Rollup
from strategygraph.maps.style import HEALTH_BORDER, HEALTH_FILL
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.maps.conftest import REGION, TODAY, draw
from tests.maps.svg import SVG, DrawnMap, parse

COLUMN = {Lang.FI: 0, Lang.SV: 1, Lang.EN: 2}
_WORD = re.compile(r"[^\W\d_]{4,}")


def _node(id: str, kind: str, title: str, **extra: Any) -> dict[str, Any]:
    region = "national" if kind == "NATIONAL_GOAL" else "rx"
    return {"id": id, "kind": kind, "region": region, "title": title, **extra}


def _edge(source: str, relation: str, target: str) -> dict[str, str]:
    return {"source": source, "relation": relation, "target": target}


_DECIDED = {"approved_by": "Qx", "decision_date": "2018-03-01"}
"""An approval needs its body and date, on import as in setStatus."""


def neutral_document() -> dict[str, Any]:
    """Every layer, status, health and gap the maps draw, with titles in no language
    ("Qx 1", ...), so every real word on the map is one of ours."""
    nodes = [
        _node("g1", "NATIONAL_GOAL", "Qx 1", status="APPROVED", **_DECIDED),
        _node("g2", "NATIONAL_GOAL", "Qx 2", status="APPROVED", **_DECIDED),
        _node("g3", "NATIONAL_GOAL", "Qx 3", status="APPROVED", **_DECIDED),
        _node("cv", "CHANGE_VISION", "Qx 4", status="PROPOSED"),
        _node("cv2", "CHANGE_VISION", "Qx 5"),
        _node("ov", "ORGANISATIONAL_VISION", "Qx 6", organisation="ox"),
        _node("l1", "STRATEGIC_LINE", "Qx 7"),
        _node("l2", "STRATEGIC_LINE", "Qx 8"),
        _node("c1", "CHALLENGE", "Qx 9"),
        _node("c2", "CHALLENGE", "Qx 10"),
        _node("p1", "STRATEGIC_PROJECT", "Qx 11", health="GREEN", progress=100),
        _node("p2", "STRATEGIC_PROJECT", "Qx 12", health="AMBER", due_date="2018-12-31"),
        _node("p3", "STRATEGIC_PROJECT", "Qx 13", health="RED", progress=20),
        _node("p4", "STRATEGIC_PROJECT", "Qx 14"),
        _node("p5", "STRATEGIC_PROJECT", "Qx 15", health="GREEN"),
    ]
    edges = [
        _edge("cv", "DERIVES_FROM", "g1"),
        _edge("cv2", "DERIVES_FROM", "g3"),
        _edge("ov", "REALISES", "cv"),
        _edge("l1", "SUPPORTS", "ov"),
        _edge("l2", "SUPPORTS", "ov"),
        _edge("c1", "CHALLENGES", "l1"),
        _edge("c2", "CHALLENGES", "l1"),
        _edge("p1", "ADDRESSES", "c1"),
        _edge("p2", "ADDRESSES", "c1"),
        _edge("p3", "ADDRESSES", "c1"),
        _edge("p4", "SUPPORTS", "l1"),
        _edge("p1", "DEPENDS_ON", "p3"),
    ]
    return {
        "format": "strategygraph",
        "format_version": 1,
        "regions": [{"id": "national", "name": "Qn"}, {"id": "rx", "name": "Qr"}],
        "organisations": [{"id": "ox", "name": "Qo", "region": "rx"}],
        "nodes": nodes,
        "edges": edges,
    }


@pytest.fixture(scope="module")
def neutral() -> Any:
    store = EmbeddedStore(":memory:")
    StrategyService(store).import_document(neutral_document(), "tester")
    yield store
    store.close()


def vocabulary(lang: Lang) -> set[str]:
    """Every word (of four letters or more) of the glossary in ``lang``."""
    found: set[str] = set()
    for texts in WORDS.values():
        found.update(w.lower() for w in _WORD.findall(re.sub(r"\{\w+\}", " ", texts[COLUMN[lang]])))
    return found


def words_of(drawn: DrawnMap) -> set[str]:
    return {w.lower() for text in drawn.texts for w in _WORD.findall(text)}


def maps(store: EmbeddedStore, lang: Lang) -> dict[str, DrawnMap]:
    render = MapRenderer(store, today=lambda: TODAY).render
    return {
        "alignment": parse(render(MapRequest.alignment("rx", lang=lang)).content),
        "trace": parse(render(MapRequest.trace("c1", lang=lang)).content),
        "coverage": parse(render(MapRequest.coverage(lang=lang)).content),
        "onepage": parse(render(MapRequest.onepage("rx", lang=lang)).content),
        "phone": parse(render(MapRequest.onepage("rx", lang=lang, columns=1)).content),
    }


@pytest.mark.parametrize("lang", list(Lang))
def test_every_word_of_a_map_is_in_its_language(neutral: EmbeddedStore, lang: Lang) -> None:
    mine = vocabulary(lang)
    foreign = set().union(*(vocabulary(other) for other in Lang if other is not lang)) - mine
    words = Glossary(lang)
    for name, drawn in maps(neutral, lang).items():
        shown = words_of(drawn)
        assert shown, name
        assert shown <= mine | {"qx", "qr", "qo"}, (name, sorted(shown - mine))
        assert not shown & foreign, (name, sorted(shown & foreign))
        if name in ("alignment", "trace"):
            assert set(drawn.layer_names) >= {words.layer(NodeKind.CHALLENGE)}


def test_a_finnish_map_names_its_layers_health_and_gaps_in_finnish(neutral: EmbeddedStore) -> None:
    drawn = maps(neutral, Lang.FI)["alignment"]
    assert list(drawn.layer_names) == [
        "Kansalliset tavoitteet",
        "Muutosvisiot",
        "Organisaation visiot",
        "Strategiset linjaukset",
        "Voitettavat taistelut",
        "Strategiset hankkeet",
    ]
    text = " ".join(drawn.texts)
    for phrase in (
        "VOITETTAVA TAISTELU",
        "MUUTOSVISIO · ehdotettu",
        "Kohdistumiskartta · 15.1.2026",
        "✔ vihreä",
        "▲ keltainen",
        "✖ punainen",
        "? ei tiedossa",
        "⚠ Voitettava taistelu, johon mikään hanke ei vastaa (1):",
        "⚠ Linkki ohittaa tason (1):",
    ):
        assert phrase in text, phrase
    assert drawn.footer == f"graafin versio {neutral.version()}"


def health_store(green: int, red: int) -> EmbeddedStore:
    """A region whose ``green + red`` projects all serve one chain up to one goal."""
    doc = neutral_document()
    doc["nodes"] = [n for n in doc["nodes"] if n["kind"] != "STRATEGIC_PROJECT"]
    doc["edges"] = [e for e in doc["edges"] if not e["source"].startswith("p")]
    for i in range(green + red):
        health = "GREEN" if i < green else "RED"
        doc["nodes"].append(_node(f"p{i}", "STRATEGIC_PROJECT", f"Qx p{i}", health=health))
        doc["edges"].append(_edge(f"p{i}", "ADDRESSES", "c1"))
    store = EmbeddedStore(":memory:")
    StrategyService(store).import_document(doc, "tester")
    return store


def _shapes(drawn: DrawnMap, node_id: str) -> list[tuple[str, str, float]]:
    """Fill, stroke and width of each shape of a node, its outline first."""
    g = next(g for g in drawn.root.iter(f"{SVG}g") if g.get("id") == node_id)
    found = []
    for shape in g.iter():
        if shape.tag in (f"{SVG}path", f"{SVG}polygon"):
            points = re.findall(r"(-?[\d.]+),(-?[\d.]+)", shape.get("d") or shape.get("points", ""))
            xs = [float(x) for x, _ in points] or [0.0]
            found.append((shape.get("fill", ""), shape.get("stroke", ""), max(xs) - min(xs)))
    return found


def _outline(drawn: DrawnMap, node_id: str) -> set[str]:
    """The colours that paint the node: the fill and every border of its outline (a
    double border is two shapes), not the bar inside it."""
    shapes = _shapes(drawn, node_id)
    widest = max(w for _, _, w in shapes)
    return {c for fill, stroke, w in shapes if w > widest - 10 for c in (fill, stroke)}


def test_ten_green_projects_and_one_red_do_not_paint_the_region_red() -> None:
    store = health_store(green=10, red=1)
    try:
        drawn = draw(store, MapRequest.alignment("rx"))
        worst = draw(store, MapRequest.alignment("rx", rollup=Rollup.WORST))
    finally:
        store.close()
    red = {HEALTH_BORDER[Health.RED], HEALTH_FILL[Health.RED]}
    upper = ["g1", "cv", "ov", "l1", "c1"]
    for node_id in upper:
        node = drawn.nodes[node_id]
        assert not _outline(drawn, node_id) & red, node_id
        # How they divide, in words and signs: 11 projects, ten ✔ and one ✖.
        assert "11 strategista hanketta:" in [t.strip() for t in node.texts], node_id
        assert [t.strip() for t in node.texts[-4:]] == ["✔", "10", "✖", "1"], node_id
        # A bar of the shares: the red part is one eleventh of it.
        bar = {fill: w for fill, _, w in _shapes(drawn, node_id) if fill in HEALTH_FILL.values()}
        share = bar[HEALTH_FILL[Health.RED]] / (
            bar[HEALTH_FILL[Health.RED]] + bar[HEALTH_FILL[Health.GREEN]]
        )
        assert abs(share - 1 / 11) < 0.02, node_id
        # The worst of them is still there when asked for.
        assert HEALTH_BORDER[Health.RED] in _outline(worst, node_id), node_id
    assert HEALTH_FILL[Health.RED] in _outline(drawn, "p10")  # the red project


def test_a_goal_no_project_of_the_region_reaches_is_marked(demo: EmbeddedStore) -> None:
    """Lines and visions of Kymenlaakso reach "Kansalaisten vaikutusmahdollisuuksien
    parantaminen" but no project does: the map says so on the goal and in the legend."""
    drawn = draw(demo, MapRequest.alignment(REGION))
    goal = drawn.nodes["ng-citizen-influence"]
    assert "unreached" in goal.classes
    assert "⚠ mikään hanke ei ulotu tähän" in goal.texts
    assert "⚠ Mikään alueen hanke ei ulotu tähän" in drawn.legend_text
    assert "unreached" not in drawn.nodes["ng-equal-services"].classes


def test_an_overdue_project_is_marked_in_words(demo: EmbeddedStore) -> None:
    """Due 31.12.2018 with 20 % done: on 15.1.2026 it is late; a finished project or one
    due later is not."""
    drawn = draw(demo, MapRequest.alignment(REGION))
    roadmap = demo.get_node("kym-proj-digital-roadmap")
    assert (roadmap.due_date, roadmap.progress) == (date(2018, 12, 31), 20)
    node = drawn.nodes["kym-proj-digital-roadmap"]
    assert "overdue" in node.classes
    assert "⚑ MYÖHÄSSÄ · eräpäivä 31.12.2018" in node.texts
    assert "⚑ myöhässä: eräpäivä mennyt, valmis alle 100 %" in drawn.legend_text
    early = MapRenderer(demo, today=lambda: date(2018, 6, 1)).render(MapRequest.alignment(REGION))
    assert "overdue" not in parse(early.content).nodes["kym-proj-digital-roadmap"].classes


def test_finished_and_undated_projects_are_not_overdue(neutral: EmbeddedStore) -> None:
    drawn = maps(neutral, Lang.EN)["alignment"]
    assert "overdue" in drawn.nodes["p2"].classes
    assert "⚑ OVERDUE · due 2018-12-31" in drawn.nodes["p2"].texts
    assert {i for i, n in drawn.nodes.items() if "overdue" in n.classes} == {"p2"}


def _deuteranopia_lab(colour: str) -> tuple[float, float, float]:
    """CIELAB of ``colour`` as a deuteranope sees it (Machado, Oliveira and Fernandes
    2009, severity 1, in linear RGB)."""
    matrix = (
        (0.367322, 0.860646, -0.227968),
        (0.280085, 0.672501, 0.047413),
        (-0.011820, 0.042940, 0.968881),
    )
    srgb = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in srgb]
    r, g, b = (
        min(1.0, max(0.0, sum(m * c for m, c in zip(row, linear, strict=True)))) for row in matrix
    )
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return (116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z)))


def test_health_colours_stay_apart_for_a_red_green_colour_blind_reader() -> None:
    for colours, least in ((HEALTH_FILL, 20), (HEALTH_BORDER, 30)):
        for a, b in itertools.combinations(Health, 2):
            apart = math.dist(_deuteranopia_lab(colours[a]), _deuteranopia_lab(colours[b]))
            assert apart >= least, (a, b, round(apart, 1))


def test_the_national_map_rolls_up_every_region_and_a_region_map_its_own(
    demo: EmbeddedStore,
) -> None:
    national = draw(demo, MapRequest.alignment("national"))
    region = draw(demo, MapRequest.alignment(REGION))
    everything = len(demo.trace_down("ng-equal-services", kinds=[NodeKind.STRATEGIC_PROJECT]))
    assert f"{everything} strategista hanketta:" in [
        t.strip() for t in national.nodes["ng-equal-services"].texts
    ]
    assert "9 strategista hanketta:" in [t.strip() for t in region.nodes["ng-equal-services"].texts]
    assert "unreached" not in national.nodes["ng-equal-services"].classes
    assert "unreached" in national.nodes["ng-citizen-influence"].classes
