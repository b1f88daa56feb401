"""The field groups and value tables that every record codec reads.

The checked codec (``codec``), the quick builders of schema-checked records
(``codec_fast``, ``codec_edges``), those of the store's own records (``codec_kept``) and
the diff's field comparison (``node_fields``) all need the same lists of a node's fields
and the same text-to-enum tables. They live here, in one module of plain tables, so each
group is named once and no codec reaches into another's private names.
"""

from __future__ import annotations

from .kinds import Health, NodeKind, Relation, Status
from .model import PROJECT_FIELDS, Node

__all__ = [
    "ALL_FIELDS",
    "DATE_FIELDS",
    "EDGE_KEYS",
    "FIELD_AT",
    "HEALTHS",
    "KINDS",
    "NODE_KEYS",
    "NON_PROJECT_FIELDS",
    "RELATIONS",
    "SHARED_AT",
    "SHARED_FIELDS",
    "STATUSES",
    "TEXT_FIELDS",
    "TIME_FIELDS",
]

TEXT_FIELDS = (
    "organisation",
    "approved_by",
    "decision_ref",
    "source",
    "created_by",
    "updated_by",
    "owner",
    "phase",
)
"""The optional fields that hold a text or nothing (besides id, region, title, description)."""
DATE_FIELDS = ("decision_date", "start_date", "due_date")
TIME_FIELDS = ("created_at", "updated_at")
NODE_KEYS = frozenset(
    {
        "id",
        "kind",
        "region",
        "title",
        "description",
        "status",
        "tags",
        "attributes",
        "version",
        "progress",
        "health",
        *TEXT_FIELDS,
        *DATE_FIELDS,
        *TIME_FIELDS,
    }
)
"""The keys a node's dict may hold."""
EDGE_KEYS = frozenset({"source", "relation", "target", "inferred", "note"})
"""The keys an edge's dict may hold: its identity and attributes, no suspect mark."""

ALL_FIELDS = tuple(Node.__slots__)
"""Every field of ``Node``, in its own (positional) order."""
NON_PROJECT_FIELDS = tuple(n for n in ALL_FIELDS if n not in PROJECT_FIELDS)
"""The fields of a node that is not a project."""
FIELD_AT = {name: i for i, name in enumerate(ALL_FIELDS)}
"""Each field's position in ``ALL_FIELDS`` (a builder's list of values)."""

KINDS: dict[str, NodeKind] = {k.value: k for k in NodeKind}
STATUSES: dict[str, Status] = {s.value: s for s in Status}
HEALTHS: dict[str, Health] = {h.value: h for h in Health}
RELATIONS: dict[str, Relation] = {r.value: r for r in Relation}
"""Each enum by its text: a dict lookup, cheaper than calling the enum class."""

SHARED_FIELDS = (
    "region",
    "organisation",
    "created_by",
    "updated_by",
    "approved_by",
    "owner",
    "phase",
)
"""Fields with few distinct values: one string object each keeps 100,000 nodes small."""
SHARED_AT = tuple(FIELD_AT[name] for name in SHARED_FIELDS)
