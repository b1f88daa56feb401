"""The access port: API tokens and role grants, kept beside the graph in the same store
(the SQLite file, or the Neo4j database), so a deployment has one place to back up.

They are not part of the graph or its event log: replaying the log rebuilds the graph
without them, and ``migrate`` does not copy them (create tokens anew on the target).
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import datetime
from typing import Protocol, runtime_checkable

from ..domain.access import ApiToken, Grant

__all__ = ["AccessStore"]


@runtime_checkable
class AccessStore(Protocol):
    def add_token(self, token: ApiToken) -> None:
        """Keep a new token (its id and digest are unique)."""
        ...

    def token_by_digest(self, digest: str) -> ApiToken | None: ...

    def tokens(self, user: str | None = None) -> list[ApiToken]:
        """Every token (of ``user``), oldest first."""
        ...

    def revoke_token(self, token_id: str, at: datetime) -> ApiToken | None:
        """Mark the token revoked at ``at`` (kept if already revoked); None if unknown."""
        ...

    def add_grant(self, grant: Grant) -> bool:
        """Keep the grant; False if it was there already."""
        ...

    def remove_grant(self, grant: Grant) -> bool:
        """Drop the grant; False if there was none."""
        ...

    def grants(self, user: str | None = None) -> list[Grant]:
        """Every grant (of ``user``), ordered by user, region and role."""
        ...

    def stamp(self, wait: bool = True) -> Hashable | None:
        """A value that changes whenever tokens or grants may have changed, from this
        process or any other (the CLI); None when it cannot be told (then nothing read
        before may be reused). ``wait=False``: answer None rather than wait for a lock."""
        ...
