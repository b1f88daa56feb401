"""A document's mutations are kept all together or not at all: when one fails, the
others are undone too, and the answer says that nothing was committed."""

from __future__ import annotations

import pytest

from strategygraph.domain import StoreUnavailable
from strategygraph.store import EmbeddedStore
from tests.clients import HTTP

from .conftest import Served, bearer

TWO = """mutation {
  a: updateNode(input: {id: "ch", expectedVersion: 1, title: "Eka"}) { node { version } }
  b: updateNode(input: {id: "proj-a", expectedVersion: VERSION, title: "Toka"}) {
    node { version } }
}"""


def post(served: Served, query: str) -> dict[str, object]:
    answer = HTTP.post(
        served.url, json={"query": query}, headers=bearer(served.token("root")), timeout=10
    )
    found: dict[str, object] = answer.json()
    return found


def test_when_one_mutation_fails_none_of_the_document_is_kept(on_file: Served) -> None:
    served = on_file
    before = served.store.version()
    answer = post(served, TWO.replace("VERSION", "7"))  # stale: the second fails
    assert answer["data"] is None
    codes = [e["extensions"]["code"] for e in answer["errors"]]  # type: ignore[attr-defined]
    assert codes == ["VERSION_CONFLICT", "ROLLED_BACK"]
    assert served.store.version() == before
    assert served.store.get_node("ch").title == "Tiedolla johtaminen"
    assert served.store.events(after=before) == []
    again = post(served, TWO.replace("VERSION", "1"))  # the first's version is still 1
    assert again == {"data": {"a": {"node": {"version": 2}}, "b": {"node": {"version": 2}}}}
    assert served.store.version() == before + 2
    assert [e.seq for e in served.store.events(after=before)] == [before + 1, before + 2]
    reopened = EmbeddedStore(served.store.path)  # what the file kept
    try:
        assert reopened.version() == before + 2
        assert reopened.get_node("ch").title == "Eka"
    finally:
        reopened.close()


def test_when_the_unit_cannot_begin_none_of_the_document_runs(
    on_file: Served, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The store busy when the document starts: the answer is that error alone, and the
    first mutation is not committed on its own (it was, one by one, before)."""
    served = on_file
    before = served.store.version()

    def busy() -> None:
        raise StoreUnavailable("the store file is busy: another process holds its lock")

    monkeypatch.setattr(served.store, "begin", busy)
    answer = post(served, TWO.replace("VERSION", "1"))
    assert answer == {
        "data": None,
        "errors": [
            {
                "message": "the store file is busy: another process holds its lock",
                "extensions": {"code": "STORE_UNAVAILABLE"},
            }
        ],
    }
    assert served.store.version() == before
    assert served.store.get_node("ch").title == "Tiedolla johtaminen"
