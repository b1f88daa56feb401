"""What every command gets through the click context: the ``Settings``, and the store
opened on first use (``App``, found with ``pass_app``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..config import Settings, open_store
from .errors import CommandError

if TYPE_CHECKING:  # imported when used: a command that needs neither loads neither
    from ..service import StrategyService
    from ..store import GraphStore

__all__ = ["App", "emit", "json_option", "pass_app", "require_store"]


class App:
    """What every command gets: settings, and the store opened on first use (or the
    ``store`` given, which the caller keeps and closes).

    The store must exist, unless the command said it may create one (``may_create``):
    a command that only reads, given a store file that is not there (a mistyped
    ``--store``), is refused rather than left with a new empty store file."""

    def __init__(self, settings: Settings, store: GraphStore | None = None) -> None:
        self.settings = settings
        self._store = store
        self._owned = store is None
        self._creates = False

    def may_create(self) -> None:
        """This command may start a new store (an import, ``serve``, ``demo``, the first
        token, role, region or webhook): a store file not yet there is created."""
        self._creates = True

    @property
    def store(self) -> GraphStore:
        if self._store is None:
            if not self._creates:
                require_store(self.settings.store)
            self._store = open_store(self.settings.store, self.settings)
        return self._store

    @property
    def service(self) -> StrategyService:
        from ..service import StrategyService

        return StrategyService(self.store)

    def close(self) -> None:
        if self._store is not None and self._owned:
            self._store.close()


def require_store(url: str) -> None:
    """Refuse a store file that does not exist (a store on a server is there to ask)."""
    from ..store import sqlite_file

    path = sqlite_file(url)
    if path is not None and not Path(path).exists():
        raise CommandError(
            f"no store at {path} ({url}): there is nothing to read",
            "Check --store or STRATEGYGRAPH_STORE; an import, 'strategygraph demo' or "
            "'strategygraph serve' creates a new store.",
        )


pass_app = click.make_pass_decorator(App)
"""Hands a command the ``App`` of the root command's context."""

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def emit(data: Any) -> None:
    """``data`` as indented JSON on standard output, for scripts."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
