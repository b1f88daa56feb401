"""``strategygraph render`` writes the same maps as the web serves, to files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from strategygraph.cli import main
from strategygraph.maps import MapRenderer, MapRequest
from strategygraph.maps.limits import NARROW_HINT
from strategygraph.store import EmbeddedStore
from tests.maps.conftest import REGION
from tests.maps.svg import parse


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


def test_the_file_is_the_map_the_web_serves(
    run: Callable[..., Result], database: Path, tmp_path: Path
) -> None:
    out = tmp_path / "kymenlaakso.svg"
    result = run("--region", REGION, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert f"kirjoitettu {out}" in result.output
    store = EmbeddedStore(str(database))
    try:
        served = MapRenderer(store).render(MapRequest.alignment(REGION)).content
    finally:
        store.close()
    assert out.read_bytes() == served
    assert "kym-proj-budget" in parse(served).nodes


@pytest.mark.parametrize(
    ("args", "name", "magic"),
    [
        (("--region", REGION, "--clusters"), "map.png", b"\x89PNG"),
        (("--focus", "kym-proj-budget", "--both", "--depth", "2"), "trace.pdf", b"%PDF-"),
        (("--coverage",), "coverage.png", b"\x89PNG"),
        (("--coverage", "--format", "svg"), "coverage.out", b"<?xml"),
    ],
)
def test_every_map_kind_and_format(
    run: Callable[..., Result],
    tmp_path: Path,
    args: tuple[str, ...],
    name: str,
    magic: bytes,
) -> None:
    out = tmp_path / name
    result = run(*args, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)


def test_filters_on_the_command_line(run: Callable[..., Result], tmp_path: Path) -> None:
    out = tmp_path / "red.svg"
    result = run(
        "--region", REGION, "--kinds", "strategic-project", "--health", "red,amber", "-o", str(out)
    )
    assert result.exit_code == 0, result.output
    assert set(parse(out.read_bytes()).ids) == {
        "kym-proj-organiser-producer-roles",
        "kym-proj-budget",
        "kym-proj-digital-roadmap",
        "kym-proj-organisation-structure",
        "kym-proj-contracts-procurement",
        "kym-proj-operations-rules",
    }


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (
            ("--region", REGION, "--health", "purple"),
            2,
            "error: unknown health 'purple'; use one of UNKNOWN, GREEN, AMBER, RED",
        ),
        (
            ("--region", REGION, "--max-nodes", "10"),
            2,
            f"error: The alignment map of region '{REGION}' would draw 61 nodes; the limit "
            f"is 10. {NARROW_HINT}",
        ),
        (("--region", "lapland"), 1, "error: region 'lapland' does not exist"),
        (("--focus", "nobody"), 1, "error: node 'nobody' does not exist"),
        (
            ("--region", REGION, "--coverage"),
            2,
            "error: choose exactly one of --region, --focus, --coverage and --risks",
        ),
    ],
)
def test_a_bad_request_writes_nothing_and_says_why(
    run: Callable[..., Result], tmp_path: Path, args: tuple[str, ...], code: int, message: str
) -> None:
    out = tmp_path / "map.svg"
    result = run(*args, "-o", str(out))
    assert result.exit_code == code
    assert message in result.output
    assert not out.exists()


def test_lang_and_rollup_choose_the_words_and_the_health_shown(
    database: Path, tmp_path: Path
) -> None:
    out = tmp_path / "map.svg"
    store = ["--store", f"sqlite:///{database}", "render", "--region", REGION, "-o", str(out)]
    env = {"STRATEGYGRAPH_LANG": None}
    assert CliRunner(env=env).invoke(main, store).exit_code == 0
    assert "Strategiset hankkeet" in parse(out.read_bytes()).layer_names  # Finnish by default
    swedish = CliRunner(env=env).invoke(main, [*store, "--lang", "sv", "--rollup", "worst"])
    assert swedish.exit_code == 0, swedish.output
    drawn = parse(out.read_bytes())
    assert "Strategiska projekt" in drawn.layer_names
    assert "rollup-red" in drawn.nodes["ng-equal-services"].classes
    english = CliRunner(env={"STRATEGYGRAPH_LANG": "en"}).invoke(main, store)
    assert english.exit_code == 0, english.output
    drawn = parse(out.read_bytes())
    assert "Strategic projects" in drawn.layer_names
    assert not any(c.startswith("rollup-") for c in drawn.nodes["ng-equal-services"].classes)
