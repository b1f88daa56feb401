"""ArchiMate relationships as our edges: the relation their type makes between the two
kinds (``archimate_map.read_relation``), or as drawn in our own export; a risk's
relationships as what it threatens; every other relationship skipped with its reason.

Its own module apart from the elements (``archimate_elements``) and the model's reading
(``archimate_read``): it needs the nodes already read, and names a skipped
relationship's ends in the report.
"""

from __future__ import annotations

from collections import Counter
from functools import cached_property
from typing import Any

from ..domain import Edge, NodeKind, Problem, Relation
from ..domain.codec_edges import plain_edge
from .archimate import PREFIX
from .archimate_concepts import Concept, Model
from .archimate_map import READ_TYPES, read_relation
from .fields_read import edge_record
from .reading import Reading

__all__ = ["read_relationships"]

K = NodeKind
_RELATION, _NOTE, _INFERRED = PREFIX + "relation", PREFIX + "note", PREFIX + "inferred"

_Relation = tuple[bool, Relation, str] | None
"""Whether an edge goes backwards, its relation and the relation's name (``read_relation``)."""


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


def read_relationships(
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
