"""Nodes as they were after an event, from the event log (the history shelf's part).

``nodes_at`` answers without asking a bulk run (an import's batch, ``batch_reader.py``)
whenever the rows of the log tell, so a ``diff`` or a ``graphAt`` node over the history
after an import decodes none of it; ``node_state`` reads the log before the event.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import orjson
from orjson import loads

from ..domain import Node
from ..domain.codec_kept import node_from_kept
from .sqlite import SqliteFile

__all__ = ["Held", "NodeRecords"]

_NODE_RUNS = "last_seq > ? AND operation IN ('create_node', 'update_node', 'delete_node')"
"""The bulk runs of node events that end after an event."""
_NEXT_ON_NODES = (
    "SELECT target, MIN(seq) FROM events WHERE target IN ({marks}) AND seq > ? AND "
    "operation IN ('create_node', 'update_node', 'delete_node') GROUP BY target"
)
"""Each node's first event of a row after an event (the index on (target, seq) finds
them, node by node): its ``before`` is the node then."""
_ASKED_AT_ONCE = 500
"""Nodes a statement asks about (SQLite binds 32,766 values at most)."""

Held = Callable[[], tuple[Mapping[str, Node], int, int]]
"""The nodes as the process holds them now, the event and the log generation they are at
(called under the store's lock, which every change of them holds)."""


class NodeRecords:
    """Nodes as they were after an event, read from one store file's log."""

    def __init__(self, file: SqliteFile, lock: threading.RLock, held: Held | None) -> None:
        self._file = file
        self._lock = lock
        self._held = held

    def nodes_at(
        self, node_ids: Iterable[str], seq: int, held_only: bool = False
    ) -> dict[str, Node | None]:
        """The nodes ``node_ids`` as they were after event ``seq`` (None: it did not exist),
        without asking a bulk run (an import's batch) whenever the rows of the log tell:

        - a node with an event of a row after ``seq`` was as that event's ``before`` says
          (the first such event: the index on (target, seq) finds it);
        - one with none was as the process holds it now (``held``: nothing to decode),
          when that is at or after ``seq``, of the same log;

        unless a bulk run of node events lies after ``seq`` and before that event (it may
        hold the node's next event): then from the log before ``seq`` (``node_state``).
        ``held_only``: only the nodes taken from the held graph (for a caller that holds
        the others' records already)."""
        found: dict[str, Node | None] = {}
        file = self._file
        with self._lock, file.reading():
            nodes, version, generation = self._held() if self._held else ({}, -1, -1)
            if generation != file.position()[0]:
                version = -1  # of another log (a restore): not to be taken
            runs = file.batches.headers(file.db, _NODE_RUNS, (seq,))
            run = min((h.first for h in runs), default=2**63 - 1)  # the first run's first event
            ids = list(node_ids)
            later: dict[str, int] = {}
            for at in range(0, len(ids), _ASKED_AT_ONCE):
                some = ids[at : at + _ASKED_AT_ONCE]
                sql = _NEXT_ON_NODES.format(marks=", ".join("?" * len(some)))
                later.update(file.db.execute(sql, (*some, seq)))
            for node_id in ids:
                next_seq = later.get(node_id)
                if next_seq is None and run > version >= seq:
                    found[node_id] = nodes.get(node_id)
                elif held_only:
                    continue
                elif next_seq is not None and next_seq < run:
                    (text,) = file.db.execute(
                        "SELECT before FROM events WHERE seq = ?", (next_seq,)
                    ).fetchone()
                    found[node_id] = None if text is None else node_from_kept(loads(text))
                else:
                    state = self.node_state(node_id, seq)
                    found[node_id] = None if state is None else node_from_kept(state)
        return found

    def node_state(self, node_id: str, seq: int) -> dict[str, Any] | None:
        """The record of node ``node_id`` after event ``seq`` (None: it did not exist),
        from the last event on it up to there: a row (the index on (target, seq) finds
        it) or, when later, an event of a batch (``batch_reader.py``)."""
        file = self._file
        with self._lock, file.reading():
            row = file.db.execute(
                "SELECT seq, after FROM events WHERE target = ? AND seq <= ? AND operation IN "
                "('create_node', 'update_node', 'delete_node') ORDER BY seq DESC LIMIT 1",
                (node_id, seq),
            ).fetchone()
            found, text = (0, None) if row is None else row
            headers = file.batches.headers(
                file.db,
                "first_seq <= ? AND last_seq > ? AND operation IN "
                "('create_node', 'update_node', 'delete_node') ORDER BY first_seq DESC",
                (seq, found),
            )
            for header in headers:
                batch = file.batches.batch(file.db, header)
                hits = [i for i in batch.about(node_id) if header.first + i <= seq]
                if hits:
                    text = batch.after_text(hits[-1])
                    break
        return None if text is None else dict(orjson.loads(text))
