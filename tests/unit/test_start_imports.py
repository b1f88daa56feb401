"""What a start of the API server imports (issue 16): the app without the libraries only
some requests need (openpyxl, jsonschema, httpx), and ``serve --workers N``'s parent
without the app at all (it hands uvicorn an import string)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.loaded import printed_list

LOADED = """
import json, sys, importlib
importlib.import_module(sys.argv[1])
print(json.dumps(sorted(sys.modules)))
"""
"""Imports the module named, then prints every module loaded."""


def modules_loaded(module: str, cwd: Path) -> set[str]:
    return printed_list(LOADED, module, cwd=cwd)


def _tops(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


@pytest.mark.parametrize("module", ["strategygraph.api.app", "strategygraph.api.worker"])
def test_the_app_starts_without_the_libraries_of_some_requests(module: str, tmp_path: Path) -> None:
    loaded = _tops(modules_loaded(module, tmp_path))
    assert "strawberry" in loaded  # the app itself was imported
    assert not loaded & {"openpyxl", "jsonschema", "jsonschema_rs", "httpx", "rich"}, loaded


def test_the_parent_of_several_workers_imports_no_app(tmp_path: Path) -> None:
    loaded = modules_loaded("strategygraph.cli.serve", tmp_path)
    assert "strategygraph.api.server" in loaded
    assert "uvicorn" in _tops(loaded)
    assert not {"strategygraph.api.app", "strategygraph.api.schema"} & loaded
    assert "strawberry" not in _tops(loaded)


def test_the_lazy_names_of_the_api_package_are_its_modules() -> None:
    from strategygraph import api
    from strategygraph.api.app import create_app
    from strategygraph.api.schema import build_schema

    assert api.create_app is create_app
    assert api.build_schema is build_schema
    with pytest.raises(AttributeError, match="no_such"):
        api.no_such  # noqa: B018
