"""Regions side by side: every adapter's ``compare_store_regions`` equals the reference
composed on the embedded store, on the two-region demo."""

from __future__ import annotations

from strategygraph.data import demo_documents
from strategygraph.domain import NodeKind
from strategygraph.service import StrategyService, compare_store_regions
from strategygraph.store import EmbeddedStore


def test_compare_regions_equals_the_reference(service: StrategyService) -> None:
    reference = StrategyService(EmbeddedStore())
    for doc in demo_documents():
        service.import_document(doc, "loader")
        reference.import_document(doc, "loader")
    found = compare_store_regions(service.store)
    assert found == compare_store_regions(reference.store)
    assert [c.region for c in found] == ["kymenlaakso", "uusimaa"]
    uusimaa = found[1]
    assert uusimaa.goals_reached == 4
    equal = next(g for g in uusimaa.goals if g.goal_id == "ng-equal-services")
    assert equal.counts[NodeKind.STRATEGIC_PROJECT] == len(equal.projects) == 7
    assert "uus-proj-region-brand" not in equal.projects
    one = compare_store_regions(service.store, ["uusimaa"], "ng-one-stop-business")
    assert [(g.goal_id, g.reached, g.projects) for g in one[0].goals] == [
        ("ng-one-stop-business", False, [])
    ]
