"""The ``strategygraph`` command: a thin layer over the service and the store."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import replace
from functools import wraps
from typing import Any, TypeVar

import click

from . import present, tables
from .access_commands import demo_token, role, token
from .api.commands import serve, serve_app
from .config import MODES, Settings, open_store
from .data import demo_situation
from .domain import NodeKind, Region, StoreUnavailable, StrategyGraphError, ValidationError
from .domain.access import Principal
from .domain.situation import Risk
from .exchange import export, import_
from .glossary import glossary
from .maps.commands import render
from .service import StrategyService
from .service.demo import load_demo
from .service.situation_load import load_situation
from .service.situation_read import Situation
from .store import GraphStore
from .store.commands import migrate
from .webhook_commands import webhook

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
@click.option("--first", type=click.IntRange(0), default=1000, help="Paths to show (up).")
@click.option("--after", type=int, default=0, help="Paths to skip before those (up).")
@json_option
@pass_app
@command
def trace(
    app: App, node_id: str, down: bool, max_depth: int | None, first: int, after: int, as_json: bool
) -> None:
    """Trace a node up to the national goals (why it exists), or --down. Up, it names
    every goal reached with its number of paths and says when it shows fewer than exist."""
    store = app.store
    titles = {n.id: n for n in store.nodes()}
    if down:
        found = store.trace_down(node_id, max_depth)
        rows = [present.contribution(c, titles[c.node_id].kind.value) for c in found]
        emit(rows) if as_json else tables.print_contributions(found, titles)
    else:
        page = store.trace_up_page(node_id, max_depth, first=after + first)
        page = replace(page, paths=page.paths[after:], start=min(after, page.total))
        risks = _risks_on(store, [node_id, *(i for p in page.paths for i in p.nodes)])
        if as_json:
            emit(present.trace_page(page, risks))
        else:
            words = glossary(app.settings.lang)
            tables.print_trace_page(node_id, page, titles, words, risks)


def _risks_on(store: GraphStore, node_ids: list[str]) -> dict[str, list[Risk]]:
    """The open risks on each of ``node_ids`` (none from a store without a picture)."""
    try:
        return Situation(store, Principal.local("cli")).risks_on(list(dict.fromkeys(node_ids)))
    except StoreUnavailable:
        return {}


@main.command()
@click.option("--region", default=None)
@json_option
@pass_app
@command
def gaps(app: App, region: str | None, as_json: bool) -> None:
    """List the gaps: untraced projects, unaddressed challenges, empty lines, ..."""
    app.service.known_region(region)
    found = app.store.gaps(region, app.settings.draft_days)
    if as_json:
        emit([present.gap(g) for g in found])
    else:
        nodes = {n.id: n for n in app.store.nodes()}
        tables.print_gaps(found, nodes, glossary(app.settings.lang))


@main.command()
@click.option("--region", default=None)
@json_option
@pass_app
@command
def coverage(app: App, region: str | None, as_json: bool) -> None:
    """Per national goal and region: what reaches it, and the projects' health."""
    app.service.known_region(region)
    rows = app.store.coverage(region)
    if as_json:
        emit([present.coverage_row(r) for r in rows])
    else:
        goals = {n.id: n for n in app.store.nodes(NodeKind.NATIONAL_GOAL)}
        tables.print_coverage(rows, goals, glossary(app.settings.lang))


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
        load_demo(app.service)  # stamped with the seeds' decision dates
        load_situation(app.service, demo_situation(), "demo")
        click.echo(f"Loaded the demo strategy into {app.settings.store}")
    else:
        click.echo(f"The store {app.settings.store} already holds a graph; using it.")
    words = glossary(app.settings.lang)
    nodes = {n.id: n for n in store.nodes()}
    goals = {i: n for i, n in nodes.items() if n.kind is NodeKind.NATIONAL_GOAL}
    tables.print_coverage(store.coverage(), goals, words)
    tables.print_gaps(store.gaps(None, app.settings.draft_days), nodes, words)
    if not no_serve:
        s = app.settings
        if (mode or s.mode) == "development":
            secret = demo_token(store)
            click.echo(
                f"Demo admin token (development mode; every region; 24 h):\n  {secret}\n"
                'In GraphiQL, add the header {"Authorization": "Bearer <token>"}.'
            )
        serve_app(app, host or s.host, port or s.port, mode or s.mode)


@main.group()
def region() -> None:
    """The regions: list them, add one."""


@region.command("add")
@click.argument("region_id")
@click.argument("name")
@pass_app
@command
def region_add(app: App, region_id: str, name: str) -> None:
    """Add a region with its id (e.g. lappi) and name (e.g. Lappi)."""
    added = app.service.add_region(Region(region_id, name), app.settings.actor)
    click.echo(f"added region {added.id} ({added.name})")


@region.command("list")
@json_option
@pass_app
@command
def region_list(app: App, as_json: bool) -> None:
    """List the regions, by id."""
    regions = app.store.regions()
    if as_json:
        emit([{"id": r.id, "name": r.name} for r in regions])
    else:
        for r in regions:
            click.echo(f"{r.id}\t{r.name}")


main.add_command(import_)
main.add_command(export)
main.add_command(serve)
main.add_command(migrate)
main.add_command(render)
main.add_command(token)
main.add_command(role)
main.add_command(webhook)

from .situation_commands import indicators, report, risks  # noqa: E402 (they use the above)

main.add_command(risks)
main.add_command(indicators)
main.add_command(report)
