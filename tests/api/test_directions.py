"""Every ordered list says which way it runs (issue 13): ``nodes`` takes a ``direction``
for each order, pages in it, and refuses a cursor of the other direction."""

from __future__ import annotations

from typing import Any

from .conftest import Api

NODES = """
query ($order: NodeOrder!, $direction: Direction, $first: Int!, $after: String) {
  nodes(orderBy: $order, direction: $direction, first: $first, after: $after) {
    totalCount nodes { id } pageInfo { hasNextPage endCursor }
  }
}
"""


def walk(api: Api, order: str, direction: str | None, size: int = 3) -> list[str]:
    ids: list[str] = []
    after = None
    while True:
        page: Any = api(NODES, order=order, direction=direction, first=size, after=after)
        ids += [n["id"] for n in page["nodes"]["nodes"]]
        if not page["nodes"]["pageInfo"]["hasNextPage"]:
            return ids
        after = page["nodes"]["pageInfo"]["endCursor"]


def test_each_order_runs_both_ways_page_by_page(reader: Api) -> None:
    for order in ("ID", "TITLE", "KIND"):
        ascending = walk(reader, order, "ASC")
        assert ascending == walk(reader, order, None)
        assert walk(reader, order, "DESC") == ascending[::-1]
        assert len(ascending) == len(set(ascending)) == 13
    assert walk(reader, "ID", "ASC") == sorted(walk(reader, "ID", "ASC"))


def test_updated_at_is_newest_first_unless_asked_otherwise(api: Api) -> None:
    api(
        'mutation { updateNode(input: {id: "ch-open", expectedVersion: 1, title: "Uusin"}) '
        "{ node { id } } }"
    )
    newest = walk(api, "UPDATED_AT", None)
    assert newest[0] == "ch-open"
    assert walk(api, "UPDATED_AT", "DESC") == newest
    assert walk(api, "UPDATED_AT", "ASC") == newest[::-1]


def test_a_cursor_pages_on_only_in_its_own_direction(reader: Api) -> None:
    page = reader(NODES, order="ID", direction="ASC", first=2, after=None)
    cursor = page["nodes"]["pageInfo"]["endCursor"]
    error = reader.error(NODES, order="ID", direction="DESC", first=2, after=cursor)
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["message"].startswith(f"cursor {cursor!r} does not belong to this list")
