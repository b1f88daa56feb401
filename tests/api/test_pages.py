"""Every list a client walks is paged (issue 13): ``traceDown``, ``gaps`` and
``compareRegions`` answer a page with the size of the whole list, and the pages, walked
with their cursors, hold every item once, in the list's order."""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Api, Served

LISTS = {
    "traceDown": ('traceDown(id: "ng-equal", first: $first, after: $after)', "node { id } depth"),
    "gaps": ("gaps(first: $first, after: $after)", "type node { id }"),
    "compareRegions": ("compareRegions(first: $first, after: $after)", "region { id }"),
}


def query(name: str) -> str:
    call, fields = LISTS[name]
    return (
        "query ($first: Int!, $after: String) { "
        f"{call} {{ totalCount items {{ {fields} }} "
        "pageInfo { hasNextPage hasPreviousPage startCursor endCursor } } }"
    )


def walk(api: Api, name: str, size: int) -> tuple[list[Any], int]:
    items: list[Any] = []
    after = None
    while True:
        page = api(query(name), first=size, after=after)[name]
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        items += page["items"]
        if not page["pageInfo"]["hasNextPage"]:
            return items, page["totalCount"]
        after = page["pageInfo"]["endCursor"]


@pytest.mark.parametrize("name", LISTS)
def test_the_pages_hold_the_whole_list_in_order(reader: Api, name: str) -> None:
    whole = reader(query(name), first=100, after=None)[name]
    assert whole["pageInfo"]["hasNextPage"] is False
    assert len(whole["items"]) == whole["totalCount"] >= 2
    walked, total = walk(reader, name, 1)
    assert (walked, total) == (whole["items"], whole["totalCount"])


def test_a_page_says_there_is_more(reader: Api) -> None:
    page = reader(query("traceDown"), first=2, after=None)["traceDown"]
    assert len(page["items"]) == 2 and page["totalCount"] > 2
    assert page["pageInfo"]["hasNextPage"] is True


def test_a_cursor_of_another_list_is_refused(shared: Served, reader: Api) -> None:
    cursor = reader(query("gaps"), first=1, after=None)["gaps"]["pageInfo"]["endCursor"]
    error = reader.error(query("traceDown"), first=1, after=cursor)
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["message"].startswith(f"cursor {cursor!r} does not belong to this list")
    too_many = reader.error(query("compareRegions"), first=101, after=None)
    assert too_many["message"].startswith("first must be between 0 and 100, not 101")
