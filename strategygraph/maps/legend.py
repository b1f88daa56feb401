"""A map's heading (title, what it is, the date, filters), the legend that explains
colours, signs and line styles, the gaps found (named, so a reader sees which nodes they
are), the health bar of a roll-up, and the corner note with the graph version.

Returned as the content of HTML-like labels; every piece of user text goes through
``escape.html``, every word of ours comes from the glossary.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from ..domain import Health, NodeKind
from ..domain.answers import Gap, GapType
from ..glossary import Glossary
from . import escape
from .style import (
    GAP_COLOUR,
    HEALTH_BORDER,
    HEALTH_FILL,
    HEALTH_ORDER,
    HEALTH_SIGN,
    KIND_FILL,
    MUTED,
    OVERDUE_COLOUR,
    RISK_COLOUR,
    SUSPECT_COLOUR,
)

__all__ = [
    "coverage_swatches",
    "distribution",
    "footer",
    "heading",
    "health_bar",
    "layered_swatches",
]

NAMED_PER_GAP = 8
"""Gap legend rows name at most this many nodes, then say how many more."""
NO_PROJECT = "NO_PROJECT"
"""The glossary key of the mark on an upper node that no project of the region reaches."""


def heading(
    words: Glossary,
    title: str,
    subtitle: str,
    today: date,
    filters: str,
    swatches: str,
    gaps: Iterable[Gap] = (),
    titles: dict[str, str] | None = None,
    unreached: Sequence[str] = (),
) -> str:
    """The HTML-like label of a map's title and legend (without the outer ``<>``);
    ``unreached`` names upper nodes no project of the region reaches."""
    facts = f"{subtitle} · {words.date(today)}"
    if filters:
        facts += " · " + words.text("map.filtered", filters=filters)
    rows = [
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="22"><B>{escape.html(title)}</B></FONT></TD></TR>',
        f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="11" COLOR="{MUTED}">'
        f"{escape.html(facts)}</FONT></TD></TR>",
        f'<TR><TD ALIGN="LEFT">{swatches}</TD></TR>',
    ]
    rows += _gap_rows(words, gaps, titles or {}, unreached)
    return (
        f'<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">{"".join(rows)}</TABLE>'
    )


def footer(words: Glossary, version: int) -> str:
    """The corner note of a map: the graph version it shows."""
    text = escape.html(words.text("map.version", version=version))
    return f'<FONT POINT-SIZE="9" COLOR="{MUTED}">{text}</FONT>'


def layered_swatches(
    words: Glossary,
    kinds: Sequence[NodeKind],
    suspect: bool = False,
    worst: bool = False,
    overdue: bool = False,
    lines: bool = True,
    rows: bool = False,
    risks: bool = False,
    trends: bool = False,
) -> str:
    """The legend row of an alignment or trace map: kinds, health (by sign, word and
    fill), line styles (unless not ``lines``), and the overdue, risk and suspect-link
    marks when the map draws one (and the short trend badges' meaning, with ``trends``);
    with ``rows``, the kinds on a row of their own, the situational picture's marks after
    them (the health row is the wider)."""
    cells = [_cell(words.text("legend.kinds"), None)]
    cells += [
        _cell(_capital(words.kind(k)), KIND_FILL[k])
        for k in kinds
        if k is not NodeKind.STRATEGIC_PROJECT
    ]
    first = len(cells)
    cells.append(_cell(words.text("legend.health.worst" if worst else "legend.health.share"), None))
    cells += _health_cells(words)
    if overdue:
        cells.append(
            f'<TD><FONT POINT-SIZE="10" COLOR="{OVERDUE_COLOUR}">'
            f"{escape.html(words.text('legend.overdue'))}</FONT></TD>"
        )
    if lines:
        cells.append(_cell(words.text("legend.lines"), None))
    if suspect:
        cells.append(
            f'<TD><FONT POINT-SIZE="10" COLOR="{SUSPECT_COLOUR}">'
            f"{escape.html(words.text('legend.suspect'))}</FONT></TD>"
        )
    picture = [
        f'<TD><FONT POINT-SIZE="10" COLOR="{colour}">{escape.html(words.text(key))}</FONT></TD>'
        for key, colour, shown in (
            ("legend.risks", RISK_COLOUR, risks),
            ("legend.trends", MUTED, trends),
        )
        if shown
    ]
    if rows:
        cells[first:first] = picture
        first += len(picture)
        return (
            '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
            f'<TR><TD ALIGN="LEFT">{_row(cells[:first])}</TD></TR>'
            f'<TR><TD ALIGN="LEFT">{_row(cells[first:])}</TD></TR></TABLE>'
        )
    return _row(cells + picture)


def coverage_swatches(words: Glossary, worst: bool = False) -> str:
    """The legend row of the coverage map: what a cell shows of its projects' health."""
    cells = [_cell(words.text("legend.cell.worst" if worst else "legend.cell.share"), None)]
    cells += _health_cells(words)
    cells.append(_cell(words.text("legend.cell.none"), None))
    return _row(cells)


def distribution(words: Glossary, counts: Mapping[Health, int], size: int = 10) -> str:
    """``✔ 10  ✖ 1``: each health present, by sign (in its colour) and count."""
    parts = []
    for health in HEALTH_ORDER:
        if counts.get(health):
            parts.append(
                f'<FONT COLOR="{HEALTH_BORDER[health]}">{HEALTH_SIGN[health]}</FONT>'
                f"\u00a0{words.number(counts[health])}"
            )
    return f'<FONT POINT-SIZE="{size}">{"  ".join(parts)}</FONT>' if parts else ""


def health_bar(words: Glossary, counts: Mapping[Health, int], width: int = 110) -> str:
    """A stacked bar, ``width`` points long, of each health's share of the projects (as a
    nested HTML-like table); each segment's tooltip names the health, count and share."""
    total = sum(counts.values())
    if not total:
        return ""
    present = [h for h in HEALTH_ORDER if counts.get(h)]
    sizes = [max(2, round(width * counts[h] / total)) for h in present]
    cells = []
    for health, size in zip(present, sizes, strict=True):
        share = round(100 * counts[health] / total)
        tip = words.text(
            "coverage.share", health=words.health(health), count=counts[health], share=share
        )
        cells.append(
            f'<TD WIDTH="{size}" HEIGHT="7" FIXEDSIZE="TRUE" BGCOLOR="{HEALTH_FILL[health]}" '
            f'TOOLTIP="{escape.html_attr(tip)}"></TD>'
        )
    bar = (
        '<TABLE BORDER="1" COLOR="#7b8794" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'
        f"<TR>{''.join(cells)}</TR></TABLE>"
    )
    # A cell of the bar's own size holds it, so a wider cell around does not stretch it.
    return (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0"><TR>'
        f'<TD FIXEDSIZE="TRUE" WIDTH="{sum(sizes) + 2}" HEIGHT="9">{bar}</TD></TR></TABLE>'
    )


def _health_cells(words: Glossary) -> list[str]:
    return [
        _cell(f"{HEALTH_SIGN[h]} {words.health(h)}", HEALTH_FILL[h], HEALTH_BORDER[h])
        for h in HEALTH_ORDER
    ]


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


def _gap_rows(
    words: Glossary, gaps: Iterable[Gap], titles: dict[str, str], unreached: Sequence[str]
) -> list[str]:
    by_type: dict[str, list[str]] = {}
    for gap in gaps:
        by_type.setdefault(gap.type.value, []).append(gap.node_id)
    if unreached:
        by_type[NO_PROJECT] = list(unreached)
    rows = []
    for kind in [*(t.value for t in GapType), NO_PROJECT]:
        found = by_type.get(kind, [])
        if not found:
            continue
        names = [_short(titles.get(i, i)) for i in found[:NAMED_PER_GAP]]
        more = len(found) - len(names)
        text = "; ".join(names)
        if more > 0:
            text += " " + words.text("gap.more", count=more)
        lines = '<BR ALIGN="LEFT"/>'.join(escape.html(line) for line in escape.wrap(text, 140))
        label = words.text(f"gap.{kind}")
        rows.append(
            f'<TR><TD ALIGN="LEFT" BALIGN="LEFT"><FONT POINT-SIZE="10" COLOR="{GAP_COLOUR}">'
            f'⚠ {escape.html(label)} ({len(found)}):</FONT><BR ALIGN="LEFT"/>'
            f'<FONT POINT-SIZE="10">{lines}</FONT><BR ALIGN="LEFT"/></TD></TR>'
        )
    return rows


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _short(text: str, width: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"
