"""Registering webhooks and reading their delivery log: admins only, URLs checked.

A hook for a region needs the admin role there; one for the whole graph (no region) needs
admin in every region (``*``). Its deliveries show what its owner may read, so a hook
never tells more than its owner could ask for. The secret is made here and returned once.

URLs must be ``http`` or ``https``. Unless private addresses are allowed (the
``STRATEGYGRAPH_WEBHOOK_PRIVATE`` setting, on by default in development only), a URL
whose host resolves to a loopback, private, link-local or otherwise non-public address
is refused, at registration and again before every delivery (the name may resolve
elsewhere later): the server must not be made to call into its own network (SSRF).
"""

from __future__ import annotations

import ipaddress
import secrets
import socket
from datetime import UTC, datetime
from urllib.parse import urlsplit

from ..domain import NotFound, StoreUnavailable, ValidationError
from ..domain.access import ANY_REGION, Missing, MissingRole, Principal, Role
from ..domain.webhooks import Delivery, Webhook
from ..store import GraphStore
from ..store.webhooks_sqlite import SqliteWebhooks
from .access import AccessService
from .authz import Actor, principal_of

__all__ = ["SECRET_PREFIX", "WebhookService", "check_url", "owner_principal"]

SECRET_PREFIX = "whsec_"  # noqa: S105 (a prefix, not a secret)
MAX_URL = 2000


def check_url(url: str, allow_private: bool) -> str:
    """``url`` if deliveries may go there, else a ``ValidationError`` saying why."""

    def refuse(why: str) -> ValidationError:
        return ValidationError.one("webhook-url", f"webhook URL {url[:200]!r} {why}", "url")

    if len(url) > MAX_URL:
        raise refuse(f"is longer than {MAX_URL} characters")
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise refuse(f"is not a URL: {exc}") from None
    if parts.scheme not in ("http", "https"):
        raise refuse("must start with http:// or https://")
    host = parts.hostname
    if not host:
        raise refuse("names no host")
    if allow_private:
        return url.strip()
    try:
        found = socket.getaddrinfo(host, port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError):
        raise refuse(f"names a host that does not resolve ({host})") from None
    for *_, address in found:
        ip = ipaddress.ip_address(str(address[0]).split("%", 1)[0])
        if not ip.is_global:
            raise refuse(
                f"resolves to {ip}, a private or local address; deliveries go to public "
                "addresses only (set STRATEGYGRAPH_WEBHOOK_PRIVATE=true to allow them)"
            )
    return url.strip()


def owner_principal(store: GraphStore, hook: Webhook) -> Principal:
    """Whose rights the hook's deliveries follow: its owner's grants now."""
    if hook.everything:
        return Principal.local(hook.owner)
    return AccessService(store.access).principal(hook.owner, via="webhook")


class WebhookService:
    """Webhooks of one store (the embedded store keeps them in its file)."""

    def __init__(self, store: GraphStore, allow_private: bool = False) -> None:
        self.store = store
        self.allow_private = allow_private

    @property
    def table(self) -> SqliteWebhooks:
        found = getattr(self.store, "webhooks", None)
        if not isinstance(found, SqliteWebhooks):
            raise StoreUnavailable("webhooks are kept in the embedded store (a SQLite file) only")
        return found

    def _admin(self, principal: Principal, region: str | None, action: str) -> None:
        where = region or ANY_REGION
        if not principal.has(Role.ADMIN, where):
            missing = [Missing(Role.ADMIN, where, action)]
            raise MissingRole(principal.name, missing, not principal.signed_in)

    def add(
        self, url: str, actor: Actor, region: str | None = None, owner: str | None = None
    ) -> tuple[Webhook, str]:
        """Register ``url``; returns the hook and its secret (shown this once). The local
        operator may name another ``owner``, whose rights the deliveries then follow."""
        principal = principal_of(actor)
        self._admin(principal, region, "add a webhook")
        if owner is not None and not principal.superuser:
            raise ValidationError.one(
                "owner", "only the local operator (the CLI) adds a hook for another owner", "owner"
            )
        if region is not None:
            known = sorted(r.id for r in self.store.regions())
            if region not in known:
                raise NotFound("region", region, known)
        checked = check_url(url, self.allow_private)
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        hook = Webhook(
            id=f"wh-{secrets.token_hex(6)}",
            url=checked,
            secret=secret,
            owner=owner or principal.name,
            everything=principal.superuser and owner is None,
            region=region,
            created_at=datetime.now(UTC),
            delivered=self.store.version(),
        )
        self.table.add(hook)
        return hook, secret

    def _hook(self, hook_id: str, principal: Principal, action: str) -> Webhook:
        hook = self.table.get(hook_id)
        if hook is None:
            raise NotFound("webhook", hook_id)
        self._admin(principal, hook.region, action)
        return hook

    def remove(self, hook_id: str, actor: Actor) -> Webhook:
        hook = self._hook(hook_id, principal_of(actor), "remove a webhook")
        self.table.remove(hook_id)
        return hook

    def hooks(self, actor: Actor) -> list[Webhook]:
        """The hooks ``actor`` administers."""
        principal = principal_of(actor)
        return [h for h in self.table.hooks() if principal.has(Role.ADMIN, h.region or ANY_REGION)]

    def deliveries(
        self, actor: Actor, hook_id: str | None = None, limit: int = 100
    ) -> list[Delivery]:
        """The latest delivery attempts (of one hook) that ``actor`` administers."""
        if not 1 <= limit <= 1000:
            raise ValidationError.one(
                "limit", f"limit must be from 1 to 1000, not {limit}", "limit"
            )
        principal = principal_of(actor)
        if hook_id is not None:
            self._hook(hook_id, principal, "read a webhook's deliveries")
            return self.table.deliveries(hook_id, limit)
        mine = {h.id for h in self.hooks(principal)}
        return [d for d in self.table.deliveries(None, limit) if d.hook in mine]
