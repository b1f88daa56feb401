"""The ``strategygraph`` command: a thin layer over the service and the store.

Every command lives in this package, one module per group of commands, imported when the
command runs (``lazy.py``); the root command (``main``) reads the ``Settings`` and hands
them down in the click context (``app.App``).
Nothing below this package imports click.
"""

from __future__ import annotations

import click

from ..config import Settings
from .app import App
from .lazy import LazyCommand, LazyGroup

__all__ = ["main"]

COMMANDS = {
    "show": LazyCommand("graph:show", "Show one node with its edges."),
    "trace": LazyCommand(
        "graph:trace", "Trace a node up to the national goals (why it exists), or --down."
    ),
    "gaps": LazyCommand(
        "graph:gaps", "List the gaps: untraced projects, unaddressed challenges, empty lines, ..."
    ),
    "coverage": LazyCommand(
        "graph:coverage", "Per national goal and region: what reaches it, and the projects' health."
    ),
    "region": LazyCommand("graph:region", "The regions: list them, add one."),
    "demo": LazyCommand(
        "serve:demo",
        "Load the demo strategy if the store is empty, report its coverage and gaps, serve.",
    ),
    "serve": LazyCommand(
        "serve:serve", "Serve the GraphQL API (and GraphiQL in development mode)."
    ),
    "import": LazyCommand(
        "import_export:import_",
        "Import a file or CSV folder, all or nothing; every problem is told with its place.",
    ),
    "export": LazyCommand(
        "import_export:export",
        "Export the graph in an open format: json, csv (a folder), xlsx, graphml or archimate.",
    ),
    "migrate": LazyCommand(
        "migrate:migrate",
        "Copy a whole graph with its event log and situational picture from one store to"
        " another, and verify it.",
    ),
    "render": LazyCommand(
        "render:render",
        "Draw an alignment map (--region), a trace map (--focus) or the coverage map.",
    ),
    "token": LazyCommand(
        "access:token",
        "Create, list and revoke API tokens (stored hashed; a secret is shown once).",
    ),
    "role": LazyCommand(
        "access:role",
        "Grant, revoke and list roles per region (viewer < planner < approver < admin).",
    ),
    "webhook": LazyCommand(
        "webhooks:webhook",
        "Webhooks: URLs that receive every committed change, signed (HMAC-SHA256).",
    ),
    "risks": LazyCommand(
        "situation:risks",
        "List risks, highest score first (or the risk map, or those threatening a node).",
    ),
    "indicators": LazyCommand(
        "situation:indicators", "A node's indicators with their latest reading and its health."
    ),
    "report": LazyCommand(
        "situation:report",
        "A project's status reports, newest first; without PROJECT, every project's latest.",
    ),
}
"""Every command: where it lives and its summary for ``--help`` (its docstring's first
sentence). A command is imported when it runs, so each loads only what it needs."""


@click.group(cls=LazyGroup, lazy=COMMANDS)
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
