"""Who may do what: roles per region, grants, API tokens and the signed-in principal.

Roles are ranked; a higher role includes every lower one in the same region:

    viewer < planner < approver < admin

- ``viewer``: read the region's non-public content (drafts, proposals, history, changes).
- ``planner``: create and edit drafts, link and unlink, review links, comment.
- ``approver``: propose, approve and retire; edit or delete nodes that are not drafts.
- ``admin``: region settings (the region and its organisations); tokens and roles.

A grant in region ``*`` holds in every region. APPROVED content is public: every
signed-in principal reads it, and so does the anonymous one when the deployment allows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from .errors import InvalidToken, MissingRole  # re-exported: they live in the one tree
from .kinds import Status
from .model import Node

__all__ = [
    "ANONYMOUS",
    "ANY_REGION",
    "ApiToken",
    "Grant",
    "InvalidToken",
    "Missing",
    "MissingRole",
    "Principal",
    "Role",
    "parse_role_claim",
]

ANY_REGION = "*"
"""The region of a grant that holds in every region."""
ANONYMOUS = "anonymous"


class Role(Enum):
    VIEWER = "viewer"
    PLANNER = "planner"
    APPROVER = "approver"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def includes(self, other: Role) -> bool:
        return self.rank >= other.rank

    @classmethod
    def parse(cls, text: str) -> Role:
        try:
            return cls(text.strip().lower())
        except ValueError:
            names = ", ".join(r.value for r in cls)
            raise ValueError(f"unknown role {text!r}; use one of {names}") from None


_RANKS = {Role.VIEWER: 1, Role.PLANNER: 2, Role.APPROVER: 3, Role.ADMIN: 4}


@dataclass(frozen=True, slots=True)
class Grant:
    """``user`` holds ``role`` in ``region`` (``*``: every region)."""

    user: str
    role: Role
    region: str


@dataclass(frozen=True, slots=True)
class ApiToken:
    """An API token as stored: only the SHA-256 ``digest`` of the secret is kept."""

    id: str
    user: str
    digest: str
    created_at: datetime
    expires_at: datetime | None = None
    revoked_at: datetime | None = None
    label: str = ""

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)


@dataclass(frozen=True)
class Principal:
    """Who is asking, with the roles they hold. ``name`` is the actor in the event log.

    ``superuser`` is the trusted local operator (the CLI, loaders, in-process callers);
    ``reads_public`` says whether APPROVED content is readable without a role.
    """

    name: str
    roles: frozenset[tuple[Role, str]] = frozenset()
    superuser: bool = False
    signed_in: bool = True
    reads_public: bool = True
    via: str = "token"

    @classmethod
    def local(cls, name: str) -> Principal:
        """The trusted local operator: may do everything (the CLI acts as one)."""
        return cls(name, superuser=True, via="local")

    @classmethod
    def anonymous(cls, reads_public: bool) -> Principal:
        return cls(ANONYMOUS, signed_in=False, reads_public=reads_public, via="none")

    @classmethod
    def of(cls, name: str, grants: Iterable[tuple[Role, str]], via: str = "token") -> Principal:
        return cls(name, frozenset(grants), via=via)

    def has(self, role: Role, region: str) -> bool:
        if self.superuser:
            return True
        return any(r.includes(role) and g in (region, ANY_REGION) for r, g in self.roles)

    @property
    def sees_everything(self) -> bool:
        return self.superuser or any(g == ANY_REGION for _, g in self.roles)

    def can_view(self, node: Node) -> bool:
        """May read ``node``: it is public (APPROVED), or a viewer of its region."""
        if self.reads_public and node.status is Status.APPROVED:
            return True
        return self.has(Role.VIEWER, node.region)


def parse_role_claim(values: object) -> list[tuple[Role, str]]:
    """Roles from a token claim such as ``["planner:kymenlaakso", "viewer:national"]``;
    entries of another form (other applications' roles) are skipped."""
    found: list[tuple[Role, str]] = []
    if not isinstance(values, list | tuple):
        return found
    for value in values:
        if not isinstance(value, str) or ":" not in value:
            continue
        role, _, region = value.partition(":")
        if role.strip().lower() in {r.value for r in Role} and region.strip():
            found.append((Role(role.strip().lower()), region.strip()))
    return found


@dataclass(frozen=True, slots=True)
class Missing:
    """One role the principal lacks: ``role`` in ``region``, to do ``action``."""

    role: Role
    region: str
    action: str

    def __str__(self) -> str:
        return f"the {self.role.value} role in region '{self.region}' (to {self.action})"
