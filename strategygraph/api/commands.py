"""``strategygraph serve``: the GraphQL API on uvicorn (uvloop and httptools), with the
limits of ``server.py``."""

from __future__ import annotations

import dataclasses
import gc
import os
from typing import Protocol

import click

from ..config import MODES, Settings
from ..domain import StrategyGraphError
from ..service import StrategyService
from ..store import GraphStore
from . import server
from .worker import served_app

__all__ = ["serve", "serve_app"]


class AppObject(Protocol):
    """What the CLI's context object offers (``strategygraph.cli.App``)."""

    @property
    def settings(self) -> Settings: ...

    @property
    def store(self) -> GraphStore: ...


def serve_app(app_obj: AppObject, host: str, port: int, mode: str, workers: int = 1) -> None:
    """Serve the store of ``app_obj`` until interrupted (Ctrl+C); with ``workers`` > 1, in
    that many processes that each open the store (``worker.py``)."""
    settings = dataclasses.replace(app_obj.settings, host=host, port=port, mode=mode)
    click.echo(f"StrategyGraph API on http://{host}:{port}/graphql ({mode} mode)", err=True)
    click.echo(f"Map page: open http://{host}:{port}/ in a browser", err=True)
    if mode == "development":
        click.echo(f"GraphiQL: open http://{host}:{port}/graphql in a browser", err=True)
        click.echo("Writes need a token: strategygraph token create --user NAME", err=True)
    if workers > 1:
        # The workers read their settings as ``Settings.from_env`` does: the flags go there.
        os.environ.update(STRATEGYGRAPH_STORE=settings.store, STRATEGYGRAPH_MODE=mode)
        server.run("strategygraph.api.worker:create", settings, workers)
        return
    try:
        service = StrategyService(app_obj.store)  # one service: its listeners feed subscribers
    except StrategyGraphError as exc:
        raise click.ClickException(exc.message) from exc
    app = served_app(service, settings)
    # The loaded graph lives as long as the process: moved out of the collector's sight,
    # full collections no longer walk its millions of objects (0.2 s at 120,000 nodes,
    # every few hundred requests).
    gc.freeze()
    server.run(app, settings)


@click.command("serve")
@click.option("--host", default=None, help="Address to listen on [env STRATEGYGRAPH_HOST].")
@click.option(
    "--port",
    type=click.IntRange(1, 65535),
    default=None,
    help="Port to listen on [env STRATEGYGRAPH_PORT].",
)
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default=None,
    help="development serves GraphiQL; production does not [env STRATEGYGRAPH_MODE].",
)
@click.option(
    "--production",
    is_flag=True,
    help="Same as --mode production: no GraphiQL, no introspection, tokens for every write.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes; each opens the store and follows the others' writes.",
)
@click.pass_context
def serve(
    ctx: click.Context,
    host: str | None,
    port: int | None,
    mode: str | None,
    production: bool,
    workers: int,
) -> None:
    """Serve the GraphQL API (and GraphiQL in development mode)."""
    app_obj: AppObject = ctx.obj
    settings = app_obj.settings
    if production and mode not in (None, "production"):
        raise click.UsageError("--production contradicts --mode " + str(mode))
    mode = "production" if production else mode or settings.mode
    serve_app(app_obj, host or settings.host, port or settings.port, mode, workers)
