"""What every command gets through the click context: the ``Settings``, and the store
opened on first use (``App``, found with ``pass_app``)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

import click

from ..config import Settings
from ..domain import StrategyGraphError, ValidationError
from ..service import StrategyService
from ..store import GraphStore, open_store
from . import tables

__all__ = ["App", "command", "emit", "json_option", "pass_app"]

F = TypeVar("F", bound=Callable[..., Any])


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
            self._store = open_store(self.settings.store)
        return self._store

    @property
    def service(self) -> StrategyService:
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


def command(fn: F) -> F:
    """Turn the product's errors into a short message on stderr and a non-zero exit."""

    @wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ValidationError as exc:
            click.echo(f"error: {tables.printable(exc.message)}", err=True)
            sys.exit(2)
        except StrategyGraphError as exc:
            click.echo(f"error: {tables.printable(exc.message)}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]
