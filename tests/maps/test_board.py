"""The board view: health per strategic line and per national goal (how the projects
divide, never only the worst), the overdue projects, and what changed since a date, on
one page."""

from __future__ import annotations

import io
from datetime import date
from itertools import pairwise

import pytest
from pypdf import PdfReader

from strategygraph.domain import Health, NodeKind, ValidationError
from strategygraph.domain.situation import Indicator, Measurement, Risk, StatusReport
from strategygraph.glossary import Lang
from strategygraph.maps import Format, MapRequest
from strategygraph.maps.paper import Paper
from strategygraph.maps.request import MapKind
from strategygraph.service import StrategyService
from strategygraph.service import situation as sit
from strategygraph.store import EmbeddedStore
from tests.maps.conftest import TODAY, draw, renderer
from tests.maps.test_onepage import font_sizes


def board(region: str = "kymenlaakso", **kw: object) -> MapRequest:
    return MapRequest(MapKind.BOARD, region=region, **kw)  # type: ignore[arg-type]


def test_the_board_names_each_line_and_goal_with_its_projects_health(demo: EmbeddedStore) -> None:
    drawn = draw(demo, board())
    text = " ".join(drawn.texts)
    assert "Strategiset linjaukset: hankkeiden terveys" in text
    assert "Kansalliset tavoitteet: alueen hankkeiden terveys" in text
    for line in demo.nodes(kind=NodeKind.STRATEGIC_LINE, region="kymenlaakso"):
        assert line.title.split()[0] in text
    # A goal no project of the region reaches says so in words, not by a colour.
    assert "ei yhtään alueen hanketta" in drawn.texts
    # Every overdue project of the region is listed with its due date (on TODAY).
    late = [
        p
        for p in demo.nodes(kind=NodeKind.STRATEGIC_PROJECT, region="kymenlaakso")
        if p.due_date and p.due_date < TODAY and (p.progress or 0) < 100
    ]
    assert f"Myöhässä olevat hankkeet ({len(late)})" in drawn.texts
    assert all(f"⚑ {p.due_date.day}.{p.due_date.month}.{p.due_date.year}" in text for p in late)


def test_changed_since_counts_the_changes_after_the_day(own_demo: EmbeddedStore) -> None:
    before = draw(own_demo, board(since=date(2000, 1, 1)))
    total = len(own_demo.events(region="kymenlaakso", limit=1000))
    assert f"Muutokset 1.1.2000 jälkeen ({total})" in before.texts
    service = StrategyService(own_demo)
    service.add_comment("kym-proj-budget", "Budjetti hyväksyttiin.", "kaisa")
    after = draw(own_demo, board(since=date(2000, 1, 1)))
    assert f"Muutokset 1.1.2000 jälkeen ({total + 1})" in after.texts
    assert after.texts.index("kommentoitu") < after.texts.index("linkitetty"), "newest first"
    # A day after every change: none.
    tomorrow = date.today().replace(year=date.today().year + 1)
    empty = draw(own_demo, board(since=tomorrow))
    assert "ei yhtään" in empty.texts


def test_changes_to_the_situational_picture_are_named_with_what_they_are_about(
    own_demo: EmbeddedStore,
) -> None:
    """A board asks first what the steering group's picture says: a report filed, a risk
    added, changed or removed, an indicator set, a reading recorded; each named so, with
    the title of the project, risk or indicator (a removed risk's as it was)."""
    service = StrategyService(own_demo)
    project = "kym-proj-budget"
    title = own_demo.get_node(project).title
    sit.put_risk(
        service, Risk("r-board", "kymenlaakso", "Rahoitus <viivästyy>"), "kaisa", create=True
    )
    sit.put_risk(service, Risk("r-board", "kymenlaakso", "Rahoitus viivästyy"), "kaisa")
    sit.put_risk(service, Risk("r-gone", "kymenlaakso", "Poistuva riski"), "kaisa", create=True)
    sit.delete_risk(service, "r-gone", "kaisa")
    sit.put_indicator(service, Indicator("i-board", project, "Käyttöaste"), "kaisa", create=True)
    sit.add_measurement(service, Measurement("i-board", date(2026, 11, 1), 40.0), "kaisa")
    report = StatusReport("rep-board", project, date(2026, 11, 2), Health.GREEN, summary="Ok")
    sit.file_report(service, report, "kaisa")
    texts = draw(own_demo, board(since=date(2000, 1, 1))).texts
    rows = list(pairwise(texts))  # a change: its name, then its title
    for op, about in (
        ("tilannekatsaus jätetty", title[:30]),  # a long title wraps and is cut
        ("lukema kirjattu", "Käyttöaste"),
        ("mittari määritetty", "Käyttöaste"),
        ("riski poistettu", "Poistuva riski"),
        ("riskiä muutettu", "Rahoitus viivästyy"),
        ("riski lisätty", "Rahoitus viivästyy"),  # as it is now
    ):
        assert any(a == op and b.startswith(about) for a, b in rows), (op, about)
    assert "muu muutos" not in texts
    swedish = draw(own_demo, board(since=date(2000, 1, 1), lang=Lang.SV)).texts
    assert "lägesrapport lämnad" in swedish and "mätvärde registrerat" in swedish


@pytest.mark.parametrize("paper", [Paper.A4, Paper.A3])
def test_the_board_prints_on_one_page(demo: EmbeddedStore, paper: Paper) -> None:
    pdf = renderer(demo).render(board(format=Format.PDF, paper=paper)).content
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (float(box.width), float(box.height)) == pytest.approx(paper.points, abs=1)
    if paper is Paper.A3:
        assert min(font_sizes(pdf)) >= 9 - 0.01


def test_since_is_for_the_board_only() -> None:
    with pytest.raises(ValidationError, match="since is for the board view"):
        MapRequest.onepage("kymenlaakso", since=date(2026, 1, 1))


def test_the_board_lists_the_latest_status_reports_in_the_language_escaped(
    own_demo: EmbeddedStore,
) -> None:
    empty = draw(own_demo, board())
    assert "Viimeisimmät tilannekatsaukset (0)" in empty.texts
    service = StrategyService(own_demo)
    project = own_demo.get_node("kym-proj-budget")
    for i, on in enumerate((date(2025, 11, 5), date(2025, 12, 5))):
        summary = f'Raportti {i} <b>&amp; "lainaus"</b>'
        report = StatusReport(f"rep-{i}", project.id, on, Health.AMBER, summary=summary)
        sit.file_report(service, report, "kaisa")
    drawn = draw(own_demo, board())
    text = " ".join(drawn.texts)
    assert "Viimeisimmät tilannekatsaukset (1)" in drawn.texts  # one per project: its latest
    assert "Raportti 1 <b>&" in text and '"lainaus"</b>' in text  # user text kept as text
    assert "Raportti 0" not in text
    assert "5.12.2025" in drawn.texts
    english = draw(own_demo, board(lang=Lang.EN))
    assert "Latest status reports (1)" in english.texts
    swedish = draw(own_demo, board(lang=Lang.SV))
    assert "Senaste lägesrapporter (1)" in swedish.texts
