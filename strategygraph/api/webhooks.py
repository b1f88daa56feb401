"""Webhooks as GraphQL: ``addWebhook``/``removeWebhook`` and the ``webhooks`` and
``webhookDeliveries`` queries, for admins (``service/webhooks.py`` has the rules)."""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import strawberry
from strawberry.types import Info

from ..domain.webhooks import Delivery, Webhook
from ..service.webhooks import WebhookService
from .context import Context
from .volatility import volatile

__all__ = ["WebhookMutation", "WebhookQuery"]

Ctx = Info[Context, None]


def _service(ctx: Context) -> WebhookService:
    return WebhookService(ctx.service.store, ctx.settings.webhooks_may_call_private)


@strawberry.type(name="Webhook", description="A URL that receives every committed change.")
class WebhookType:
    id: strawberry.ID = strawberry.field(description="The hook's id, e.g. `wh-3f9a0c1d2e4b`.")
    url: str = strawberry.field(description="Where each change is POSTed as JSON.")
    owner: str = strawberry.field(
        description="Whose rights the deliveries follow: only what the owner may read is sent."
    )
    region: strawberry.ID | None = strawberry.field(
        description="Only changes in this region; none: the whole graph."
    )
    created_at: datetime = strawberry.field(description="When it was registered (UTC).")
    delivered_version: int = strawberry.field(
        description="The last graph version delivered to it (or given up on)."
    )


def webhook_type(hook: Webhook) -> WebhookType:
    return WebhookType(
        id=strawberry.ID(hook.id),
        url=hook.url,
        owner=hook.owner,
        region=strawberry.ID(hook.region) if hook.region else None,
        created_at=hook.created_at,
        delivered_version=hook.delivered,
    )


@strawberry.type(description="A registered webhook and its signing secret, shown this once.")
class AddWebhookPayload:
    webhook: WebhookType = strawberry.field(description="The hook registered.")
    secret: str = strawberry.field(
        description="The key of the HMAC-SHA256 signature in `X-StrategyGraph-Signature`; "
        "keep it: it is not shown again."
    )


@strawberry.type(description="One attempt to deliver one commit to a webhook.")
class WebhookDelivery:
    hook_id: strawberry.ID = strawberry.field(description="The webhook's id.")
    graph_version: int = strawberry.field(description="The commit delivered.")
    attempt: int = strawberry.field(description="1 for the first try, 2 for the first retry…")
    at: datetime = strawberry.field(description="When the attempt ended (UTC).")
    status: int | None = strawberry.field(
        description="The receiver's HTTP status; none when no answer came."
    )
    outcome: str = strawberry.field(
        description="`delivered`, `failed` (retried later), `gave-up` (the last attempt "
        "failed) or `refused` (the URL now points at an address not allowed)."
    )
    detail: str = strawberry.field(description="What happened, e.g. `HTTP 503`.")


def delivery_type(d: Delivery) -> WebhookDelivery:
    return WebhookDelivery(
        hook_id=strawberry.ID(d.hook),
        graph_version=d.version,
        attempt=d.attempt,
        at=d.at,
        status=d.status,
        outcome=d.outcome,
        detail=d.detail,
    )


@strawberry.type
class WebhookQuery:
    @strawberry.field(
        description="The webhooks you administer (admin role in their region).",
        metadata=volatile("webhooks live beside the graph, outside its versions"),
    )
    def webhooks(self, info: Ctx) -> list[WebhookType]:
        return [webhook_type(h) for h in _service(info.context).hooks(info.context.actor)]

    @strawberry.field(
        description="The latest delivery attempts, oldest first (admins).",
        metadata=volatile("deliveries are made as time passes, outside the graph's versions"),
    )
    def webhook_deliveries(
        self,
        info: Ctx,
        hook_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only this webhook's.")
        ] = None,
        limit: Annotated[int, strawberry.argument(description="At most this many (1–1000).")] = 100,
    ) -> list[WebhookDelivery]:
        found = _service(info.context).deliveries(
            info.context.actor, str(hook_id) if hook_id else None, limit
        )
        return [delivery_type(d) for d in found]


@strawberry.type
class WebhookMutation:
    @strawberry.mutation(
        description="Register a URL that receives every committed change you may read, "
        "signed with HMAC-SHA256. Needs the admin role in `region` (none: in every region)."
    )
    def add_webhook(
        self,
        info: Ctx,
        url: Annotated[str, strawberry.argument(description="An http:// or https:// URL.")],
        region: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only changes in this region.")
        ] = None,
    ) -> AddWebhookPayload:
        hook, secret = _service(info.context).add(
            url, info.context.actor, str(region) if region else None
        )
        return AddWebhookPayload(webhook=webhook_type(hook), secret=secret)

    @strawberry.mutation(description="Stop and forget a webhook and its delivery log.")
    def remove_webhook(
        self,
        info: Ctx,
        id: Annotated[strawberry.ID, strawberry.argument(description="The webhook's id.")],
    ) -> WebhookType:
        return webhook_type(_service(info.context).remove(str(id), info.context.actor))
