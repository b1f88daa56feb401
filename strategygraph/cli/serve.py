"""``strategygraph serve``: the GraphQL API on uvicorn (uvloop and httptools), with the
limits of ``api/server.py``; and ``strategygraph demo``, which loads the demo and serves it."""

from __future__ import annotations

import dataclasses
import gc
import os

import click

from ..api import server
from ..config import MODES
from ..data import demo_situation
from ..domain import NodeKind
from ..glossary import glossary
from ..service import StrategyService
from ..service.demo import load_demo
from ..service.situation_load import load_situation
from . import tables
from .access import demo_token
from .app import App, pass_app
from .errors import command

__all__ = ["demo", "serve", "serve_app"]


def serve_app(app_obj: App, host: str, port: int, mode: str, workers: int = 1) -> None:
    """Serve the store of ``app_obj`` until interrupted (Ctrl+C); with ``workers`` > 1, in
    that many processes that each open the store (``api/worker.py``)."""
    settings = dataclasses.replace(app_obj.settings, host=host, port=port, mode=mode)
    words, url = glossary(settings.lang), f"http://{host}:{port}"
    running = words.text(f"serve.mode.{mode}")
    click.echo(words.text("serve.api", url=f"{url}/graphql", mode=running), err=True)
    click.echo(words.text("serve.page", url=f"{url}/"), err=True)
    if mode == "development":
        click.echo(words.text("serve.graphiql", url=f"{url}/graphql"), err=True)
        command = f"strategygraph token create --user {words.text('serve.user')}"
        click.echo(words.text("serve.token", command=command), err=True)
    if workers > 1:
        # The workers read their settings as ``Settings.from_env`` does: the flags go there.
        os.environ.update(STRATEGYGRAPH_STORE=settings.store, STRATEGYGRAPH_MODE=mode)
        server.run("strategygraph.api.worker:create", settings, workers)
        return
    # The app is imported here: with workers, the parent hands uvicorn a string only.
    from ..api.worker import served_app

    service = StrategyService(app_obj.store)  # one service: its listeners feed subscribers
    app = served_app(service, settings)
    # The loaded graph lives as long as the process: moved out of the collector's sight,
    # full collections no longer walk its millions of objects (0.2 s at 120,000 nodes,
    # every few hundred requests).
    gc.freeze()
    server.run(app, settings)


@command("serve")
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
@pass_app
def serve(
    app_obj: App,
    host: str | None,
    port: int | None,
    mode: str | None,
    production: bool,
    workers: int,
) -> None:
    """Serve the GraphQL API (and GraphiQL in development mode)."""
    settings = app_obj.settings
    app_obj.may_create()  # a new deployment starts on an empty store
    if production and mode not in (None, "production"):
        raise click.UsageError("--production contradicts --mode " + str(mode))
    mode = "production" if production else mode or settings.mode
    serve_app(app_obj, host or settings.host, port or settings.port, mode, workers)


@command()
@click.option("--host", default=None, help="Address to listen on [env STRATEGYGRAPH_HOST].")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=None, help="Port [env STRATEGYGRAPH_PORT]."
)
@click.option(
    "--mode",
    type=click.Choice(MODES),
    default=None,
    help="development or production [env STRATEGYGRAPH_MODE].",
)
@click.option("--no-serve", is_flag=True, help="Load and report only; do not serve.")
@pass_app
def demo(app: App, host: str | None, port: int | None, mode: str | None, no_serve: bool) -> None:
    """Load the demo strategy if the store is empty, report its coverage and gaps, serve."""
    app.may_create()
    store = app.store
    loaded = store.version() == 0
    if loaded:
        load_demo(app.service)  # stamped with the seeds' decision dates
        load_situation(app.service, demo_situation(), "demo")
    words = glossary(app.settings.lang)
    if loaded:
        click.echo(words.text("demo.loaded", store=app.settings.store))
    else:
        click.echo(words.text("demo.kept", store=app.settings.store))
    nodes = {n.id: n for n in store.nodes()}
    goals = {i: n for i, n in nodes.items() if n.kind is NodeKind.NATIONAL_GOAL}
    tables.print_coverage(store.coverage(), goals, words)
    found = store.gaps(None, app.settings.draft_days, now=store.clock())
    tables.print_gaps(found, nodes, words)
    if not no_serve:
        s = app.settings
        if (mode or s.mode) == "development":
            secret = demo_token(store)
            header = '{"Authorization": "Bearer <token>"}'
            click.echo(f"{words.text('demo.token')}\n  {secret}")
            click.echo(words.text("demo.header", header=header))
        serve_app(app, host or s.host, port or s.port, mode or s.mode)
