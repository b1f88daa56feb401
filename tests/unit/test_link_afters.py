"""A bulk run's plain new edges get their events' JSON from one template
(``event_run.plain_link_afters``), not a dict and an orjson call each: the very bytes
orjson writes for their ``edge_state``, for any ids; an id orjson would escape (or
cannot write) sends the run back to orjson."""

from __future__ import annotations

from datetime import UTC, datetime
from itertools import pairwise

import orjson
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategygraph.domain import Edge, Relation
from strategygraph.domain.states import edge_state
from strategygraph.store.event_run import kept_json, link_run, plain_link_afters

WHEN = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)
_IDS = st.text(st.characters(codec="utf-8"), min_size=1, max_size=8)
"""Any text an id could hold, quotes, backslashes and control characters among it."""


def _edges(triples: list[tuple[str, Relation, str]]) -> list[Edge]:
    return [Edge(s, r, t) for s, r, t in triples]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(_IDS, st.sampled_from(list(Relation)), _IDS), max_size=6))
def test_the_template_writes_what_orjson_writes(
    triples: list[tuple[str, Relation, str]],
) -> None:
    edges = _edges(triples)
    run = link_run(edges, ["north"] * len(edges), WHEN, "t", None, plain=True)
    assert list(run.afters) == [orjson.dumps(edge_state(e)) for e in edges]
    assert list(run.targets) == [e.source for e in edges]
    assert list(run.related or []) == [e.target for e in edges]


@settings(max_examples=100, deadline=None)
@given(st.lists(st.from_regex(r"[a-z0-9][a-z0-9-]{0,20}", fullmatch=True), min_size=2))
def test_ids_of_the_rules_form_take_the_template(ids: list[str]) -> None:
    relations = [Relation.ADDRESSES] * (len(ids) - 1)
    afters = plain_link_afters(ids[:-1], relations, ids[1:])
    assert afters is not None
    assert afters == [
        orjson.dumps(edge_state(Edge(s, Relation.ADDRESSES, t))) for s, t in pairwise(ids)
    ]


@pytest.mark.parametrize("odd", ['a"b', "a\\b", "a\x1fb", "a\nb", "a\ud800b"])
def test_an_id_orjson_escapes_or_refuses_goes_back_to_orjson(odd: str) -> None:
    assert plain_link_afters([odd], [Relation.ADDRESSES], ["c"]) is None
    assert plain_link_afters(["c"], [Relation.ADDRESSES], [odd]) is None


def test_non_ascii_ids_are_written_as_utf_8_as_orjson_does() -> None:
    afters = plain_link_afters(["hämeen-ä"], [Relation.ADDRESSES], ["\u2028\x7f"])
    assert afters == [orjson.dumps(edge_state(Edge("hämeen-ä", Relation.ADDRESSES, "\u2028\x7f")))]


def test_a_lone_surrogate_is_refused_as_before() -> None:
    edge = Edge("a\ud800", Relation.ADDRESSES, "c")
    with pytest.raises(orjson.JSONEncodeError):
        link_run([edge], ["north"], WHEN, "t", None, plain=True)


def test_kept_json_is_orjson_s_json() -> None:
    value = {"id": "n", "tags": ["a"], "at": WHEN, "relation": Relation.ADDRESSES}
    assert kept_json(value) == orjson.dumps(value)
    assert type(kept_json(value)) is bytes
