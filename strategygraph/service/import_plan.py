"""What importing a file does, as the importer is told it: the ``ImportPlan``.

Its own module because the planner (``imports.py``), the mirror (``import_mirror.py``) and
the service's answers all fill or read it; it holds the operations to commit and the
lists of ids and edges (``a -REL-> b``, ``shown``) added, changed, removed or refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..domain import Edge
from ..domain.changes import AddEdge, Operation

__all__ = ["ImportPlan", "shown"]


@dataclass
class ImportPlan:
    operations: list[Operation] = field(default_factory=list)
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    edges_added: int = 0
    edges_unchanged: int = 0
    edges_changed: list[str] = field(default_factory=list)
    """Edges whose note, ``inferred`` or relation the file changes (``a -REL-> b``)."""
    deleted: list[str] = field(default_factory=list)
    """Mirror: draft nodes of the region missing from the file, deleted with their edges."""
    retired: list[str] = field(default_factory=list)
    """Mirror: decided nodes of the region missing from the file, retired."""
    edges_removed: list[str] = field(default_factory=list)
    """Mirror: edges of the region missing from the file (``a -REL-> b``)."""
    mirror: str | None = None
    records_added: list[str] = field(default_factory=list)
    """Records of the situational picture the file adds (``risk 'id'``, …)."""
    records_changed: list[str] = field(default_factory=list)
    """Risks and indicators the file changes."""
    records_unchanged: int = 0
    refused: list[AddEdge] = field(default_factory=list)
    """File edges with an end the importer may not see: not committed but told as edges to
    a node that does not exist (``hidden_ends.py``), in the order of the file."""
    hidden: frozenset[str] = frozenset()
    """The ids of ``refused``'s ends the importer may not see."""


def shown(edge: Edge) -> str:
    return f"{edge.source} -{edge.relation.value}-> {edge.target}"
