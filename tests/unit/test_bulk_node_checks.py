"""A run of node creations is checked as a set (``bulk_apply._create_nodes``): ids used
twice or already stored, unknown regions, unknown organisations and organisations of
another region send the run one operation at a time, so an import reports exactly the
problems it reports with the bulk path off, and leaves no trace."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from strategygraph.domain import ValidationError
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore, bulk_apply
from strategygraph.store.bulk_apply import RUN
from tests.conftest import small_document

Spoil = Callable[[dict[str, Any]], None]


def large_document() -> dict[str, Any]:
    """The small document, a second region with its organisation, and a run of more
    projects than ``RUN``, of both regions' organisations."""
    doc = small_document()
    doc["regions"].append({"id": "r2", "name": "Region Two"})
    doc["organisations"].append({"id": "org2", "name": "Org Two", "region": "r2"})
    for i in range(RUN + 20):
        region, org = ("r1", "org1") if i % 2 else ("r2", "org2")
        doc["nodes"].append(
            {
                "id": f"bulk-{i:04d}",
                "kind": "STRATEGIC_PROJECT",
                "region": region,
                "organisation": org,
                "title": f"Hanke {i}",
            }
        )
    return doc


def _last(doc: dict[str, Any]) -> dict[str, Any]:
    node: dict[str, Any] = doc["nodes"][-1]
    return node


SPOILS: dict[str, Spoil] = {
    "organisation-of-another-region": lambda doc: _last(doc).update(organisation="org2"),
    "unknown-organisation": lambda doc: _last(doc).update(organisation="nobody"),
    "unknown-region": lambda doc: _last(doc).update(region="nowhere"),
    "id-stored-already": lambda doc: _last(doc).update(id="ch"),
}


def _import(path: Path, doc: dict[str, Any]) -> list[tuple[str | None, str, str]]:
    store = EmbeddedStore(str(path))
    try:
        service = StrategyService(store)
        service.import_document(small_document(), "loader")
        before = store.version(), store.nodes(), store.events(limit=10_000)
        with pytest.raises(ValidationError) as exc:
            service.import_document(doc, "loader")
        after = store.version(), store.nodes(), store.events(limit=10_000)
        assert after == before  # nothing of the run was kept
        return [(p.where, p.rule, p.message) for p in exc.value.problems]
    finally:
        store.close()


@pytest.mark.parametrize("spoil", list(SPOILS.values()), ids=list(SPOILS))
def test_a_spoiled_run_reports_what_one_at_a_time_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spoil: Spoil
) -> None:
    doc = large_document()
    spoil(doc)
    bulk = _import(tmp_path / "bulk.db", doc)
    monkeypatch.setattr(bulk_apply, "RUN", 10**9)  # every creation one at a time
    one_by_one = _import(tmp_path / "one.db", doc)
    assert bulk == one_by_one
    assert bulk and all(where == f"nodes[{len(doc['nodes']) - 1}]" for where, _, _ in bulk)


def test_a_run_of_two_regions_organisations_takes_the_bulk_path(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    runs: list[int] = []
    create = bulk_apply._create_nodes

    def counted(applier: Any, run: Any) -> bool:
        taken = create(applier, run)
        runs.append(len(run) if taken else -len(run))
        return taken

    monkeypatch.setattr(bulk_apply, "_create_nodes", counted)
    store = EmbeddedStore(str(tmp_path / "s.db"))
    try:
        doc = large_document()
        outcome = StrategyService(store).import_document(doc, "loader")
        assert runs == [len(doc["nodes"])]
        assert len(outcome.plan.added) == len(doc["nodes"])
        assert store.get_node("bulk-0000").organisation == "org2"
    finally:
        store.close()
