"""The ``strategygraph`` command: a thin layer over the service and the store.

Every command lives in this package, one module per group of commands; the root command
(``main``) reads the ``Settings`` and hands them down in the click context (``app.App``).
Nothing below this package imports click.
"""

from __future__ import annotations

import click

from ..config import Settings
from . import access, graph, import_export, migrate, render, serve, situation, webhooks
from .app import App
from .errors import group

__all__ = ["main"]


@group()
@click.option(
    "--store",
    "store_url",
    metavar="URL",
    default=None,
    help="Store URL [env STRATEGYGRAPH_STORE; default sqlite:///./strategygraph.db].",
)
@click.pass_context
def main(ctx: click.Context, store_url: str | None) -> None:
    """StrategyGraph: keep a strategy as a traceable graph."""
    try:
        settings = Settings.from_env()
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    if store_url:
        settings = Settings(**{**settings.__dict__, "store": store_url})
    app = App(settings)
    ctx.obj = app
    ctx.call_on_close(app.close)


for _command in (
    graph.show,
    graph.trace,
    graph.gaps,
    graph.coverage,
    serve.demo,
    graph.region,
    import_export.import_,
    import_export.export,
    serve.serve,
    migrate.migrate,
    render.render,
    access.token,
    access.role,
    webhooks.webhook,
    situation.risks,
    situation.indicators,
    situation.report,
):
    main.add_command(_command)
