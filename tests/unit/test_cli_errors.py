"""Every command fails the same way: ``error: …`` on standard error and nothing on standard
output, exit 2 for invalid input (a rule broken, a bad option or argument), 1 for the rest
(something that does not exist, a file that cannot be written); never a traceback."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from strategygraph.cli import main
from strategygraph.cli.errors import Command, Group
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.conftest import small_document

INVALID, FAILED = 2, 1


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("errors")
    store = EmbeddedStore(str(folder / "g.db"))
    StrategyService(store).import_document(small_document(), "loader")
    store.close()
    (folder / "bad.json").write_text("{nope", encoding="utf-8")
    return folder


CASES: list[tuple[tuple[str, ...], int, str]] = [
    (("show", "nope"), FAILED, "node 'nope' does not exist"),
    (("trace", "nope"), FAILED, "node 'nope' does not exist"),
    (("gaps", "--region", "nope"), FAILED, "region 'nope' does not exist"),
    (("token", "revoke", "nope"), FAILED, "token 'nope' does not exist"),
    (("role", "revoke", "bob", "planner", "r1"), FAILED, "bob has no planner role in r1"),
    (("webhook", "remove", "nope"), FAILED, "webhook 'nope' does not exist"),
    (("render", "--region", "nope", "-o", "{dir}/m.svg"), FAILED, "region 'nope' does not"),
    (("export", "-o", "{dir}/no/such/folder/x.json"), FAILED, "cannot write "),
    (("render", "--coverage", "-o", "{dir}/no/such/folder/m.svg"), FAILED, "{dir}/no/such"),
    (("import", "{dir}/bad.json"), INVALID, "bad.json line 1, column 2: invalid JSON"),
    (("token", "create", "--user", "al ice"), INVALID, "user 'al ice' is not a valid name"),
    (("webhook", "add", "ftp://x"), INVALID, "webhook URL 'ftp://x' must start with http"),
    (("export", "--format", "csv"), INVALID, "a CSV export is a folder"),
    (("migrate", "--from", "sqlite://", "--to", "sqlite://"), INVALID, "--from and --to name"),
    (("render", "--region", "r1", "--coverage", "-o", "{dir}/m.svg"), INVALID, "choose exactly"),
    (("serve", "--production", "--mode", "development"), INVALID, "--production contradicts"),
    (("role", "grant", "bob", "boss", "r1"), INVALID, "Invalid value for 'ROLE': 'boss'"),
    (("trace", "proj", "--first", "-1"), INVALID, "Invalid value for '--first'"),
    (("import", "{dir}/missing.json"), INVALID, "Invalid value for 'FILE'"),
    (("token", "create"), INVALID, "Missing option '--user'"),
    (("nosuch",), INVALID, "No such command 'nosuch'"),
]


@pytest.mark.parametrize(("args", "code", "message"), CASES, ids=[" ".join(c[0]) for c in CASES])
def test_every_command_fails_in_the_same_words(
    folder: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    argv = [a.replace("{dir}", str(folder)) for a in args]
    store = ["--store", f"sqlite:///{folder / 'g.db'}"]
    result = CliRunner().invoke(main, [*store, *argv])
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == code, result.stderr
    first = result.stderr.splitlines()[0]
    assert first.startswith("error: " + message.replace("{dir}", str(folder))), result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.output


def test_a_usage_error_says_where_the_help_is(folder: Path) -> None:
    result = CliRunner().invoke(main, ["role", "grant", "bob", "boss", "r1"], prog_name="sg")
    assert result.stderr.splitlines()[1:] == ["Try 'sg role grant --help' for help."]


def test_a_group_without_a_command_shows_its_help_as_click_does() -> None:
    result = CliRunner().invoke(main, ["token"], prog_name="sg")
    assert result.exit_code == INVALID
    assert result.stderr.startswith("Usage: sg token [OPTIONS] COMMAND [ARGS]...")


def test_a_bad_setting_is_invalid_input(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRATEGYGRAPH_PORT", "eighty")
    result = CliRunner().invoke(main, ["show", "x"])
    assert result.exit_code == INVALID
    assert result.stderr.startswith("error: STRATEGYGRAPH_PORT must be a whole number")


def test_a_command_run_on_its_own_fails_in_the_same_words() -> None:
    from strategygraph.cli.migrate import migrate

    result = CliRunner().invoke(migrate, ["--from", "sqlite://", "--to", "sqlite://"])
    assert (result.exit_code, result.stderr) == (
        INVALID,
        "error: --from and --to name the same store\n",
    )


def walk(command: click.Command) -> list[click.Command]:
    """Every command below ``command``, loading the lazy ones (``command.commands`` holds
    only those some earlier test happened to load)."""
    found = [command]
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None, name
            found += walk(sub)
    return found


def test_every_command_is_fenced() -> None:
    commands = walk(main)
    assert len(commands) > 20
    unfenced = [c.name for c in commands if not isinstance(c, Command | Group)]
    assert unfenced == []
