"""``strategygraph webhook …``: register, list and remove webhooks, and read their log.

The CLI is the trusted local operator (as for ``token`` and ``role``): a hook it adds
sees every change, unless ``--owner`` names the user whose rights it should follow.
Deliveries are made by a running ``strategygraph serve`` on the same store. What a person
reads is in the configured language (``STRATEGYGRAPH_LANG``); ``--json`` is for scripts.
"""

from __future__ import annotations

import json

import click

from ..domain.webhooks import Webhook
from ..glossary import WORDS, Glossary, glossary
from ..service.webhooks import WebhookService
from .app import App, pass_app
from .errors import group

__all__ = ["webhook"]


def _service(app: App) -> WebhookService:
    return WebhookService(app.store, app.settings.webhooks_may_call_private)


def _words(app: App) -> Glossary:
    return glossary(app.settings.lang)


def _row(h: Webhook) -> dict[str, object]:
    return {
        "id": h.id,
        "url": h.url,
        "owner": h.owner,
        "everything": h.everything,
        "region": h.region,
        "created": h.created_at.isoformat(timespec="seconds"),
        "delivered_version": h.delivered,
    }


@group()
def webhook() -> None:
    """Webhooks: URLs that receive every committed change, signed (HMAC-SHA256)."""


@webhook.command("add")
@click.argument("url")
@click.option("--region", default=None, help="Only changes in this region [all].")
@click.option("--owner", default=None, help="Deliver only what this user may read [all].")
@pass_app
def webhook_add(app: App, url: str, region: str | None, owner: str | None) -> None:
    """Register URL and print its signing secret (shown once: copy it now)."""
    app.may_create()
    hook, secret = _service(app).add(url, app.settings.actor, region, owner)
    click.echo(secret)
    click.echo(_words(app).text("webhook.added", id=hook.id, url=hook.url), err=True)


@webhook.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_app
def webhook_list(app: App, as_json: bool) -> None:
    """List webhooks (never their secrets)."""
    rows = [_row(h) for h in _service(app).hooks(app.settings.actor)]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    words = _words(app)
    if not rows:
        click.echo(words.text("webhook.none"))
    for r in rows:
        region = r["region"] or words.text("webhook.every_region")
        click.echo(
            words.text(
                "webhook.row",
                id=r["id"],
                url=r["url"],
                owner=r["owner"],
                region=region,
                version=r["delivered_version"],
            )
        )


@webhook.command("remove")
@click.argument("hook_id")
@pass_app
def webhook_remove(app: App, hook_id: str) -> None:
    """Stop and forget the webhook HOOK_ID and its delivery log."""
    hook = _service(app).remove(hook_id, app.settings.actor)
    click.echo(_words(app).text("webhook.removed", id=hook.id, url=hook.url))


@webhook.command("log")
@click.argument("hook_id", required=False)
@click.option("--limit", type=click.IntRange(1, 1000), default=50, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_app
def webhook_log(app: App, hook_id: str | None, limit: int, as_json: bool) -> None:
    """The latest delivery attempts (of HOOK_ID), oldest first."""
    found = _service(app).deliveries(app.settings.actor, hook_id, limit)
    rows = [
        {
            "hook": d.hook,
            "version": d.version,
            "attempt": d.attempt,
            "at": d.at.isoformat(timespec="seconds"),
            "status": d.status,
            "outcome": d.outcome,
            "detail": d.detail,
        }
        for d in found
    ]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    words = _words(app)
    if not rows:
        click.echo(words.text("webhook.log_none"))
    for r in rows:
        key = f"webhook.outcome.{r['outcome']}"
        outcome = words.text(key) if key in WORDS else r["outcome"]
        shown = {**r, "outcome": outcome, "detail": r["detail"] or ""}
        click.echo(words.text("webhook.log_row", **shown))
