"""``nodes_pass`` (the field rules over a whole set, for bulk imports) agrees with
``check_node`` one node at a time: it passes a set exactly when no node has a problem."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from strategygraph.domain import NATIONAL, Health, Node, NodeKind
from strategygraph.domain.validation import check_node, nodes_pass

_TEXT = st.one_of(
    st.just(""),
    st.just("   "),
    st.text(alphabet=st.sampled_from("ab \t\n\r\x00\x1b\x85\ud800é"), max_size=6),
    st.integers(195, 205).map(lambda n: "x" * n),
    st.integers(498, 502).map(lambda n: "y" * n),
)
_DAYS = st.one_of(st.none(), st.integers(-3, 3).map(lambda d: date.today() + timedelta(d)))


@st.composite
def nodes(draw: st.DrawFn) -> Node:
    kind = draw(st.sampled_from(list(NodeKind)))
    project = kind is NodeKind.STRATEGIC_PROJECT or draw(st.booleans())
    maybe = st.none() | _TEXT
    return Node(
        id=draw(st.sampled_from(["p-1", "a", "-x", "A", "x" * 101, "x\n"])),
        kind=kind,
        region=draw(st.sampled_from([NATIONAL, "kymenlaakso"])),
        title=draw(_TEXT),
        description=draw(st.one_of(_TEXT, st.just("d" * 10_001))),
        approved_by=draw(maybe),
        decision_date=draw(_DAYS),
        decision_ref=draw(maybe),
        tags=tuple(draw(st.lists(_TEXT | st.just("t" * 51), max_size=3)))
        + draw(st.sampled_from([(), tuple(f"t{i}" for i in range(50))])),
        source=draw(maybe),
        attributes=draw(
            st.dictionaries(
                st.sampled_from(["k\x1b", "reportingCadenceDays", "healthFromIndicators", "k"]),
                st.sampled_from(["", "7", "true", "soon", "v\x00"]),
                max_size=2,
            )
        ),
        version=draw(st.integers(0, 2)),
        owner=draw(maybe) if project else None,
        phase=draw(maybe) if project else None,
        start_date=draw(_DAYS) if project else None,
        due_date=draw(_DAYS) if project else None,
        progress=draw(st.none() | st.integers(-1, 101)) if project else None,
        health=draw(st.none() | st.sampled_from(list(Health))) if project else None,
    )


@settings(max_examples=600, deadline=None)
@given(nodes())
def test_one_node_passes_exactly_when_check_node_finds_nothing(node: Node) -> None:
    assert nodes_pass([node]) == (check_node(node) == [])


@settings(max_examples=200, deadline=None)
@given(st.lists(nodes(), max_size=5))
def test_a_set_passes_exactly_when_every_node_does(found: list[Node]) -> None:
    assert nodes_pass(found) == all(check_node(n) == [] for n in found)


_GOOD = (
    Node("p-1", NodeKind.STRATEGIC_PROJECT, "kymenlaakso", "Hanke", progress=5, tags=("a",)),
    Node("c-1", NodeKind.CHALLENGE, "kymenlaakso", "Haaste", attributes={"k": "v"}),
    Node("g-1", NodeKind.NATIONAL_GOAL, NATIONAL, "Tavoite", source="lähde"),
)
_ONE_CHANGE = st.sampled_from(
    [
        ("title", " "),
        ("title", "x" * 200),
        ("title", "x" * 201),
        ("title", "a\x85"),
        ("description", "d" * 10_000),
        ("description", "d" * 10_001),
        ("region", NATIONAL),
        ("version", 0),
        ("decision_date", date.today()),
        ("decision_date", date.today() + timedelta(1)),
        ("approved_by", "y" * 500),
        ("approved_by", "y" * 501),
        ("decision_ref", "\x00"),
        ("source", ""),
        ("owner", "y" * 500),
        ("owner", "y" * 501),
        ("phase", "\ud800"),
        ("progress", 0),
        ("progress", 100),
        ("progress", 101),
        ("progress", -1),
        ("start_date", date(2026, 1, 2)),
        ("due_date", date(2026, 1, 1)),
        ("health", Health.RED),
        ("tags", ("t" * 50,)),
        ("tags", ("t" * 51,)),
        ("tags", (" ",)),
        ("tags", tuple(f"t{i}" for i in range(50))),
        ("tags", tuple(f"t{i}" for i in range(51))),
        ("attributes", {"reportingCadenceDays": "7"}),
        ("attributes", {"reportingCadenceDays": "soon"}),
        ("attributes", {"k\x1b": "v"}),
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(range(len(_GOOD))), st.lists(_ONE_CHANGE, min_size=1, max_size=2))
def test_one_field_changed_among_good_nodes_is_told_as_check_node_tells_it(
    which: int, changes: list[tuple[str, object]]
) -> None:
    """Each rule alone: the other nodes and fields pass, so only the change can fail."""
    changed = replace(_GOOD[which], **dict(changes))
    assert nodes_pass([*_GOOD, changed]) == (check_node(changed) == [])
    assert nodes_pass([changed, *_GOOD]) == nodes_pass([changed])
