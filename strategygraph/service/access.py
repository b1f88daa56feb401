"""Sign-in use cases: API tokens (created, listed, revoked, verified) and role grants.

A token is ``sg_<random>``: 256 bits from ``secrets``, shown once when created. The store
keeps only its SHA-256 digest (enough for a high-entropy secret: nothing to brute-force),
and finds a presented token by that digest.

>>> from strategygraph.store import EmbeddedStore
>>> access = AccessService(EmbeddedStore().access)
>>> token, secret = access.create_token("alice")
>>> access.grant("alice", Role.PLANNER, "kymenlaakso")
True
>>> access.principal_for_token(secret).has(Role.PLANNER, "kymenlaakso")
True
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Hashable, Iterable
from datetime import UTC, datetime

from ..domain import NotFound, ValidationError
from ..domain.access import ApiToken, Grant, InvalidToken, Principal, Role
from ..store.access import AccessStore

__all__ = ["TOKEN_PREFIX", "AccessService", "digest"]

TOKEN_PREFIX = "sg_"  # noqa: S105 (a prefix, not a secret)
_USER = re.compile(r"^[A-Za-z0-9._@:+-]{1,100}$")
OIDC_PREFIX = "oidc:"
"""Users from the identity provider are ``oidc:<subject>``; no API token is made for one."""
_REGION = re.compile(r"^(\*|[A-Za-z0-9._-]{1,100})$")


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _check(pattern: re.Pattern[str], value: str, field: str) -> str:
    if not pattern.match(value):
        raise ValidationError.one(
            f"{field}-name",
            f"{field} {value!r} is not a valid name (letters, digits and . _ - @ : + only)",
            field,
        )
    return value


_REMEMBERED = 1024
"""How many verified API tokens ``AccessService`` keeps (per process)."""


class AccessService:
    """Tokens and grants over one ``AccessStore``; ``now`` is injectable for tests.

    A verified API token is remembered with its principal for as long as the store's
    access stamp stays the same (no token or grant changed, here or in another process),
    so signing in with it again needs no store query: ``remembered_principal``."""

    def __init__(self, store: AccessStore) -> None:
        self.store = store
        self._verified: dict[str, tuple[Hashable, ApiToken, Principal]] = {}

    # -- tokens --------------------------------------------------------------
    def create_token(
        self,
        user: str,
        expires_at: datetime | None = None,
        label: str = "",
        now: datetime | None = None,
    ) -> tuple[ApiToken, str]:
        """A new token for ``user`` and its secret (shown once, never stored)."""
        now = now or datetime.now(UTC)
        _check(_USER, user, "user")
        if user.startswith(OIDC_PREFIX):
            raise ValidationError.one(
                "user-namespace",
                f"user '{user}': names starting with '{OIDC_PREFIX}' belong to the identity "
                "provider's users, who sign in with its tokens",
                "user",
            )
        if expires_at is not None and expires_at <= now:
            raise ValidationError.one(
                "token-expiry", f"the expiry {expires_at.isoformat()} is in the past", "expires"
            )
        secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
        token = ApiToken(secrets.token_hex(6), user, digest(secret), now, expires_at, None, label)
        self.store.add_token(token)
        return token, secret

    def revoke_token(self, token_id: str, now: datetime | None = None) -> ApiToken:
        found = self.store.revoke_token(token_id, now or datetime.now(UTC))
        if found is None:
            raise NotFound("token", token_id)
        return found

    def tokens(self, user: str | None = None) -> list[ApiToken]:
        return self.store.tokens(user)

    def verify_token(self, secret: str, now: datetime | None = None) -> ApiToken:
        """The stored token of ``secret``, or ``InvalidToken`` saying why not."""
        found = self.store.token_by_digest(digest(secret))  # an exact match of the digest
        if found is None:
            raise InvalidToken("invalid token: no such API token")
        now = now or datetime.now(UTC)
        if found.revoked_at is not None:
            raise InvalidToken(f"invalid token: API token {found.id} was revoked")
        if not found.usable(now):
            raise InvalidToken(f"invalid token: API token {found.id} has expired")
        return found

    def principal_for_token(self, secret: str, now: datetime | None = None) -> Principal:
        stamp = self.store.stamp()  # before reading: a change meanwhile moves it
        token = self.verify_token(secret, now)
        principal = self.principal(token.user, via="token")
        if stamp is not None:
            if len(self._verified) >= _REMEMBERED:
                self._verified.clear()
            self._verified[token.digest] = (stamp, token, principal)
        return principal

    def remembered_principal(self, secret: str, now: datetime | None = None) -> Principal | None:
        """The principal of a token verified before, when nothing about tokens or grants
        has changed since and it is still usable; None means: ask ``principal_for_token``
        (which also says why a token is refused). Never waits on the store."""
        found = self._verified.get(digest(secret))
        if found is None or found[0] != self.store.stamp(wait=False):
            return None
        if not found[1].usable(now or datetime.now(UTC)):
            return None
        return found[2]

    # -- grants --------------------------------------------------------------
    def grant(self, user: str, role: Role, region: str) -> bool:
        grant = Grant(_check(_USER, user, "user"), role, _check(_REGION, region, "region"))
        return self.store.add_grant(grant)

    def revoke(self, user: str, role: Role, region: str) -> bool:
        return self.store.remove_grant(Grant(user, role, region))

    def grants(self, user: str | None = None) -> list[Grant]:
        return self.store.grants(user)

    def principal(
        self, user: str, extra: Iterable[tuple[Role, str]] = (), via: str = "token"
    ) -> Principal:
        """``user`` with the roles granted in the store, plus ``extra`` (a token's claim)."""
        roles = {(g.role, g.region) for g in self.store.grants(user)} | set(extra)
        return Principal.of(user, roles, via)
