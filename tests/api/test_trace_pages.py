"""``traceUp`` never caps silently (issue 13): on a project with 1,537 paths to 4 goals
every goal is named with its count, the paths page through with cursors, and the answer
says when it holds fewer than exist; the CLI says "showing N of M"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import Api, Served, loaded_store, serve

PER_GOAL = {"ng-a": 400, "ng-b": 400, "ng-c": 400, "ng-d": 337}
TOTAL = 1537

TRACE = """
query ($id: ID!, $first: Int!, $after: String, $goal: ID) {
  traceUp(id: $id, first: $first, after: $after, goal: $goal) {
    totalCount complete
    goals { goal { id } pathCount }
    edges { cursor node { nodes { id } } }
    paths { length nodes { id } relations }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


def wide_document() -> dict[str, Any]:
    """A project addressing 1,537 challenges; each challenge serves one of four lines,
    each line its own vision chain and national goal."""
    nodes: list[dict[str, Any]] = [
        {"id": "regions-proj", "kind": "STRATEGIC_PROJECT", "region": "r", "title": "Hanke"}
    ]
    edges: list[dict[str, str]] = []

    def add(id: str, kind: str, region: str = "r") -> None:
        nodes.append(
            {
                "id": id,
                "kind": kind,
                "region": region,
                "title": id,
                "status": "APPROVED",
                "approved_by": "VATE",
                "decision_date": "2018-03-01",
            }
        )

    def link(source: str, relation: str, target: str) -> None:
        edges.append({"source": source, "relation": relation, "target": target})

    for goal, count in PER_GOAL.items():
        add(goal, "NATIONAL_GOAL", "national")
        tail = goal.removeprefix("ng-")
        add(f"cv-{tail}", "CHANGE_VISION")
        add(f"ov-{tail}", "ORGANISATIONAL_VISION")
        add(f"line-{tail}", "STRATEGIC_LINE")
        link(f"cv-{tail}", "DERIVES_FROM", goal)
        link(f"ov-{tail}", "REALISES", f"cv-{tail}")
        link(f"line-{tail}", "SUPPORTS", f"ov-{tail}")
        for i in range(count):
            add(f"ch-{tail}-{i:04d}", "CHALLENGE")
            link(f"ch-{tail}-{i:04d}", "CHALLENGES", f"line-{tail}")
            link("regions-proj", "ADDRESSES", f"ch-{tail}-{i:04d}")
    return {
        "format": "strategygraph",
        "format_version": 1,
        "regions": [{"id": "national", "name": "Suomi"}, {"id": "r", "name": "Alue"}],
        "nodes": nodes,
        "edges": edges,
    }


@pytest.fixture(scope="module")
def wide() -> Iterator[Served]:
    store = loaded_store(wide_document())
    try:
        with serve(store) as served:
            yield served
    finally:
        store.close()


def trace(api: Api, first: int, after: str | None = None, goal: str | None = None) -> Any:
    return api(TRACE, id="regions-proj", first=first, after=after, goal=goal)["traceUp"]


def test_every_goal_is_named_with_its_count_and_the_cut_is_said(wide: Served) -> None:
    page = trace(wide.api(), 100)
    assert page["totalCount"] == TOTAL
    assert page["complete"] is False
    assert {g["goal"]["id"]: g["pathCount"] for g in page["goals"]} == PER_GOAL
    assert len(page["paths"]) == 100
    assert page["pageInfo"]["hasNextPage"] is True
    assert page["pageInfo"]["hasPreviousPage"] is False
    assert page["edges"][-1]["cursor"] == page["pageInfo"]["endCursor"]


def test_the_pages_hold_every_path_once_in_order(wide: Served) -> None:
    api = wide.api()
    seen: list[tuple[str, ...]] = []
    after = None
    while True:
        page = trace(api, 100, after)
        seen += [tuple(n["id"] for n in p["nodes"]) for p in page["paths"]]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert len(seen) == TOTAL == len(set(seen))
    assert seen == sorted(seen)
    assert Counter(p[-1] for p in seen) == PER_GOAL


def test_the_paths_of_one_goal(wide: Served) -> None:
    page = trace(wide.api(), 50, goal="ng-d")
    assert page["totalCount"] == 337
    assert {g["goal"]["id"] for g in page["goals"]} == set(PER_GOAL)  # still every goal
    assert {p["nodes"][-1]["id"] for p in page["paths"]} == {"ng-d"}
    assert page["paths"][0]["relations"] == [
        "ADDRESSES",
        "CHALLENGES",
        "SUPPORTS",
        "REALISES",
        "DERIVES_FROM",
    ]


def test_a_small_trace_is_complete(reader: Api) -> None:
    page = reader(TRACE, id="proj-a", first=20)["traceUp"]
    assert (page["totalCount"], page["complete"], len(page["paths"])) == (2, True, 2)
    assert page["pageInfo"]["hasNextPage"] is False


def test_a_cursor_of_another_list_or_node_is_refused(reader: Api) -> None:
    other = reader(TRACE, id="proj-b", first=1)["traceUp"]["pageInfo"]["endCursor"]
    error = reader.error(TRACE, id="proj-a", first=1, after=other)
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["message"].startswith(f"cursor {other!r} does not belong to this list")
    nodes_cursor = reader("{ nodes(first: 1) { pageInfo { endCursor } } }")["nodes"]["pageInfo"]
    error = reader.error(TRACE, id="proj-a", first=1, after=nodes_cursor["endCursor"])
    assert error["extensions"]["code"] == "VALIDATION"
    too_many = reader.error(TRACE, id="proj-a", first=101)
    assert too_many["message"].startswith("first must be between 0 and 100, not 101")


def test_the_cli_says_how_many_it_shows(tmp_path: Path) -> None:
    document = tmp_path / "wide.json"
    document.write_text(json.dumps(wide_document()), encoding="utf-8")
    env = {
        **os.environ,
        "STRATEGYGRAPH_STORE": f"sqlite:///{tmp_path / 'wide.db'}",
        "STRATEGYGRAPH_ACTOR": "tester",
        "STRATEGYGRAPH_LANG": "en",
    }

    def cli(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "strategygraph", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        return done.stdout

    cli("import", str(document))
    text = cli("trace", "regions-proj")
    assert "Showing 1,000 of 1,537 paths" in text
    assert "Path 1,000" in text and "Path 1,001" not in text
    for goal, count in PER_GOAL.items():
        assert f"{goal} ({goal}): {count}" in text
    as_json = json.loads(cli("trace", "regions-proj", "--json", "--first", "5", "--after", "1535"))
    assert as_json["total"] == TOTAL and as_json["start"] == 1535
    assert len(as_json["paths"]) == 2
    assert {g["goal"]: g["paths"] for g in as_json["goals"]} == PER_GOAL
