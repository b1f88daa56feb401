"""``strategygraph migrate``: the embedded store to Neo4j and back, verified, never over
a non-empty target unless forced."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from strategygraph.cli.migrate import migrate
from strategygraph.config import open_store
from strategygraph.domain import Relation
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore, GraphStore
from strategygraph.store.snapshot import fingerprint, read_snapshot
from tests.arcadedb import BoltServer
from tests.conftest import small_document


@pytest.fixture
def neo4j_url(bolt_server: BoltServer, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("STRATEGYGRAPH_NEO4J_USER", bolt_server.user)
    monkeypatch.setenv("STRATEGYGRAPH_NEO4J_PASSWORD", bolt_server.password)
    monkeypatch.setenv("STRATEGYGRAPH_NEO4J_DATABASE", bolt_server.database)
    bolt_server.wipe()
    return bolt_server.url


def build(path: Path) -> tuple[dict[str, int], str]:
    store = EmbeddedStore(str(path))
    service = StrategyService(store)
    service.import_document(small_document(), "loader")
    service.update_node("proj", {"title": "Ä ö å", "attributes": {"k": "v"}}, 1, "bob")
    service.link("proj", Relation.SUPPORTS, "line", "bob", inferred=True, note="skip")
    service.unlink("proj2", Relation.DEPENDS_ON, "proj", "bob")
    found = fingerprint(read_snapshot(store))
    store.close()
    return found


def opened(url: str) -> tuple[tuple[dict[str, int], str], GraphStore]:
    store = open_store(url)
    return fingerprint(read_snapshot(store)), store


def run(*args: str, lang: str = "en") -> tuple[int, str, str]:
    result = CliRunner().invoke(migrate, list(args), env={"STRATEGYGRAPH_LANG": lang})
    return result.exit_code, result.stdout, result.stderr


def test_migrate_to_neo4j_and_back(tmp_path: Path, neo4j_url: str) -> None:
    source = f"sqlite:///{tmp_path / 'source.db'}"
    expected = build(tmp_path / "source.db")
    code, out, err = run("--from", source, "--to", neo4j_url)
    assert code == 0, err
    assert out.splitlines() == [
        f"copied 2 regions, 1 organisations, 9 nodes, 8 edges, 23 events, 0 comments from "
        f"{source} "
        f"to {neo4j_url}",
        f"verified: counts and sha256 {expected[1]} match",
    ]
    found, neo = opened(neo4j_url)
    try:
        assert found == expected
        assert neo.version() == 23
        assert [p.nodes for p in neo.trace_up("proj")] == [
            ("proj", "ch", "line", "ov", "cv", "goal"),
            ("proj", "line", "ov", "cv", "goal"),
        ]
        StrategyService(neo).update_node("ov", {"title": "Next"}, 1, "carol")
        assert neo.events(after=23)[0].seq == 24
    finally:
        neo.close()

    back = f"sqlite:///{tmp_path / 'back.db'}"
    code, _, err = run("--from", neo4j_url, "--to", back)
    assert code == 0, err
    found, memory = opened(back)
    try:
        assert found[0]["events"] == 24
        assert memory.version() == 24 and memory.get_node("ov").title == "Next"
    finally:
        memory.close()


def test_migrate_refuses_a_non_empty_target_unless_forced(tmp_path: Path, neo4j_url: str) -> None:
    first, second = tmp_path / "first.db", tmp_path / "second.db"
    expected = build(first)
    StrategyService(store := EmbeddedStore(str(second))).import_document(small_document(), "x")
    store.close()
    target = f"sqlite:///{second}"
    code, out, err = run("--from", f"sqlite:///{first}", "--to", target)
    assert (code, out) == (2, "")
    assert err.splitlines()[-1] == (
        f"error: the store {second} already holds a graph (version 20); restore into an "
        "empty store or replace what it holds; add --force to replace it"
    )
    code, out, err = run("--from", f"sqlite:///{first}", "--to", target, "--force", lang="fi")
    assert code == 0, err
    assert out.splitlines()[0].startswith("kopioitu alueet 2, organisaatiot 1, solmut 9, ")
    assert out.splitlines()[1].startswith("tarkistettu: määrät ja sha256 ")
    assert err.splitlines() == [
        f"luetaan sqlite:///{first}",
        f"kirjoitetaan {target}",
        "tarkistetaan",
    ]
    found, memory = opened(target)
    memory.close()
    assert found == expected

    code, _, _ = run("--from", target, "--to", neo4j_url)
    assert code == 0
    code, _, err = run("--from", f"sqlite:///{first}", "--to", neo4j_url)
    assert code == 2 and "already holds a graph (version 23)" in err
    code, _, err = run("--from", f"sqlite:///{first}", "--to", neo4j_url, "--force")
    assert code == 0, err


def test_migrate_refuses_the_same_store() -> None:
    code, _, err = run("--from", "sqlite:///x.db", "--to", "sqlite:///x.db")
    assert (code, err) == (2, "error: --from and --to name the same store\n")
