"""``strategygraph render``: the maps as files (SVG, PNG, PDF), as the web serves them.

    strategygraph render --region kymenlaakso --format svg -o kymenlaakso.svg
    strategygraph render --focus proj-1 --down --depth 2 -o proj-1.png
    strategygraph render --coverage --health red,amber -o coverage.pdf
    strategygraph render --region kymenlaakso --view page --paper a3 -o kymenlaakso.pdf
    strategygraph render --region kymenlaakso --view board --since 2026-01-01 -o board.pdf

The store comes from the click context object (``strategygraph.cli.app.App``, ``.store``).
"""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import click

from ..domain import Health, NodeKind, Status
from ..glossary import Glossary, Lang, glossary
from ..maps.limits import MapLimits
from ..maps.paper import Paper
from ..maps.renderer import MapRenderer, RenderedMap
from ..maps.request import Direction, Filters, Format, MapKind, MapRequest, Rollup, parse_values
from ..maps.risk_map import draw_risks
from .app import App, pass_app
from .errors import command

__all__ = ["render"]

_ENUM_HELP = "Repeat or separate with commas."


@command()
@click.option("--region", default=None, help="Map of this region (see --view).")
@click.option(
    "--view",
    type=click.Choice(["layers", "page", "board"]),
    default="layers",
    show_default=True,
    help="A region's map: every layer, the strategy on a page (pillars), or the board view.",
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    default=None,
    help="--view board: changes since this day [default: 30 days ago].",
)
@click.option("--line", metavar="ID", default=None, help="--view page: narrow to this line.")
@click.option("--goal", metavar="ID", default=None, help="--view page: narrow to this goal.")
@click.option(
    "--columns", type=click.IntRange(1, 50), default=None, help="--view page: pillars per row."
)
@click.option(
    "--paper",
    type=click.Choice([p.value for p in Paper]),
    default=None,
    help="Scale to a landscape A4 or A3 page or a 16:9 slide (a PDF gets that page size).",
)
@click.option(
    "--base-url",
    default=None,
    help="The page's address, for absolute links [default: STRATEGYGRAPH_BASE_URL].",
)
@click.option("--focus", metavar="ID", default=None, help="Trace map of this node.")
@click.option("--down", is_flag=True, help="Trace map: what realises the node (not why).")
@click.option("--both", is_flag=True, help="Trace map: up and down.")
@click.option("--depth", type=click.IntRange(1, 50), default=None, help="Trace map depth.")
@click.option("--coverage", is_flag=True, help="Coverage map: goals against regions.")
@click.option("--risks", metavar="REGION", default=None, help="Risk map of this region.")
@click.option("--kinds", "kinds", multiple=True, help=f"Node kinds to keep. {_ENUM_HELP}")
@click.option("--status", "statuses", multiple=True, help=f"Statuses to keep. {_ENUM_HELP}")
@click.option("--health", "healths", multiple=True, help=f"Project health to keep. {_ENUM_HELP}")
@click.option("--tag", "tags", multiple=True, help="Keep nodes with any of these tags (repeat).")
@click.option(
    "--organisation", "organisations", multiple=True, help=f"Organisation ids. {_ENUM_HELP}"
)
@click.option("--clusters", is_flag=True, help="Group nodes by organisation.")
@click.option("--show-retired", is_flag=True, help="Draw retired nodes too.")
@click.option(
    "--lang",
    type=click.Choice([lang.value for lang in Lang]),
    default=None,
    help="Language of the map [default: STRATEGYGRAPH_LANG, else fi].",
)
@click.option(
    "--rollup",
    type=click.Choice([r.value for r in Rollup]),
    default=Rollup.SHARE.value,
    show_default=True,
    help="Health above the projects: how they divide (share) or the worst of them.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice([f.value for f in Format]),
    default=None,
    help="Output format [default: from the file name, else svg].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path, allow_dash=True),
    required=True,
    help="File to write ('-': standard output).",
)
@click.option("--max-nodes", type=click.IntRange(1), default=MapLimits.max_nodes, show_default=True)
@click.option(
    "--timeout", type=click.FloatRange(min=0.1), default=MapLimits.timeout, show_default=True
)
@pass_app
def render(
    app: App,
    region: str | None,
    view: str,
    since: datetime | None,
    line: str | None,
    goal: str | None,
    columns: int | None,
    paper: str | None,
    base_url: str | None,
    focus: str | None,
    down: bool,
    both: bool,
    depth: int | None,
    coverage: bool,
    risks: str | None,
    kinds: tuple[str, ...],
    statuses: tuple[str, ...],
    healths: tuple[str, ...],
    tags: tuple[str, ...],
    organisations: tuple[str, ...],
    clusters: bool,
    show_retired: bool,
    lang: str | None,
    rollup: str,
    fmt: str | None,
    output: Path,
    max_nodes: int,
    timeout: float,
) -> None:
    """Draw an alignment map (--region), a trace map (--focus) or the coverage map."""
    chosen = [
        name
        for name, on in (
            ("--region", region),
            ("--focus", focus),
            ("--coverage", coverage),
            ("--risks", risks),
        )
        if on
    ]
    if len(chosen) != 1:
        raise click.UsageError("choose exactly one of --region, --focus, --coverage and --risks")
    if (down or both or depth) and not focus:
        raise click.UsageError("--down, --both and --depth are for trace maps (--focus)")
    onepage = bool(region) and view == "page"
    boarded = bool(region) and view == "board"
    if since and not boarded:
        raise click.UsageError("--since is for --region with --view board")
    if (line or goal or columns) and not onepage:
        raise click.UsageError("--line, --goal and --columns are for --region with --view page")
    others = kinds or statuses or tags or organisations or clusters or show_retired
    if (onepage or boarded) and (others or (boarded and healths)):
        refused = "--kinds, --status, --tag, --organisation, --clusters, --show-retired"
        refused += ", --health" if boarded else ""
        raise click.UsageError(f"--view {view} takes none of {refused}")
    base = (base_url if base_url is not None else app.settings.base_url).rstrip("/")
    if base and not base.startswith(("http://", "https://")):
        raise click.UsageError(f"--base-url must start with http:// or https://, not {base!r}")
    suffix = output.suffix.lstrip(".").lower()
    fmt = fmt or (suffix if suffix in {f.value for f in Format} else Format.SVG.value)
    if risks:
        chosen_lang = Lang(lang) if lang else app.settings.lang
        drawn = draw_risks(app.store, risks, Format(fmt), chosen_lang, timeout)
        return _write(drawn, output, glossary(chosen_lang))
    filters = Filters(
        kinds=parse_values(NodeKind, kinds, "kind"),
        statuses=parse_values(Status, statuses, "status"),
        healths=parse_values(Health, healths, "health"),
        tags=frozenset(t.strip() for t in tags if t.strip()),
        organisations=frozenset(
            o.strip() for value in organisations for o in value.split(",") if o.strip()
        ),
    )
    request = MapRequest(
        MapKind.COVERAGE
        if coverage
        else MapKind.TRACE
        if focus
        else MapKind.ONEPAGE
        if onepage
        else MapKind.BOARD
        if boarded
        else MapKind.ALIGNMENT,
        region=region,
        focus=focus,
        direction=Direction.BOTH if both else Direction.DOWN if down else Direction.UP,
        depth=depth,
        format=Format(fmt),
        filters=filters,
        clusters=clusters,
        show_retired=show_retired,
        lang=Lang(lang) if lang else app.settings.lang,
        rollup=Rollup(rollup),
        paper=Paper(paper) if paper else None,
        line=line,
        goal=goal,
        columns=columns,
        since=since.date() if since else None,
    )
    renderer = MapRenderer(
        app.store,
        MapLimits(max_nodes=max_nodes, timeout=timeout),
        link_base=f"{base}/#node=",
    )
    drawn = renderer.render(request)
    _write(drawn, output, glossary(request.lang))


def _write(drawn: RenderedMap, output: Path, words: Glossary) -> None:
    if str(output) == "-":
        sys.stdout.buffer.write(drawn.content)
        return
    output.write_bytes(drawn.content)
    size = words.number(len(drawn.content))
    told = words.text("render.wrote", path=output, size=size, version=drawn.version)
    click.echo(told, err=True)
