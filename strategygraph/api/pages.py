"""Pages of the derived lists (``traceDown``, ``gaps``, ``compareRegions``): a list a
client walks is never answered whole by default.

These lists are computed afresh for each request in a fixed order (stated in each
field's description), so an item's cursor is the position after it: paging on
at the same ``graphVersion`` sees every item once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Generic, TypeVar

import strawberry

from .pagination import PageInfo, bad_cursor, check_first, decode_cursor, encode_cursor

__all__ = ["Page", "item_page"]

T = TypeVar("T")
D = TypeVar("D")


@strawberry.type(
    description="One page of a list, in the list's own order, with the size of the whole "
    "list. Pass `pageInfo.endCursor` as `after` for the next page."
)
class Page(Generic[T]):
    total_count: int = strawberry.field(description="How many items the whole list holds.")
    items: list[T] = strawberry.field(description="This page's items.")
    page_info: PageInfo = strawberry.field(description="Where this page sits in the list.")


def item_page(
    items: Sequence[D], first: int, after: str | None, kind: str, shown: Callable[[D], T]
) -> Page[T]:
    """The ``first`` items of ``items`` after the cursor ``after`` (of list ``kind``),
    each ``shown`` (only the page's items are)."""
    check_first(first)
    start = 0
    if after is not None:
        found = decode_cursor(kind, after)
        if len(found) != 1 or not isinstance(found[0], int) or isinstance(found[0], bool):
            raise bad_cursor(after)
        start = max(0, found[0])
    page = list(items[start : start + first])
    end = start + len(page)
    return Page(
        total_count=len(items),
        items=[shown(i) for i in page],
        page_info=PageInfo(
            has_next_page=end < len(items),
            has_previous_page=start > 0,
            start_cursor=encode_cursor(kind, [start + 1]) if page else None,
            end_cursor=encode_cursor(kind, [end]) if page else None,
        ),
    )
