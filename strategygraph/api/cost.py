"""A cost limit per operation, estimated from the document before anything runs.

Each field costs its weight (1 unless listed in ``WEIGHTS``: the fields that read the
event log, read or write a whole graph, or walk all of it cost more), and what is selected
under a field that takes ``first`` counts once per ten items asked for (a variable counts
as the largest page). A ``graphAt`` that asks only its version and nodes' own fields
costs ``PAST_RECORDS``: both adapters read those from the log's index in milliseconds,
without the past graph (a board's ten dates in one request). An operation over
``MAX_COST`` is refused with ``COST_LIMIT`` before it is executed: ten aliased ``graphAt``
cannot tie the server up for half a minute.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLError,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    SelectionSetNode,
    ValidationContext,
    ValidationRule,
)

__all__ = ["MAX_COST", "PAST_RECORDS", "RECORD_FIELDS", "WEIGHTS", "CostLimit", "operation_cost"]

MAX_COST = 1_000
WEIGHTS = {
    "graphAt": 300,  # may build the whole graph of a past time (Neo4j: replays the log)
    "diff": 300,  # decodes every record the events between two times changed
    "exportGraph": 200,
    "importGraph": 200,
    "compareRegions": 50,
    "gaps": 20,
    "coverage": 20,
    "suspectLinks": 20,
    "changes": 10,
    "traceUp": 5,
    "traceDown": 5,
    "path": 5,
    "impact": 5,
    "nodes": 5,
}
"""Fields that cost more than 1, by name, wherever they are selected."""
LARGEST_PAGE = 100
PAST_RECORDS = 20
"""The weight of a ``graphAt`` that asks only ``at``, ``version`` and ``node`` with the
node's own fields (``RECORD_FIELDS``)."""
RECORD_FIELDS = frozenset(
    {
        "__typename",
        "id",
        "kind",
        "layer",
        "title",
        "description",
        "status",
        "approvedBy",
        "decisionDate",
        "decisionRef",
        "tags",
        "source",
        "attributes",
        "key",
        "value",
        "version",
        "createdAt",
        "createdBy",
        "updatedAt",
        "updatedBy",
        "owner",
        "phase",
        "startDate",
        "dueDate",
        "progress",
        "health",
    }
)
"""A node's fields held in its record (and an attribute's): none reads the graph
(``tests/api/test_cost_limit.py`` holds them apart from the fields with a resolver)."""
_PAST_INDEX = frozenset({"__typename", "at", "version", "node"})


def operation_cost(
    selection: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    inside: frozenset[str] = frozenset(),
) -> int:
    """The estimated cost of a selection set (fragments expanded; ``inside``: those being
    expanded, so that a fragment that spreads itself, which validation refuses with its
    own message, counts once rather than for ever)."""
    total = 0
    for field, within in _fields(selection, fragments, inside):
        name = field.name.value
        if name.startswith("__"):
            continue
        weight = WEIGHTS.get(name, 1)
        if name == "graphAt" and _records_only(field.selection_set, fragments, within):
            weight = PAST_RECORDS
        below = operation_cost(field.selection_set, fragments, within)
        total += weight + below * _times(field)
    return total


def _fields(
    selection: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    inside: frozenset[str],
) -> Iterator[tuple[FieldNode, frozenset[str]]]:
    """The fields of ``selection``, those of its fragments included, each with the
    fragments it was found inside."""
    for node in selection.selections if selection is not None else ():
        if isinstance(node, FieldNode):
            yield node, inside
        elif isinstance(node, InlineFragmentNode):
            yield from _fields(node.selection_set, fragments, inside)
        elif isinstance(node, FragmentSpreadNode):
            name = node.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in inside:
                yield from _fields(fragment.selection_set, fragments, inside | {name})


def _records_only(
    selection: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    inside: frozenset[str],
) -> bool:
    """Does a ``graphAt`` selection ask only what the log's index answers: its time,
    version, and nodes with their own fields (at any depth under ``node``)?"""
    for field, within in _fields(selection, fragments, inside):
        name = field.name.value
        if name not in _PAST_INDEX:
            return False
        if name == "node" and not _own_fields(field.selection_set, fragments, within):
            return False
    return True


def _own_fields(
    selection: SelectionSetNode | None,
    fragments: dict[str, FragmentDefinitionNode],
    inside: frozenset[str],
) -> bool:
    return all(
        field.name.value in RECORD_FIELDS and _own_fields(field.selection_set, fragments, within)
        for field, within in _fields(selection, fragments, inside)
    )


def _times(field: FieldNode) -> int:
    """How often what is under ``field`` counts: once per ten items of its page."""
    for argument in field.arguments or ():
        if argument.name.value == "first":
            value = argument.value
            size = int(value.value) if isinstance(value, IntValueNode) else LARGEST_PAGE
            return max(1, -(-size // 10))
    return 1


class CostLimit(ValidationRule):
    """Refuses an operation whose estimated cost is over ``MAX_COST``."""

    def __init__(self, context: ValidationContext) -> None:
        super().__init__(context)
        document = context.document
        self.fragments = {
            d.name.value: d for d in document.definitions if isinstance(d, FragmentDefinitionNode)
        }

    def enter_operation_definition(self, node: OperationDefinitionNode, *_: Any) -> None:
        cost = operation_cost(node.selection_set, self.fragments)
        if cost > MAX_COST:
            name = f"'{node.name.value}' " if node.name else ""
            self.report_error(
                GraphQLError(
                    f"operation {name}costs {cost:,}, over the limit of {MAX_COST:,} "
                    "(graphAt and diff cost 300 each, exportGraph and importGraph 200; "
                    f"graphAt of versions and nodes' own fields {PAST_RECORDS}); "
                    "split it into several requests",
                    node,
                    extensions={"code": "COST_LIMIT", "cost": cost, "limit": MAX_COST},
                )
            )
