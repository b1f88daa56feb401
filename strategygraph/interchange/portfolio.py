"""Portfolio import: one spreadsheet of projects, matched against the existing graph.

Columns (header names are case-insensitive; Finnish names work too): ``title`` (nimi,
hanke) and ``serves`` (palvelee) are required; ``id``, ``region`` (alue), ``owner``
(omistaja), ``phase`` (vaihe), ``start_date`` (alkaa), ``due_date`` (päättyy),
``progress`` (edistyminen, ``40`` or ``40 %``), ``health`` (GREEN/AMBER/RED or vihreä/
keltainen/punainen), ``description`` (kuvaus), ``status``, ``organisation``, ``tags`` are
optional. Dates are ``2018-12-31`` or ``31.12.2018``. Other columns are reported, not read.

``serves`` names, separated by ``;``, the challenges or strategic lines (or organisational
visions) a project serves, each by id or exact title. A title several nodes share is
narrowed to the project's own region; still several is ambiguous. A row whose every name
matches becomes a project with its edges (ADDRESSES a challenge, SUPPORTS a line); a row
with a name that does not match is left out and reported with the reason.

A row without an id is the existing project of that exact title, or else gets a stable id
from its title (``Digitaalinen road map`` → ``digitaalinen-road-map``), so importing the
same sheet again changes nothing. For an existing project, an empty cell leaves its field
as it is.

This module reads the rows into projects and edges; the sheet's layout (which sheet,
which column holds which field) is ``portfolio_sheet``, and what a row's names mean in the
existing graph is ``portfolio_match``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..domain import NodeKind, Problem, ValidationError
from ..domain.codec import node_to_dict
from ..domain.model import STORE_FIELDS, Node
from .csv_tables import extra_cells
from .fields import node_text, split_list
from .fields_read import node_from_text
from .implied_relations import relation_between
from .portfolio_match import ExistingNodes, project_id, served_node
from .portfolio_sheet import COLUMN_ALIASES, read_header, sheet_records
from .reading import MAX_BYTES, Reading, check_size, empty_document, fail_if
from .reading import read_limited as _read
from .values import BadValue, plain

__all__ = [
    "SOURCE_ATTRIBUTE",
    "PortfolioReading",
    "Unmatched",
    "load_portfolio",
    "read_portfolio",
]

SOURCE_ATTRIBUTE = "imported_from"
"""The attribute where a project read from a sheet records its row: ``hankkeet.xlsx,
sheet Hankkeet row 7`` (or ``hankkeet.csv line 7``); the same sheet imported again
records the same row, so it changes nothing."""


@dataclass(frozen=True)
class Unmatched:
    """A name in ``serves`` that matched nothing (or too much); its row was left out."""

    where: str
    project: str
    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: project {self.project!r} left out: {self.name!r} {self.reason}"


@dataclass
class PortfolioReading(Reading):
    matched: list[str] = field(default_factory=list)
    """Ids of the projects read, in row order."""
    unmatched: list[Unmatched] = field(default_factory=list)


def _clean(name: str, text: str) -> str:
    """Spreadsheet spellings to interchange values (``40 %``, ``31.12.2018``, ``vihreä``):
    ``values.plain``, which raises ``BadValue`` naming a bad date as typed."""
    text = plain(name, text.strip())
    return text.upper() if name == "health" else text


def load_portfolio(
    data: bytes,
    existing: Iterable[Node],
    *,
    region: str | None = None,
    name: str = "portfolio.csv",
    max_bytes: int = MAX_BYTES,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> PortfolioReading:
    """Read a portfolio sheet (CSV, or the first or named ``sheet`` of an xlsx workbook)
    against the ``existing`` nodes; ``region`` fills empty cells; ``columns`` maps fields
    to the sheet's own header names (``{"title": "Hankkeen nimi"}``)."""
    check_size(len(data), name, max_bytes)
    index = ExistingNodes(existing)
    notes: list[str] = []
    label, rows, unit = sheet_records(data, name, sheet, notes)
    first = next(rows, None)
    head_where = f"{label} {unit} {first[0] if first else 1}"
    header, mapping_problems = read_header(first[1] if first else [], columns, head_where)
    fail_if(mapping_problems)
    missing = [c for c in ("title", "serves") if c not in header]
    if missing:
        raise ValidationError.one(
            "missing-column",
            f"missing column {missing[0]!r}; the header row has "
            f"{', '.join(repr(c.strip()) for c in header) or 'no columns'}"
            + ("" if columns else " (map the sheet's own names with a column mapping)"),
            missing[0],
            head_where,
        )
    reading = PortfolioReading(empty_document(), sources={"nodes": [], "edges": []})
    reading.report.extend(notes)
    reading.report.extend(
        f"{label}: column {c.strip()!r} is not a portfolio column and was not read"
        for c in header
        if c not in COLUMN_ALIASES and c.strip()
    )
    problems: list[Problem] = []
    taken: dict[str, tuple[str, str]] = {}
    for line, row in rows:
        where = f"{label} {unit} {line}"
        extra = extra_cells(row, header, where)
        if extra is not None:
            problems.append(extra)
            continue
        cells = {
            c: v for c, v in zip(header, row, strict=False) if c in COLUMN_ALIASES and v.strip()
        }
        title = cells.pop("title", "").strip()
        if not title:
            problems.append(Problem("required", "the project has no title", "title", where))
            continue
        home = cells.get("region", region)
        node_id = cells.pop("id", "").strip() or project_id(index, title, home, taken)
        if node_id in taken:
            problems.append(
                Problem(
                    "duplicate-id",
                    f"project {node_id!r} ({title}) is already on {taken[node_id][0]}",
                    "id",
                    where,
                )
            )
            continue
        taken[node_id] = (where, title)
        targets, left_out = [], False
        for wanted in split_list(cells.pop("serves", "")):
            target, reason = served_node(index, wanted, home)
            if target is None:
                reading.unmatched.append(Unmatched(where, title, wanted, reason or ""))
                left_out = True
            else:
                targets.append(target)
        old = index.by_id.get(node_id)
        text = _existing_text(old) if old is not None else {}
        for k, v in cells.items():
            try:
                text[k] = _clean(k, v)
            except BadValue as exc:
                problems.append(Problem("date-format", exc.message, k, where))
        text.update(id=node_id, kind=NodeKind.STRATEGIC_PROJECT.value, title=title)
        text["attributes"] = _with_source(text.get("attributes"), f"{label} {unit} {line}")
        node = node_from_text(text, where, problems, region=region)
        if node is None or left_out:
            continue
        reading.document["nodes"].append(node)
        reading.sources["nodes"].append(where)
        reading.matched.append(node_id)
        if not targets:
            reading.report.append(f"{where}: project {title!r} serves nothing (a gap)")
        for target in targets:
            relation = relation_between(NodeKind.STRATEGIC_PROJECT, target.kind)
            assert relation is not None  # served_node returns only kinds a project may serve
            reading.document["edges"].append(
                {"source": node_id, "relation": relation.value, "target": target.id}
            )
            reading.sources["edges"].append(where)
    fail_if(problems)
    reading.report.extend(str(u) for u in reading.unmatched)
    return reading


def _with_source(attributes: str | None, where: str) -> str:
    """The node's attributes (JSON text) with ``SOURCE_ATTRIBUTE`` set to ``where``."""
    found = json.loads(attributes) if attributes else {}
    found[SOURCE_ATTRIBUTE] = where
    return json.dumps(found, ensure_ascii=False, sort_keys=True)


def _existing_text(node: Node) -> dict[str, str | None]:
    """An existing node's fields as text, so empty cells leave them as they are."""
    return {
        k: v
        for k, v in node_text(node_to_dict(node)).items()
        if v is not None and k not in STORE_FIELDS
    }


def read_portfolio(
    path: str | Path,
    existing: Iterable[Node],
    *,
    region: str | None = None,
    max_bytes: int = MAX_BYTES,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> PortfolioReading:
    """``load_portfolio`` on a file, refused before reading when over ``max_bytes``."""
    file = Path(path)
    return load_portfolio(
        _read(file, max_bytes),
        existing,
        region=region,
        name=file.name,
        max_bytes=max_bytes,
        columns=columns,
        sheet=sheet,
    )
