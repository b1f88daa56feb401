"""The coverage map: national goals against regions, each cell counting the projects of
the region that reach the goal, coloured by their worst health."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from strategygraph.domain import NATIONAL, Health, NodeKind
from strategygraph.maps import Filters, MapRequest
from strategygraph.store import MemoryStore
from strategygraph.trace import CoverageRow
from tests.maps.conftest import TODAY, renderer
from tests.maps.svg import SVG, XLINK, parse

COLOURS = {
    "#2e7d32": Health.GREEN,
    "#c77c00": Health.AMBER,
    "#c62828": Health.RED,
    "#7b8794": Health.UNKNOWN,
}


def cells(content: bytes) -> dict[str, list[str]]:
    """Per goal (by its link), the texts of its row after the goal's own name."""
    root = parse(content).root
    table = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "_coverage")
    rows: dict[str, list[str]] = {}
    current: list[str] | None = None
    inside: set[int] = set()
    for element in table.iter():
        if element.tag == f"{SVG}a":
            href = element.get(f"{XLINK}href", "")
            if href.startswith("/#node="):
                current = rows.setdefault(href.removeprefix("/#node="), [])
                inside = {id(t) for t in element.iter(f"{SVG}text")}
        elif element.tag == f"{SVG}text" and current is not None and id(element) not in inside:
            current.append(_text(element))
    return rows


def _text(element: Element) -> str:
    colour = COLOURS.get(element.get("fill", ""))
    return f"●{colour.value}" if element.text == "●" and colour else (element.text or "").strip()


def expected_row(row: CoverageRow | None) -> list[str]:
    """The texts of one cell: the project count and a dot per health, or a gap."""
    if row is None or not row.projects:
        return ["⚠ none"]
    texts = [str(row.projects), "projects"]
    for health in (Health.GREEN, Health.AMBER, Health.RED, Health.UNKNOWN):
        if row.health[health]:
            texts += [f"●{health.value}", str(row.health[health])]
    return texts


def test_every_goal_has_a_row_with_its_projects_and_their_health(demo: MemoryStore) -> None:
    content = renderer(demo).render(MapRequest.coverage()).content
    rows = cells(content)
    goals = {g.id for g in demo.nodes(kind=NodeKind.NATIONAL_GOAL)}
    assert set(rows) == goals
    regions = sorted((r for r in demo.regions() if r.id != NATIONAL), key=lambda r: r.name)
    coverage = {(r.goal_id, r.region): r for r in demo.coverage()}
    for goal in goals:
        expected = [t for r in regions for t in expected_row(coverage.get((goal, r.id)))]
        assert rows[goal] == expected, goal
    assert rows["ng-citizen-influence"][0] == "⚠ none"
    assert rows["ng-equal-services"][:2] == ["9", "projects"]  # Kymenlaakso first
    drawn = parse(content)
    assert drawn.legend[0] == "Coverage of the national goals"
    assert f"{TODAY.isoformat()} · graph version {demo.version()}" in drawn.legend_text
    columns = [
        a.get(f"{XLINK}title")
        for a in drawn.root.iter(f"{SVG}a")
        if a.get(f"{XLINK}href", "").startswith("/#region=")
    ]
    assert columns == [r.name for r in regions]
    assert "Kymenlaakso" in columns


def test_filters_narrow_the_counts(demo: MemoryStore) -> None:
    red = Filters(healths=frozenset({Health.RED}), kinds=frozenset({NodeKind.STRATEGIC_PROJECT}))
    rows = cells(renderer(demo).render(MapRequest.coverage(red)).content)
    kymenlaakso = rows["ng-equal-services"][:4]
    assert kymenlaakso == ["2", "projects", "●RED", "2"]
    assert rows["ng-citizen-influence"][0] == "⚠ none"
    assert not any(t.startswith("●") and t != "●RED" for r in rows.values() for t in r)
    assert (
        "filtered by kind STRATEGIC_PROJECT · health RED"
        in parse(renderer(demo).render(MapRequest.coverage(red)).content).legend_text
    )
