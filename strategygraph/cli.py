"""The ``strategygraph`` command: a thin layer over the service and the store."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from . import present, tables
from .access_commands import demo_token, role, token
from .api.commands import serve, serve_app
from .config import MODES, Settings
from .data import demo_documents
from .domain import NodeKind, StrategyGraphError, ValidationError
from .exchange import export, import_
from .maps.commands import render
from .service import StrategyService
from .store import GraphStore, open_store
from .store.commands import migrate

F = TypeVar("F", bound=Callable[..., Any])


class App:
    """What every command gets: settings, and the store opened on first use."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._store: GraphStore | None = None

    @property
    def store(self) -> GraphStore:
        if self._store is None:
            self._store = open_store(self.settings.store)
        return self._store

    @property
    def service(self) -> StrategyService:
        return StrategyService(self.store)

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def command(fn: F) -> F:
    """Turn the product's errors into a short message on stderr and a non-zero exit."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ValidationError as exc:
            click.echo(f"error: {tables.printable(exc.message)}", err=True)
            sys.exit(2)
        except StrategyGraphError as exc:
            click.echo(f"error: {tables.printable(exc.message)}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def emit(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group()
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


pass_app = click.make_pass_decorator(App)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


@main.command()
@click.argument("node_id")
@json_option
@pass_app
@command
def show(app: App, node_id: str, as_json: bool) -> None:
    """Show one node with its edges."""
    node = app.store.get_node(node_id)
    edges = app.store.edges(node_id)
    if as_json:
        emit({**present.node(node), "edges": [present.edge(e) for e in edges]})
    else:
        tables.print_node(node, edges)


@main.command()
@click.argument("node_id")
@click.option("--down", is_flag=True, help="What contributes to the node, instead of why.")
@click.option("--max-depth", type=click.IntRange(1, 20), default=None)
@json_option
@pass_app
@command
def trace(app: App, node_id: str, down: bool, max_depth: int | None, as_json: bool) -> None:
    """Trace a node up to the national goals (why it exists), or --down."""
    store = app.store
    titles = {n.id: n for n in store.nodes()}
    if down:
        found = store.trace_down(node_id, max_depth)
        rows = [present.contribution(c, titles[c.node_id].kind.value) for c in found]
        emit(rows) if as_json else tables.print_contributions(found, titles)
    else:
        paths = store.trace_up(node_id, max_depth)
        emit([present.path(p) for p in paths]) if as_json else tables.print_paths(
            node_id, paths, titles
        )


@main.command()
@click.option("--region", default=None)
@json_option
@pass_app
@command
def gaps(app: App, region: str | None, as_json: bool) -> None:
    """List the gaps: untraced projects, unaddressed challenges, empty lines, ..."""
    found = app.store.gaps(region, app.settings.draft_days)
    emit([present.gap(g) for g in found]) if as_json else tables.print_gaps(found)


@main.command()
@click.option("--region", default=None)
@json_option
@pass_app
@command
def coverage(app: App, region: str | None, as_json: bool) -> None:
    """Per national goal and region: what reaches it, and the projects' health."""
    rows = app.store.coverage(region)
    if as_json:
        emit([present.coverage_row(r) for r in rows])
    else:
        tables.print_coverage(rows, {n.id: n for n in app.store.nodes(NodeKind.NATIONAL_GOAL)})


@main.command()
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
@command
def demo(app: App, host: str | None, port: int | None, mode: str | None, no_serve: bool) -> None:
    """Load the demo strategy if the store is empty, report its coverage and gaps, serve."""
    store = app.store
    if store.version() == 0:
        for doc in demo_documents():
            app.service.import_document(doc, "demo")
        click.echo(f"Loaded the demo strategy into {app.settings.store}")
    else:
        click.echo(f"The store {app.settings.store} already holds a graph; using it.")
    tables.print_coverage(store.coverage(), {n.id: n for n in store.nodes(NodeKind.NATIONAL_GOAL)})
    tables.print_gaps(store.gaps(None, app.settings.draft_days))
    if not no_serve:
        s = app.settings
        if (mode or s.mode) == "development":
            secret = demo_token(store)
            click.echo(
                f"Demo admin token (development mode; every region; 24 h):\n  {secret}\n"
                'In GraphiQL, add the header {"Authorization": "Bearer <token>"}.'
            )
        serve_app(app, host or s.host, port or s.port, mode or s.mode)


main.add_command(import_)
main.add_command(export)
main.add_command(serve)
main.add_command(migrate)
main.add_command(render)
main.add_command(token)
main.add_command(role)
