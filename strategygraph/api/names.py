"""Field names as a client of this API reads them: the interchange format's snake_case
names (``due_date``) become the schema's (``dueDate``), and an edge's endpoints and
suspect stamp are named as ``Relationship`` names them."""

from __future__ import annotations

from strawberry.utils.str_converters import to_camel_case

__all__ = ["api_name"]

_EDGE_NAMES = {"source": "sourceId", "target": "targetId", "suspect_at": "suspectSince"}


def api_name(field: str, edge: bool = False) -> str:
    """The schema's name of an interchange ``field`` of a node (or of an ``edge``).

    >>> api_name("due_date"), api_name("source"), api_name("suspect_at", edge=True)
    ('dueDate', 'source', 'suspectSince')
    """
    return (_EDGE_NAMES.get(field) if edge else None) or to_camel_case(field)
