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
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..domain import DEFAULT_METAMODEL, NodeKind, Problem, ValidationError
from ..domain.codec import node_to_dict
from ..domain.model import STORE_FIELDS, Node
from .csv_tables import extra_cells
from .csv_text import decode_csv, records
from .fields import node_text, split_list
from .fields_read import node_from_text
from .implied_relations import relation_between
from .reading import MAX_BYTES, Reading, check_size, empty_document, fail_if
from .reading import read_limited as _read
from .values import BadValue, plain
from .xlsx import is_xlsx, sheet_rows

__all__ = [
    "SOURCE_ATTRIBUTE",
    "PortfolioReading",
    "Unmatched",
    "load_portfolio",
    "read_portfolio",
    "slug",
]

SOURCE_ATTRIBUTE = "imported_from"
"""The attribute where a project read from a sheet records its row: ``hankkeet.xlsx,
sheet Hankkeet row 7`` (or ``hankkeet.csv line 7``); the same sheet imported again
records the same row, so it changes nothing."""

_ALIASES = {
    "id": ("id", "tunnus"),
    "title": ("title", "name", "nimi", "hanke", "project"),
    "region": ("region", "alue", "maakunta"),
    "owner": ("owner", "omistaja", "vastuuhenkilö"),
    "phase": ("phase", "vaihe"),
    "start_date": ("start_date", "start", "alkaa", "alkupäivä"),
    "due_date": ("due_date", "due", "end_date", "päättyy", "loppupäivä"),
    "progress": ("progress", "edistyminen", "valmiusaste"),
    "health": ("health", "terveys", "liikennevalo"),
    "serves": ("serves", "palvelee"),
    "description": ("description", "kuvaus"),
    "status": ("status",),
    "organisation": ("organisation", "organization", "organisaatio"),
    "tags": ("tags", "tunnisteet"),
}
_COLUMN = {alias: name for name, aliases in _ALIASES.items() for alias in aliases}
_SERVABLE = tuple(
    sorted(
        (t for s, _, t in DEFAULT_METAMODEL.upward if s is NodeKind.STRATEGIC_PROJECT),
        key=lambda k: -k.layer,
    )
)
"""What a project may serve, nearest layer first: challenge, line, organisational vision."""
_SERVABLE_TEXT = ", ".join(k.label.lower() for k in _SERVABLE[:-1]) + (
    f" or {_SERVABLE[-1].label.lower()}"
)


def slug(title: str) -> str:
    """A stable id from a title: ``Tiedolla johtaminen — 2019`` → ``tiedolla-johtaminen-2019``."""
    plain = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")
    if len(text) > 80:
        text = text[:80].rsplit("-", 1)[0]
    return text or "project"


def _suffixed(title: str) -> str:
    digest = hashlib.sha256(title.encode("utf-8")).hexdigest()[:6]
    return f"{slug(title)[:90]}-{digest}"


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


class _Index:
    """The existing graph: nodes by id, and by exact title."""

    def __init__(self, existing: Iterable[Node]) -> None:
        self.by_id: dict[str, Node] = {}
        self.by_title: dict[str, list[Node]] = defaultdict(list)
        for node in existing:
            self.by_id[node.id] = node
            self.by_title[node.title.strip()].append(node)

    def find(self, name: str, region: str | None, kinds: tuple[NodeKind, ...]) -> list[Node]:
        node = self.by_id.get(name)
        if node is not None:
            return [node]
        found = [n for n in self.by_title.get(name, []) if n.kind in kinds]
        if len(found) > 1:
            found = [n for n in found if n.region == region] or found
        return found or self.by_title.get(name, [])


def _clean(name: str, text: str) -> str:
    """Spreadsheet spellings to interchange values (``40 %``, ``31.12.2018``, ``vihreä``):
    ``values.plain``, which raises ``BadValue`` naming a bad date as typed."""
    text = plain(name, text.strip())
    return text.upper() if name == "health" else text


def _header(
    cells: list[str], columns: Mapping[str, str] | None, where: str
) -> tuple[list[str], list[Problem]]:
    """The portfolio field of each header cell: by ``columns`` (field → header as the
    sheet has it, case-insensitive) first, then by the known names of each field."""
    wanted = {h.strip().lower(): f for f, h in (columns or {}).items()}
    problems = [
        Problem(
            "column-mapping",
            f"{f!r} is not a portfolio column; the columns are {', '.join(_ALIASES)}",
            f,
            where,
        )
        for f in (columns or {})
        if f not in _ALIASES
    ]
    header = []
    for cell in cells:
        key = cell.strip().lower()
        found = wanted.get(key) or _COLUMN.get(key, cell.strip())
        if key not in wanted and found in wanted.values():
            found = f"{cell.strip()} "  # the mapping reads this field from another column
        header.append(found)
    given = {c.strip().lower() for c in cells}
    problems.extend(
        Problem(
            "column-mapping",
            f"the column mapping names {h!r} for {f!r}, but the header row has no such column",
            f,
            where,
        )
        for f, h in (columns or {}).items()
        if f in _ALIASES and h.strip().lower() not in given
    )
    return header, problems


def _sheet_records(
    data: bytes, name: str, sheet: str | None, notes: list[str]
) -> tuple[str, Iterator[tuple[int, list[str]]], str]:
    """The label rows are located by, the rows, and their unit (``line`` or ``row``)."""
    if is_xlsx(data):
        sheets = sheet_rows(data, name)
        if sheet is not None and sheet not in sheets:
            raise ValidationError.one(
                "xlsx-sheets",
                f"no sheet {sheet!r}; the sheets are {', '.join(repr(t) for t in sheets)}",
                "sheet",
                name,
            )
        title = sheet if sheet is not None else next(iter(sheets), "")
        return f"{name}, sheet {title}", iter(sheets.get(title, [])), "row"
    text, note = decode_csv(data, name)
    if note:
        notes.append(note)
    return name, records(text, name), "line"


def _serve(index: _Index, name: str, region: str | None) -> tuple[Node | None, str | None]:
    """The node ``name`` means, or why it means none."""
    found = index.find(name, region, _SERVABLE)
    if not found:
        return None, f"matches no {_SERVABLE_TEXT} by id or exact title"
    if len(found) > 1:
        ids = ", ".join(sorted(n.id for n in found))
        return None, f"is ambiguous: {len(found)} nodes have this title ({ids}); use an id"
    if found[0].kind not in _SERVABLE:
        return None, f"is a {found[0].kind.label.lower()}; a project serves a {_SERVABLE_TEXT}"
    return found[0], None


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
    index = _Index(existing)
    notes: list[str] = []
    label, rows, unit = _sheet_records(data, name, sheet, notes)
    first = next(rows, None)
    head_where = f"{label} {unit} {first[0] if first else 1}"
    header, mapping_problems = _header(first[1] if first else [], columns, head_where)
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
        if c not in _ALIASES and c.strip()
    )
    problems: list[Problem] = []
    taken: dict[str, tuple[str, str]] = {}
    for line, row in rows:
        where = f"{label} {unit} {line}"
        extra = extra_cells(row, header, where)
        if extra is not None:
            problems.append(extra)
            continue
        cells = {c: v for c, v in zip(header, row, strict=False) if c in _ALIASES and v.strip()}
        title = cells.pop("title", "").strip()
        if not title:
            problems.append(Problem("required", "the project has no title", "title", where))
            continue
        home = cells.get("region", region)
        node_id = cells.pop("id", "").strip() or _project_id(index, title, home, taken)
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
            target, reason = _serve(index, wanted, home)
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
            assert relation is not None  # _serve returns only kinds a project may serve
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


def _project_id(
    index: _Index, title: str, region: str | None, taken: dict[str, tuple[str, str]]
) -> str:
    """The existing project with this exact title, or a stable slug of the title."""
    same = index.find(title, region, (NodeKind.STRATEGIC_PROJECT,))
    projects = [n for n in same if n.kind is NodeKind.STRATEGIC_PROJECT]
    if len(projects) == 1:
        return projects[0].id
    candidate = slug(title)
    other = index.by_id.get(candidate)
    clash = other is not None and other.kind is not NodeKind.STRATEGIC_PROJECT
    if clash or (candidate in taken and taken[candidate][1] != title):
        candidate = _suffixed(title)  # another title with the same slug: keep both apart
    return candidate


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
