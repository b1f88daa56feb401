"""The CLI's coverage and gap tables on an 80-column terminal: nothing wider than the
terminal, titles wrapped whole, ids on one line, counts with their plural forms."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from strategygraph.cli import main


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    path = tmp_path_factory.mktemp("narrow") / "demo.db"
    args = ["--store", f"sqlite:///{path}"]
    loaded = CliRunner().invoke(main, [*args, "demo", "--no-serve"])
    assert loaded.exit_code == 0, loaded.output
    return args


def run(store: list[str], *command: str) -> str:
    env = {"COLUMNS": "80", "STRATEGYGRAPH_LANG": "fi"}
    result = CliRunner(env=env).invoke(main, [*store, *command])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    return result.output


def test_coverage_fits_80_columns_with_its_counts_named(store: list[str]) -> None:
    text = run(store, "coverage")
    assert "15 voitettavaa" in text  # "taistelua" may wrap to the next line
    assert "1 muutosvisio " in text and "2 muutosvisiota" in text
    assert "✔4 ▲3 ✖2 ?0" in text
    assert "✔ vihreä" in text, "the caption names the signs"


def test_gaps_fit_80_columns_with_whole_ids(store: list[str]) -> None:
    text = run(store, "gaps", "--region", "uusimaa")
    assert "uus-proj-environmental-health" in text
    assert "…" not in text
