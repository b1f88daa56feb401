"""The demo's situational picture: the Kymenlaakso report's identified risks, each with its
source and its (inferred) links, all placed on the region's risk map."""

from __future__ import annotations

from strategygraph.data import demo_documents, demo_situation
from strategygraph.domain.access import Principal
from strategygraph.service import StrategyService
from strategygraph.service.situation_load import load_situation
from strategygraph.service.situation_read import Situation
from strategygraph.store import EmbeddedStore


def test_the_demo_holds_the_reports_risks_each_sourced_and_placed() -> None:
    store = EmbeddedStore()
    service = StrategyService(store)
    for doc in demo_documents():
        service.import_document(doc, "demo")
    load_situation(service, demo_situation(), "demo")
    sit = Situation(store, Principal.anonymous(reads_public=True))
    risks = sit.risks("kymenlaakso")
    assert len(risks) >= 10
    assert all(r.source and "Tunnistetut uhkakuvat ja riskit" in r.source for r in risks)
    assert all(r.threatens and set(r.inferred) == set(r.threatens) for r in risks)
    placed = sum(len(c.risks) for c in sit.risk_map("kymenlaakso"))
    assert placed == len(risks)
    goal = sit.threatening("ng-equal-services")
    assert goal, "the national goal is served by threatened lines and challenges"
    assert store.get_node("kym-proj-budget").attributes["reportingCadenceDays"] == "90"
    assert sit.reports("kym-proj-digital-roadmap")[0].id == "kym-rep-roadmap-2018-09"
