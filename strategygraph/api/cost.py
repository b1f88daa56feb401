"""A cost limit per operation, estimated from the document before anything runs.

Each field costs its weight (1 unless listed in ``WEIGHTS``: the fields that read the
event log, read or write a whole graph, or walk all of it cost more), and what is selected
under a field that takes ``first`` counts once per ten items asked for (a variable counts
as the largest page). An operation over ``MAX_COST`` is refused with ``COST_LIMIT`` before
it is executed: ten aliased ``graphAt`` cannot tie the server up for half a minute.
"""

from __future__ import annotations

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

__all__ = ["MAX_COST", "WEIGHTS", "CostLimit", "operation_cost"]

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


def operation_cost(
    selection: SelectionSetNode | None, fragments: dict[str, FragmentDefinitionNode]
) -> int:
    """The estimated cost of a selection set (fragments expanded)."""
    if selection is None:
        return 0
    total = 0
    for node in selection.selections:
        if isinstance(node, FieldNode):
            name = node.name.value
            if name.startswith("__"):
                continue
            below = operation_cost(node.selection_set, fragments)
            total += WEIGHTS.get(name, 1) + below * _times(node)
        elif isinstance(node, InlineFragmentNode):
            total += operation_cost(node.selection_set, fragments)
        elif isinstance(node, FragmentSpreadNode):
            fragment = fragments.get(node.name.value)
            if fragment is not None:
                total += operation_cost(fragment.selection_set, fragments)
    return total


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
                    "(graphAt and diff cost 300 each, exportGraph and importGraph 200); "
                    "split it into several requests",
                    node,
                    extensions={"code": "COST_LIMIT", "cost": cost, "limit": MAX_COST},
                )
            )
