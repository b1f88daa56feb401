"""The CLI's coverage and gap tables on an 80-column terminal: nothing wider than the
terminal, titles wrapped whole, ids on one line, counts with their plural forms."""

from __future__ import annotations

import subprocess
import sys

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


WIDTHS = """
import sys
from click.testing import CliRunner
from strategygraph.cli import main
for columns in ("80", "250"):  # the first command imports the table module
    env = {"COLUMNS": columns, "STRATEGYGRAPH_LANG": "fi"}
    out = CliRunner(env=env).invoke(main, [*sys.argv[1:], "coverage"]).output
    print(max(len(line) for line in out.splitlines()))
"""


def test_each_command_takes_the_terminal_width_it_runs_in(store: list[str]) -> None:
    """One fresh process, two widths: the tables follow ``COLUMNS`` of each command, not
    of the command that first imported the table module (once a test-order dependence)."""
    done = subprocess.run(
        [sys.executable, "-c", WIDTHS, *store], capture_output=True, text=True, check=True
    )
    narrow, wide = map(int, done.stdout.split())
    assert narrow <= 80 < wide, done.stdout
