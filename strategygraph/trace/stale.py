"""Drafts left untouched too long, kept as time passes and drafts change.

A draft is stale once its last change is older than ``now - days``. The drafts are kept
in order of their last change, so the stale ones are a prefix of that order: as ``now``
moves on, only the drafts that crossed the line since the last question are added. A
draft that changes is taken out and put back where it now belongs.
"""

from __future__ import annotations

from datetime import datetime

from sortedcontainers import SortedKeyList, SortedList

from ..domain import Node, Status
from ..domain.answers import Gap
from .gap_rules import draft_gap

__all__ = ["StaleDrafts"]


def _changed(node: Node) -> datetime | None:
    return node.updated_at or node.created_at


class StaleDrafts:
    def __init__(self, drafts: list[Node]) -> None:
        self.drafts: dict[str, Node] = {n.id: n for n in drafts}
        self._by_time: SortedKeyList = SortedKeyList(
            (n for n in drafts if _changed(n) is not None), key=lambda n: (_changed(n), n.id)
        )
        self._stale: SortedList = SortedList()  # ids, so answers come by node id
        self._cutoff: datetime | None = None
        self._days: int | None = None
        self._gaps: dict[str, Gap] = {}
        self._answers: dict[str | None, list[Gap]] = {}
        """The last answer per region, while no draft became stale or changed."""

    def put(self, node_id: str, node: Node | None) -> None:
        """``node`` (None: gone) as it is now; only drafts are kept."""
        old = self.drafts.pop(node_id, None)
        if old is not None or (node is not None and node.status is Status.DRAFT):
            self._answers = {}
        if old is not None:
            if _changed(old) is not None:
                self._by_time.remove(old)
            self._stale.discard(node_id)
            self._gaps.pop(node_id, None)
        if node is None or node.status is not Status.DRAFT:
            return
        self.drafts[node_id] = node
        changed = _changed(node)
        if changed is not None:
            self._by_time.add(node)
            if self._cutoff is not None and changed < self._cutoff:
                self._stale.add(node_id)

    def stale(self, cutoff: datetime, days: int, region: str | None) -> list[Gap]:
        """The gaps of the drafts last changed before ``cutoff``, by node id (a list the
        caller must not change)."""
        if days != self._days or self._cutoff is None or cutoff < self._cutoff:
            self._stale = SortedList(n.id for n in self._older(None, cutoff))
            self._gaps, self._answers = {}, {}
            self._days = days
        elif newly := self._older(self._cutoff, cutoff):
            self._stale.update(n.id for n in newly)
            self._answers = {}
        self._cutoff = cutoff
        kept = self._answers.get(region)
        if kept is not None:
            return kept
        gaps, drafts = self._gaps, self.drafts
        found = []
        for node_id in self._stale:
            node = drafts[node_id]
            if region is None or node.region == region:
                gap = gaps.get(node_id)
                if gap is None:
                    gap = gaps[node_id] = draft_gap(node, days)
                found.append(gap)
        self._answers[region] = found
        return found

    def _older(self, since: datetime | None, before: datetime) -> list[Node]:
        """Drafts last changed in [since, before) (from the first if ``since`` is None)."""
        low = None if since is None else (since, "")
        found: list[Node] = list(
            self._by_time.irange_key(low, (before, ""), inclusive=(True, False))
        )
        return found
