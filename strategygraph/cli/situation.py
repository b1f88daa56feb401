"""CLI: ``risks``, ``indicators`` and ``report`` — the situational picture as tables in
the user's language, or ``--json`` for scripts."""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from ..domain.access import Principal
from ..domain.situation import reading_health
from ..domain.situation_states import situation_state
from ..glossary import glossary
from ..service.situation_read import Situation
from .app import App, emit, pass_app
from .errors import command
from .text import printable

__all__ = ["indicators", "report", "risks"]


def _sit(app: App) -> Situation:
    return Situation(app.store, Principal.local("cli"))


@command()
@click.option("--region", default=None, help="Only this region's risks.")
@click.option("--map", "as_map", is_flag=True, help="The risk map: likelihood × impact cells.")
@click.option("--threatening", default=None, metavar="NODE", help="Risks on NODE or below it.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_app
def risks(
    app: App, region: str | None, as_map: bool, threatening: str | None, as_json: bool
) -> None:
    """List risks, highest score first (or the risk map, or those threatening a node)."""
    sit, words = _sit(app), glossary(app.settings.lang)
    if as_map:
        cells = sit.risk_map(region)
        if as_json:
            emit(
                [
                    {
                        "likelihood": c.likelihood,
                        "impact": c.impact,
                        "risks": [r.id for r in c.risks],
                    }
                    for c in cells
                ]
            )
            return
        table = Table(
            words.text("riskmap.likelihood"),
            *[str(i) for i in range(1, 6)],
            title=words.text("riskmap.title", region=region or "*"),
        )
        for row in range(5):
            line = cells[row * 5 : row * 5 + 5]
            table.add_row(
                str(line[0].likelihood),
                *[printable(", ".join(r.id for r in c.risks)) for c in line],
            )
        Console().print(table)
        return
    found = sit.threatening(threatening) if threatening else sit.risks(region)
    if as_json:
        emit([situation_state(r) for r in found])
        return
    table = Table(
        words.text("risk.score"),
        words.text("risk.likelihood"),
        words.text("risk.impact"),
        words.text("risk.status"),
        words.text("risk.name"),
        words.text("risk.id"),
        title=words.text("risk.title", count=words.number(len(found))),
    )
    for r in found:
        table.add_row(
            str(r.score),
            str(r.likelihood),
            str(r.impact),
            words.text(f"risk.status.{r.status.value}"),
            printable(r.title),
            r.id,
        )
    Console().print(table)


@command()
@click.argument("node")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_app
def indicators(app: App, node: str, as_json: bool) -> None:
    """A node's indicators with their latest reading and its health."""
    sit, words = _sit(app), glossary(app.settings.lang)
    found = sit.indicators(node)
    rows: list[dict[str, Any]] = []
    for ind in found:
        latest = sit.latest(ind.id)
        health = reading_health(ind, latest.value) if latest else None
        rows.append(
            {
                **situation_state(ind),
                "latest": situation_state(latest) if latest else None,
                "health": health.value if health else "UNKNOWN",
                "readings": [situation_state(m) for m in sit.measurements(ind.id)],
            }
        )
    if as_json:
        emit(rows)
        return
    table = Table(
        words.text("indicator.name"),
        words.text("indicator.latest"),
        words.text("indicator.target"),
        words.text("indicator.health"),
        title=words.text("indicator.title", node=printable(node)),
    )
    for row in rows:
        latest = row["latest"]
        table.add_row(
            printable(row["title"]),
            f"{latest['value']:g} {row['unit']} ({words.date(date.fromisoformat(latest['on']))})"
            if latest
            else "–",
            f"{row['target']:g} {row['unit']}" if row["target"] is not None else "–",
            words.text(f"health.{row['health']}"),
        )
    Console().print(table)


@command()
@click.argument("project", required=False)
@click.option("--region", default=None, help="Without PROJECT: only this region's.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_app
def report(app: App, project: str | None, region: str | None, as_json: bool) -> None:
    """A project's status reports, newest first; without PROJECT, every project's latest."""
    sit, words = _sit(app), glossary(app.settings.lang)
    found = sit.reports(project) if project else sit.latest_reports(region)
    if as_json:
        emit([situation_state(r) for r in found])
        return
    table = Table(
        words.text("report.date"),
        words.text("report.project"),
        words.text("report.health"),
        words.text("report.progress"),
        words.text("report.summary"),
        title=words.text("report.title", count=words.number(len(found))),
    )
    for r in found:
        table.add_row(
            words.date(r.on),
            r.project,
            words.text(f"health.{r.health.value}"),
            "–" if r.progress is None else f"{r.progress} %",
            printable(r.summary),
        )
    Console().print(table)
