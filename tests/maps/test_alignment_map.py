"""The alignment map of the demo region, drawn by the real ``dot`` and read back as XML."""

from __future__ import annotations

import itertools

import pytest

from strategygraph.domain import Health, NodeKind, Relation, Status
from strategygraph.glossary import Glossary, Lang
from strategygraph.maps import Filters, MapRequest, Rollup, layered
from strategygraph.maps.style import HEALTH_FILL
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from strategygraph.trace import GapType
from tests.maps.conftest import REGION, draw, visible
from tests.maps.svg import SVG, DrawnMap, squash

FI = Glossary(Lang.FI)


@pytest.fixture(scope="module")
def drawn(demo: EmbeddedStore) -> DrawnMap:
    return draw(demo, MapRequest.alignment(REGION))


def test_every_visible_node_appears_once_with_its_label(
    demo: EmbeddedStore, drawn: DrawnMap
) -> None:
    expected = visible(demo)
    assert len(expected) == 61
    assert sorted(drawn.ids) == sorted(n.id for n in expected)  # each exactly once
    for node in expected:
        shown = drawn.nodes[node.id]
        assert squash(shown.title) == squash(node.title), node.id
        assert FI.kind(node.kind).upper() in shown.texts[0]


def test_finnish_letters_are_drawn_as_they_are(drawn: DrawnMap) -> None:
    titles = " ".join(n.title for n in drawn.nodes.values())
    assert "ä" in titles and "ö" in titles
    assert "Kymenlaakso" in drawn.legend[0]


def test_ranks_follow_the_layers(demo: EmbeddedStore, drawn: DrawnMap) -> None:
    by_kind: dict[NodeKind, list[float]] = {}
    for node in visible(demo):
        by_kind.setdefault(node.kind, []).append(drawn.layer(node.id))
    kinds = sorted(by_kind, key=lambda k: k.layer)
    assert kinds == list(NodeKind)  # the demo has every layer
    for kind in kinds:  # one rank per layer: every node of a layer at the same height
        assert max(by_kind[kind]) - min(by_kind[kind]) < 40, kind
    for upper, lower in itertools.pairwise(kinds):
        assert max(by_kind[upper]) < min(by_kind[lower]), (upper, lower)  # SVG y grows down
    # A column of layer names on the left, each at the height of its layer.
    names = drawn.layer_names
    assert list(names) == [FI.layer(k) for k in kinds]
    for kind in kinds:
        assert abs(names[FI.layer(kind)].y - by_kind[kind][0]) < 40
    assert all(n.x < min(d.x for d in drawn.nodes.values()) for n in names.values())


def test_every_edge_is_drawn_once_pointing_at_what_it_serves(
    demo: EmbeddedStore, drawn: DrawnMap
) -> None:
    shown = {n.id for n in visible(demo)}
    expected = {
        (e.target, e.source) if demo.metamodel.is_upward(e.relation) else (e.source, e.target)
        for e in demo.edges()
        if e.source in shown and e.target in shown
    }
    edges = [(a, b) for a, b, classes in drawn.edges if not a.startswith("_")]
    assert len(edges) == len(set(edges))
    assert set(edges) == expected
    addresses = [c for a, b, c in drawn.edges if "relation-addresses" in c]
    assert addresses and all("upward" in c for c in addresses)


def test_gaps_are_marked_on_the_nodes_and_named_in_the_legend(
    demo: EmbeddedStore, drawn: DrawnMap
) -> None:
    gaps = demo.gaps(REGION, now=demo.clock())
    unaddressed = [g.node_id for g in gaps if g.type is GapType.CHALLENGE_UNADDRESSED]
    empty = [g.node_id for g in gaps if g.type is GapType.LINE_EMPTY]
    assert len(unaddressed) == 12 and len(empty) == 6
    for node_id in unaddressed:
        node = drawn.nodes[node_id]
        assert {"gap", "gap-challenge-unaddressed"} <= node.classes
        assert "⚠ mikään hanke ei vastaa tähän" in node.texts
    for node_id in empty:
        assert "gap-line-empty" in drawn.nodes[node_id].classes
        assert "⚠ ei mitään alla" in drawn.nodes[node_id].texts
    marked = {i for i, n in drawn.nodes.items() if "gap" in n.classes}
    assert marked == set(unaddressed) | set(empty)
    legend = drawn.legend_text
    assert "⚠ Voitettava taistelu, johon mikään hanke ei vastaa (12):" in legend
    assert "⚠ Strateginen linjaus, jonka alla ei ole mitään (6):" in legend
    for node_id in empty:  # six: every one named
        assert squash(demo.get_node(node_id).title)[:30] in squash(legend), node_id
    assert "ja 4 muuta" in legend  # twelve challenges: eight named, four counted


def test_a_project_that_reaches_no_goal_is_marked(own_demo: EmbeddedStore) -> None:
    StrategyService(own_demo).create_node(
        {
            "id": "kym-proj-orphan",
            "kind": "STRATEGIC_PROJECT",
            "region": REGION,
            "title": "Irrallinen hanke ilman linjausta",
            "health": "GREEN",
        },
        "tester",
    )
    drawn = draw(own_demo, MapRequest.alignment(REGION))
    assert "gap-project-not-traced" in drawn.nodes["kym-proj-orphan"].classes
    assert "⚠ ei ulotu kansalliseen tavoitteeseen" in drawn.nodes["kym-proj-orphan"].texts
    legend = drawn.legend_text
    assert "⚠ Strateginen hanke ei ulotu kansalliseen tavoitteeseen (1):" in legend
    assert "Irrallinen hanke ilman linjausta" in legend


def test_drafts_are_dashed_and_nothing_else_is(demo: EmbeddedStore, drawn: DrawnMap) -> None:
    drafts = {n.id for n in visible(demo) if n.status is Status.DRAFT}
    assert len(drafts) == 3
    assert {i for i, n in drawn.nodes.items() if n.dashed} == drafts
    assert all("status-draft" in drawn.nodes[i].classes for i in drafts)


def test_projects_are_filled_by_health_and_layers_above_bordered_by_roll_up_when_asked(
    demo: EmbeddedStore, drawn: DrawnMap
) -> None:
    worst = draw(demo, MapRequest.alignment(REGION, rollup=Rollup.WORST))
    for node in visible(demo):
        classes = drawn.nodes[node.id].classes
        if node.is_project:
            assert f"health-{node.effective_health.value.lower()}" in classes
            continue
        mine = [
            c.node_id
            for c in demo.trace_down(node.id, kinds=[NodeKind.STRATEGIC_PROJECT])
            if demo.get_node(c.node_id).region == REGION
        ]
        assert ("rollup" in classes) is bool(mine), node.id
        assert not any(c.startswith("rollup-") for c in classes)  # no worst-of by default
        if mine:
            known = {demo.get_node(i).effective_health for i in mine} - {Health.UNKNOWN}
            bad = max(known, key=lambda h: h.severity, default=Health.UNKNOWN)
            assert f"rollup-{bad.value.lower()}" in worst.nodes[node.id].classes


def test_nodes_carry_their_id_tooltip_and_link(demo: EmbeddedStore, drawn: DrawnMap) -> None:
    for node in visible(demo):
        shown = drawn.nodes[node.id]
        assert shown.href == f"/#node={node.id}"
        assert shown.tooltip is not None
        want = node.description.strip() or node.title
        assert squash(shown.tooltip).rstrip("…") in squash(want)
        assert len(squash(shown.tooltip)) > min(len(squash(want)), 400) * 0.9


def test_title_names_region_and_date_and_a_corner_note_the_graph_version(
    demo: EmbeddedStore, drawn: DrawnMap
) -> None:
    assert drawn.legend[0] == "Kymenlaakso"
    assert "Kohdistumiskartta · 15.1.2026" in drawn.legend_text  # TODAY, in Finnish
    assert "versio" not in drawn.legend_text
    assert drawn.footer == f"graafin versio {demo.version()}"
    goals = [n.y for n in drawn.nodes.values() if "kind-national-goal" in n.classes]
    projects = [n.y for n in drawn.nodes.values() if "kind-strategic-project" in n.classes]
    assert drawn.footer_y > max(projects) > min(goals)  # the bottom, under the projects


def test_retired_nodes_are_hidden_unless_asked(own_demo: EmbeddedStore) -> None:
    service = StrategyService(own_demo)
    service.retire_node("kym-proj-budget", "tester")
    assert "kym-proj-budget" not in draw(own_demo, MapRequest.alignment(REGION)).nodes
    shown = draw(own_demo, MapRequest.alignment(REGION, show_retired=True))
    assert "status-retired" in shown.nodes["kym-proj-budget"].classes
    assert shown.nodes["kym-proj-budget"].dashed  # dotted outline
    only = draw(own_demo, MapRequest.alignment(REGION, show_retired=False))
    assert len(only.nodes) == len(shown.nodes) - 1


def test_a_hidden_node_is_bridged_by_a_dotted_line(own_demo: EmbeddedStore) -> None:
    """A project under a retired challenge is not drawn linked through it; a project
    under a filtered-out challenge is joined to the line above by a bridge."""
    kinds = frozenset(NodeKind) - {NodeKind.CHALLENGE}
    drawn = draw(own_demo, MapRequest.alignment(REGION, Filters(kinds=kinds)))
    assert not any(n.id.startswith("kym-ch-") for n in drawn.nodes.values())
    bridges = [(a, b) for a, b, c in drawn.edges if "bridge" in c]
    assert ("kym-line-knowledge", "kym-proj-digital-roadmap") in bridges
    assert all(drawn.nodes[b].id.startswith("kym-proj-") for _, b in bridges)


def test_organisations_are_clusters_when_asked(demo: EmbeddedStore) -> None:
    plain = draw(demo, MapRequest.alignment(REGION))
    assert plain.clusters == {}
    drawn = draw(demo, MapRequest.alignment(REGION, clusters=True))
    names = {o.id: o.name for o in demo.organisations()}
    assert set(drawn.clusters) == {names["kymenlaakso-maakunta"], names["kymsote"]}
    for org in ("kymsote", "kymenlaakso-maakunta"):
        members = {n.id for n in visible(demo) if n.organisation == org}
        assert drawn.clusters[names[org]] == members
    goals = {n.id for n in visible(demo) if n.kind is NodeKind.NATIONAL_GOAL}
    assert not goals & set().union(*drawn.clusters.values())


def test_a_lateral_dependency_is_drawn_without_ranking(own_demo: EmbeddedStore) -> None:
    StrategyService(own_demo).link(
        "kym-proj-budget", Relation.DEPENDS_ON, "kym-proj-hr-mapping", "tester"
    )
    drawn = draw(own_demo, MapRequest.alignment(REGION))
    lateral = [(a, b) for a, b, c in drawn.edges if "lateral" in c]
    assert ("kym-proj-budget", "kym-proj-hr-mapping") in lateral
    for source, target in lateral:  # lateral edges do not pull a project off its rank
        assert abs(drawn.layer(source) - drawn.layer(target)) < 40, (source, target)


def test_a_large_map_leaves_out_project_dependencies_and_says_so(
    demo: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = draw(demo, MapRequest.alignment(REGION))
    lateral = [e for e in full.edges if "lateral" in e[2]]
    assert lateral
    monkeypatch.setattr(layered, "LATERAL_MAX", 60)  # the demo map draws 61 nodes
    large = draw(demo, MapRequest.alignment(REGION))
    assert sorted(large.ids) == sorted(full.ids)
    assert not [e for e in large.edges if "lateral" in e[2]]
    assert len(large.edges) == len(full.edges) - len(lateral)
    assert (
        f"{len(lateral)} hankkeiden välistä riippuvuutta piirtämättä (kartassa yli 60 solmua)"
        in large.legend_text
    )


def test_a_large_map_draws_roll_ups_without_bars(
    demo: EmbeddedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Thousands of nested bar tables slow ``dot`` down; the signs and counts stay."""
    full = draw(demo, MapRequest.alignment(REGION))
    monkeypatch.setattr(layered, "BAR_MAX", 60)  # the demo map draws 61 nodes
    large = draw(demo, MapRequest.alignment(REGION))
    for drawn, bars in ((full, True), (large, False)):
        goal = next(g for g in drawn.root.iter(f"{SVG}g") if g.get("id") == "ng-equal-services")
        fills = {p.get("fill") for p in goal.iter(f"{SVG}polygon")}
        assert (HEALTH_FILL[Health.GREEN] in fills) is bars
        assert "9 strategista hanketta:" in [
            t.strip() for t in drawn.nodes[goal.get("id", "")].texts
        ]
