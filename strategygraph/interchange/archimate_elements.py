"""An ArchiMate element as our node: its kind (from ``sg:kind``, a specialization or its
type), its id, texts and fields, and other tools' properties kept as attributes.

Its own module because it is the one place that decides what an element is to us, apart
from reading the model (``archimate_read``) and its relationships
(``archimate_relationships``).
"""

from __future__ import annotations

import json
import re
from typing import Any

from ..domain import NATIONAL, Node, NodeKind, Problem
from ..domain.validation import ID_PATTERN
from .archimate import ELEMENT_TYPES, PREFIX
from .archimate_concepts import Concept
from .archimate_map import IMPORTED_TYPES, SPECIALIZATION, UNMAPPED, kind_of_specialization
from .archimate_names import ID_ATTRIBUTE, TYPE_ATTRIBUTE, read_texts
from .field_names import NODE_FIELDS
from .fields_read import node_record
from .reading import Reading
from .situation_fields import ATTACHED

__all__ = ["Plans", "element_node"]

K = NodeKind
_FIELDS = frozenset(NODE_FIELDS)
_KINDS = dict(K.__members__)
_OUR_FIELDS = {PREFIX + name: name for name in NODE_FIELDS}
"""``sg:status`` → ``status``: a look-up, not a new string per property."""
_CUT = len(PREFIX)
_KIND, _REGION = PREFIX + "kind", PREFIX + "region"


def _our_id(identifier: str) -> str:
    """``id-ch-open`` → ``ch-open``; other identifiers made to fit our id rule."""
    plain = identifier.removeprefix("id-")
    if ID_PATTERN.fullmatch(plain):
        return plain
    return re.sub(r"[^a-z0-9-]", "-", plain.lower()).lstrip("-")[:100] or "element"


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
Plans = dict[tuple[str, str | None, str | None, str | None], _Plan]
"""``_plan``'s answers by the element's type, ``sg:kind``, specialization and ``sg:region``."""


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


def element_node(
    element: Concept,
    values: dict[str, str],
    where: str,
    region: str | None,
    reading: Reading,
    problems: list[Problem],
    plans: Plans,
) -> tuple[dict[str, Any], Node | None] | None:
    """The interchange dict of an element and its ``Node`` (``fields_read.node_record``);
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
