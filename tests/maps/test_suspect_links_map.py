"""Suspect links on the alignment map: drawn orange and dashed, and named in the legend."""

from __future__ import annotations

from strategygraph.domain import Status
from strategygraph.maps import MapRequest
from strategygraph.service import StrategyService
from tests.maps.conftest import REGION, demo_store, draw


def test_suspect_links_are_marked_and_explained() -> None:
    store = demo_store()
    try:
        service = StrategyService(store)
        changed = next(
            n
            for n in store.nodes(region=REGION)
            if n.status is Status.APPROVED and any(e.target == n.id for e in store.edges(n.id))
        )
        before = draw(store, MapRequest.alignment(REGION))
        assert [e for e in before.edges if "suspect" in e[2]] == []
        assert "epäilyttävä linkki" not in before.legend_text
        service.update_node(changed.id, {"title": changed.title + " (päivitetty)"}, None, "bob")
        under = {e.source for e in store.edges(changed.id) if e.target == changed.id}
        assert under and all(e.suspect for e in store.edges(changed.id) if e.target == changed.id)
        after = draw(store, MapRequest.alignment(REGION))
        suspect = sorted(
            (upper, lower) for upper, lower, classes in after.edges if "suspect" in classes
        )
        assert suspect == sorted((changed.id, source) for source in under)
        assert "oranssi: epäilyttävä linkki, tarkistettava" in after.legend_text
    finally:
        store.close()
