"""``strategygraph render --view page|board``: the strategy on a page and the board view as
files, on a page size, with links that work where the file is read."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from strategygraph.cli import main
from tests.maps.conftest import REGION
from tests.maps.svg import parse
from tests.maps.test_onepage import A3, font_sizes


@pytest.fixture(scope="module")
def database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("render") / "demo.db"
    loaded = CliRunner().invoke(main, ["--store", f"sqlite:///{path}", "demo", "--no-serve"])
    assert loaded.exit_code == 0, loaded.output
    return path


@pytest.fixture
def run(database: Path) -> Callable[..., Result]:
    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, ["--store", f"sqlite:///{database}", "render", *args])

    return invoke


def test_the_one_page_map_as_an_a3_pdf_with_absolute_links(
    run: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "page.pdf"
    base = "https://strategia.example.fi"
    result = run(
        "--region", REGION, "--view", "page", "--paper", "a3", "--base-url", base, "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    page = PdfReader(io.BytesIO(out.read_bytes())).pages[0]
    assert (float(page.mediabox.width), float(page.mediabox.height)) == pytest.approx(A3, abs=1)
    uris = [str(a.get_object()["/A"]["/URI"]) for a in page["/Annots"]]
    assert uris and all(u.startswith(f"{base}/#region={REGION};view=page;") for u in uris)
    assert min(font_sizes(out.read_bytes())) >= 9 - 0.01


def test_narrowed_and_board_views_as_files(run: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "line.svg"
    line = "kym-line-knowledge"
    assert run("--region", REGION, "--view", "page", "--line", line, "-o", str(out)).exit_code == 0
    assert {"kym-ch-digitalisation"} <= set(parse(out.read_bytes()).nodes)
    board = tmp_path / "board.svg"
    result = run("--region", REGION, "--view", "board", "--since", "2000-01-01", "-o", str(board))
    assert result.exit_code == 0, result.output
    assert any(t.startswith("Muutokset 1.1.2000 jälkeen") for t in parse(board.read_bytes()).texts)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--view", "page", "--kinds", "challenge"), "--view page takes none of --kinds"),
        (("--view", "board", "--health", "red"), "--view board takes none of --kinds, --status"),
        (("--line", "kym-line-knowledge"), "--line, --goal and --columns are for --region with"),
        (("--view", "page", "--since", "2026-01-01"), "--since is for --region with --view board"),
        (("--view", "page", "--base-url", "strategia.fi"), "--base-url must start with http"),
    ],
)
def test_options_of_another_view_are_refused(
    run: Callable[..., Result], tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    result = run("--region", REGION, *args, "-o", str(tmp_path / "m.svg"))
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "m.svg").exists()
