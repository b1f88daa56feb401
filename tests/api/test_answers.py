"""Kept answers over the live API: a repeated query is answered without executing it, a
write shows at once, and a reader never gets an answer made for someone else."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from strategygraph.api.answers import Answers
from strategygraph.api.extensions import _parse
from strategygraph.config import Settings
from strategygraph.domain.access import Role

from .conftest import Served, graph_document, loaded_store, serve

TRACE = "query T($id: ID!) { traceUp(id: $id) { paths { nodes { id title } } } }"
NODE = "query N($id: ID!) { node(id: $id) { id title status } }"
RENAME = """mutation R($id: ID!, $title: String!, $v: Int!) {
  updateNode(input: {id: $id, title: $title, expectedVersion: $v}) { node { version } } }"""


def kept(served: Served) -> Answers:
    answers: Answers = served.app.state.answers
    return answers


def test_a_repeated_query_is_answered_without_running_it(served: Served) -> None:
    api = served.api("alice")
    first = api(TRACE, id="proj-a")
    assert first["traceUp"] and len(kept(served)) == 1
    parsed = _parse.cache_info()
    assert api(TRACE, id="proj-a") == first
    assert _parse.cache_info() == parsed  # not even parsed again
    assert api(TRACE, id="proj-b") != first and len(kept(served)) == 2


def test_a_write_by_another_client_shows_at_once(served: Served) -> None:
    reader, writer = served.api("alice"), served.api("pekka")

    def titles() -> set[str]:
        return {
            n["title"] for p in reader(TRACE, id="proj-a")["traceUp"]["paths"] for n in p["nodes"]
        }

    before, traced = reader(NODE, id="cv")["node"], titles()  # both kept now
    assert "Uusi visio" not in traced and len(kept(served)) == 2
    version = writer('query { node(id: "cv") { version } }')["node"]["version"]
    writer(RENAME, id="cv", title="Uusi visio", v=version)
    assert reader(NODE, id="cv")["node"] == {**before, "title": "Uusi visio"}
    assert "Uusi visio" in titles()


def test_an_answer_made_for_one_reader_is_never_given_to_another(served: Served) -> None:
    admin = served.api("alice")
    viewer = served.api("ville", [(Role.VIEWER, "etela")])
    assert admin(NODE, id="proj-lonely")["node"]["status"] == "DRAFT"
    assert viewer(NODE, id="proj-lonely") == {"node": None}  # kept for alice, not for ville
    listing = "{ nodes(first: 100) { nodes { id } } }"
    assert "proj-lonely" in {n["id"] for n in admin(listing)["nodes"]["nodes"]}
    assert "proj-lonely" not in {n["id"] for n in viewer(listing)["nodes"]["nodes"]}


def test_answers_with_errors_or_clock_reading_fields_are_not_kept(served: Served) -> None:
    api = served.api("alice")
    assert api.error(TRACE, id="no-such-node")["extensions"]["code"] == "NOT_FOUND"
    api("{ gaps { items { message } } }")
    assert len(kept(served)) == 0


@pytest.fixture
def uncached() -> Iterator[Served]:
    store = loaded_store(graph_document())
    try:
        with serve(store, settings=Settings(answer_cache_mb=0)) as s:
            yield s
    finally:
        store.close()


def test_the_cache_can_be_turned_off(uncached: Served) -> None:
    assert uncached.app.state.answers is None
    api = uncached.api("alice")
    first = api(TRACE, id="proj-a")
    compiled = uncached.app.state.compiled
    served = compiled.served
    assert api(TRACE, id="proj-a") == first
    assert compiled.served == served + 1  # executed again, by the document's plan
