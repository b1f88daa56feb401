"""A group whose commands are imported when they run (click's "lazily loading
subcommands" pattern): ``strategygraph show`` loads the graph commands and the store, not
the GraphQL API, the maps or the file formats; ``strategygraph --help`` loads none of them.

Each command is named by where it lives and by its summary, the first sentence of its
docstring, which ``--help`` lists without importing it (``tests/unit/test_cli_lazy.py``
checks that every summary is the command's own).
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any, NamedTuple

import click

from .errors import Group

__all__ = ["LazyCommand", "LazyGroup"]


class LazyCommand(NamedTuple):
    """Where a command lives (``module:attribute`` in this package) and its summary."""

    where: str
    summary: str

    def load(self) -> click.Command:
        module, _, attribute = self.where.partition(":")
        found = getattr(importlib.import_module(f".{module}", __package__), attribute)
        if not isinstance(found, click.Command):
            raise TypeError(f"{self.where} is not a command")
        return found


class LazyGroup(Group):
    """A ``Group`` that imports a command of ``lazy`` on first use."""

    def __init__(self, *args: Any, lazy: Mapping[str, LazyCommand], **attrs: Any) -> None:
        super().__init__(*args, **attrs)
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in self.lazy and cmd_name not in self.commands:
            self.add_command(self.lazy[cmd_name].load(), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their summaries, as ``click.Group`` lists them, without
        importing the commands not yet loaded."""
        listed: list[tuple[str, click.Command]] = []
        for name in self.list_commands(ctx):
            loaded = self.commands.get(name)
            if loaded is None and name in self.lazy:
                loaded = click.Command(name, help=self.lazy[name].summary)
            if loaded is not None and not loaded.hidden:
                listed.append((name, loaded))
        if listed:
            limit = formatter.width - 6 - max(len(name) for name, _ in listed)
            with formatter.section("Commands"):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in listed])
