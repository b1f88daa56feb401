"""The command line imports a command when it runs (``strategygraph/cli/lazy.py``):
``--help`` loads none of the layers below, ``show`` only the store; and ``--help`` still
lists every command with its own summary."""

from __future__ import annotations

import importlib
from pathlib import Path

import click
import pytest

from strategygraph import cli
from strategygraph.cli import COMMANDS
from strategygraph.cli.lazy import LazyGroup
from tests.loaded import printed_list

LOADED = """
import json, sys
from strategygraph.cli import main
try:
    main(sys.argv[1:], standalone_mode=False)
except Exception:
    pass
print(json.dumps(sorted({m.split(".")[1] for m in sys.modules if m.startswith("strategygraph.")})))
"""
"""Runs the CLI with the arguments given, then prints the packages of ours it imported."""


def packages_loaded(*args: str, cwd: Path) -> set[str]:
    return printed_list(LOADED, *args, cwd=cwd)


def test_help_imports_no_layer_below_the_command_line(tmp_path: Path) -> None:
    loaded = packages_loaded("--help", cwd=tmp_path)
    assert loaded <= {"cli", "config", "domain", "glossary"}, loaded


def test_show_imports_the_store_but_not_the_api_maps_formats_or_service(tmp_path: Path) -> None:
    loaded = packages_loaded("--store", f"sqlite:///{tmp_path / 'g.db'}", "show", "x", cwd=tmp_path)
    assert "store" in loaded
    assert not loaded & {"api", "maps", "interchange", "service", "data"}, loaded


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_summary_is_the_commands_own(name: str) -> None:
    command = COMMANDS[name].load()
    assert command.name == name
    assert COMMANDS[name].summary == command.get_short_help_str(limit=1000)


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_listing_is_the_one_click_prints_with_every_command_loaded(width: int) -> None:
    unloaded = LazyGroup("strategygraph", lazy=COMMANDS)
    eager = click.Group("strategygraph", commands={n: c.load() for n, c in COMMANDS.items()})
    listings = []
    for group in (unloaded, eager):
        formatter = click.HelpFormatter(width=width)
        group.format_commands(click.Context(group), formatter)
        listings.append(formatter.getvalue())
    assert listings[0] == listings[1]
    assert unloaded.commands == {}  # listed without importing any
    assert all(f"  {name} " in listings[0] for name in COMMANDS)


def test_every_command_of_the_package_is_in_the_table() -> None:
    """A command written in a module of the package but left out of ``COMMANDS`` would
    never be reachable; a group's subcommands are reached through their group."""
    package = Path(cli.__file__).parent
    commands: dict[str, click.Command] = {}
    for path in sorted(package.glob("*.py")):
        module = importlib.import_module(f"strategygraph.cli.{path.stem}")
        for attribute, value in vars(module).items():
            if isinstance(value, click.Command) and _home(value) == module.__name__:
                commands[f"{path.stem}:{attribute}"] = value
    groups = [c for c in commands.values() if isinstance(c, click.Group)]
    subcommands = {id(sub) for group in groups for sub in group.commands.values()}
    tops = {where for where, c in commands.items() if id(c) not in subcommands}
    tops.discard("__init__:main")
    assert tops == {lazy.where for lazy in COMMANDS.values()}


def _home(command: click.Command) -> str | None:
    """The module that defines ``command`` (not one that imports it)."""
    return getattr(command.callback, "__module__", None)
