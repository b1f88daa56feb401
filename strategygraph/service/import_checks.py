"""A file's problems found before it commits, each named by its place in the file.

``unapproved`` refuses APPROVED nodes without their approving body or decision date, as
``setStatus`` does; ``later_problems`` finds what a commit of the file's sound records
would meet (references, cycles, duplicates) by a dry run that keeps nothing. Its own
module because checking a file is a step of its own beside planning its commit
(``imports.py``), which it calls.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ..domain import Node, Problem, Status, StrategyGraphError, ValidationError
from ..domain.access import Principal
from ..domain.workflow import approval_problems
from ..interchange import Document
from ..store import GraphStore
from .authz import principal_of
from .hidden_ends import refuse_hidden_ends
from .imports import plan_import

__all__ = ["later_problems", "unapproved"]


def unapproved(doc: Document) -> list[Problem]:
    """The APPROVED nodes of ``doc`` that lack the approving body or the decision date,
    refused as ``setStatus`` refuses such an approval: each named by node, field and
    place (``nodes[3]``, told by the reader as its file, line or row)."""
    problems = []
    for i, node in enumerate(doc.nodes):
        if node.status is not Status.APPROVED:
            continue
        for p in approval_problems(node.id, node.approved_by, node.decision_date):
            message = f"{p.message}: '{p.field}' is empty; give it, or import the node as PROPOSED"
            problems.append(dataclasses.replace(p, message=message, where=doc.place(f"nodes[{i}]")))
    return problems


def later_problems(
    store: GraphStore,
    doc: Document,
    failed: set[str],
    actor: str | Principal,
    sees: Callable[[Node], bool] | None = None,
) -> list[Problem]:
    """The problems a commit of the right records of a file would meet (references,
    cycles, duplicates in the store), found by a dry run that keeps nothing; edges of the
    nodes that failed earlier are left out (their node's problem is reported)."""

    def files(section: str, count: int) -> list[int]:
        return doc.places.get(section) or list(range(count))

    nodes = [i for i, n in enumerate(doc.nodes) if n.id not in failed]
    edges = [
        i for i, e in enumerate(doc.edges) if e.source not in failed and e.target not in failed
    ]
    places = {
        "regions": files("regions", len(doc.regions)),
        "organisations": files("organisations", len(doc.organisations)),
        "nodes": [files("nodes", len(doc.nodes))[i] for i in nodes],
        "edges": [files("edges", len(doc.edges))[i] for i in edges],
    }
    subset = dataclasses.replace(
        doc,
        nodes=[doc.nodes[i] for i in nodes],
        edges=[doc.edges[i] for i in edges],
        places=places,
    )
    plan = plan_import(store, subset, sees=sees)
    try:
        if plan.refused:  # edges to nodes the importer may not see: as if missing
            name = principal_of(actor).name
            refuse_hidden_ends(store, plan.operations, plan.refused, plan.hidden, name)
        store.commit(plan.operations, principal_of(actor).name, dry_run=True)
    except ValidationError as exc:
        return [dataclasses.replace(p, where=subset.place(p.where)) for p in exc.problems]
    except StrategyGraphError:
        pass  # not a problem of the file (the store, a role): the next run tells it
    return []
