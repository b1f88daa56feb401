"""A region's view draws at most ``MAX_DRAWN`` nodes, whole layers from the top, and says
so in its documentation; the elements and their folders stay whole, and the model still
validates and reads back equal."""

from __future__ import annotations

from typing import Any

from defusedxml.ElementTree import fromstring

from strategygraph.interchange.archimate import dump_archimate
from strategygraph.interchange.archimate_read import load_archimate
from strategygraph.interchange.archimate_views import MAX_DRAWN
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.unit.test_formats_archimate import NS, assert_valid

LINES = 3
CHALLENGES = MAX_DRAWN  # the challenge layer no longer fits beside the three above it


def _graph() -> dict[str, Any]:
    def node(node_id: str, kind: str, region: str = "r1") -> dict[str, Any]:
        return {"id": node_id, "kind": kind, "region": region, "title": node_id}

    nodes = [
        node("ng", "NATIONAL_GOAL", "national"),
        node("cv", "CHANGE_VISION"),
        node("ov", "ORGANISATIONAL_VISION"),
    ]
    edges = [
        {"source": "cv", "relation": "DERIVES_FROM", "target": "ng"},
        {"source": "ov", "relation": "REALISES", "target": "cv"},
    ]
    for i in range(LINES):
        nodes.append(node(f"line-{i}", "STRATEGIC_LINE"))
        edges.append({"source": f"line-{i}", "relation": "SUPPORTS", "target": "ov"})
    for i in range(CHALLENGES):
        nodes.append(node(f"ch-{i}", "CHALLENGE"))
        edges.append({"source": f"ch-{i}", "relation": "CHALLENGES", "target": "line-0"})
    return {
        "format": "strategygraph",
        "format_version": 2,
        "regions": [{"id": "national", "name": "Suomi"}, {"id": "r1", "name": "Kymenlaakso"}],
        "organisations": [],
        "nodes": nodes,
        "edges": edges,
    }


def test_a_large_regions_view_draws_its_top_layers_and_says_how_many_of_how_many() -> None:
    service = StrategyService(EmbeddedStore())
    service.import_document(_graph(), "t")
    doc = service.export_document()
    exported = dump_archimate(doc)
    assert_valid(exported)
    root = fromstring(exported)
    views = {v.findtext(f"{NS}name"): v for v in root.iterfind(f"{NS}views/{NS}diagrams/{NS}view")}
    national, regional = (
        views["Suomi: strategia kerroksittain"],
        views["Kymenlaakso: strategia kerroksittain"],
    )
    assert national.find(f"{NS}documentation") is None  # one node: drawn whole
    drawn = {n.get("elementRef") for n in regional.iterfind(f"{NS}node")}
    assert drawn == {"id-ng", "id-cv", "id-ov", *(f"id-line-{i}" for i in range(LINES))}
    assert len(regional.findall(f"{NS}connection")) == 2 + LINES
    total = 3 + LINES + CHALLENGES
    assert regional.findtext(f"{NS}documentation") == (
        f"Näkymässä on ylimmät kerrokset, {3 + LINES} / {total} elementtiä; kaikki "
        "elementit ovat alueen kansiossa."
    )
    # every element is still in the model and in its region's layer folder
    assert len(root.findall(f"{NS}elements/{NS}element")) == total
    folders = root.findall(f"{NS}organizations/{NS}item")
    region = next(f for f in folders if f.findtext(f"{NS}label") == "Kymenlaakso")
    layers = {i.findtext(f"{NS}label"): len(i) - 1 for i in region.iterfind(f"{NS}item")}
    assert layers["Voitettavat taistelut"] == CHALLENGES
    reading = load_archimate(exported)
    assert len(reading.document["nodes"]) == total
    assert len(reading.document["edges"]) == len(doc["edges"])


def test_a_first_layer_larger_than_the_cap_is_cut_to_it() -> None:
    doc = _graph()
    doc["nodes"] = [n | {"kind": "NATIONAL_GOAL", "region": "national"} for n in doc["nodes"]]
    doc["edges"] = []
    root = fromstring(dump_archimate(doc))
    (view,) = root.iterfind(f"{NS}views/{NS}diagrams/{NS}view")
    assert len(view.findall(f"{NS}node")) == MAX_DRAWN
    total = len(doc["nodes"])
    assert f"{MAX_DRAWN} / {total}" in (view.findtext(f"{NS}documentation") or "")
