"""The ``after`` JSON of a bulk run's ``link`` events from one template
(``store/link_afters.py``) is orjson's of each edge's state, byte for byte, for any
texts; texts JSON escapes, and edges that are not plain, take orjson's way."""

from __future__ import annotations

from datetime import UTC, datetime

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from strategygraph.domain import Edge, Relation
from strategygraph.domain.states import edge_state
from strategygraph.store.event_run import link_run
from strategygraph.store.link_afters import plain_afters

WHEN = datetime(2026, 12, 3, tzinfo=UTC)
ID = st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True)
"""Ids as the rules allow them."""
ANY_TEXT = st.text(max_size=8)
"""Any text: quotes, backslashes, control characters, surrogates, any plane."""
PLAIN = st.builds(Edge, ID | ANY_TEXT, st.sampled_from(list(Relation)), ID | ANY_TEXT)
MARKED = st.builds(
    Edge,
    ID,
    st.sampled_from(list(Relation)),
    ID,
    st.booleans(),
    st.none() | ANY_TEXT,
    st.none() | st.just(WHEN),
    st.none() | ID,
)


def dumped(edges: list[Edge]) -> list[bytes] | None:
    """Each edge's state as orjson writes it; None where it refuses one (a surrogate)."""
    try:
        return [orjson.dumps(edge_state(e)) for e in edges]
    except orjson.JSONEncodeError:
        return None


@settings(max_examples=300, deadline=None)
@given(st.lists(PLAIN | MARKED, max_size=6))
def test_the_template_writes_what_orjson_writes_or_declines(edges: list[Edge]) -> None:
    filled = plain_afters(edges)
    if filled is not None:
        assert filled == dumped(edges)
        assert all(type(after) is bytes for after in filled)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.builds(Edge, ID, st.sampled_from(list(Relation)), ID), min_size=1, max_size=6))
def test_plain_edges_between_ids_the_rules_allow_take_the_template(edges: list[Edge]) -> None:
    assert plain_afters(edges) == dumped(edges)


def test_texts_json_escapes_and_marked_edges_go_orjsons_way() -> None:
    edge = Edge("p", Relation.DEPENDS_ON, "q")
    for odd in ('p"', "p\\", "p\n", "p\x1f", "p\ud800"):
        assert plain_afters([edge, Edge(odd, Relation.DEPENDS_ON, "q")]) is None
        assert plain_afters([edge, Edge("p", Relation.DEPENDS_ON, odd)]) is None
    assert plain_afters([edge, Edge("p", Relation.DEPENDS_ON, "q", inferred=True)]) is None
    assert plain_afters([edge, Edge("p", Relation.DEPENDS_ON, "q", note="")]) is None
    assert plain_afters([edge, Edge("p", Relation.DEPENDS_ON, "q", suspect_at=WHEN)]) is None
    assert plain_afters([Edge("ä-\x7f-\u2028-😀", Relation.DEPENDS_ON, "q")]) == dumped(
        [Edge("ä-\x7f-\u2028-😀", Relation.DEPENDS_ON, "q")]
    )  # written as they are, UTF-8


@settings(max_examples=100, deadline=None)
@given(st.lists(PLAIN | MARKED, max_size=6))
def test_a_link_run_keeps_each_edges_state(edges: list[Edge]) -> None:
    expected = dumped(edges)
    if expected is None:
        return  # orjson refuses a surrogate: so did the run before the template
    run = link_run(edges, ["r1"] * len(edges), WHEN, "t", None)
    assert list(run.afters) == expected
    assert [e.after for e in run.events()] == [edge_state(e) for e in edges]
