"""gaps(): every gap type on a hand-made graph, with exact messages and filters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from strategygraph.domain import Node, Status
from strategygraph.trace import Gap, GapType, TraceGraph, gaps
from tests.unit.graphs import build, node

T = GapType
NOW = datetime(2024, 6, 30, 12, 0, tzinfo=UTC)
OLD = NOW - timedelta(days=91)
RECENT = NOW - timedelta(days=89)

# G1 <- CV1 <- OV1 <- L1 <- C1 <- P1                     fully traced
#                  <- L2                                  LINE_EMPTY
#                     L1 <- C2                            CHALLENGE_UNADDRESSED
#                     L1 <- P4 (SUPPORTS, a skip)         LAYER_SKIP
# G2                                                      GOAL_UNSERVED
# P2 alone, P3 -> C3 (C3 serves nothing)                  PROJECT_NOT_TRACED
# L3 <- C4 <- P5, all region B, L3 under no vision:       PROJECT_NOT_TRACED
#   P5 is also a draft untouched for 91 days              STALE_DRAFT
NODES: list[Node | tuple[object, ...]] = [
    ("G1", "G"),
    node("G2", "G", title="Equal services"),
    ("CV1", "CV"),
    ("OV1", "OV"),
    node("L1", "L", title="Use data"),
    node("L2", "L", title="Empty line"),
    ("C1", "C"),
    node("C2", "C", title="Knowledge management"),
    ("C3", "C"),
    ("P1", "P"),
    node("P2", "P", title="Road map"),
    ("P3", "P"),
    node("P4", "P", title="Data lake"),
    ("L3", "L", "B"),
    ("C4", "C", "B"),
    node("P5", "P", "B", Status.DRAFT, OLD, title="Old draft"),
]
EDGES = [
    ("CV1", "G1"),
    ("OV1", "CV1"),
    ("L1", "OV1"),
    ("L2", "OV1"),
    ("C1", "L1"),
    ("C2", "L1"),
    ("P1", "C1"),
    ("P3", "C3"),
    ("P4", "SUPPORTS", "L1"),
    ("C4", "L3"),
    ("P5", "C4"),
]


def view(*extra: Node | tuple[object, ...], edges: tuple[tuple[str, ...], ...] = ()) -> TraceGraph:
    return build([*NODES, *extra], [*EDGES, *edges])


def replaced(new: Node) -> TraceGraph:
    """The graph with one of its nodes swapped for ``new``."""
    nodes = [new if _id(n) == new.id else n for n in NODES]
    return build(nodes, EDGES)


def _id(spec: Node | tuple[object, ...]) -> object:
    return spec.id if isinstance(spec, Node) else spec[0]


def test_every_gap_of_the_graph_in_order() -> None:
    found = gaps(view(), now=NOW)
    assert [(g.type, g.node_id, g.region, g.related) for g in found] == [
        (T.PROJECT_NOT_TRACED, "P2", "A", None),
        (T.PROJECT_NOT_TRACED, "P3", "A", None),
        (T.PROJECT_NOT_TRACED, "P5", "B", None),
        (T.CHALLENGE_UNADDRESSED, "C2", "A", None),
        (T.LINE_EMPTY, "L2", "A", None),
        (T.GOAL_UNSERVED, "G2", "national", None),
        (T.LAYER_SKIP, "P4", "A", "L1"),
        (T.STALE_DRAFT, "P5", "B", None),
    ]


def test_gap_messages() -> None:
    by_key = {(g.type, g.node_id): g.message for g in gaps(view(), now=NOW)}
    assert by_key[(T.PROJECT_NOT_TRACED, "P2")] == (
        "Project 'Road map' (P2) does not reach any national goal: nothing explains why it exists."
    )
    assert by_key[(T.CHALLENGE_UNADDRESSED, "C2")] == (
        "Challenge 'Knowledge management' (C2) is addressed by no strategic project."
    )
    assert by_key[(T.LINE_EMPTY, "L2")] == (
        "Strategic line 'Empty line' (L2) has no challenge or project under it."
    )
    assert (
        by_key[(T.GOAL_UNSERVED, "G2")]
        == "National goal 'Equal services' (G2) is served by nothing."
    )
    assert by_key[(T.LAYER_SKIP, "P4")] == (
        "Strategic project 'Data lake' (P4) links straight to strategic line 'Use data' (L1), "
        "skipping a layer."
    )
    assert by_key[(T.STALE_DRAFT, "P5")] == (
        "Strategic project 'Old draft' (P5) has been a draft since 2024-03-31, more than 90 days."
    )


def test_gap_record() -> None:
    skip = next(g for g in gaps(view(), now=NOW) if g.type is T.LAYER_SKIP)
    assert skip == Gap(
        T.LAYER_SKIP,
        "P4",
        "A",
        "Strategic project 'Data lake' (P4) links straight to strategic line 'Use data' (L1), "
        "skipping a layer.",
        "L1",
    )


@pytest.mark.parametrize(
    ("source", "relation", "target", "source_kind", "target_kind", "expected"),
    [
        (
            "PX",
            "SUPPORTS",
            "OV1",
            "P",
            "OV",
            "Strategic project 'PX' (PX) links straight to "
            "organisational vision 'OV1' (OV1), skipping a layer.",
        ),
        (
            "CX",
            "SUPPORTS",
            "OV1",
            "C",
            "OV",
            "Challenge 'CX' (CX) links straight to "
            "organisational vision 'OV1' (OV1), skipping a layer.",
        ),
        (
            "LX",
            "REALISES",
            "CV1",
            "L",
            "CV",
            "Strategic line 'LX' (LX) links straight to "
            "change vision 'CV1' (CV1), skipping a layer.",
        ),
        (
            "OVX",
            "DERIVES_FROM",
            "G1",
            "OV",
            "G",
            "Organisational vision 'OVX' (OVX) links "
            "straight to national goal 'G1' (G1), skipping a layer.",
        ),
    ],
)
def test_every_skip_triple_is_a_layer_skip(
    source: str, relation: str, target: str, source_kind: str, target_kind: str, expected: str
) -> None:
    found = gaps(view((source, source_kind), edges=((source, relation, target),)), now=NOW)
    skips = [g for g in found if g.type is T.LAYER_SKIP and g.node_id == source]
    assert [(g.related, g.message) for g in skips] == [(target, expected)]


def test_no_layer_skip_for_retired_target_or_retired_source() -> None:
    retired_target = view(
        ("PX", "P"), ("OVX", "OV", "A", Status.RETIRED), edges=(("PX", "SUPPORTS", "OVX"),)
    )
    assert [g.node_id for g in gaps(retired_target, now=NOW) if g.type is T.LAYER_SKIP] == ["P4"]
    retired_source = replaced(node("P4", "P", "A", Status.RETIRED))
    assert [g.type for g in gaps(retired_source, now=NOW)].count(T.LAYER_SKIP) == 0


def test_region_filter() -> None:
    found = gaps(view(), region="B", now=NOW)
    assert [(g.type, g.node_id) for g in found] == [
        (T.PROJECT_NOT_TRACED, "P5"),
        (T.STALE_DRAFT, "P5"),
    ]
    assert [g.node_id for g in gaps(view(), region="national", now=NOW)] == ["G2"]
    assert gaps(view(), region="nowhere", now=NOW) == []
    assert all(g.region == "A" for g in gaps(view(), region="A", now=NOW))


def test_cross_region_project_is_traced() -> None:
    found = gaps(view(("PB", "P", "B"), edges=(("PB", "C2"),)), now=NOW)
    assert (T.PROJECT_NOT_TRACED, "PB") not in {(g.type, g.node_id) for g in found}
    assert (T.CHALLENGE_UNADDRESSED, "C2") not in {(g.type, g.node_id) for g in found}


def test_retired_nodes_have_no_gaps_and_do_not_fill_gaps() -> None:
    found = gaps(
        view(
            ("PR", "P", "A", Status.RETIRED),  # would be untraced
            ("LR", "L", "A", Status.RETIRED),  # would be empty
            ("PC", "P", "A", Status.RETIRED),
            ("CR", "C", "A", Status.RETIRED),
            edges=(("PC", "C2"), ("CR", "L2")),
        ),
        now=NOW,
    )
    ids = {g.node_id for g in found}
    assert not ids & {"PR", "LR", "PC", "CR"}
    assert (T.CHALLENGE_UNADDRESSED, "C2") in {(g.type, g.node_id) for g in found}
    assert (T.LINE_EMPTY, "L2") in {(g.type, g.node_id) for g in found}


def test_retired_chain_leaves_projects_untraced() -> None:
    found = gaps(replaced(node("OV1", "OV", "A", Status.RETIRED)), now=NOW)
    untraced = [g.node_id for g in found if g.type is T.PROJECT_NOT_TRACED]
    assert untraced == ["P1", "P2", "P3", "P4", "P5"]


def test_a_line_with_only_a_project_under_it_is_not_empty() -> None:
    found = gaps(view(("PX", "P"), edges=(("PX", "SUPPORTS", "L2"),)), now=NOW)
    assert T.LINE_EMPTY not in {g.type for g in found}


def test_a_goal_served_only_by_a_retired_vision_is_unserved() -> None:
    found = gaps(view(("CVR", "CV", "A", Status.RETIRED), edges=(("CVR", "G2"),)), now=NOW)
    assert [g.node_id for g in found if g.type is T.GOAL_UNSERVED] == ["G2"]


def test_stale_drafts() -> None:
    drafts = (
        ("D1", "L", "A", Status.DRAFT, OLD),  # stale
        ("D2", "L", "A", Status.DRAFT, RECENT),  # not yet
        ("D3", "L", "A", Status.DRAFT, NOW - timedelta(days=90)),  # exactly 90 days: not stale
        ("D4", "L", "A", Status.PROPOSED, OLD),  # not a draft
        ("D5", "L", "A", Status.DRAFT),  # no time known
        node("D6", "L", "A", Status.DRAFT, OLD, updated_at=RECENT),  # touched lately
        node("D7", "L", "A", Status.DRAFT, RECENT, updated_at=OLD),  # last change is old
        ("D8", "L", "A", Status.RETIRED, OLD),
    )
    stale = [g.node_id for g in gaps(view(*drafts), now=NOW) if g.type is T.STALE_DRAFT]
    assert stale == ["D1", "D7", "P5"]
    shorter = gaps(view(*drafts), now=NOW, draft_days=10)
    assert [g.node_id for g in shorter if g.type is T.STALE_DRAFT] == [
        "D1",
        "D2",
        "D3",
        "D6",
        "D7",
        "P5",
    ]
    message = next(g.message for g in shorter if g.node_id == "D2" and g.type is T.STALE_DRAFT)
    assert (
        message == "Strategic line 'D2' (D2) has been a draft since 2024-04-02, more than 10 days."
    )


def test_clean_chain_has_no_gaps() -> None:
    clean = build(
        [("G", "G"), ("CV", "CV"), ("OV", "OV"), ("L", "L"), ("C", "C"), ("P", "P")],
        [("CV", "G"), ("OV", "CV"), ("L", "OV"), ("C", "L"), ("P", "C")],
    )
    assert gaps(clean, now=NOW) == []
    assert gaps(TraceGraph(), now=NOW) == []
