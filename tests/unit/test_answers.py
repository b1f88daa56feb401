"""The answer cache: what it keeps, for whom, and for how long."""

from __future__ import annotations

import graphql
import orjson
import pytest

from strategygraph.api.answers import Answers, read_only_and_timeless
from strategygraph.api.schema import build_schema
from strategygraph.api.volatility import served_volatility, volatility_of
from strategygraph.domain.access import Principal, Role

ALICE = Principal.of("alice", [(Role.ADMIN, "*")])
VILLE = Principal.of("ville", [(Role.VIEWER, "etela")])
TRACE = "query T($id: ID!) { traceUp(id: $id) { nodes { id } } }"
DATA = {"traceUp": [{"nodes": [{"id": "p"}, {"id": "ng"}]}]}
ENCODED = orjson.dumps(DATA)


def key(query: str = TRACE, actor: Principal = ALICE, **variables: object):  # type: ignore[no-untyped-def]
    found = Answers.key(query, None, variables or None, actor)
    assert found is not None
    return found


def test_an_answer_is_served_to_the_same_reader_at_the_same_version() -> None:
    answers = Answers(1 << 20)
    assert answers.keep(7, key(id="p"), DATA)
    assert answers.get(7, key(id="p")) == ENCODED
    assert answers.get(7, Answers.key(TRACE, None, {"id": "p"}, ALICE)) == ENCODED
    assert answers.get(7, key(id="q")) is None  # other variables
    assert answers.get(7, key(actor=VILLE, id="p")) is None  # another reader
    assert answers.get(7, key("query T($id: ID!) { traceUp(id: $id) { nodes { title } } }",
                              id="p")) is None  # fmt: skip


def test_a_new_graph_version_forgets_everything() -> None:
    answers = Answers(1 << 20)
    answers.keep(7, key(id="p"), DATA)
    assert answers.get(8, key(id="p")) is None
    assert len(answers) == 0 and answers.size == 0
    assert answers.get(7, key(id="p")) is None  # nor does the old version come back


def test_variables_in_any_order_are_the_same_request() -> None:
    a = Answers.key(TRACE, None, {"id": "p", "maxDepth": 3}, ALICE)
    b = Answers.key(TRACE, None, {"maxDepth": 3, "id": "p"}, ALICE)
    assert a == b and hash(a) == hash(b)


@pytest.mark.parametrize(
    ("query", "operation", "kept"),
    [
        (TRACE, None, True),
        ("{ gaps { message } }", None, False),
        ('{ node(id: "p") { id } compareRegions(regions: ["a"]) { goal { id } } }', None, False),
        ("query A { regions { id } } query B { gaps { message } }", "A", False),
        ("query A { regions { id } } mutation B { unlink(input: {}) { ok } }", "A", True),
        ('mutation { retireNode(id: "p") { node { id } } }', None, False),
        ("subscription { graphChanged { seq } }", None, False),
        ("{ regions { ...F } } fragment F on Region { id }", None, True),
        ("{ ...Q } fragment Q on Query { regions { id } }", None, False),
        ('{ graphAt(at: "2026-01-01T00:00:00Z") { gaps { message } } }', None, False),
        ("{ __typename regions { id } }", None, False),
        ("query A { regions { id } } query B { regions { id } }", None, False),
        ("{ regions { id ", None, False),
    ],
)
def test_only_queries_that_read_no_clock_are_kept(
    query: str, operation: str | None, kept: bool
) -> None:
    assert read_only_and_timeless(query, operation) is kept


READS_THE_CLOCK = {
    "Query.gaps",  # a draft turns into a stale-draft gap as days pass
    "Query.compareRegions",  # its gaps, likewise
    "Query.exportGraph",  # the JSON export stamps exported_at
    "Query.webhooks",  # outside the graph's versions
    "Query.webhookDeliveries",
}
"""The fields judged volatile, by type: a field newly declared volatile (or no longer)
anywhere in the schema, nested or at the root, must be judged here too."""


def test_volatility_is_declared_on_the_fields_and_read_from_the_schema() -> None:
    served = volatility_of(build_schema()._schema)
    assert served == served_volatility()
    assert served.coordinates == READS_THE_CLOCK
    query = graphql.build_schema(build_schema().as_str()).query_type
    assert query is not None
    roots = set(query.fields)
    assert served.timeless == roots - served.volatile
    assert "exportGraph" not in served.timeless and "traceUp" in served.timeless


def test_a_volatile_field_is_never_kept_at_the_root_or_nested() -> None:
    nested = {c.split(".")[1] for c in READS_THE_CLOCK if not c.startswith("Query.")}
    for name in served_volatility().volatile | nested:
        assert not read_only_and_timeless(f"{{ {name} {{ __typename }} }}", None)
        assert not read_only_and_timeless(
            f'{{ graphAt(at: "2026-01-01T00:00:00Z") {{ {name} {{ __typename }} }} }}', None
        )
    assert not read_only_and_timeless("{ exportGraph(format: JSON) { files { name } } }", None)


def test_size_is_bounded_least_recently_used_first() -> None:
    entry = {"x": "a" * 92}
    probe = Answers(1 << 20)
    probe.keep(1, key(id=0), entry)
    one = probe.size  # the answer, the query text and variables, and a fixed overhead
    assert one > len(orjson.dumps(entry)) + len(TRACE)
    answers = Answers(max_bytes=3 * one + one // 2, max_entry_bytes=one + 10)
    for n in range(3):
        assert answers.keep(1, key(id=n), entry)
    assert answers.get(1, key(id=0)) == orjson.dumps(entry)  # now the most recently used
    assert answers.keep(1, key(id=3), entry)
    assert answers.get(1, key(id=1)) is None  # the least recently used went
    assert all(answers.get(1, key(id=n)) == orjson.dumps(entry) for n in (0, 2, 3))
    assert answers.size == 3 * one
    assert not answers.keep(1, key(id=4), {"x": "a" * 120})  # larger than one entry may be
    assert not answers.keep(1, key(id=5), {"x": 1 << 70})  # JSON that orjson cannot write
    assert answers.get(1, key(id=4)) is None and answers.get(1, key(id=5)) is None


def test_a_long_document_counts_against_the_bound() -> None:
    long = TRACE + " " * 5000  # the same query, padded: a small answer, a large key
    answers = Answers(max_bytes=20_000)
    for n in range(10):
        answers.keep(1, key(long, id=n), DATA)
    assert answers.size <= 20_000 and len(answers) == 3
