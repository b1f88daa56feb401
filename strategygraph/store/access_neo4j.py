"""The access port in the Neo4j database: ``:ApiToken`` and ``:Grant`` nodes, apart from
the graph's ``:Node``s (so no traceability query ever sees them). Times are ISO strings."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime
from typing import Any, TypeVar

from ..domain.access import ApiToken, Grant, Role
from .neo4j_io import Runner, records

__all__ = ["Neo4jAccess"]

T = TypeVar("T")
Read = Callable[..., list[dict[str, Any]]]
Write = Callable[[str, Callable[[Runner], Any]], Any]

SCHEMA = (
    "CREATE CONSTRAINT sg_token_id IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.id IS UNIQUE",
    "CREATE CONSTRAINT sg_token_digest IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.digest IS UNIQUE",
    "CREATE CONSTRAINT sg_grant_key IF NOT EXISTS FOR (g:Grant) REQUIRE g.key IS UNIQUE",
)
_FIELDS = (
    "t.id AS id, t.user AS user, t.digest AS digest, t.created_at AS created_at, "
    "t.expires_at AS expires_at, t.revoked_at AS revoked_at, t.label AS label"
)
CREATE_ENTRY = (
    "CREATE (t:ApiToken {id: $id, user: $user, digest: $digest, created_at: $created_at, "
    "expires_at: $expires_at, revoked_at: $revoked_at, label: $label})"
)
TOKEN_BY_DIGEST = f"MATCH (t:ApiToken) WHERE t.digest = $digest RETURN {_FIELDS}"
TOKENS = f"MATCH (t:ApiToken) RETURN {_FIELDS} ORDER BY t.created_at, t.id"
USER_TOKENS = (
    f"MATCH (t:ApiToken) WHERE t.user = $user RETURN {_FIELDS} ORDER BY t.created_at, t.id"
)
REVOKE = (
    "MATCH (t:ApiToken) WHERE t.id = $id "
    "SET t.revoked_at = CASE WHEN t.revoked_at IS NULL THEN $at ELSE t.revoked_at END "
    f"RETURN {_FIELDS}"
)
FIND_GRANT = "MATCH (g:Grant) WHERE g.key = $key RETURN g.key AS key"
ADD_GRANT = "CREATE (g:Grant {key: $key, user: $user, role: $role, region: $region})"
REMOVE_GRANT = "MATCH (g:Grant) WHERE g.key = $key DELETE g RETURN count(*) AS removed"
GRANTS = "MATCH (g:Grant) RETURN g.user AS user, g.role AS role, g.region AS region"
USER_GRANTS = (
    "MATCH (g:Grant) WHERE g.user = $user RETURN g.user AS user, g.role AS role, g.region AS region"
)


def _time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _token(r: dict[str, Any]) -> ApiToken:
    created = datetime.fromisoformat(r["created_at"])
    return ApiToken(
        r["id"],
        r["user"],
        r["digest"],
        created,
        _time(r["expires_at"]),
        _time(r["revoked_at"]),
        r["label"] or "",
    )


def _key(grant: Grant) -> str:
    return "\x1f".join((grant.user, grant.role.value, grant.region))


class Neo4jAccess:
    """``AccessStore`` through a ``Neo4jStore``'s read and (retried) write functions."""

    def __init__(self, read: Read, write: Write, schema: Callable[[str], None]) -> None:
        self._read = read
        self._write = write
        self._schema = schema
        self._ready = False

    def _ensure(self) -> None:
        if not self._ready:
            for statement in SCHEMA:
                self._schema(statement)
            self._ready = True

    def stamp(self, wait: bool = True) -> Hashable | None:
        """None: the server offers no cheap change marker, so every check asks it."""
        return None

    def _get(self, query: str, **params: Any) -> list[dict[str, Any]]:
        self._ensure()
        return self._read(query, **params)

    def _put(self, action: str, query: str, **params: Any) -> list[dict[str, Any]]:
        self._ensure()
        rows: list[dict[str, Any]] = self._write(action, lambda tx: records(tx, query, **params))
        return rows

    def add_token(self, token: ApiToken) -> None:
        t = token
        self._put(
            "keep the token",
            CREATE_ENTRY,
            id=t.id,
            user=t.user,
            digest=t.digest,
            created_at=t.created_at.isoformat(),
            expires_at=t.expires_at.isoformat() if t.expires_at else None,
            revoked_at=t.revoked_at.isoformat() if t.revoked_at else None,
            label=t.label,
        )

    def token_by_digest(self, digest: str) -> ApiToken | None:
        rows = self._get(TOKEN_BY_DIGEST, digest=digest)
        return _token(rows[0]) if rows else None

    def tokens(self, user: str | None = None) -> list[ApiToken]:
        rows = self._get(TOKENS) if user is None else self._get(USER_TOKENS, user=user)
        return [_token(r) for r in rows]

    def revoke_token(self, token_id: str, at: datetime) -> ApiToken | None:
        rows = self._put("revoke the token", REVOKE, id=token_id, at=at.isoformat())
        return _token(rows[0]) if rows else None

    def add_grant(self, grant: Grant) -> bool:
        key = _key(grant)

        def work(tx: Runner) -> bool:
            if records(tx, FIND_GRANT, key=key):
                return False
            records(
                tx, ADD_GRANT, key=key, user=grant.user, role=grant.role.value, region=grant.region
            )
            return True

        self._ensure()
        added: bool = self._write("keep the grant", work)
        return added

    def remove_grant(self, grant: Grant) -> bool:
        rows = self._put("remove the grant", REMOVE_GRANT, key=_key(grant))
        return bool(rows and rows[0]["removed"])

    def grants(self, user: str | None = None) -> list[Grant]:
        rows = self._get(GRANTS) if user is None else self._get(USER_GRANTS, user=user)
        found = [Grant(r["user"], Role(r["role"]), r["region"]) for r in rows]
        return sorted(found, key=lambda g: (g.user, g.region, g.role.rank))
