"""A map's heading: title, date and graph version, and the legend that explains colours,
line styles and the gaps found (named, so a reader sees which nodes they are).

Returned as the content of an HTML-like label; every piece of user text goes through
``escape.html``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from ..domain import Health, NodeKind
from ..trace import Gap, GapType
from . import escape
from .style import (
    GAP_COLOUR,
    GAP_LABELS,
    HEALTH_BORDER,
    HEALTH_FILL,
    KIND_FILL,
    MUTED,
    SUSPECT_COLOUR,
)

__all__ = ["coverage_swatches", "heading", "layered_swatches"]

NAMED_PER_GAP = 8
"""Gap legend rows name at most this many nodes, then say how many more."""


def heading(
    title: str,
    subtitle: str,
    today: date,
    version: int,
    filters: str,
    swatches: str,
    gaps: Iterable[Gap] = (),
    titles: dict[str, str] | None = None,
) -> str:
    """The HTML-like label of a map's title and legend (without the outer ``<>``)."""
    facts = f"{subtitle} · {today.isoformat()} · graph version {version}"
    if filters:
        facts += f" · filtered by {filters}"
    rows = [
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="22"><B>{escape.html(title)}</B></FONT></TD></TR>',
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="11" COLOR="{MUTED}">'
        f"{escape.html(facts)}</FONT></TD></TR>",
        f'<TR><TD ALIGN="LEFT">{swatches}</TD></TR>',
    ]
    rows += _gap_rows(gaps, titles or {})
    return (
        f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">{"".join(rows)}</TABLE>'
    )


def layered_swatches(kinds: Sequence[NodeKind], suspect: bool = False) -> str:
    """The legend row of an alignment or trace map: kinds, health, line styles, and the
    suspect-link style when the map draws one."""
    cells = [_cell("Kinds:", None)]
    cells += [_cell(k.label, KIND_FILL[k]) for k in kinds if k is not NodeKind.STRATEGIC_PROJECT]
    cells.append(_cell("Project health (fill), rolled up above (border):", None))
    cells += [_cell(h.value.capitalize(), HEALTH_FILL[h], HEALTH_BORDER[h]) for h in Health]
    cells.append(_cell("dashed: draft · dotted: retired · dotted line: through hidden nodes", None))
    if suspect:
        cells.append(
            f'<TD><FONT POINT-SIZE="10" COLOR="{SUSPECT_COLOUR}">'
            "- - orange: suspect link, to review</FONT></TD>"
        )
    return _row(cells)


def coverage_swatches() -> str:
    """The legend row of the coverage map: health of the projects in a cell."""
    cells = [_cell("Cell colour: the worst project health;", None)]
    cells += [_cell(h.value.capitalize(), HEALTH_FILL[h], HEALTH_BORDER[h]) for h in Health]
    cells.append(_cell("⚠ none: nothing of the region reaches the goal", None))
    return _row(cells)


def _row(cells: list[str]) -> str:
    return (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="4" CELLPADDING="3"><TR>'
        + "".join(cells)
        + "</TR></TABLE>"
    )


def _cell(text: str, fill: str | None, border: str | None = None) -> str:
    if fill is None:
        return f'<TD><FONT POINT-SIZE="10" COLOR="{MUTED}">{escape.html(text)}</FONT></TD>'
    outline = f' BORDER="2" COLOR="{border}"' if border else ' BORDER="1" COLOR="#9aa5b1"'
    return f'<TD BGCOLOR="{fill}"{outline}><FONT POINT-SIZE="10">{escape.html(text)}</FONT></TD>'


def _gap_rows(gaps: Iterable[Gap], titles: dict[str, str]) -> list[str]:
    by_type: dict[GapType, list[Gap]] = {}
    for gap in gaps:
        by_type.setdefault(gap.type, []).append(gap)
    rows = []
    for kind in GapType:
        found = by_type.get(kind, [])
        if not found:
            continue
        names = [_short(titles.get(g.node_id, g.node_id)) for g in found[:NAMED_PER_GAP]]
        more = len(found) - len(names)
        text = "; ".join(names) + (f" and {more} more" if more > 0 else "")
        lines = '<BR ALIGN="LEFT"/>'.join(escape.html(line) for line in escape.wrap(text, 140))
        rows.append(
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="10" COLOR="{GAP_COLOUR}">'
            f'⚠ {escape.html(GAP_LABELS[kind])} ({len(found)}):</FONT><BR ALIGN="LEFT"/>'
            f'<FONT POINT-SIZE="10">{lines}</FONT><BR ALIGN="LEFT"/></TD></TR>'
        )
    return rows


def _short(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
