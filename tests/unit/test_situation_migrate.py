"""``strategygraph migrate`` copies the situational picture with the graph: every risk,
indicator, reading and status report as recorded (versions and stamps), verified by the
fingerprint, which counts and hashes them too."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from click.testing import CliRunner

from strategygraph.cli.migrate import migrate
from strategygraph.data import demo_situation
from strategygraph.service import StrategyService
from strategygraph.service import situation as sit
from strategygraph.service.demo import load_demo
from strategygraph.service.situation_load import load_situation
from strategygraph.store import EmbeddedStore
from strategygraph.store.snapshot import fingerprint, read_snapshot


def test_migrate_copies_the_picture(tmp_path: Path) -> None:
    source = EmbeddedStore(str(tmp_path / "source.db"))
    service = StrategyService(source)
    load_demo(service)
    load_situation(service, demo_situation(), "demo")
    first = sorted(source.situation.risks)[0]
    changed = dataclasses.replace(source.situation.risks[first], likelihood=5)
    sit.put_risk(service, changed, "bob", expected_version=1)
    counts, digest = fingerprint(read_snapshot(source))
    picture = demo_situation()
    assert [counts[k] for k in ("risks", "indicators", "measurements", "reports")] == [
        len(picture[k]) for k in ("risks", "indicators", "measurements", "reports")
    ]
    dates = source.situation.last_report_dates()
    source.close()

    target = tmp_path / "target.db"
    result = CliRunner().invoke(
        migrate,
        ["--from", f"sqlite:///{tmp_path / 'source.db'}", "--to", f"sqlite:///{target}"],
        env={"STRATEGYGRAPH_LANG": "en"},
    )
    assert result.exit_code == 0, result.stderr
    told = result.stdout.splitlines()[0]
    assert f"{len(picture['risks'])} risks, {len(picture['indicators'])} indicators, " in told
    assert result.stdout.splitlines()[1] == f"verified: counts and sha256 {digest} match"

    copy = EmbeddedStore(str(target))
    try:
        assert fingerprint(read_snapshot(copy)) == (counts, digest)
        risk = copy.situation.risks[first]
        assert (risk.likelihood, risk.version, risk.updated_by) == (5, 2, "bob")
        assert copy.situation.last_report_dates() == dates
    finally:
        copy.close()


def test_a_graph_without_a_picture_is_told_as_before(tmp_path: Path) -> None:
    source = EmbeddedStore(str(tmp_path / "a.db"))
    load_demo(StrategyService(source))
    source.close()
    result = CliRunner().invoke(
        migrate,
        ["--from", f"sqlite:///{tmp_path / 'a.db'}", "--to", f"sqlite:///{tmp_path / 'b.db'}"],
    )
    assert result.exit_code == 0, result.stderr
    assert "risks" not in result.stdout
    assert result.stdout.splitlines()[0].endswith(f"sqlite:///{tmp_path / 'b.db'}")
