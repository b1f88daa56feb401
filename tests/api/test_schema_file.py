"""``schema.graphql`` is the served schema, and the package's public surface is stable."""

from __future__ import annotations

from graphql import build_client_schema, get_introspection_query, print_schema
from graphql.utilities import build_schema, find_breaking_changes, find_dangerous_changes

import strategygraph.api
from strategygraph.api.export_schema import SCHEMA_FILE, main, schema_text
from tests.clients import HTTP

from .conftest import Served

REGENERATE = "python -m strategygraph.api.export_schema"


def test_schema_file_is_the_exported_schema() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        f"schema.graphql has drifted from the served schema; regenerate it with `{REGENERATE}`"
    )


def test_schema_file_is_what_the_server_serves(shared: Served) -> None:
    answer = HTTP.post(shared.url, json={"query": get_introspection_query()}).json()
    served_schema = build_client_schema(answer["data"])
    file_schema = build_schema(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert find_breaking_changes(file_schema, served_schema) == []
    assert find_dangerous_changes(file_schema, served_schema) == []
    assert print_schema(served_schema).count("type ") == print_schema(file_schema).count("type ")


def test_export_writes_the_file(tmp_path: object) -> None:
    from pathlib import Path

    target = Path(str(tmp_path)) / "schema.graphql"
    assert main([str(target)]) == 0
    assert target.read_text(encoding="utf-8") == schema_text()


def test_public_surface() -> None:
    assert sorted(strategygraph.api.__all__) == [
        "build_schema",
        "create_app",
    ]
