"""The event log of a store file read as the store reads it (``SqliteFile.events``):
rows of ``events`` and the events of ``event_batches`` alike, one tuple each in the
column order of ``events`` (before and after as orjson writes them), in log order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from strategygraph.domain import Event
from strategygraph.store.sqlite import SqliteFile

__all__ = ["event_tuple", "log_rows"]

PAGE = 5_000


def event_tuple(e: Event) -> tuple[Any, ...]:
    """``e`` as a row of ``events``: (seq, at, actor, operation, target, region, before,
    after, related, request_id)."""
    before = None if e.before is None else orjson.dumps(e.before).decode()
    after = None if e.after is None else orjson.dumps(e.after).decode()
    return (
        e.seq,
        e.at.isoformat(),
        e.actor,
        str(e.operation),
        e.target,
        e.region,
        before,
        after,
        e.related,
        e.request_id,
    )


def log_rows(path: Path | str) -> list[tuple[Any, ...]]:
    """Every event of the file at ``path``, page by page as the store reads them."""
    file = SqliteFile(str(path))
    try:
        found: list[tuple[Any, ...]] = []
        after = 0
        while page := file.events(None, None, None, after, PAGE):
            found.extend(map(event_tuple, page))
            after = page[-1].seq
        return found
    finally:
        file.close()
