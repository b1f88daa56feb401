"""An import's edges to nodes the importer may not see, told as edges to nodes that do not
exist (issue 13: a dry run must not be an oracle for what the caller may not see).

``plan_import`` leaves such edges out of the plan (``ImportPlan.refused``). The store then
checks the rest of the plan, and the refused edges' problems are put in among its problems
where the store would have put a ``dangling-endpoint`` problem for a node that does not
exist: the caller gets the same answer, word for word and in the same order, for a hidden
node as for a missing one.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from ..domain import Problem, StrategyGraphError, ValidationError
from ..domain.changes import AddEdge, CreateNode, Operation
from ..store import GraphStore

__all__ = ["refuse_hidden_ends"]

_EDGE = re.compile(r"edges\[(\d+)\]\Z")


def refuse_hidden_ends(
    store: GraphStore,
    operations: Sequence[Operation],
    refused: Sequence[AddEdge],
    hidden: Collection[str],
    actor: str,
) -> None:
    """Raise what committing ``operations`` with ``refused`` would raise if the nodes
    ``hidden`` did not exist (a dry run of ``operations`` keeps nothing)."""
    failure: StrategyGraphError | None = None
    try:
        store.commit(operations, actor, dry_run=True)
    except StrategyGraphError as exc:
        failure = exc
    found = [] if failure is None else _problems(failure)
    created = {op.where: op.node.id for op in operations if isinstance(op, CreateNode)}
    new_ids = set(created.values())
    failed = {created[p.where] for p in found if p.where in created}
    ours: list[tuple[int, Problem]] = []
    for op in refused:
        edge = op.edge
        if edge.source in failed or edge.target in failed:
            continue  # the store says nothing of an edge to a node it failed to create
        for name, end in (("source", edge.source), ("target", edge.target)):
            if end in hidden or (end not in new_ids and not _stored(store, end)):
                shown = f"{edge.source} -{edge.relation.value}-> {edge.target}"
                text = f"edge {shown}: node '{end}' does not exist"
                ours.append((_index(op.where), Problem("dangling-endpoint", text, name, op.where)))
    if not ours:
        if failure is not None:
            raise failure
        return
    merged: list[Problem] = []
    for problem in found:
        while ours and ours[0][0] < _rank(problem):
            merged.append(ours.pop(0)[1])
        merged.append(problem)
    merged.extend(p for _, p in ours)
    raise ValidationError(merged)


def _problems(failure: StrategyGraphError) -> list[Problem]:
    """The store's failure as ``store.apply.combine`` lists it beside others."""
    if isinstance(failure, ValidationError):
        return list(failure.problems)
    return [Problem(failure.code.lower(), failure.message)]


def _stored(store: GraphStore, node_id: str) -> bool:
    try:
        store.get_node(node_id)
    except StrategyGraphError:
        return False
    return True


def _index(where: str | None) -> int:
    match = _EDGE.match(where or "")
    return int(match.group(1)) if match else -1


def _rank(problem: Problem) -> int:
    """Where the store's ``problem`` stands among the file's new edges: before them (-1)
    for regions, organisations and nodes; at its edge; after them for retirements."""
    where = problem.where or ""
    if where.startswith(("regions[", "organisations[", "nodes[")) or not where:
        return -1
    match = _EDGE.match(where)
    return int(match.group(1)) if match else 1 << 62
