"""ArchiMate 3.1 exchange import: the motivation, strategy and implementation elements of
any model and the relationships between them, by the table in ``archimate_map``;
everything else is skipped, and each skipped element or relationship is reported with
the reason. The import fails only on a malformed file or field, never for what it skips.

An element's kind is its ``sg:kind`` property, or a specialization naming a kind, or else
follows its type; a Goal of region ``national`` is a national goal. Ids are the
identifiers without ``id-`` (lower-cased, other characters as ``-``); another identifier
is kept as ``archimate_id`` (see ``archimate_names``: names and documentation in other
languages are kept likewise). Properties named ``sg:<field>`` fill our fields; other
properties become the node's attributes. A missing region is the ``region`` given.
Risks (Assessments with the specialization ``Riski``), what they threaten, and the
indicators and status reports a node's properties hold are read too
(``archimate_situation``).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from functools import cached_property
from typing import Any

from ..collector import collector_paused
from ..domain import NATIONAL, Edge, Node, NodeKind, Problem, Relation, ValidationError
from ..domain.codec_edges import plain_edge
from ..domain.validation import ID_PATTERN
from .archimate import ARCHIMATE_NS, ELEMENT_TYPES, PREFIX
from .archimate_concepts import Concept, Model, from_tree
from .archimate_map import (
    IMPORTED_TYPES,
    READ_TYPES,
    SPECIALIZATION,
    UNMAPPED,
    kind_of_specialization,
    read_relation,
)
from .archimate_names import ID_ATTRIBUTE, TYPE_ATTRIBUTE, read_texts
from .archimate_scan import scan
from .archimate_situation import is_risk
from .archimate_tree import NS, Properties
from .archimate_views import PLACEHOLDER_ID
from .fields import NODE_FIELDS, edge_record, node_record
from .reading import MAX_BYTES, Built, Reading, check_size, empty_document, fail_if
from .situation_fields import ATTACHED, read_attached, read_risk
from .xmlsafe import parse_xml

__all__ = ["IMPORTED_TYPES", "load_archimate"]

K = NodeKind
_FIELDS = frozenset(NODE_FIELDS)
_KINDS = dict(K.__members__)
_OUR_FIELDS = {PREFIX + name: name for name in NODE_FIELDS}
"""``sg:status`` → ``status``: a look-up, not a new string per property."""
_CUT = len(PREFIX)
_BY_VALUE = {kind.value: kind for kind in K}
_RELATION, _NOTE, _INFERRED = PREFIX + "relation", PREFIX + "note", PREFIX + "inferred"
_KIND, _REGION = PREFIX + "kind", PREFIX + "region"
_ATTACHED = frozenset(PREFIX + section for section in ATTACHED)

_Relation = tuple[bool, Relation, str] | None
"""Whether an edge goes backwards, its relation and the relation's name (``read_relation``)."""


def _our_id(identifier: str) -> str:
    """``id-ch-open`` → ``ch-open``; other identifiers made to fit our id rule."""
    plain = identifier.removeprefix("id-")
    if ID_PATTERN.fullmatch(plain):
        return plain
    return re.sub(r"[^a-z0-9-]", "-", plain.lower()).lstrip("-")[:100] or "element"


def load_archimate(
    data: bytes,
    *,
    name: str = "model.xml",
    region: str | None = None,
    max_bytes: int = MAX_BYTES,
    quick: bool = True,
) -> Reading:
    """Read an exchange-format model into an interchange dict and a report of the skipped.
    A file in our export's shape takes the quick path (``archimate_scan``); ``quick=False``
    reads every file from its parsed tree (the general path the quick one is tested
    against)."""
    check_size(len(data), name, max_bytes)
    with collector_paused():  # millions of XML elements and dicts, all kept
        return _read(data, name, region, quick)


def _model(data: bytes, name: str, quick: bool) -> Model:
    """The model's concepts: scanned from the text when it has our export's shape (the
    quick path), else read from the parsed tree."""
    scanned = scan(data) if quick else None
    if scanned is not None:
        return scanned
    root = parse_xml(data, name)
    if root.tag != f"{NS}model":
        raise ValidationError.one(
            "archimate",
            f"the root element is {root.tag!r}, not an ArchiMate exchange <model> "
            f"in the namespace {ARCHIMATE_NS}",
            where=name,
        )
    return from_tree(root, Properties(root))


def _read(data: bytes, name: str, region: str | None, quick: bool) -> Reading:
    model = _model(data, name, quick)
    root, properties = model.root, model.properties
    reading = Reading(empty_document(), sources={"nodes": [], "edges": []})
    # Nodes and edges with the records built while checking them (``Built``): the
    # service takes those instead of building each record again.
    reading.document["nodes"], reading.document["edges"] = Built(), Built()
    problems: list[Problem] = []
    _model_lists(properties.of(root), name, reading, problems)
    nodes: dict[str, tuple[dict[str, Any], K]] = {}
    risks: dict[str, dict[str, Any]] = {}
    ids: set[str] = set()
    skipped_types: Counter[str] = Counter()
    add_node, node_sources = reading.document["nodes"].add, reading.sources["nodes"].append
    plans: dict[tuple[str, str | None, str | None, str | None], _Plan] = {}
    risk_names: dict[str | None, bool] = {}  # is_risk's answer by specialization
    for element in model.elements:
        identifier = element.identifier
        if identifier == PLACEHOLDER_ID:
            continue  # the one element of an empty graph's export
        where = f"{name} element {identifier}"
        found = len(problems)
        values = element.values
        specialization = values.get(SPECIALIZATION)
        risky = risk_names.get(specialization)
        if risky is None:
            risky = risk_names[specialization] = is_risk(specialization)
        if risky:
            title, description, _ = read_texts(element.names, element.documentation, "fi")
            risk = read_risk(identifier, title, description, values, region, where, problems)
            risks[identifier] = risk
            reading.document.setdefault("risks", []).append(risk)
            reading.sources.setdefault("risks", []).append(where)
            continue
        built = _node(element, values, where, region, reading, problems, plans)
        if built is None:
            if len(problems) == found:
                skipped_types[element.type] += 1
            continue
        node = built[0]
        if node["id"] in ids:
            problems.append(
                Problem("duplicate-id", f"id {node['id']!r} is used twice", "id", where)
            )
        ids.add(node["id"])
        if not values.keys().isdisjoint(_ATTACHED):  # else read_attached finds none
            read_attached(values, node["id"], where, reading.document, reading.sources, problems)
        nodes[identifier] = (node, _BY_VALUE[node["kind"]])
        add_node(node, built[1])
        node_sources(where)
    if skipped_types and not nodes and not problems:
        raise ValidationError.one(
            "archimate-nothing",
            f"none of the {skipped_types.total()} elements is of a type StrategyGraph reads "
            f"({_counted(skipped_types)}); it reads {', '.join(IMPORTED_TYPES)}",
            where=name,
        )
    reasons: Counter[str] = Counter()
    _relationships(model, name, nodes, reading, problems, reasons, risks)
    fail_if(problems)
    if _foreign_views(root):
        reading.report.append(
            f"{name}: views and diagrams were not read (an export draws one per region)"
        )
    if skipped_types or reasons:
        reading.report.append(
            f"{name}: read {len(reading.document['nodes'])} elements and "
            f"{len(reading.document['edges'])} relationships; skipped "
            f"{skipped_types.total()} elements ({_counted(skipped_types) or '-'}) and "
            f"{reasons.total()} relationships ({_counted(reasons) or '-'})"
        )
    return reading


def _counted(counts: Counter[str]) -> str:
    """``Stakeholder 2, Requirement 1``: most first."""
    return ", ".join(f"{what} {n}" for what, n in counts.most_common())


def _foreign_views(root: ET.Element) -> bool:
    """Whether the model has views other than those an export draws."""
    return any(
        not view.get("identifier", "").startswith("id-view-")
        for view in root.iterfind(f"{NS}views/{NS}diagrams/{NS}view")
    )


def _model_lists(
    values: dict[str, str], name: str, reading: Reading, problems: list[Problem]
) -> None:
    """Regions and organisations, kept as JSON text in model properties."""
    for section in ("regions", "organisations"):
        text = values.get(PREFIX + section)
        if not text:
            continue
        where = f"{name} model property {PREFIX}{section}"
        try:
            items = json.loads(text)
        except json.JSONDecodeError as exc:
            problems.append(Problem("model-property", f"not JSON text: {exc.msg}", None, where))
            continue
        if not isinstance(items, list):
            problems.append(Problem("model-property", "must be a JSON list", None, where))
            continue
        reading.document[section] = items
        reading.sources[section] = [f"{where} [{i}]" for i in range(len(items))]


def _kind(element_type: str, named: K | None, values: dict[str, str]) -> K | None:
    """The kind a specialization names, else the type's (before ``sg:kind``)."""
    if named is not None:
        return named
    kind = IMPORTED_TYPES.get(element_type)
    if kind is K.ORGANISATIONAL_VISION and values.get(PREFIX + "region") == NATIONAL:
        return K.NATIONAL_GOAL
    return kind


_Plan = tuple[bool, str | None, bool, bool]
"""What an element's type, ``sg:kind``, specialization and ``sg:region`` make of it
(``_plan``): skipped; its kind's name (before ``sg:kind``); its specialization kept as an
attribute (it names no kind); its type kept as an attribute (not the kind's own)."""


def _plan(
    element_type: str, kind_name: str | None, specialization: str | None, values: dict[str, str]
) -> _Plan:
    named = kind_of_specialization(specialization)
    kind = _kind(element_type, named, values)
    stated = _KINDS.get(kind_name or "", kind if kind_name is None else None)
    return (
        kind_name is None and kind is None,
        kind.value if kind else None,
        named is None,
        stated is not None and element_type != ELEMENT_TYPES[stated],
    )


def _node(
    element: Concept,
    values: dict[str, str],
    where: str,
    region: str | None,
    reading: Reading,
    problems: list[Problem],
    plans: dict[tuple[str, str | None, str | None, str | None], _Plan],
) -> tuple[dict[str, Any], Node | None] | None:
    """The interchange dict of an element and its ``Node`` (``fields.node_record``);
    ``plans`` keeps ``_plan``'s answers for the read (a model has few distinct ones)."""
    kind_name = values.get(_KIND)
    element_type = element.type
    specialization = values.get(SPECIALIZATION)
    asked = (element_type, kind_name, specialization, values.get(_REGION))
    plan = plans.get(asked)
    if plan is None:
        plan = plans[asked] = _plan(element_type, kind_name, specialization, values)
    skip, kind_value, foreign_specialization, other_type = plan
    if skip:
        why = (
            "no StrategyGraph kind for this type"
            if element_type in UNMAPPED
            else "not a motivation, strategy or implementation element"
        )
        reading.report.append(f"{where}: skipped {element.describe()}: {why}")
        return None
    ours = _OUR_FIELDS
    cells: dict[str, str | None] = {ours[k]: v for k, v in values.items() if k in ours}
    foreign: dict[str, str] = {}
    unknown: list[str] = []
    if len(cells) + (specialization is not None) < len(values):  # more than our fields
        for key, value in values.items():
            if key.startswith(PREFIX):
                field = key[_CUT:]
                if field not in _FIELDS and field not in ATTACHED:  # records: read_attached
                    unknown.append(field)
            elif key != SPECIALIZATION:
                foreign[key] = value
    cells.setdefault("kind", kind_value)
    identifier = element.identifier
    cells["id"] = _our_id(identifier)
    cells["title"], cells["description"], kept = read_texts(
        element.names, element.documentation, "fi"
    )
    if identifier != f"id-{cells['id']}":
        kept[ID_ATTRIBUTE] = identifier
    if other_type:
        kept[TYPE_ATTRIBUTE] = element_type  # written back as it came
    if specialization is not None and foreign_specialization:
        foreign["Specialization"] = specialization
    if foreign or kept:
        cells["attributes"] = _with_foreign(cells.get("attributes"), {**foreign, **kept})
    for field in sorted(unknown):
        reading.report.append(f"{where}: property {PREFIX}{field} is not a field; not read")
    return node_record(cells, where, problems, empty_is_null=False, region=region)


def _with_foreign(attributes: str | None, foreign: dict[str, str]) -> str | None:
    """Other tools' properties kept as attributes (ours win on a clash)."""
    try:
        ours = json.loads(attributes) if attributes else {}
    except json.JSONDecodeError:
        return attributes  # node_from_text reports the bad JSON
    if not isinstance(ours, dict):
        return attributes
    return json.dumps({**foreign, **ours}, ensure_ascii=False)


def _skipped(
    reading: Reading, where: str, kind: str, ends: list[str], every: dict[str, Concept], why: str
) -> str:
    shown = " -> ".join(every[e].describe() if e in every else repr(e) for e in ends)
    reading.report.append(f"{where}: skipped {kind} {shown}: {why}")
    return why


class _Concepts:
    """Elements and relationships by identifier, to name a skipped relationship's ends;
    made on first use (a model of our own skips none)."""

    def __init__(self, model: Model) -> None:
        self._model = model

    @cached_property
    def links(self) -> dict[str, Concept]:
        """The relationships: ArchiMate 3.1 lets an Association or Aggregation end at a
        relationship (Visual Paradigm writes them), named as what it is, never imported."""
        return {r.identifier: r for r in self._model.relationships}

    @cached_property
    def every(self) -> dict[str, Concept]:
        """Elements, then the relationships that no element's identifier hides."""
        found = {e.identifier: e for e in self._model.elements}
        found.update((i, r) for i, r in self.links.items() if i not in found)
        return found


def _relationships(
    model: Model,
    name: str,
    nodes: dict[str, tuple[dict[str, Any], K]],
    reading: Reading,
    problems: list[Problem],
    reasons: Counter[str],
    risks: dict[str, dict[str, Any]],
) -> None:
    """The edges of the relationships (and what risks threaten); ``reasons`` counts why
    others were skipped."""
    seen: set[tuple[str, str]] = set()
    concepts = _Concepts(model)
    relations: dict[tuple[str, str, str], _Relation] = {}  # read_relation's, by kind names
    add_edge, edge_sources = reading.document["edges"].add, reading.sources["edges"].append
    for relationship in model.relationships:
        where = f"{name} relationship {relationship.identifier}"
        kind = relationship.type
        ends = [relationship.source, relationship.target]
        threat = _threat(ends, nodes, risks) if risks else None
        if threat is not None:
            risk, node = threat
            if node not in risk["threatens"]:
                risk["threatens"].append(node)
                if relationship.values.get(_INFERRED, "").lower() == "true":
                    risk["inferred"].append(node)
            continue
        if ends[0] not in nodes or ends[1] not in nodes:
            links = concepts.links
            why = (
                "an end is a relationship"
                if ends[0] in links or ends[1] in links
                else "an end was not imported"
            )
            reasons[_skipped(reading, where, kind, ends, concepts.every, why)] += 1
            continue
        if kind not in READ_TYPES:
            reasons[_skipped(reading, where, kind, ends, concepts.every, "type not read")] += 1
            continue
        bare = relationship.bare  # no name, no properties: most of a large model's
        values = relationship.values
        given = values.get(_RELATION)
        (a, a_kind), (b, b_kind) = nodes[ends[0]], nodes[ends[1]]
        kinds = (kind, a["kind"], b["kind"])
        if kinds in relations:
            read = relations[kinds]
        else:
            found_relation = read_relation(kind, a_kind, b_kind)
            read = relations[kinds] = (
                None if found_relation is None else (*found_relation, found_relation[1].value)
            )
        if given:  # our own export: as drawn
            found = (a["id"], given, b["id"])
        elif read is None:
            why = f"no relation joins {a_kind.value} and {b_kind.value}"
            _skipped(reading, where, kind, ends, concepts.every, why)
            reasons["no relation joins the two kinds"] += 1
            continue
        else:
            backward, relation, relation_name = read
            source, target = (b, a) if backward else (a, b)
            found = (source["id"], relation_name, target["id"])
        if (found[0], found[2]) in seen:
            why = "these are already linked"
            reasons[_skipped(reading, where, kind, ends, concepts.every, why)] += 1
            continue
        seen.add((found[0], found[2]))
        note = values.get(_NOTE)
        if note is None and not bare:
            note = relationship.label
        inferred = values.get(_INFERRED)
        edge: tuple[dict[str, Any], Edge | None] | None
        if note is None and inferred is None and given is None:
            # two imported nodes and the relation between their kinds: valid as it is
            edge = (
                {"source": found[0], "relation": found[1], "target": found[2]},
                plain_edge(found[0], relation, found[2]),
            )
        else:
            cells = {"source": found[0], "relation": found[1], "target": found[2]}
            cells.update(inferred=inferred, note=note)
            edge = edge_record(cells, where, problems, empty_is_null=False)
        if edge is not None:
            add_edge(*edge)
            edge_sources(where)


def _threat(
    ends: list[str], nodes: dict[str, tuple[dict[str, Any], K]], risks: dict[str, dict[str, Any]]
) -> tuple[dict[str, Any], str] | None:
    """The risk and the node a relationship between them joins (either way drawn)."""
    for one, other in (ends, ends[::-1]):
        if one in risks and other in nodes:
            return risks[one], nodes[other][0]["id"]
    return None
