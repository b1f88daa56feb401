"""History hands out the graph of a past time as the port, read-only: callers (the API)
see a ``GraphStore``, never the embedded adapter and its in-memory graph."""

from __future__ import annotations

import ast
import inspect
import typing

from strategygraph.api import history as api_history
from strategygraph.service.history import graph_at
from strategygraph.store import GraphStore


def test_graph_at_returns_the_port() -> None:
    assert typing.get_type_hints(graph_at)["return"] is GraphStore


def test_the_api_reads_the_past_through_the_port_only() -> None:
    tree = ast.parse(inspect.getsource(api_history))
    attributes = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert "view" not in attributes
    assert "EmbeddedStore" not in names
