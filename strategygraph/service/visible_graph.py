"""The graph a principal may open, as a ``GraphView`` the reference algorithms walk, so
aggregates (coverage, health roll-up) count what the reader may open and nothing else.

A node the principal may not open is left out, and with it every edge that touches it:
a project reaching a goal only through a hidden draft does not reach it for this reader.
"""

from __future__ import annotations

from ..domain.access import Principal
from ..store import GraphStore
from ..trace import GraphView

__all__ = ["visible_view"]


def visible_view(store: GraphStore, principal: Principal) -> GraphView:
    """The nodes of ``store`` that ``principal`` may open and the edges between them."""
    nodes = [n for n in store.nodes() if principal.can_view(n)]
    ids = {n.id for n in nodes}
    edges = [e for e in store.edges() if e.source in ids and e.target in ids]
    view = GraphView(store.metamodel)
    view.load(nodes, edges)
    return view
