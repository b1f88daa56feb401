"""``node_type`` reuses the GraphQL object of a node version, never of another version."""

from __future__ import annotations

import dataclasses

from strategygraph.api import types
from strategygraph.api.types import node_type
from strategygraph.domain import Node, NodeKind


def test_one_object_per_node_version() -> None:
    node = Node("p-1", NodeKind.STRATEGIC_PROJECT, "uusimaa", "Rail link", progress=10)
    shown = node_type(node)
    assert node_type(node) is shown
    changed = dataclasses.replace(node, title="Rail link east", progress=20, version=2)
    fresh = node_type(changed)
    assert fresh is not shown
    assert (fresh.title, fresh.progress, fresh.version) == ("Rail link east", 20, 2)  # type: ignore[attr-defined]
    assert (shown.title, shown.version) == ("Rail link", 1)


def test_the_kept_objects_are_bounded() -> None:
    nodes = [
        Node(f"g-{i}", NodeKind.NATIONAL_GOAL, "national", f"Goal {i}")
        for i in range(types.SHOWN_MAX + 10)
    ]
    for n in nodes:
        node_type(n)
    assert len(types._shown) <= types.SHOWN_MAX
    assert node_type(nodes[-1]).title == f"Goal {types.SHOWN_MAX + 9}"
