"""The interchange fields by name, and what kind of text each one holds.

A module of its own because every format shares these tables: the writers list the
fields in this order (``csv_cells``, ``graphml``, ``xlsx``, ``archimate``), the general
reader types each field by its kind (``fields_read``), and the quick paths of CSV rows
(``csv_rows``) and GraphML elements (``graphml_quick``) must type them exactly alike.

>>> "progress" in INTEGER_FIELDS, "title" in CODE_FIELDS, "owner" in FREE_TEXT_FIELDS
(True, False, True)
"""

from __future__ import annotations

__all__ = [
    "CODE_FIELDS",
    "EDGE_FIELDS",
    "FREE_TEXT_FIELDS",
    "INTEGER_FIELDS",
    "NODE_FIELDS",
]

NODE_FIELDS = (
    "id",
    "kind",
    "region",
    "title",
    "description",
    "status",
    "organisation",
    "approved_by",
    "decision_date",
    "decision_ref",
    "tags",
    "source",
    "attributes",
    "owner",
    "phase",
    "start_date",
    "due_date",
    "progress",
    "health",
    "version",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
)
"""Every node field of the interchange format, in the order files list them."""

EDGE_FIELDS = ("source", "relation", "target", "inferred", "note", "suspect_at", "suspect_by")
"""Every edge field; ``suspect_at``/``suspect_by`` (format version 2) only while suspect."""

INTEGER_FIELDS = frozenset({"progress", "version"})
"""Fields whose text is a whole number."""
FREE_TEXT_FIELDS = frozenset(
    {
        "description",
        "approved_by",
        "decision_ref",
        "source",
        "owner",
        "phase",
        "created_by",
        "updated_by",
        "note",
        "suspect_by",
    }
)
"""Fields where an empty text is a value of its own, not an absent one."""
CODE_FIELDS = frozenset(
    {
        "id",
        "kind",
        "region",
        "status",
        "organisation",
        "decision_date",
        "start_date",
        "due_date",
        "health",
        "created_at",
        "updated_at",
        "relation",
        "target",
        "suspect_at",
    }
)
"""Fields whose surrounding whitespace (a spreadsheet's stray space) is dropped."""
