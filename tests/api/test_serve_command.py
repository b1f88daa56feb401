"""``strategygraph serve`` hands uvicorn the app, with settings from flags or config."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner
from starlette.applications import Starlette

from strategygraph.cli import serve as commands
from strategygraph.cli.app import App
from strategygraph.config import Settings
from strategygraph.store import EmbeddedStore


@pytest.fixture
def ran(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []

    def run(app: Starlette, settings: Settings, workers: int = 1) -> None:
        calls.append({"app": app, "host": settings.host, "port": settings.port, "limits": settings})

    monkeypatch.setattr(commands.server, "run", run)
    return calls


def invoke(tmp_path: Path, *args: str, settings: Settings | None = None) -> click.testing.Result:
    store = EmbeddedStore(str(tmp_path / "graph.db"))

    @click.group()
    @click.pass_context
    def cli(ctx: click.Context) -> None:
        ctx.obj = App(settings or Settings(), store)

    cli.add_command(commands.serve)
    try:
        return CliRunner().invoke(cli, ["serve", *args])
    finally:
        store.close()


def test_serve_uses_the_flags(tmp_path: Path, ran: list[dict[str, Any]]) -> None:
    result = invoke(tmp_path, "--host", "0.0.0.0", "--port", "9123", "--mode", "production")
    assert result.exit_code == 0, result.output
    [call] = ran
    assert (call["host"], call["port"]) == ("0.0.0.0", 9123)
    assert call["app"].state.settings.mode == "production"
    assert "StrategyGraph API osoitteessa http://0.0.0.0:9123/graphql (tuotantotila)" in (
        result.output
    )


def test_serve_defaults_come_from_settings(tmp_path: Path, ran: list[dict[str, Any]]) -> None:
    result = invoke(tmp_path, settings=Settings(host="127.0.0.2", port=8111))
    assert result.exit_code == 0, result.output
    assert (ran[0]["host"], ran[0]["port"]) == ("127.0.0.2", 8111)
    assert ran[0]["app"].state.settings.mode == "development"
    limits = ran[0]["limits"]
    assert (limits.header_timeout, limits.body_timeout, limits.max_connections) == (10, 60, 1000)
    assert "GraphiQL: avaa http://127.0.0.2:8111/graphql selaimessa" in result.output
    # the hint's placeholder in the reader's language, as the rest of the line
    hint = "Kirjoittaminen vaatii tunnuksen: strategygraph token create --user NIMI"
    assert hint in result.output


def test_serve_refuses_an_unknown_mode(tmp_path: Path, ran: list[dict[str, Any]]) -> None:
    result = invoke(tmp_path, "--mode", "staging")
    assert result.exit_code == 2
    assert "'staging' is not one of 'development', 'production'" in result.output
    assert ran == []


def test_serve_production_flag(tmp_path: Path, ran: list[dict[str, Any]]) -> None:
    result = invoke(tmp_path, "--production")
    assert result.exit_code == 0, result.output
    assert ran[0]["app"].state.settings.mode == "production"
    assert "GraphiQL" not in result.output
    clash = invoke(tmp_path, "--production", "--mode", "development")
    assert clash.exit_code == 2 and "--production contradicts --mode development" in clash.output
