"""The trace map draws every node on every path up, however many paths there are: a
project with 1,537 paths to four goals shows all four (issue 13: the old 1,000-path cap
dropped a goal from the map without a word)."""

from __future__ import annotations

from strategygraph.maps.limits import MapLimits
from strategygraph.maps.request import Direction, MapRequest
from strategygraph.maps.scene import trace_scene
from tests.api.conftest import loaded_store
from tests.api.test_trace_pages import PER_GOAL, wide_document


def test_every_goal_of_a_wide_project_is_on_its_trace_map() -> None:
    store = loaded_store(wide_document())
    try:
        up = trace_scene(
            store, MapRequest.trace("regions-proj", direction=Direction.UP), MapLimits()
        )
        drawn = {n.id for n in up.nodes}
        assert set(PER_GOAL) <= drawn
        assert {"line-a", "line-d", "ch-a-0000", "ch-d-0336"} <= drawn
        near = trace_scene(
            store, MapRequest.trace("regions-proj", direction=Direction.UP, depth=2), MapLimits()
        )
        assert {n.id for n in near.nodes} == {"regions-proj"} | {
            i for i in drawn if i.startswith(("ch-", "line-"))
        }
    finally:
        store.close()
