"""Aggregates count only what the reader may open (issue 13): a viewer of one region gets
``coverage``, ``rolledUpHealth``, ``compareRegions`` and ``traceUp`` counts without another
region's drafts; an admin gets them with."""

from __future__ import annotations

from typing import Any

import pytest

from strategygraph.domain.access import Role

from .conftest import Api, Served

COVERAGE = "{ coverage { goal { id } region projects counts { kind count } } }"
ROLLUP = '{ node(id: "ch") { rolledUpHealth { projects shares { health count } } } }'
COMPARE = """{ compareRegions(regions: ["pohjoinen"], goal: "ng-equal") { items {
  goalsReached goals { reached counts { kind count } projectHealth { health count } }
} } }"""
TRACE = '{ traceUp(id: "ch") { totalCount goals { goal { id } pathCount } } }'
LINK = """mutation { link(input: {source: "proj-lonely", relation: ADDRESSES, target: "ch"}) {
  relationship { sourceId } } }"""


@pytest.fixture
def readers(served: Served) -> tuple[Api, Api]:
    """An admin and a viewer of `etela`, after a `pohjoinen` draft project (`proj-lonely`)
    was linked under `etela`'s challenge `ch`."""
    admin = served.api("admin")
    admin(LINK)
    return admin, served.api("viewer", roles=((Role.VIEWER, "etela"),))


def rows(answer: dict[str, Any]) -> dict[tuple[str, str], int]:
    return {(r["goal"]["id"], r["region"]): r["projects"] for r in answer["coverage"]}


def test_coverage_leaves_out_the_drafts_a_viewer_cannot_open(readers: tuple[Api, Api]) -> None:
    admin, viewer = readers
    assert rows(admin(COVERAGE))[("ng-equal", "pohjoinen")] == 1
    seen = rows(viewer(COVERAGE))
    assert ("ng-equal", "pohjoinen") not in seen
    assert seen[("ng-equal", "etela")] == 3
    assert not any(goal == "ng-modern" for goal, _ in seen)  # a national draft


def test_rolled_up_health_counts_only_open_projects(readers: tuple[Api, Api]) -> None:
    admin, viewer = readers
    assert admin(ROLLUP)["node"]["rolledUpHealth"]["projects"] == 3
    shown = viewer(ROLLUP)["node"]["rolledUpHealth"]
    assert shown["projects"] == 2
    assert sum(s["count"] for s in shown["shares"]) == 2


def test_compare_regions_counts_only_open_nodes(readers: tuple[Api, Api]) -> None:
    admin, viewer = readers
    mine = admin(COMPARE)["compareRegions"]["items"][0]
    theirs = viewer(COMPARE)["compareRegions"]["items"][0]
    projects = [
        {c["kind"]: c["count"] for c in r["goals"][0]["counts"]}["STRATEGIC_PROJECT"]
        for r in (mine, theirs)
    ]
    assert projects == [1, 0]
    assert (mine["goalsReached"], theirs["goalsReached"]) == (1, 0)
    assert sum(h["count"] for h in theirs["goals"][0]["projectHealth"]) == 0


def test_trace_up_counts_only_open_paths(readers: tuple[Api, Api]) -> None:
    admin, viewer = readers
    assert admin(TRACE)["traceUp"]["totalCount"] == 2
    shown = viewer(TRACE)["traceUp"]
    assert shown == {"totalCount": 1, "goals": [{"goal": {"id": "ng-equal"}, "pathCount": 1}]}
