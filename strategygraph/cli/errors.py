"""The one way a command fails: ``error: …`` on standard error, exit 2 for invalid input
(a ``ValidationError``, a bad option or argument), 1 for anything else the product
refuses (a node that does not exist, a store that cannot be reached, a file that cannot
be written). Never a traceback for bad input.

Every command is a ``Command`` (or a ``Group``), made with ``command`` or ``group``: its
context and its callback are fenced, so the product's errors and click's own usage errors
reach the user in these words, whether the command runs under ``main`` or on its own.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import IO, Any, NoReturn

import click

from ..domain import StrategyGraphError, ValidationError
from .text import printable

__all__ = [
    "FAILED",
    "INVALID",
    "Command",
    "CommandError",
    "Group",
    "InvalidInput",
    "command",
    "group",
]

INVALID = 2
"""Exit code for invalid input: the command was not run as written."""

FAILED = 1
"""Exit code for everything else the command could not do."""


class CommandError(click.ClickException):
    """A command's failure as the user reads it: ``error: <message>`` on stderr (and,
    after a usage error, where to read the command's help), then exit 1."""

    exit_code = FAILED

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.hint = hint

    def show(self, file: IO[Any] | None = None) -> None:
        click.echo(f"error: {printable(self.message)}", file=file, err=file is None)
        if self.hint:
            click.echo(self.hint, file=file, err=file is None)


class InvalidInput(CommandError):
    """The command was not run as written: ``error: <message>``, then exit 2."""

    exit_code = INVALID


def as_command_error(exc: BaseException) -> CommandError | None:
    """``exc`` in the CLI's words, or None when it is not an error for the user to read
    (a bug, an interrupt, click's own exit, the help of a group run without a command)."""
    if isinstance(exc, CommandError):
        return exc
    if isinstance(exc, click.exceptions.NoArgsIsHelpError):
        return None  # a group run without a command: its help, as click shows it
    if isinstance(exc, click.UsageError):
        ctx = exc.ctx
        hint = f"Try '{ctx.command_path} --help' for help." if ctx is not None else None
        return InvalidInput(exc.format_message(), hint)
    if isinstance(exc, click.ClickException):
        made = InvalidInput if exc.exit_code == INVALID else CommandError
        return made(exc.format_message())
    if isinstance(exc, ValidationError):
        return InvalidInput(exc.message)
    if isinstance(exc, StrategyGraphError):
        return CommandError(exc.message)
    if isinstance(exc, OSError) and exc.errno != errno.EPIPE and exc.filename is not None:
        return CommandError(f"{exc.filename}: {exc.strerror}")
    return None


def _fenced(exc: Exception) -> NoReturn:
    found = as_command_error(exc)
    if found is None or found is exc:
        raise exc
    raise found from exc


class _Fence:
    """Parsing (``make_context``) and running (``invoke``) a command, with the errors the
    user should read turned into a ``CommandError``."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)  # type: ignore[misc,no-any-return]
        except Exception as exc:
            _fenced(exc)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)  # type: ignore[misc]
        except Exception as exc:
            _fenced(exc)


class Command(_Fence, click.Command):
    """A command whose failures read as the CLI's other failures do."""


class Group(_Fence, click.Group):
    """A group of commands; its subcommands are ``Command``s and ``Group``s too."""

    command_class = Command
    group_class = type


def command(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], Command]:
    """``click.command`` making a ``Command``."""
    return click.command(name, cls=Command, **attrs)


def group(name: str | None = None, **attrs: Any) -> Callable[[Callable[..., Any]], Group]:
    """``click.group`` making a ``Group``."""
    return click.group(name, cls=Group, **attrs)
