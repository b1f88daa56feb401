"""The coverage map: national goals against regions, each cell saying what of the region
reaches the goal, layer by layer, and how its projects' health divides."""

from __future__ import annotations

from xml.etree.ElementTree import Element

from strategygraph.domain import NATIONAL, Health, NodeKind
from strategygraph.glossary import Glossary, Lang
from strategygraph.maps import Filters, MapRequest, Rollup
from strategygraph.maps.style import HEALTH_FILL, HEALTH_SIGN
from strategygraph.store import EmbeddedStore
from strategygraph.trace import COUNTED, CoverageRow
from tests.maps.conftest import renderer
from tests.maps.svg import SVG, XLINK, parse

FI = Glossary(Lang.FI)
SIGNS = {sign: health for health, sign in HEALTH_SIGN.items()}


def cells(content: bytes) -> dict[str, str]:
    """Per goal (by its link), the text of its row after the goal's own name, whitespace
    squeezed; a health sign is written ``✔GREEN``."""
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
            if _text(element).startswith(("graafin versio", "graph version")):
                current = None  # the corner note under the table
                continue
            current.append(_text(element))
    return {goal: " ".join(" ".join(texts).split()) for goal, texts in rows.items()}


def _text(element: Element) -> str:
    text = (element.text or "").strip()
    return f"{text}{SIGNS[text].value}" if text in SIGNS else text


def expected_cell(row: CoverageRow | None, words: Glossary = FI) -> str:
    """What one cell says: the projects and their health by sign and count, then every
    upper layer that reaches the goal; or what is missing."""
    if row is None or not any(row.counts.values()):
        return "⚠ ei mitään"
    parts = []
    if row.projects:
        parts.append(words.count(row.projects, NodeKind.STRATEGIC_PROJECT))
        for health in (Health.GREEN, Health.AMBER, Health.RED, Health.UNKNOWN):
            if row.health[health]:
                parts.append(f"{HEALTH_SIGN[health]}{health.value} {row.health[health]}")
    else:
        parts.append("⚠ yksikään strateginen hanke ei ulotu tähän")
    upper = [words.count(row.counts[k], k) for k in COUNTED[:-1] if row.counts[k]]
    if upper:
        parts.append("ulottuvat: " + ", ".join(upper))
    return " ".join(parts)


def test_every_goal_has_a_row_saying_what_reaches_it_and_how_its_projects_fare(
    demo: EmbeddedStore,
) -> None:
    content = renderer(demo).render(MapRequest.coverage()).content
    rows = cells(content)
    goals = {g.id for g in demo.nodes(kind=NodeKind.NATIONAL_GOAL)}
    assert set(rows) == goals
    regions = sorted((r for r in demo.regions() if r.id != NATIONAL), key=lambda r: r.name)
    coverage = {(r.goal_id, r.region): r for r in demo.coverage()}
    for goal in goals:
        expected = " ".join(expected_cell(coverage.get((goal, r.id))) for r in regions)
        assert rows[goal] == expected, goal
    assert rows["ng-equal-services"].startswith(  # Kymenlaakso first
        "9 strategista hanketta ✔GREEN 4 ▲AMBER 3 ✖RED 2 ulottuvat: 2 muutosvisiota"
    )
    drawn = parse(content)
    assert drawn.legend[0] == "Kansallisten tavoitteiden kattavuus"
    assert "Kattavuuskartta: tavoitteeseen ulottuvat strategiset hankkeet · 15.1.2026" in (
        drawn.legend_text
    )
    assert f"graafin versio {demo.version()}" in drawn.texts  # a note under the table
    assert "versio" not in drawn.legend_text
    columns = [
        a.get(f"{XLINK}title")
        for a in drawn.root.iter(f"{SVG}a")
        if a.get(f"{XLINK}href", "").startswith("/#region=")
    ]
    assert columns == [r.name for r in regions]
    assert "Kymenlaakso" in columns


def test_a_goal_reached_only_by_upper_layers_says_so(demo: EmbeddedStore) -> None:
    """Kymenlaakso's change vision, organisational vision and six lines reach "Kansalaisten
    vaikutusmahdollisuuksien parantaminen"; no project does. Uusimaa has nothing there."""
    rows = cells(renderer(demo).render(MapRequest.coverage()).content)
    assert rows["ng-citizen-influence"] == (
        "⚠ yksikään strateginen hanke ei ulotu tähän "
        "ulottuvat: 1 muutosvisio, 1 organisaation visio, 6 strategista linjausta "
        "⚠ ei mitään"
    )
    english = cells(renderer(demo).render(MapRequest.coverage(lang=Lang.EN)).content)
    assert english["ng-citizen-influence"] == (
        "⚠ no strategic project reaches it "
        "reached by: 1 change vision, 1 organisational vision, 6 strategic lines ⚠ none"
    )


def _cell_fills(content: bytes) -> list[tuple[str, float]]:
    """The fill and height of every filled shape of the table."""
    table = next(g for g in parse(content).root.iter(f"{SVG}g") if g.get("id") == "_coverage")
    found = []
    for shape in table.iter(f"{SVG}polygon"):
        ys = [float(p.split(",")[1]) for p in shape.get("points", "").split()]
        found.append((shape.get("fill", ""), max(ys) - min(ys)))
    return found


def test_a_cell_of_mixed_health_is_not_a_red_cell(demo: EmbeddedStore) -> None:
    """ "9 projects ✔4 ▲3 ✖2" is a white cell with a bar of the shares; the worst health
    colours the cell only when asked (``rollup=worst``)."""
    share = _cell_fills(renderer(demo).render(MapRequest.coverage()).content)
    health_fills = set(HEALTH_FILL.values())
    assert any(fill in health_fills for fill, _ in share)  # the bars
    assert all(height < 12 for fill, height in share if fill in health_fills)  # only bars
    worst = _cell_fills(renderer(demo).render(MapRequest.coverage(rollup=Rollup.WORST)).content)
    assert any(fill == HEALTH_FILL[Health.RED] and height > 40 for fill, height in worst)


def test_filters_narrow_the_counts(demo: EmbeddedStore) -> None:
    red = Filters(healths=frozenset({Health.RED}), kinds=frozenset({NodeKind.STRATEGIC_PROJECT}))
    rows = cells(renderer(demo).render(MapRequest.coverage(red)).content)
    assert rows["ng-equal-services"].startswith("2 strategista hanketta ✖RED 2 ")
    assert rows["ng-citizen-influence"] == "⚠ ei mitään ⚠ ei mitään"
    signs = {s + h.value for h, s in HEALTH_SIGN.items() if h is not Health.RED}
    assert not any(sign in row for row in rows.values() for sign in signs)
    assert (
        "suodatettu: taso strateginen hanke · terveys punainen"
        in parse(renderer(demo).render(MapRequest.coverage(red)).content).legend_text
    )
