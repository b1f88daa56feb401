"""The strategy on a page: the region's visions on top, its strategic lines as pillars,
dense rows folded into a count with the health of what they hold and a link down to the
line; it fits an A3 page at natural size (no text under 9 pt), and narrows to one line or
one national goal."""

from __future__ import annotations

import io

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTItem
from pypdf import PdfReader

from strategygraph.domain import Health, NodeKind, NotFound, ValidationError
from strategygraph.maps import Format, MapRequest
from strategygraph.maps.paper import Paper
from strategygraph.maps.style import HEALTH_BORDER, HEALTH_FILL
from strategygraph.store import EmbeddedStore
from tests.maps.conftest import draw, renderer
from tests.maps.svg import squash
from tests.maps.test_language_and_health import _outline, health_store

DEMO_REGIONS = ["kymenlaakso", "uusimaa"]
A3 = (1190.55, 841.89)


def font_sizes(pdf: bytes) -> list[float]:
    """The size of every character drawn in ``pdf``, as printed (scaling included)."""
    sizes: list[float] = []

    def walk(item: LTItem) -> None:
        if isinstance(item, LTChar):
            sizes.append(item.size)
        elif hasattr(item, "__iter__"):
            for child in item:
                walk(child)

    for page in extract_pages(io.BytesIO(pdf)):
        walk(page)
    return sizes


@pytest.mark.parametrize("region", DEMO_REGIONS)
def test_the_strategy_on_a_page_prints_on_a3_with_no_text_under_9_pt(
    demo: EmbeddedStore, region: str
) -> None:
    request = MapRequest.onepage(region, format=Format.PDF, paper=Paper.A3)
    pdf = renderer(demo).render(request).content
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(A3, abs=1)
    sizes = font_sizes(pdf)
    assert len(sizes) > 500
    assert min(sizes) >= 9 - 0.01, f"the smallest text is {min(sizes):.2f} pt"
    # Every line of the region stands on the page (folded or not, the heads are drawn).
    drawn = draw(demo, MapRequest.onepage(region))
    lines = [n for n in demo.nodes(kind=NodeKind.STRATEGIC_LINE, region=region)]
    assert {n.id for n in lines} <= set(drawn.nodes)


def test_pillars_stand_under_the_visions_and_dense_rows_fold(demo: EmbeddedStore) -> None:
    drawn = draw(demo, MapRequest.onepage("kymenlaakso"))
    visions = [i for i, n in drawn.nodes.items() if "kind-organisational-vision" in n.classes]
    lines = [i for i, n in drawn.nodes.items() if "kind-strategic-line" in n.classes]
    assert visions and len(lines) == 11
    assert max(drawn.nodes[v].y for v in visions) < min(drawn.nodes[i].y for i in lines)
    # The line with eight challenges shows one and folds seven into a count that links
    # down to the line, with the health of the projects under them.
    line = "kym-line-change-and-experiment"
    below = [
        e.source for e in demo.edges(line) if e.target == line and e.source.startswith("kym-ch")
    ]
    assert len(below) == 8
    folded = [
        g
        for g in drawn.root.iter("{http://www.w3.org/2000/svg}g")
        if "folded" in g.get("class", "") and "kind-challenge" in g.get("class", "")
    ]
    links = {g.find(".//{http://www.w3.org/2000/svg}a") for g in folded}
    hrefs = {a.get("{http://www.w3.org/1999/xlink}href") for a in links if a is not None}
    assert f"/#region=kymenlaakso;view=page;line={line}" in hrefs
    texts = ["".join(t.itertext()) for g in folded for t in g.iter() if t.tag.endswith("text")]
    assert "+ 7 voitettavaa taistelua" in texts
    # Projects: red first, and what does not fit folded with its count.
    assert sum(1 for n in drawn.nodes.values() if "kind-strategic-project" in n.classes) >= 8


def test_narrowed_to_a_line_its_challenges_are_the_pillars(demo: EmbeddedStore) -> None:
    line = "kym-line-trust-and-cooperation"
    drawn = draw(demo, MapRequest.onepage("kymenlaakso", line=line))
    challenges = {
        e.source for e in demo.edges(line) if e.target == line and e.source.startswith("kym-ch")
    }
    heads = {i for i, n in drawn.nodes.items() if "kind-challenge" in n.classes}
    assert heads == challenges and len(heads) == 9
    title = squash(demo.get_node(line).title)[:30]
    assert title in squash(" ".join(drawn.legend))
    assert not any("folded" in n.classes for n in drawn.nodes.values())


def test_narrowed_to_a_goal_only_the_lines_that_reach_it_stand(demo: EmbeddedStore) -> None:
    goal = "ng-equal-services"
    drawn = draw(demo, MapRequest.onepage("kymenlaakso", goal=goal))
    lines = {i for i, n in drawn.nodes.items() if "kind-strategic-line" in n.classes}
    reaching = {
        n.id
        for n in demo.nodes(kind=NodeKind.STRATEGIC_LINE, region="kymenlaakso")
        if any(p.nodes[-1] == goal for p in demo.trace_up(n.id))
    }
    assert lines == reaching and 0 < len(lines) < 11


def test_a_bad_narrowing_is_refused(demo: EmbeddedStore) -> None:
    with pytest.raises(NotFound, match="kym-ch-digitalisation"):
        renderer(demo).source(MapRequest.onepage("kymenlaakso", line="kym-ch-digitalisation"))
    with pytest.raises(NotFound, match="nowhere"):
        renderer(demo).source(MapRequest.onepage("kymenlaakso", goal="nowhere"))
    with pytest.raises(ValidationError, match="not to both"):
        MapRequest.onepage("kymenlaakso", line="a", goal="b")
    with pytest.raises(ValidationError, match="one-page map"):
        MapRequest.alignment("kymenlaakso", line="a")


def test_ten_green_projects_and_one_red_do_not_paint_the_pillar_red() -> None:
    store = health_store(green=10, red=1)
    try:
        drawn = draw(store, MapRequest.onepage("rx"))
    finally:
        store.close()
    red = {HEALTH_BORDER[Health.RED], HEALTH_FILL[Health.RED]}
    for node_id in ("ov", "l1"):
        assert not _outline(drawn, node_id) & red, node_id
        texts = [t.strip() for t in drawn.nodes[node_id].texts]
        assert texts[-4:] == ["✔", "10", "✖", "1"], (node_id, texts)
    # Three projects shown (the red one first), the other eight folded with their health.
    projects = [i for i, n in drawn.nodes.items() if "kind-strategic-project" in n.classes]
    assert projects == ["p10", "p0"]
    assert "+ 9 strategista hanketta" in drawn.texts


@pytest.mark.parametrize(
    ("paper", "ratio"), [(Paper.A4, 297 / 210), (Paper.A3, 420 / 297), (Paper.SLIDE, 16 / 9)]
)
def test_the_paper_presets_give_the_page_its_proportions(
    demo: EmbeddedStore, paper: Paper, ratio: float
) -> None:
    pdf = renderer(demo).render(MapRequest.onepage("uusimaa", format=Format.PDF, paper=paper))
    box = PdfReader(io.BytesIO(pdf.content)).pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(paper.points, abs=1)
    assert float(box.width) / float(box.height) == pytest.approx(ratio, rel=0.01)
    png = renderer(demo).render(MapRequest.alignment("uusimaa", format=Format.PNG, paper=paper))
    width = int.from_bytes(png.content[16:20], "big")
    height = int.from_bytes(png.content[20:24], "big")
    dpi = 144 if paper is Paper.SLIDE else 150
    filled = max(width / (paper.inches[0] * dpi), height / (paper.inches[1] * dpi))
    assert 0.95 <= filled <= 1.01, "a PNG fills the page's pixels, one side at least"
