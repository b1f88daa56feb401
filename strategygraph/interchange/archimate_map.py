"""The ArchiMate mapping both ways: element types and specializations ↔ node kinds, and
relationship types ↔ relations.

Elements. The export writes each kind as the type in the first column, with the kind's
name as its specialization (Archi's profile, the property ``specialization``), so the
three kinds that are all Goals stay apart in any tool. The import reads, in this order:
our ``sg:kind`` property; a specialization naming a kind (in Finnish, Swedish or English,
any case: ``Kansallinen tavoite``, ``National goal``); else the type:

==========================  ==============  ====================================
StrategyGraph kind          export          import of a type (no specialization)
==========================  ==============  ====================================
``NATIONAL_GOAL``           Goal            (a Goal of region ``national`` only)
``CHANGE_VISION``           Outcome         —
``ORGANISATIONAL_VISION``   Goal            Goal
``STRATEGIC_LINE``          CourseOfAction  CourseOfAction, Principle, Outcome
``CHALLENGE``               Assessment      Assessment, Driver
``STRATEGIC_PROJECT``       WorkPackage     WorkPackage, Deliverable
==========================  ==============  ====================================

A region's Driver is a challenge it answers, never a national goal; its Outcomes are
results it draws towards its goals (strategic lines); a national goal or a change vision
comes only from a specialization or ``sg:kind``. An imported element whose type is not
the kind's export type keeps it (attribute ``archimate_type``) and is written back so.
Other types (Stakeholder, Requirement, Capability, Plateau, business, application and
technology elements, …) are skipped and reported.

Relationships. Edges point up, from the concrete to what it serves. The import reads
Influence, Realization, Association, Aggregation, Composition, Triggering and Serving
between two imported elements of different layers as the one relation the metamodel
allows between the two kinds, from the lower layer to the higher, whichever way the
arrow is drawn (ArchiMate draws Realization towards the realised, Aggregation from the
whole). Between two projects the relation is ``DEPENDS_ON``: a Realization, Influence,
Serving or Triggering ``a → b`` is read ``b DEPENDS_ON a`` (the realised, served or later
one needs the other), an Aggregation or Composition ``whole → part`` and an Association
as drawn. The export writes each edge as the strongest relationship ArchiMate 3.1 allows
between the two element types (Realization, else Influence, else a directed
Association), ``DEPENDS_ON`` as a directed Association:

==============================================  ===========================================
edge (default types)                            ArchiMate relationship
==============================================  ===========================================
project ``ADDRESSES`` challenge                 Influence (WorkPackage → Assessment)
challenge ``CHALLENGES`` line                   Association, directed
line ``SUPPORTS`` organisational vision         Realization (CourseOfAction → Goal)
project ``SUPPORTS`` line                       Realization (WorkPackage → CourseOfAction)
project ``SUPPORTS`` organisational vision      Realization
challenge ``SUPPORTS`` organisational vision    Influence
organisational vision ``REALISES`` change v.    Influence (Goal → Outcome)
line ``REALISES`` change vision                 Realization
change vision ``DERIVES_FROM`` national goal    Realization (Outcome → Goal)
org. vision ``DERIVES_FROM`` national goal      Influence (Goal → Goal)
project ``DEPENDS_ON`` project                  Association, directed
==============================================  ===========================================

Relationships of other types (Flow, Access, Assignment, Specialization), with an end that
was skipped, or between kinds no relation joins (two challenges, a line and a national
goal) are skipped and reported.
"""

from __future__ import annotations

from functools import cache

from ..domain import NodeKind as K
from ..domain import Relation as R
from ..glossary import WORDS, Lang, glossary
from .implied_relations import relation_between

__all__ = [
    "ELEMENT_TYPES",
    "IMPORTED_TYPES",
    "READ_TYPES",
    "SPECIALIZATION",
    "UNMAPPED",
    "kind_of_specialization",
    "read_relation",
    "relationship_type",
    "specialization_name",
]

SPECIALIZATION = "specialization"
"""The property definition Archi reads and writes a concept's specialization (profile) as."""

ELEMENT_TYPES = {
    K.NATIONAL_GOAL: "Goal",
    K.CHANGE_VISION: "Outcome",
    K.ORGANISATIONAL_VISION: "Goal",
    K.STRATEGIC_LINE: "CourseOfAction",
    K.CHALLENGE: "Assessment",
    K.STRATEGIC_PROJECT: "WorkPackage",
}
"""The type each kind is exported as (``archimate_type`` overrides it)."""

IMPORTED_TYPES = {
    "Goal": K.ORGANISATIONAL_VISION,
    "Outcome": K.STRATEGIC_LINE,
    "CourseOfAction": K.STRATEGIC_LINE,
    "Principle": K.STRATEGIC_LINE,
    "Driver": K.CHALLENGE,
    "Assessment": K.CHALLENGE,
    "WorkPackage": K.STRATEGIC_PROJECT,
    "Deliverable": K.STRATEGIC_PROJECT,
}
"""The kind of each type read when neither ``sg:kind`` nor a specialization names one."""

UNMAPPED = frozenset(
    {
        "Stakeholder",
        "Requirement",
        "Constraint",
        "Meaning",
        "Value",
        "Capability",
        "ValueStream",
        "Resource",
        "ImplementationEvent",
        "Plateau",
        "Gap",
    }
)
"""Motivation, strategy and implementation types with no StrategyGraph kind."""

READ_TYPES = frozenset(
    {"Influence", "Realization", "Association", "Aggregation", "Composition", "Triggering"}
    | {"Serving"}
)
_NEEDED_BY_TARGET = frozenset({"Realization", "Influence", "Serving", "Triggering"})

_ALLOWED = {
    "Assessment": "Assessment:cgnos CourseOfAction:o Deliverable:o Driver:no Goal:no "
    "Outcome:no Principle:no WorkPackage:o",
    "CourseOfAction": "Assessment:no CourseOfAction:cfgostv Deliverable:o Driver:no Goal:nor "
    "Outcome:nor Principle:nor WorkPackage:o",
    "Deliverable": "Assessment:no CourseOfAction:or Deliverable:cgos Driver:no Goal:nor "
    "Outcome:nor Principle:nor WorkPackage:o",
    "Driver": "Assessment:no CourseOfAction:o Deliverable:o Driver:cgnos Goal:no Outcome:no "
    "Principle:no WorkPackage:o",
    "Goal": "Assessment:no CourseOfAction:o Deliverable:o Driver:no Goal:cgnos Outcome:no "
    "Principle:no WorkPackage:o",
    "Outcome": "Assessment:no CourseOfAction:o Deliverable:o Driver:no Goal:nor Outcome:cgnos "
    "Principle:no WorkPackage:o",
    "Principle": "Assessment:no CourseOfAction:o Deliverable:o Driver:no Goal:nor "
    "Outcome:nor Principle:cgnos WorkPackage:o",
    "WorkPackage": "Assessment:no CourseOfAction:or Deliverable:aor Driver:no Goal:nor "
    "Outcome:nor Principle:nor WorkPackage:cfgost",
}
"""The relationships ArchiMate 3.1 allows between these types (one letter each:
Realization ``r``, Influence ``n``, Association ``o``, …), as Archi's
``relationships.xml`` lists them."""
_LETTERS = {
    source: dict(pair.split(":") for pair in targets.split())
    for source, targets in _ALLOWED.items()
}


def relationship_type(source_type: str, relation: R, target_type: str) -> str:
    """The ArchiMate relationship an edge is written as (see the table above)."""
    if relation is R.DEPENDS_ON:
        return "Association"
    letters = _LETTERS.get(source_type, {}).get(target_type, "o")
    if "r" in letters:
        return "Realization"
    return "Influence" if "n" in letters else "Association"


@cache  # the metamodel and this table are constants: nothing invalidates it
def read_relation(rel_type: str, source: K, target: K) -> tuple[bool, R] | None:
    """``(reversed, relation)`` for a relationship of ``rel_type`` drawn from a ``source``
    kind to a ``target`` kind (``reversed``: the edge goes target → source), or ``None``
    when no relation joins the two kinds."""
    if source is target:
        relation = relation_between(source, target)
        if relation is None:
            return None
        return rel_type in _NEEDED_BY_TARGET, relation
    forward = relation_between(source, target)
    if forward is not None:
        return False, forward
    backward = relation_between(target, source)
    return None if backward is None else (True, backward)


def specialization_name(kind: K, lang: str = "fi") -> str:
    """The kind's name as a specialization: ``Kansallinen tavoite``."""
    name = glossary(lang).kind(kind)
    return name[:1].upper() + name[1:]


_BY_NAME = {
    WORDS[f"kind.{kind.value}.one"][column].casefold(): kind
    for kind in K
    for column in range(len(Lang))
}


def kind_of_specialization(name: str | None) -> K | None:
    """The kind a specialization names, in any of the glossary's languages."""
    return None if name is None else _BY_NAME.get(name.strip().casefold())
