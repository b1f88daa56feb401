"""History hands out the graph of a past time as the port, read-only: callers (the API)
see a ``GraphStore``, never the embedded adapter and its in-memory graph."""

from __future__ import annotations

import ast
import inspect
import typing
from types import ModuleType

import pytest

from strategygraph.api import graph_at as api_graph_at
from strategygraph.api import history as api_history
from strategygraph.service.history import graph_at
from strategygraph.store import GraphStore


def test_graph_at_returns_the_port() -> None:
    assert typing.get_type_hints(graph_at)["return"] is GraphStore


@pytest.mark.parametrize("module", [api_history, api_graph_at], ids=lambda m: m.__name__)
def test_the_api_reads_the_past_through_the_port_only(module: ModuleType) -> None:
    tree = ast.parse(inspect.getsource(module))
    attributes = {n.attr for n in ast.walk(tree) if isinstance(n, ast.Attribute)}
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    assert "view" not in attributes
    assert "EmbeddedStore" not in names
