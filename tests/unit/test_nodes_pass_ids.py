"""``nodes_pass`` checks all ids of a set in one pass (joined by line breaks): an id that
holds a line break of its own, or is empty, still fails the set exactly as
``check_node`` fails it."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from strategygraph.domain import Node, NodeKind
from strategygraph.domain.validation import check_node, nodes_pass

IDS = st.one_of(
    st.sampled_from(["p-1", "a\nb", "a\n", "\na", "", "\n", "p-1\np-2", "x" * 100, "x" * 101]),
    st.text(alphabet=st.sampled_from("ab-9\nA"), max_size=4),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(IDS, max_size=4))
def test_a_set_of_ids_passes_exactly_when_each_id_does(ids: list[str]) -> None:
    nodes = [Node(i, NodeKind.CHALLENGE, "r1", "Haaste") for i in ids]
    assert nodes_pass(nodes) == all(check_node(n) == [] for n in nodes)


def test_an_id_with_a_line_break_between_two_good_ones_fails() -> None:
    assert not nodes_pass([Node("a\nb", NodeKind.CHALLENGE, "r1", "Haaste")])
    assert nodes_pass([Node(i, NodeKind.CHALLENGE, "r1", "Haaste") for i in ("a", "b")])
