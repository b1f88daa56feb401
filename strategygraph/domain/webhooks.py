"""Webhooks: a URL that receives every committed change a principal may see, signed.

A ``Webhook`` is kept with its ``secret`` (the HMAC-SHA256 key of the signature, shown
once when registered), whose rights the deliveries follow (``owner``; ``everything``
for one the local operator added), an optional ``region``, and ``delivered``: the last
graph version it has had. A ``Delivery`` is one attempt to deliver one commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

__all__ = ["Delivery", "Outcome", "Webhook"]


@dataclass(frozen=True, slots=True)
class Webhook:
    id: str
    url: str
    secret: str
    owner: str
    everything: bool
    """Added by the local operator (the CLI): sees everything, as the CLI does."""
    region: str | None
    created_at: datetime
    delivered: int
    """The last graph version delivered (or given up on)."""


class Outcome(Enum):
    DELIVERED = "delivered"
    FAILED = "failed"
    """This attempt failed; another follows after a back-off."""
    GAVE_UP = "gave-up"
    """The last attempt failed: the commit is skipped (the feed's ``since`` catches up)."""
    REFUSED = "refused"
    """The URL now resolves to an address deliveries may not go to."""


@dataclass(frozen=True, slots=True)
class Delivery:
    id: int
    hook: str
    version: int
    attempt: int
    at: datetime
    status: int | None
    """The receiver's HTTP status; None when no answer came."""
    outcome: str
    detail: str
