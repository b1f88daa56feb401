"""Delivering committed changes to webhooks: in order, once, signed, retried.

A thread of the server follows the event log (``ChangeFeed.replay``: the commits, as the
subscriptions see them). For each hook behind the graph, it takes the hook's lease in
the store file (so one server worker delivers it, not every one), then sends each commit
after the hook's ``delivered`` version as one JSON POST:

    POST <url>
    Content-Type: application/json
    X-StrategyGraph-Signature: sha256=<hex HMAC-SHA256 of the body with the hook's secret>
    X-StrategyGraph-Delivery: <hook id>:<graph version>     (the same on every retry)

    {"hook": "wh-…", "graphVersion": 42, "firstSeq": 41, "actor": "alice",
     "nodes": [...], "removedNodes": [...], "edges": [...], "removedEdges": [...],
     "comments": [...]}

Only what the hook's owner may read now is in it (and only its region, if it has one);
a commit with nothing the owner may see is skipped. A 2xx answer delivers it; anything
else is retried after ``retry_seconds``, then twice that, … (at most ``MAX_BACKOFF``), up
to ``attempts`` times, then given up (logged; the feed's ``?since=`` can catch up). The
hook's ``delivered`` version moves only after that, so a restart resumes where it
stopped; a commit the receiver got just before a crash may come once more, with the same
delivery id. Redirects are not followed.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

import orjson

from ..domain import NotFound, StrategyGraphError, ValidationError
from ..domain.access import Principal, Role
from ..domain.codec import edge_to_dict, node_to_dict
from ..domain.webhooks import Delivery, Outcome, Webhook
from ..service.webhooks import WebhookService, check_url, owner_principal
from .commits import Commit
from .feed import ChangeFeed

if TYPE_CHECKING:
    import httpx

__all__ = ["SIGNATURE", "WebhookSender", "payload", "signature"]

log = logging.getLogger(__name__)

SIGNATURE = "X-StrategyGraph-Signature"
DELIVERY = "X-StrategyGraph-Delivery"
MAX_BACKOFF = 300.0
"""The longest wait between two attempts, in seconds."""
LEASE = timedelta(minutes=30)


def signature(secret: str, body: bytes) -> str:
    """The signature header's value: ``sha256=`` and the hex HMAC-SHA256 of ``body``."""
    return "sha256=" + hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


def _visible(commit: Commit, principal: Principal, sees: Any) -> Commit:
    """The part of ``commit`` that ``principal`` may read."""
    if principal.sees_everything:
        return commit
    known = {n.id: principal.can_view(n) for n in (*commit.nodes, *commit.removed_nodes)}

    def seen(node_id: str) -> bool:
        if node_id not in known:
            known[node_id] = bool(sees(node_id))
        return known[node_id]

    return Commit(
        version=commit.version,
        first=commit.first,
        actor=commit.actor,
        nodes=tuple(n for n in commit.nodes if known[n.id]),
        removed_nodes=tuple(n for n in commit.removed_nodes if known[n.id]),
        edges=tuple(e for e in commit.edges if seen(e.source) and seen(e.target)),
        removed_edges=tuple(e for e in commit.removed_edges if seen(e.source) and seen(e.target)),
        edge_regions=commit.edge_regions,
        comments=tuple(c for c in commit.comments if principal.has(Role.VIEWER, c[1])),
    )


def payload(hook: Webhook, commit: Commit, principal: Principal, sees: Any) -> bytes | None:
    """The body delivered for ``commit``, or None when the owner may see none of it."""
    part: Commit | None = commit if hook.region is None else commit.only(hook.region)
    if part is None:
        return None
    part = _visible(part, principal, sees)
    if not (part.nodes or part.removed_nodes or part.edges or part.removed_edges or part.comments):
        return None
    body = {
        "hook": hook.id,
        "graphVersion": part.version,
        "firstSeq": part.first,
        "actor": part.actor,
        "nodes": [node_to_dict(n) for n in part.nodes],
        "removedNodes": [n.id for n in part.removed_nodes],
        "edges": [edge_to_dict(e) for e in part.edges],
        "removedEdges": [edge_to_dict(e) for e in part.removed_edges],
        "comments": [
            {"id": c.id, "node": c.node_id, "author": c.author, "text": c.text}
            for c, _ in part.comments
        ],
    }
    return orjson.dumps(body)


class WebhookSender:
    """The delivering thread; ``start`` and ``stop`` with the app."""

    def __init__(
        self,
        feed: ChangeFeed,
        webhooks: WebhookService,
        retry_seconds: float = 2.0,
        attempts: int = 8,
        interval: float = 0.2,
        timeout: float = 10.0,
    ) -> None:
        self.feed = feed
        self.webhooks = webhooks
        self.store = webhooks.store
        self.retry_seconds = retry_seconds
        self.attempts = attempts
        self.interval = interval
        self.timeout = timeout
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._client: httpx.Client | None = None

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="webhooks", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(self.timeout + 5)
            self._thread = None

    def _run(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    self.deliver_all()
                except StrategyGraphError as exc:
                    log.warning("webhooks: %s", exc.message)
                except Exception:
                    log.exception("webhooks: delivering failed")
                self._stop.wait(self.interval)
        finally:
            if self._client is not None:
                self._client.close()
                self._client = None

    def _http(self) -> httpx.Client:
        """The HTTP client, opened at the first delivery: httpx (0.1 s to import, with
        rich through its command line) is not part of a server's start."""
        if self._client is None:
            import httpx

            self._client = httpx.Client(timeout=self.timeout, follow_redirects=False)
        return self._client

    def deliver_all(self) -> None:
        """One pass: every hook behind the graph gets what it lacks, in order."""
        table = getattr(self.store, "webhooks", None)
        if table is None:
            return
        # No catch-up here: it would change the graph under the loop's queries. The
        # feed's follow loop catches up (``catch_up.py``) every ``FOLLOW_INTERVAL``.
        version = self.store.version()
        for hook in self.webhooks.table.hooks():
            if self._stop.is_set():
                return
            if hook.delivered >= version:
                continue
            now = datetime.now(UTC)
            if not self.webhooks.table.lease(hook.id, now, now + LEASE):
                continue  # another worker delivers it
            try:
                self._deliver(hook, version)
            finally:
                self.webhooks.table.release(hook.id)

    def _sees(self, principal: Principal) -> Any:
        def sees(node_id: str) -> bool:
            try:
                return principal.can_view(self.store.get_node(node_id))
            except NotFound:
                return False

        return sees

    def _deliver(self, hook: Webhook, upto: int) -> None:
        principal = owner_principal(self.store, hook)
        sees = self._sees(principal)
        for commit in self.feed.replay(hook.delivered, upto):
            if self.webhooks.table.get(hook.id) is None:
                return  # removed meanwhile
            body = payload(hook, commit, principal, sees)
            if body is not None and not self._send(hook, commit.version, body):
                return  # stopping: not delivered, so resumed after a restart
            self.webhooks.table.delivered(hook.id, commit.version)

    def _send(self, hook: Webhook, version: int, body: bytes) -> bool:
        """Deliver ``body`` with retries; True once delivered or given up, False when the
        server stops first."""
        client = self._http()
        import httpx  # loaded by now: _http imported it

        headers = {
            "Content-Type": "application/json",
            SIGNATURE: signature(hook.secret, body),
            DELIVERY: f"{hook.id}:{version}",
            "User-Agent": "StrategyGraph-Webhooks/1",
        }
        for attempt in range(1, self.attempts + 1):
            status: int | None = None
            try:
                check_url(hook.url, self.webhooks.allow_private)
                answer = client.post(hook.url, content=body, headers=headers)
                status = answer.status_code
                ok = 200 <= status < 300
                detail = f"HTTP {status}"
            except ValidationError as exc:
                self._log(hook, version, attempt, None, Outcome.REFUSED, exc.message)
                return True
            except httpx.HTTPError as exc:
                ok, detail = False, f"{type(exc).__name__}: {exc}"[:500]
            if ok:
                self._log(hook, version, attempt, status, Outcome.DELIVERED, detail)
                return True
            last = attempt == self.attempts
            outcome = Outcome.GAVE_UP if last else Outcome.FAILED
            self._log(hook, version, attempt, status, outcome, detail)
            if last:
                return True
            wait = min(self.retry_seconds * 2 ** (attempt - 1), MAX_BACKOFF)
            if self._stop.wait(wait):
                return False
        return True

    def _log(
        self,
        hook: Webhook,
        version: int,
        attempt: int,
        status: int | None,
        outcome: Outcome,
        detail: str,
    ) -> None:
        at = datetime.now(UTC)
        delivery = Delivery(0, hook.id, version, attempt, at, status, outcome.value, detail)
        self.webhooks.table.log(delivery)
