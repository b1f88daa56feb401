"""Which fields of a node differ between two of its states, stamps aside."""

from __future__ import annotations

from itertools import compress
from operator import attrgetter, ne

from .codec import node_to_dict
from .codec_tables import ALL_FIELDS, NON_PROJECT_FIELDS
from .model import STAMP_FIELDS, Node

__all__ = ["changed_fields"]

_PROJECT_NAMES = tuple(sorted(n for n in ALL_FIELDS if n not in STAMP_FIELDS))
_OTHER_NAMES = tuple(sorted(n for n in NON_PROJECT_FIELDS if n not in STAMP_FIELDS))
_GET_PROJECT = attrgetter(*_PROJECT_NAMES)
_GET_OTHER = attrgetter(*_OTHER_NAMES)
"""The fields ``node_to_dict`` writes for a project and for another node, stamps aside,
in the order of their names (the order a diff names them in)."""


def changed_fields(old: Node, new: Node) -> list[str]:
    """The fields whose JSON (``node_to_dict``) differs between ``old`` and ``new``, in
    the order of their names, leaving out what every write stamps (``STAMP_FIELDS``).

    Compared as typed values, read in one ``attrgetter`` call each and compared in one
    C-level pass, without building the JSON: each conversion to JSON tells unequal values
    apart, so typed values differ exactly when their JSON does; except two equal times
    written with other offsets (the same instant, another text): ``created_at``, the one
    time that is not a stamp, is compared by its offset too. Of two kinds (other
    fields): by the JSON."""
    if old.kind is not new.kind:
        before, after = node_to_dict(old), node_to_dict(new)
        return sorted(
            k
            for k in before.keys() | after.keys()
            if k not in STAMP_FIELDS and before.get(k) != after.get(k)
        )
    names, get = (_PROJECT_NAMES, _GET_PROJECT) if old.is_project else (_OTHER_NAMES, _GET_OTHER)
    found = list(compress(names, map(ne, get(old), get(new))))
    made, remade = old.created_at, new.created_at
    if (
        made is not None
        and remade is not None
        # One zone object and one fold: one offset for both (no call to ask it).
        and (made.tzinfo is not remade.tzinfo or made.fold != remade.fold)
        and made == remade
        and made.utcoffset() != remade.utcoffset()
    ):
        found.append("created_at")
        found.sort()
    return found
