"""A portfolio row's names matched against the existing graph: what each name in
``serves`` means, and which id a row without one gets.

A name is an id or an exact title; a title several nodes share is narrowed to the
project's region. A row without an id is the existing project of its title, or else a
stable slug of the title, so the same sheet imported again changes nothing. Its own
module because this, unlike the sheet's layout or its cells, is about the graph.

>>> slug("Digitaalinen road map"), slug("Tiedolla johtaminen — 2019")
('digitaalinen-road-map', 'tiedolla-johtaminen-2019')
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable

from ..domain import DEFAULT_METAMODEL, NodeKind
from ..domain.model import Node

__all__ = ["ExistingNodes", "project_id", "served_node", "slug"]

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


class ExistingNodes:
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


def served_node(
    index: ExistingNodes, name: str, region: str | None
) -> tuple[Node | None, str | None]:
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


def project_id(
    index: ExistingNodes, title: str, region: str | None, taken: dict[str, tuple[str, str]]
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
