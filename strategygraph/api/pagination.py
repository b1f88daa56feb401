"""Cursor pages: opaque cursors, the page-size cap, and the ``PageInfo`` type.

A cursor is the sort key of the last item seen (keyset pagination), so a page stays
right while others insert or delete nodes before it.
"""

from __future__ import annotations

import base64
import binascii
import json
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Any, TypeVar

import strawberry

from ..domain import ValidationError

__all__ = [
    "DEFAULT_PAGE",
    "MAX_PAGE",
    "PageInfo",
    "bad_cursor",
    "check_first",
    "decode_cursor",
    "encode_cursor",
    "page_after",
]

DEFAULT_PAGE = 20
MAX_PAGE = 100

T = TypeVar("T")


@strawberry.type(description="Where a page sits in its list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="True when more items follow this page.")
    has_previous_page: bool = strawberry.field(description="True when items come before this page.")
    start_cursor: str | None = strawberry.field(
        description=("The cursor of the page's first item; null for an empty page.")
    )
    end_cursor: str | None = strawberry.field(
        description=(
            "The cursor of the page's last item (pass it as `after`); null for an empty page."
        )
    )


def check_first(first: int) -> int:
    if not 0 <= first <= MAX_PAGE:
        raise ValidationError.one(
            "page-size",
            f"first must be between 0 and {MAX_PAGE}, not {first}",
            "first",
        )
    return first


def encode_cursor(kind: str, key: Sequence[Any]) -> str:
    raw = json.dumps([kind, *key], ensure_ascii=False, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(kind: str, cursor: str) -> list[Any]:
    """The key inside ``cursor``; a cursor of another list or order is refused."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeError):
        data = None
    if not isinstance(data, list) or len(data) < 2 or data[0] != kind:
        raise bad_cursor(cursor)
    return data[1:]


def bad_cursor(cursor: str) -> ValidationError:
    return ValidationError.one("cursor", f"cursor {cursor!r} does not belong to this list", "after")


def page_after(
    keys: Sequence[tuple[Any, ...]], after: str | None, kind: str, reverse: bool = False
) -> int:
    """Index of the first key after the cursor ``after`` in ascending ``keys`` (or, with
    ``reverse``, in ``keys`` read backwards)."""
    if after is None:
        return 0
    key = tuple(decode_cursor(kind, after))
    try:
        return len(keys) - bisect_left(keys, key) if reverse else bisect_right(keys, key)
    except TypeError:
        raise bad_cursor(after) from None
