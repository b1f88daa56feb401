"""``show``, ``trace``, ``gaps``, ``coverage`` and ``region``: the graph as tables for a
person, or ``--json`` for scripts."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import click

from ..domain import NodeKind, Region, StoreUnavailable
from ..domain.access import Principal
from ..domain.situation import Risk
from ..glossary import glossary
from . import node_tables, present, tables
from .app import App, emit, json_option, pass_app
from .errors import command, group

if TYPE_CHECKING:
    from ..store import GraphStore

__all__ = ["coverage", "gaps", "region", "show", "trace"]


@command()
@click.argument("node_id")
@json_option
@pass_app
def show(app: App, node_id: str, as_json: bool) -> None:
    """Show one node with its edges."""
    node = app.store.get_node(node_id)
    edges = app.store.edges(node_id)
    if as_json:
        emit({**present.node(node), "edges": [present.edge(e) for e in edges]})
    else:
        node_tables.print_node(node, edges, glossary(app.settings.lang))


@command()
@click.argument("node_id")
@click.option("--down", is_flag=True, help="What contributes to the node, instead of why.")
@click.option("--max-depth", type=click.IntRange(1, 20), default=None)
@click.option("--first", type=click.IntRange(0), default=1000, help="Paths to show (up).")
@click.option("--after", type=int, default=0, help="Paths to skip before those (up).")
@json_option
@pass_app
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
        if as_json:
            emit(rows)
        else:
            node_tables.print_contributions(found, titles, glossary(app.settings.lang))
    else:
        page = store.trace_up_page(node_id, max_depth, first=after + first)
        page = replace(page, paths=page.paths[after:], start=min(after, page.total))
        risks = _risks_on(store, [node_id, *(i for p in page.paths for i in p.nodes)])
        if as_json:
            emit(present.trace_page(page, risks))
        else:
            words = glossary(app.settings.lang)
            node_tables.print_trace_page(node_id, page, titles, words, risks)


def _risks_on(store: GraphStore, node_ids: list[str]) -> dict[str, list[Risk]]:
    """The open risks on each of ``node_ids`` (none from a store without a picture)."""
    from ..service.situation_read import Situation  # trace only: show does not load it

    try:
        return Situation(store, Principal.local("cli")).risks_on(list(dict.fromkeys(node_ids)))
    except StoreUnavailable:
        return {}


@command()
@click.option("--region", default=None)
@json_option
@pass_app
def gaps(app: App, region: str | None, as_json: bool) -> None:
    """List the gaps: untraced projects, unaddressed challenges, empty lines, ..."""
    app.service.known_region(region)
    found = app.store.gaps(region, app.settings.draft_days, now=app.store.clock())
    if as_json:
        emit([present.gap(g) for g in found])
    else:
        nodes = {n.id: n for n in app.store.nodes()}
        tables.print_gaps(found, nodes, glossary(app.settings.lang))


@command()
@click.option("--region", default=None)
@json_option
@pass_app
def coverage(app: App, region: str | None, as_json: bool) -> None:
    """Per national goal and region: what reaches it, and the projects' health."""
    app.service.known_region(region)
    rows = app.store.coverage(region)
    if as_json:
        emit([present.coverage_row(r) for r in rows])
    else:
        goals = {n.id: n for n in app.store.nodes(NodeKind.NATIONAL_GOAL)}
        tables.print_coverage(rows, goals, glossary(app.settings.lang))


@group()
def region() -> None:
    """The regions: list them, add one."""


@region.command("add")
@click.argument("region_id")
@click.argument("name")
@pass_app
def region_add(app: App, region_id: str, name: str) -> None:
    """Add a region with its id (e.g. lappi) and name (e.g. Lappi)."""
    app.may_create()
    added = app.service.add_region(Region(region_id, name), app.settings.actor)
    words = glossary(app.settings.lang)
    click.echo(words.text("region.added", id=added.id, name=added.name))


@region.command("list")
@json_option
@pass_app
def region_list(app: App, as_json: bool) -> None:
    """List the regions, by id."""
    regions = app.store.regions()
    if as_json:
        emit([{"id": r.id, "name": r.name} for r in regions])
    else:
        for r in regions:
            click.echo(f"{r.id}\t{r.name}")
