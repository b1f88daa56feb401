"""The port's ``gaps`` judges time-bound gaps at the ``now`` its caller gives: no adapter
reads a clock of its own for them (the store's ``clock`` only stamps writes)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from strategygraph.domain import Status
from strategygraph.domain.answers import GapType
from strategygraph.service import StrategyService


def test_stale_drafts_are_judged_at_the_callers_now(loaded: StrategyService) -> None:
    store = loaded.store
    drafts = [n for n in store.nodes() if n.status is Status.DRAFT]
    assert drafts, "the small document has drafts"
    changed = max(n.updated_at or n.created_at or datetime.min.replace(tzinfo=UTC) for n in drafts)
    soon, late = changed + timedelta(days=1), changed + timedelta(days=91)
    store.clock = lambda: late  # disagrees with ``now`` below: must not be read

    def stale(now: datetime, days: int = 90) -> set[str]:
        return {g.node_id for g in store.gaps(None, days, now=now) if g.type is GapType.STALE_DRAFT}

    assert stale(soon) == set()
    assert stale(late) == {n.id for n in drafts}
    assert stale(late, days=400) == set()
    store.clock = lambda: soon
    assert stale(late) == {n.id for n in drafts}
