"""What every command gets through the click context: the ``Settings``, and the store
opened on first use (``App``, found with ``pass_app``)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from ..config import Settings, open_store

if TYPE_CHECKING:  # imported when used: a command that needs neither loads neither
    from ..service import StrategyService
    from ..store import GraphStore

__all__ = ["App", "emit", "json_option", "pass_app"]


class App:
    """What every command gets: settings, and the store opened on first use (or the
    ``store`` given, which the caller keeps and closes)."""

    def __init__(self, settings: Settings, store: GraphStore | None = None) -> None:
        self.settings = settings
        self._store = store
        self._owned = store is None

    @property
    def store(self) -> GraphStore:
        if self._store is None:
            self._store = open_store(self.settings.store, self.settings)
        return self._store

    @property
    def service(self) -> StrategyService:
        from ..service import StrategyService

        return StrategyService(self.store)

    def close(self) -> None:
        if self._store is not None and self._owned:
            self._store.close()


pass_app = click.make_pass_decorator(App)
"""Hands a command the ``App`` of the root command's context."""

json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def emit(data: Any) -> None:
    """``data`` as indented JSON on standard output, for scripts."""
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))
