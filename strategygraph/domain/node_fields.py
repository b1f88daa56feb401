"""Which fields of a node differ between two of its states, stamps aside."""

from __future__ import annotations

from datetime import datetime

from .codec import _ALL_FIELDS, _GET_ALL, _GET_NON_PROJECT, _NON_PROJECT_FIELDS, node_to_dict
from .model import STAMP_FIELDS, Node

__all__ = ["changed_fields"]


def changed_fields(old: Node, new: Node) -> list[str]:
    """The fields whose JSON (``node_to_dict``) differs between ``old`` and ``new``, in
    order, leaving out what every write stamps (``STAMP_FIELDS``).

    Compared as typed values, read in one ``attrgetter`` call each, without building the
    JSON: each conversion to JSON tells unequal values apart, so typed values differ
    exactly when their JSON does; except two equal times written with other offsets,
    which are compared by their text too. Two kinds (other fields): by the JSON."""
    if old.kind is not new.kind:
        before, after = node_to_dict(old), node_to_dict(new)
        return sorted(
            k
            for k in before.keys() | after.keys()
            if k not in STAMP_FIELDS and before.get(k) != after.get(k)
        )
    names, get = (
        (_ALL_FIELDS, _GET_ALL) if old.is_project else (_NON_PROJECT_FIELDS, _GET_NON_PROJECT)
    )
    return sorted(
        name
        for name, a, b in zip(names, get(old), get(new), strict=True)
        if name not in STAMP_FIELDS
        and (a != b or (type(a) is datetime and a.isoformat() != b.isoformat()))
    )
