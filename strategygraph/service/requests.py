"""The request a change belongs to: the API sets it around each request, the service
passes it with every commit, and the event log keeps it in each entry.

>>> with request_scope("req-1"):
...     current_request_id()
'req-1'
>>> current_request_id() is None
True
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["current_request_id", "request_scope"]

_REQUEST_ID: ContextVar[str | None] = ContextVar("strategygraph_request_id", default=None)


def current_request_id() -> str | None:
    return _REQUEST_ID.get()


@contextmanager
def request_scope(request_id: str | None) -> Iterator[None]:
    """Within the block, commits record ``request_id``."""
    token = _REQUEST_ID.set(request_id)
    try:
        yield
    finally:
        _REQUEST_ID.reset(token)
