"""Risks, indicators, readings and status reports on the embedded store: written with
their event rows, refused with errors naming the field, kept across a reopen, followed by
another process, and tied to the graph (health from indicators, overdue reports)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from strategygraph.domain import Health, NotFound, Status, ValidationError, VersionConflict
from strategygraph.domain.access import MissingRole, Principal, Role
from strategygraph.domain.situation import Direction, Indicator, Measurement, Risk, StatusReport
from strategygraph.service import StrategyService
from strategygraph.service import situation as sit
from strategygraph.service.situation_read import Situation
from strategygraph.store import EmbeddedStore
from strategygraph.trace import GapType
from tests.conftest import small_document


@pytest.fixture
def svc(tmp_path: Path) -> StrategyService:
    store = EmbeddedStore(str(tmp_path / "s.db"))
    store.clock = lambda: datetime(2026, 6, 1, tzinfo=UTC)
    service = StrategyService(store)
    service.import_document(small_document(), "loader")
    return service


def test_a_risk_is_written_versioned_and_logged(svc: StrategyService) -> None:
    risk = sit.put_risk(
        svc,
        Risk(
            "r-will", "r1", "Poliittinen tahto puuttuu", likelihood=3, impact=4, threatens=("line",)
        ),
        "ann",
        create=True,
    )
    assert risk.version == 1 and risk.updated_by == "ann"
    moved = sit.put_risk(
        svc,
        Risk(
            "r-will", "r1", "Poliittinen tahto puuttuu", likelihood=5, impact=5, threatens=("line",)
        ),
        "bob",
        expected_version=1,
    )
    assert moved.version == 2
    with pytest.raises(VersionConflict) as info:
        sit.put_risk(
            svc, Risk("r-will", "r1", "x", likelihood=1, impact=1), "bob", expected_version=1
        )
    assert "risk 'r-will' is at version 2 (last changed by bob), not the expected 1" in str(
        info.value
    )
    ops = [e.operation for e in svc.store.events(node_id="r-will")]
    assert ops == ["put_risk", "put_risk"]
    cells = Situation(svc.store, Principal.local("x")).risk_map("r1")
    assert cells[4].likelihood == 5 and cells[4].impact == 5
    assert [r.id for r in cells[4].risks] == ["r-will"]


def test_bad_risks_are_refused_naming_the_field_and_change_nothing(svc: StrategyService) -> None:
    version = svc.store.version()
    with pytest.raises(ValidationError) as info:
        sit.put_risk(
            svc,
            Risk("r1x", "r1", "", likelihood=6, impact=0, threatens=("nope",)),
            "ann",
            create=True,
        )
    fields = sorted(p.field or "" for p in info.value.problems)
    assert fields == ["impact", "likelihood", "threatens", "title"]
    assert "risk 'r1x': likelihood must be 1 to 5, not 6" in str(info.value)
    assert svc.store.version() == version
    with pytest.raises(NotFound):
        Situation(svc.store, Principal.local("x")).risk("r1x")


def test_health_follows_indicators_when_flagged(svc: StrategyService) -> None:
    svc.update_node("proj", {"attributes": {"healthFromIndicators": "true"}}, None, "ann")
    sit.put_indicator(
        svc,
        Indicator("waits", "proj", "Jonotus", "päivää", Direction.DOWN, amber=20, red=30),
        "ann",
        create=True,
    )
    sit.add_measurement(svc, Measurement("waits", date(2026, 1, 1), 10), "ann")
    assert svc.store.get_node("proj").health is Health.GREEN
    sit.add_measurement(svc, Measurement("waits", date(2026, 2, 1), 31), "ann")
    assert svc.store.get_node("proj").health is Health.RED
    with pytest.raises(ValidationError) as info:
        sit.add_measurement(svc, Measurement("waits", date(2026, 2, 1), 1), "ann")
    assert info.value.problems[0].field == "date"


def test_a_project_without_a_timely_report_is_a_gap(svc: StrategyService) -> None:
    svc.update_node("proj", {"attributes": {"reportingCadenceDays": "30"}}, None, "ann")
    sit.file_report(
        svc, StatusReport("rep1", "proj", date(2026, 4, 1), Health.AMBER, 40, "Käynnissä"), "ann"
    )
    gaps = [
        g for g in svc.store.gaps("r1", now=svc.store.clock()) if g.type is GapType.REPORT_OVERDUE
    ]
    assert [g.node_id for g in gaps] == ["proj"]
    sit.file_report(
        svc, StatusReport("rep2", "proj", date(2026, 5, 20), Health.GREEN, 50, "Etenee"), "ann"
    )
    assert not [
        g for g in svc.store.gaps("r1", now=svc.store.clock()) if g.type is GapType.REPORT_OVERDUE
    ]


def test_another_process_and_a_reopen_see_the_same_picture(
    svc: StrategyService, tmp_path: Path
) -> None:
    other = EmbeddedStore(str(tmp_path / "s.db"))
    sit.put_risk(
        svc,
        Risk(
            "r-sched",
            "r1",
            "Aikataulu",
            likelihood=4,
            impact=3,
            threatens=("proj",),
            inferred=("proj",),
        ),
        "ann",
        create=True,
    )
    sit.put_indicator(svc, Indicator("ind", "line", "Mittari"), "ann", create=True)
    sit.add_measurement(svc, Measurement("ind", date(2026, 3, 1), 2.5, "demo"), "ann")
    other.refresh()
    again = EmbeddedStore(str(tmp_path / "s.db"))
    for store in (other, again):
        assert store.situation.risks["r-sched"] == svc.store.situation.risks["r-sched"]  # type: ignore[attr-defined]
        assert store.situation.latest("ind") == Measurement(
            "ind", date(2026, 3, 1), 2.5, "demo", "ann"
        )
    assert [r.id for r in Situation(again, Principal.local("x")).threatening("goal")] == ["r-sched"]


def test_a_viewer_of_another_region_cannot_read_or_write_a_draft_risk(svc: StrategyService) -> None:
    sit.put_risk(svc, Risk("r-draft", "r1", "Luonnos", likelihood=2, impact=2), "ann", create=True)
    outsider = Principal.of("eve", [(Role.PLANNER, "national")])
    with pytest.raises(NotFound):
        Situation(svc.store, outsider).risk("r-draft")
    assert Situation(svc.store, outsider).risks() == []
    with pytest.raises(MissingRole):
        sit.put_risk(svc, Risk("r-x", "r1", "X", likelihood=1, impact=1), outsider, create=True)


def test_a_node_the_picture_refers_to_cannot_be_deleted(svc: StrategyService) -> None:
    risk = Risk("r-ch", "r1", "Haaste", likelihood=2, impact=2, threatens=("ch-open",))
    sit.put_risk(svc, risk, "ann", create=True)
    version = svc.store.version()
    with pytest.raises(ValidationError) as info:
        svc.delete_node("ch-open", "ann", cascade=True)
    assert str(info.value) == (
        "node 'ch-open' is still referred to by 1 record(s) of the situational picture: "
        "risk 'r-ch'; remove or relink them first"
    )
    assert svc.store.version() == version


def test_the_risk_map_of_a_viewer_holds_public_risks_and_its_regions_drafts(
    svc: StrategyService,
) -> None:
    def risk(risk_id: str, region: str, lifecycle: Status) -> Risk:
        return Risk(risk_id, region, "R", likelihood=3, impact=3, lifecycle=lifecycle)

    for r in (
        risk("a-public", "r1", Status.APPROVED),
        risk("b-draft", "r1", Status.DRAFT),
        risk("c-national", "national", Status.DRAFT),
    ):
        sit.put_risk(svc, r, "ann", create=True)

    def cell(principal: Principal, region: str | None = None) -> list[str]:
        cells = Situation(svc.store, principal).risk_map(region)
        return [r.id for c in cells for r in c.risks]

    national = Principal.of("eve", [(Role.VIEWER, "national")])
    assert cell(national) == ["a-public", "c-national"]
    assert cell(national, "r1") == ["a-public"]
    assert cell(Principal.of("ria", [(Role.VIEWER, "r1")])) == ["a-public", "b-draft"]
    assert cell(Principal.anonymous(reads_public=False)) == []
    assert cell(Principal.local("root")) == ["a-public", "b-draft", "c-national"]


def test_bad_situation_attributes_are_refused(svc: StrategyService) -> None:
    with pytest.raises(ValidationError) as info:
        svc.update_node("proj", {"attributes": {"reportingCadenceDays": "0"}}, None, "ann")
    assert str(info.value) == (
        "node 'proj': attribute reportingCadenceDays must be a whole number of days from 1, not '0'"
    )
    with pytest.raises(ValidationError) as info:
        svc.update_node("line", {"attributes": {"reportingCadenceDays": "30"}}, None, "ann")
    assert info.value.problems[0].rule == "project-only"
