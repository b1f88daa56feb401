"""The one error tree of StrategyGraph.

    StrategyGraphError
    ├── NotFound            a node, edge, region or organisation does not exist
    ├── ValidationError     input breaks a rule; carries every Problem found
    │   └── MapTooLarge     a map over the node or time limit; suggests a filter or focus
    ├── VersionConflict     an expected version is stale; carries the current one
    ├── Forbidden           the caller may not do this
    │   └── MissingRole     the caller lacks roles; names each (role, region, action)
    ├── InvalidToken        a bearer token is malformed, unknown, revoked or expired
    ├── StoreUnavailable    the store cannot be reached
    │   └── StoreBusy       another process held the write lock too long; retry
    └── RenderFailed        Graphviz is missing, failed, or too busy to draw a map

Each error has a stable ``code`` that reaches GraphQL clients in ``extensions.code``, and
the ``http_status`` the plain HTTP routes (feeds, maps) answer it with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .access import Missing

__all__ = [
    "Forbidden",
    "InvalidToken",
    "MapTooLarge",
    "MissingRole",
    "NotFound",
    "Problem",
    "RenderFailed",
    "StoreBusy",
    "StoreUnavailable",
    "StrategyGraphError",
    "ValidationError",
    "VersionConflict",
]


@dataclass(frozen=True, slots=True)
class Problem:
    """One broken rule: which rule, which field, where (e.g. ``nodes[3]``), and why."""

    rule: str
    message: str
    field: str | None = None
    where: str | None = None

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message


class StrategyGraphError(Exception):
    """Root of every error the product raises on purpose."""

    code = "INTERNAL"
    http_status = 500

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def extensions(self) -> dict[str, object]:
        """Structured details for API clients, beside the code."""
        return {}


class NotFound(StrategyGraphError):
    code = "NOT_FOUND"
    http_status = 404

    def __init__(self, what: str, ident: str, known: list[str] | None = None) -> None:
        listed = ""
        if known:
            listed = f"; the {what}s are: {', '.join(known)}"
        elif known is not None:  # none at all: said so, not as an empty list
            listed = f"; there are no {what}s"
        super().__init__(f"{what} '{ident}' does not exist{listed}")
        self.what = what
        self.ident = ident
        self.known = known

    def extensions(self) -> dict[str, object]:
        found: dict[str, object] = {"what": self.what, "id": self.ident}
        if self.known is not None:
            found["known"] = self.known
        return found


class ValidationError(StrategyGraphError):
    code = "VALIDATION"
    http_status = 400

    def __init__(self, problems: list[Problem]) -> None:
        if not problems:
            raise ValueError("ValidationError needs at least one problem")
        self.problems = problems
        if len(problems) == 1:
            message = str(problems[0])
        else:
            lines = "\n".join(f"- {p}" for p in problems)
            message = f"{len(problems)} problems found, nothing was changed:\n{lines}"
        super().__init__(message)

    @classmethod
    def one(
        cls, rule: str, message: str, field: str | None = None, where: str | None = None
    ) -> ValidationError:
        return cls([Problem(rule, message, field, where)])

    def extensions(self) -> dict[str, object]:
        return {
            "problems": [
                {"rule": p.rule, "field": p.field, "where": p.where, "message": p.message}
                for p in self.problems
            ],
            "rule": self.problems[0].rule,
            "field": self.problems[0].field,
        }


class VersionConflict(StrategyGraphError):
    code = "VERSION_CONFLICT"

    def __init__(
        self,
        node_id: str,
        expected: int,
        current: int,
        changed_by: str | None,
        what: str = "node",
    ) -> None:
        who = f" (last changed by {changed_by})" if changed_by else ""
        super().__init__(
            f"{what} '{node_id}' is at version {current}{who}, not the expected {expected}; "
            "reload it and apply your change again"
        )
        self.node_id = node_id
        self.expected = expected
        self.current = current
        self.changed_by = changed_by

    def extensions(self) -> dict[str, object]:
        return {
            "id": self.node_id,
            "expectedVersion": self.expected,
            "currentVersion": self.current,
            "changedBy": self.changed_by,
        }


class Forbidden(StrategyGraphError):
    code = "FORBIDDEN"
    http_status = 403


class StoreUnavailable(StrategyGraphError):
    code = "STORE_UNAVAILABLE"
    http_status = 503


class StoreBusy(StoreUnavailable):
    """Another process kept the store's write lock past the wait: nothing was written,
    and the same write may simply be tried again."""

    code = "STORE_BUSY"

    def extensions(self) -> dict[str, object]:
        return {"retryable": True}


class MapTooLarge(ValidationError):
    """A map request past the node or the render-time limit (refused before drawing)."""

    code = "MAP_TOO_LARGE"
    http_status = 422

    def __init__(self, message: str, rule: str, amount: float, limit: float) -> None:
        super().__init__([Problem(rule, message)])
        self.amount = amount
        self.limit = limit

    def extensions(self) -> dict[str, object]:
        return {**super().extensions(), "amount": self.amount, "limit": self.limit}


class RenderFailed(StrategyGraphError):
    """Graphviz could not draw a map: ``reason`` is ``missing``, ``failed`` or ``busy``."""

    code = "RENDER_FAILED"

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.http_status = 500 if reason == "failed" else 503

    def extensions(self) -> dict[str, object]:
        return {"reason": self.reason}


class MissingRole(Forbidden):
    """Refused: the principal lacks ``missing`` roles; nothing was changed."""

    def __init__(self, who: str, missing: list[Missing], anonymous: bool = False) -> None:
        first = missing[0]
        if anonymous:
            lead = "not signed in: send 'Authorization: Bearer <token>'; this needs "
        else:
            lead = f"'{who}' lacks "
        rest = "" if len(missing) == 1 else f" and {len(missing) - 1} more role(s)"
        super().__init__(f"forbidden: {lead}{first}{rest}")
        self.missing = missing

    def extensions(self) -> dict[str, object]:
        return {
            "role": self.missing[0].role.value,
            "region": self.missing[0].region,
            "missing": [
                {"role": m.role.value, "region": m.region, "action": m.action} for m in self.missing
            ],
        }


class InvalidToken(StrategyGraphError):
    """A bearer token that is malformed, unknown, revoked, expired or badly signed."""

    code = "UNAUTHENTICATED"
