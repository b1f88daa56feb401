"""The board view of a region, one page for a board's papers: how the projects under each
strategic line and each national goal divide by health, the overdue projects, and what
changed since a date (the event log the API's ``changes`` reads).

Drawn by ``dot`` as HTML-like tables in one plaintext node, so it prints as the maps do
(SVG, PNG, PDF, the paper presets); every word from the glossary, user text escaped.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta

import graphviz

from ..domain import NATIONAL, Event, Health, Node, NodeKind, NotFound, Status, StoreUnavailable
from ..domain.operations import (
    COMMENT_OPERATIONS,
    EDGE_OPERATIONS,
    NODE_OPERATIONS,
    SITUATION_EVENTS,
    EventOperation,
)
from ..domain.situation import StatusReport
from ..glossary import Glossary
from ..service.situation_view import situation_of
from ..store import GraphStore
from . import escape
from .layered_nodes import is_overdue
from .legend import distribution, footer, health_bar
from .request import MapRequest
from .style import FONT, HEALTH_BORDER, HEALTH_SIGN, MUTED, OVERDUE_COLOUR, OVERDUE_SIGN, TEXT

__all__ = ["SINCE_DAYS", "board_dot", "board_since"]

SINCE_DAYS = 30
"""Without a date, "changed since" looks back this many days (about one board cycle)."""
CHANGES_SHOWN = 12
CHANGES_READ = 1_000
"""The log entries read for the count; past it the count says "1 000+"."""
REPORTS_SHOWN = 10
"""The latest status reports listed (one per project, newest first)."""
TITLE = 44
PROJECT = [NodeKind.STRATEGIC_PROJECT]
OPERATIONS = NODE_OPERATIONS | EDGE_OPERATIONS | COMMENT_OPERATIONS | SITUATION_EVENTS
"""The changes the board lists by name (the rest as "other"): the situational picture's
too, a status report filed or a reading recorded being what a board asks about first."""


def board_since(request: MapRequest, today: date) -> date:
    """The day "changed since" starts: the request's, else ``SINCE_DAYS`` ago."""
    return request.since or today - timedelta(days=SINCE_DAYS)


def board_dot(
    store: GraphStore, request: MapRequest, today: date, version: int, words: Glossary
) -> tuple[str, int]:
    """The DOT of the board view of ``request.region`` and how many rows it draws."""
    region = request.region or ""
    regions = {r.id: r for r in store.regions()}
    if region not in regions or region == NATIONAL:
        raise NotFound("region", region)
    mine = {n.id: n for n in store.nodes(region=region) if n.status is not Status.RETIRED}
    projects = [n for n in mine.values() if n.is_project]

    def under(node: Node) -> list[Node]:
        found = (mine.get(c.node_id) for c in store.trace_down(node.id, kinds=PROJECT))
        return [p for p in found if p is not None]

    lines = sorted((n for n in mine.values() if n.kind is NodeKind.STRATEGIC_LINE), key=_id)
    goals = sorted(store.nodes(kind=NodeKind.NATIONAL_GOAL), key=_id)
    late = sorted((p for p in projects if is_overdue(p, today)), key=lambda p: (p.due_date, p.id))
    since = board_since(request, today)
    start = datetime.combine(since, time(0), tzinfo=UTC)
    events = store.events(region=region, since=start, limit=CHANGES_READ, newest_first=True)
    sections = [
        _health_table(words, words.text("board.lines"), [(n, under(n)) for n in lines], today),
        _health_table(words, words.text("board.goals"), [(n, under(n)) for n in goals], today),
        _late_table(words, late),
        _changes_table(words, store, events, since),
    ]
    reports = _latest_reports(store, projects)
    sections.append(_reports_table(words, mine, reports))
    title = escape.html(regions[region].name)
    facts = escape.html(f"{words.text('board.subtitle')} · {words.date(today)}")
    whole = (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="6" CELLPADDING="0">'
        f'<TR><TD ALIGN="LEFT" COLSPAN="2"><FONT POINT-SIZE="22"><B>{title}</B></FONT></TD></TR>'
        f'<TR><TD ALIGN="LEFT" COLSPAN="2"><FONT POINT-SIZE="11" COLOR="{MUTED}">{facts}'
        "</FONT></TD></TR>"
        f'<TR><TD VALIGN="TOP">{sections[0]}</TD><TD VALIGN="TOP">{sections[1]}</TD></TR>'
        f'<TR><TD VALIGN="TOP">{sections[2]}</TD><TD VALIGN="TOP">{sections[3]}</TD></TR>'
        f'<TR><TD VALIGN="TOP" COLSPAN="2">{sections[4]}</TD></TR>'
        f'<TR><TD ALIGN="LEFT" COLSPAN="2">{footer(words, version)}</TD></TR>'
        "</TABLE>"
    )
    graph = graphviz.Digraph(
        name="board",
        graph_attr={"id": "_map", "bgcolor": "white", "pad": "0.2", "fontname": FONT},
        node_attr={"fontname": FONT, "fontcolor": TEXT},
    )
    graph.node("_board", label=f"<{whole}>", id="_board", shape="plaintext")
    rows = len(lines) + len(goals) + len(late) + min(len(events), CHANGES_SHOWN)
    rows += min(len(reports), REPORTS_SHOWN)
    return str(graph.source), rows


def _heading(text: str, columns: int) -> str:
    return (
        f'<TR><TD ALIGN="LEFT" COLSPAN="{columns}"><FONT POINT-SIZE="13"><B>'
        f"{escape.html(text)}</B></FONT></TD></TR>"
    )


def _cell(text: str, colour: str = TEXT, align: str = "LEFT") -> str:
    if not text:
        return "<TD></TD>"  # dot refuses an empty <FONT>
    return (
        f'<TD ALIGN="{align}" BALIGN="LEFT"><FONT POINT-SIZE="10" COLOR="{colour}">'
        f"{text}</FONT></TD>"
    )


def _title(text: str) -> str:
    """A title in at most two lines, the rest cut with "…"."""
    lines = escape.wrap(text, TITLE)
    if len(lines) > 2:
        lines = [lines[0], lines[1][: TITLE - 2].rstrip() + " …"]
    return '<BR ALIGN="LEFT"/>'.join(escape.html(x) for x in lines)


def _health_table(
    words: Glossary, heading: str, rows: list[tuple[Node, list[Node]]], today: date
) -> str:
    """One row per node: its title, how its projects divide (signs, counts, a bar), the
    overdue ones; a node no project reaches says so in words."""
    body = [_heading(heading, 4)]
    for node, projects in rows:
        counts: Counter[Health] = Counter(p.effective_health for p in projects)
        late = sum(is_overdue(p, today) for p in projects)
        if projects:
            health = distribution(words, counts, 10)
            bar = f'<TD ALIGN="LEFT">{health_bar(words, counts, 70)}</TD>'
        else:
            health = escape.html(words.text("board.no_project"))
            bar = "<TD></TD>"
        flag = f"{OVERDUE_SIGN} {words.text('overdue.count', count=late)}" if late else ""
        body.append(
            "<TR>"
            + _cell(_title(node.title))
            + f'<TD ALIGN="LEFT"><FONT POINT-SIZE="10">{health}</FONT></TD>'
            + bar
            + _cell(escape.html(flag), OVERDUE_COLOUR)
            + "</TR>"
        )
    if not rows:
        body.append(f"<TR>{_cell(escape.html(words.text('board.none')), MUTED)}</TR>")
    return _table(body)


def _late_table(words: Glossary, late: list[Node]) -> str:
    body = [_heading(words.text("board.overdue", count=len(late)), 4)]
    for node in late:
        due = words.date(node.due_date) if node.due_date else ""
        progress = f"{node.progress} %" if node.progress is not None else ""
        body.append(
            "<TR>"
            + _cell(_title(node.title))
            + _cell(escape.html(f"{OVERDUE_SIGN} {due}"), OVERDUE_COLOUR)
            + _cell(escape.html(progress), align="RIGHT")
            + _cell(
                escape.html(
                    f"{HEALTH_SIGN[node.effective_health]} {words.health(node.effective_health)}"
                ),
                HEALTH_BORDER[node.effective_health],
            )
            + "</TR>"
        )
    if not late:
        body.append(f"<TR>{_cell(escape.html(words.text('board.none')), MUTED)}</TR>")
    return _table(body)


def _changes_table(words: Glossary, store: GraphStore, events: list[Event], since: date) -> str:
    count = words.number(len(events)) + ("+" if len(events) >= CHANGES_READ else "")
    heading = words.text("board.changes", date=words.date(since), count=count)
    body = [_heading(heading, 3)]
    for event in events[:CHANGES_SHOWN]:
        op = event.operation if event.operation in OPERATIONS else "other"
        if op == EventOperation.PUT_RISK and event.before is None:
            op = "add_risk"
        when = words.date(event.at.date())
        body.append(
            "<TR>"
            + _cell(escape.html(when), MUTED)
            + _cell(escape.html(words.text(f"board.op.{op}")))
            + _cell(_title(_subject(store, event)))
            + "</TR>"
        )
    if len(events) > CHANGES_SHOWN:
        more = words.text("gap.more", count=len(events) - CHANGES_SHOWN)
        body.append(f"<TR><TD></TD>{_cell(escape.html(more), MUTED)}</TR>")
    if not events:
        body.append(f"<TR>{_cell(escape.html(words.text('board.none')), MUTED)}</TR>")
    return _table(body)


def _subject(store: GraphStore, event: Event) -> str:
    """What a change is about, by its title: the node's, the risk's or the indicator's
    (a reading's: its indicator's), as it is now, else as the event left it (a deleted
    risk: as it was); its id when nothing is left to name it by."""
    operation = event.operation
    if operation not in SITUATION_EVENTS or operation == EventOperation.FILE_REPORT:
        try:
            return store.get_node(event.target).title
        except NotFound:
            return event.target
    try:
        state = situation_of(store)
    except StoreUnavailable:
        state = None
    if state is not None:
        kept = state.risks if operation in _RISK_EVENTS else state.indicators
        found = kept.get(event.target)
        if found is not None:
            return found.title
    record = event.after or event.before or {}
    title = record.get("title") if operation != EventOperation.ADD_MEASUREMENT else None
    return str(title or event.target)


_RISK_EVENTS = frozenset({EventOperation.PUT_RISK, EventOperation.DELETE_RISK})


def _latest_reports(store: GraphStore, projects: list[Node]) -> list[StatusReport]:
    """Each project's latest status report, newest first (none on a store without the
    situational picture)."""
    try:
        state = situation_of(store)
    except StoreUnavailable:
        return []
    found = [r for p in projects if (r := state.last_report(p.id)) is not None]
    return sorted(found, key=lambda r: (r.on, r.id), reverse=True)


def _reports_table(words: Glossary, mine: dict[str, Node], reports: list[StatusReport]) -> str:
    """One row per project with a report: its date, the health it reports, the project's
    title and the summary's start."""
    body = [_heading(words.text("board.reports", count=words.number(len(reports))), 4)]
    for report in reports[:REPORTS_SHOWN]:
        project = mine.get(report.project)
        body.append(
            "<TR>"
            + _cell(escape.html(words.date(report.on)), MUTED)
            + _cell(
                escape.html(f"{HEALTH_SIGN[report.health]} {words.health(report.health)}"),
                HEALTH_BORDER[report.health],
            )
            + _cell(_title(project.title if project else report.project))
            + _cell(_title(report.summary))
            + "</TR>"
        )
    if len(reports) > REPORTS_SHOWN:
        more = words.text("gap.more", count=len(reports) - REPORTS_SHOWN)
        body.append(f"<TR><TD></TD>{_cell(escape.html(more), MUTED)}</TR>")
    if not reports:
        body.append(f"<TR>{_cell(escape.html(words.text('board.none')), MUTED)}</TR>")
    return _table(body)


def _table(rows: list[str]) -> str:
    return (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="2" CELLPADDING="2">'
        + "".join(rows)
        + "</TABLE>"
    )


def _id(node: Node) -> str:
    return node.id
