"""The traceability questions over HTTP, on the hand-made graph and on the demo."""

from __future__ import annotations

import pytest

from strategygraph.domain import NodeKind
from strategygraph.trace import trace_up

from .conftest import Api, Served

TRACE_UP = """
query ($id: ID!, $maxDepth: Int) {
  traceUp(id: $id, maxDepth: $maxDepth, first: 100) {
    paths { length upward nodes { id kind } relations }
  }
}
"""


def test_trace_up_gives_every_path_to_the_goals(reader: Api) -> None:
    paths = reader(TRACE_UP, id="proj-a")["traceUp"]["paths"]
    assert [[n["id"] for n in p["nodes"]] for p in paths] == [
        ["proj-a", "ch", "line", "ov", "cv", "ng-equal"],
        ["proj-a", "ch", "line", "ov", "cv", "ng-modern"],
    ]
    assert paths[0]["relations"] == [
        "ADDRESSES",
        "CHALLENGES",
        "SUPPORTS",
        "REALISES",
        "DERIVES_FROM",
    ]
    assert paths[0]["length"] == 5
    assert paths[0]["upward"] is True


def test_trace_up_max_depth_and_untraced(reader: Api) -> None:
    assert reader(TRACE_UP, id="proj-a", maxDepth=4)["traceUp"]["paths"] == []
    assert reader(TRACE_UP, id="proj-lonely")["traceUp"]["paths"] == []
    skip = reader(TRACE_UP, id="proj-skip", maxDepth=4)["traceUp"]["paths"]
    assert [p["length"] for p in skip] == [4, 4]


TRACE_DOWN = """
query ($id: ID!, $maxDepth: Int, $kinds: [NodeKind!]) {
  traceDown(id: $id, maxDepth: $maxDepth, kinds: $kinds) { items {
    node { id } kind layer depth via { id } relation
  } }
}
"""


def test_trace_down_with_layers(reader: Api) -> None:
    found = reader(TRACE_DOWN, id="line")["traceDown"]["items"]
    assert [
        (c["node"]["id"], c["layer"], c["depth"], c["via"]["id"], c["relation"]) for c in found
    ] == [
        ("ch", 4, 1, "line", "CHALLENGES"),
        ("ch-open", 4, 1, "line", "CHALLENGES"),
        ("proj-skip", 5, 1, "line", "SUPPORTS"),
        ("proj-a", 5, 2, "ch", "ADDRESSES"),
        ("proj-b", 5, 2, "ch", "ADDRESSES"),
    ]
    projects = reader(TRACE_DOWN, id="ng-equal", kinds=["STRATEGIC_PROJECT"])["traceDown"]["items"]
    assert [(c["node"]["id"], c["kind"]) for c in projects] == [
        ("proj-skip", "STRATEGIC_PROJECT"),
        ("proj-a", "STRATEGIC_PROJECT"),
        ("proj-b", "STRATEGIC_PROJECT"),
    ]
    near = reader(TRACE_DOWN, id="ng-equal", maxDepth=2)["traceDown"]["items"]
    assert [c["node"]["id"] for c in near] == ["cv", "ov"]


PATH = """
query ($from: ID!, $to: ID!) { path(from: $from, to: $to) { upward length nodes { id } relations } }
"""


def test_path_between_two_nodes_either_way(reader: Api) -> None:
    up = reader(PATH, **{"from": "proj-b", "to": "ov"})["path"]
    assert up == {
        "upward": True,
        "length": 3,
        "nodes": [{"id": "proj-b"}, {"id": "ch"}, {"id": "line"}, {"id": "ov"}],
        "relations": ["ADDRESSES", "CHALLENGES", "SUPPORTS"],
    }
    down = reader(PATH, **{"from": "ov", "to": "proj-b"})["path"]
    assert down["upward"] is False
    assert [n["id"] for n in down["nodes"]] == ["ov", "line", "ch", "proj-b"]
    assert reader(PATH, **{"from": "proj-lonely", "to": "ng-equal"}) == {"path": None}


def test_gaps_with_sentences(reader: Api) -> None:
    gaps = reader(
        "query ($r: ID) { gaps(region: $r) { items "
        "{ type node { id } region message related { id } } } }",
        r="etela",
    )["gaps"]["items"]
    assert [(g["type"], g["node"]["id"]) for g in gaps] == [
        ("CHALLENGE_UNADDRESSED", "ch-open"),
        ("LINE_EMPTY", "line-empty"),
        ("LAYER_SKIP", "proj-skip"),
    ]
    skip = gaps[2]
    assert skip["related"] == {"id": "line"}
    assert skip["message"] == (
        "Strategic project 'Oikotie' (proj-skip) links straight to strategic line "
        "'Yhteistyö yli rajojen' (line), skipping a layer."
    )
    answer = reader("{ gaps(first: 100) { items { type node { id } region } } }")
    everywhere = answer["gaps"]["items"]
    assert {
        "type": "PROJECT_NOT_TRACED",
        "node": {"id": "proj-lonely"},
        "region": "pohjoinen",
    } in everywhere
    assert {
        "type": "GOAL_UNSERVED",
        "node": {"id": "ng-unserved"},
        "region": "national",
    } in everywhere


def test_coverage_per_goal_and_layer(reader: Api) -> None:
    rows = reader(
        '{ coverage(region: "etela") { goal { id } region projects '
        "counts { kind layer count } projectHealth { health count share } } }"
    )["coverage"]
    assert [(r["goal"]["id"], r["region"]) for r in rows] == [
        ("ng-equal", "etela"),
        ("ng-modern", "etela"),
        ("ng-unserved", "etela"),
    ]
    equal = rows[0]
    assert {c["kind"]: c["count"] for c in equal["counts"]} == {
        "CHANGE_VISION": 1,
        "ORGANISATIONAL_VISION": 1,
        "STRATEGIC_LINE": 2,
        "CHALLENGE": 2,
        "STRATEGIC_PROJECT": 3,
    }
    assert equal["projects"] == 3
    assert {h["health"]: h["count"] for h in equal["projectHealth"]} == {
        "UNKNOWN": 0,
        "GREEN": 1,
        "AMBER": 1,
        "RED": 1,
    }
    assert rows[2]["projects"] == 0
    assert all(h["share"] == 0.0 for h in rows[2]["projectHealth"])


def test_impact_of_retiring_a_node(reader: Api) -> None:
    lost = reader('{ impact(id: "line") { id } }')["impact"]
    assert [n["id"] for n in lost] == ["ch", "ch-open", "proj-a", "proj-b", "proj-skip"]
    assert reader('{ impact(id: "proj-a") { id } }')["impact"] == []
    # cv derives from two goals: losing one leaves the other route.
    assert reader('{ impact(id: "ng-equal") { id } }')["impact"] == []


@pytest.fixture(scope="module")
def demo_api(demo: Served) -> Api:
    return demo.api()


def test_demo_trace_up_equals_the_reference(demo: Served, demo_api: Api) -> None:
    projects = demo.store.nodes(NodeKind.STRATEGIC_PROJECT)
    assert len(projects) >= 10
    for project in projects:
        answer = demo_api(TRACE_UP, id=project.id)["traceUp"]["paths"]
        reference = trace_up(demo.store.view, project.id)
        assert [[n["id"] for n in p["nodes"]] for p in answer] == [list(p.nodes) for p in reference]
        assert [p["relations"] for p in answer] == [
            [r.value for r in p.relations] for p in reference
        ]
        assert all(p["nodes"][-1]["kind"] == "NATIONAL_GOAL" for p in answer)
        assert all(p["nodes"][0]["id"] == project.id for p in answer)


def test_demo_search_finds_finnish_words_without_accents(demo_api: Api) -> None:
    query = "query ($q: String) { nodes(search: $q, first: 100) { totalCount nodes { id } } }"
    plain = demo_api(query, q="yhteistyo")["nodes"]
    accented = demo_api(query, q="Yhteistyö")["nodes"]
    assert plain["totalCount"] > 0
    assert plain == accented
