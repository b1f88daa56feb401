"""The demo strategy, loaded as its seeds date it.

Each demo document is imported at the first decision its seeds record (Kymenlaakso's VATE
meeting of 1 March 2018, Uusimaa's of 6 April 2018): its events, and the nodes' creation
and approval, carry that date rather than the moment of loading, so the history questions
(``graphAt``, ``diff``, ``changes``) answer about 2018 as the README shows.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any

from ..data import demo_documents
from .service import StrategyService

__all__ = ["DEMO_ACTOR", "decided", "load_demo"]

DEMO_ACTOR = "demo"


def decided(document: dict[str, Any]) -> datetime | None:
    """The first decision date among ``document``'s nodes, at midnight UTC (None if none)."""
    dates = [n["decision_date"] for n in document.get("nodes", ()) if n.get("decision_date")]
    return datetime.combine(date.fromisoformat(min(dates)), time(), UTC) if dates else None


def _stopped(moment: datetime) -> Callable[[], datetime]:
    """A clock that always reads ``moment``."""
    return lambda: moment


def load_demo(service: StrategyService, actor: str = DEMO_ACTOR) -> int:
    """Import every demo document at its decision date; return the graph version."""
    store = service.store
    clock = store.clock
    try:
        for document in demo_documents():
            moment = decided(document)
            store.clock = clock if moment is None else _stopped(moment)
            service.import_document(document, actor)
    finally:
        store.clock = clock
    return store.version()
