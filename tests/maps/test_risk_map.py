"""The risk map drawn by the real ``dot``: every risk of the region placed in its cell,
Finnish words from the glossary, user text escaped, and over HTTP only what the caller
may see."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest

from strategygraph.data import demo_documents, demo_situation
from strategygraph.domain.access import Principal, Role
from strategygraph.domain.situation import Risk
from strategygraph.glossary import Lang
from strategygraph.maps.request import Format
from strategygraph.maps.risk_map import draw_risk_map
from strategygraph.maps.web import map_routes
from strategygraph.service import StrategyService
from strategygraph.service import situation as sit
from strategygraph.service.situation_load import load_situation
from strategygraph.store import EmbeddedStore
from tests.api.conftest import Served, serve
from tests.clients import HTTP


@pytest.fixture(scope="module")
def demo_store() -> Iterator[EmbeddedStore]:
    store = EmbeddedStore()
    service = StrategyService(store)
    for doc in demo_documents():
        service.import_document(doc, "demo")
    load_situation(service, demo_situation(), "demo")
    yield store
    store.close()


def _cells(svg: str) -> dict[str, str]:
    """Each cell's id (``cell-L-I``) with the text drawn inside its group."""
    found = {}
    for part in re.split(r'<g id="a_cell-', svg)[1:]:
        name = "cell-" + part.split('"', 1)[0]
        found[name] = part.split("</g>", 1)[0]
    return found


def test_every_kymenlaakso_risk_is_placed_in_its_cell(demo_store: EmbeddedStore) -> None:
    svg = (
        draw_risk_map(
            demo_store, Principal.local("t"), "kymenlaakso", Format.SVG, Lang.FI, date(2026, 1, 1)
        )
        .decode()
        .replace("&#45;", "-")
    )
    assert "Riskikartta: Kymenlaakso" in svg and "Todennäköisyys" in svg and "Vaikutus" in svg
    risks = demo_store.situation.risks.values()
    assert len(risks) >= 10
    for r in risks:
        assert svg.count(r.id) == 1, r.id
    cells = _cells(svg)
    assert "kym-risk-political-will" in cells["cell-4-5"]
    assert "kym-risk-schedule" in cells["cell-4-4"]


def test_user_text_is_escaped(demo_store: EmbeddedStore) -> None:
    store = EmbeddedStore()
    service = StrategyService(store)
    service.import_document(demo_documents()[0], "demo")
    hostile = '<script>alert(1)</script> & "]" \\N'
    sit.put_risk(
        service, Risk("r-x", "kymenlaakso", hostile, likelihood=5, impact=5), "t", create=True
    )
    svg = draw_risk_map(store, Principal.local("t"), "kymenlaakso", Format.SVG, Lang.EN).decode()
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    assert "Risk map: Kymenlaakso" in svg


def test_the_route_draws_only_what_the_caller_may_see() -> None:
    store = EmbeddedStore()
    service = StrategyService(store)
    service.import_document(demo_documents()[0], "demo")
    sit.put_risk(
        service,
        Risk("r-draft", "kymenlaakso", "Luonnosriski", likelihood=5, impact=5),
        "t",
        create=True,
    )
    with serve(store, routes=map_routes(store)) as served:
        assert (
            _get(served, served.token("insider", [(Role.VIEWER, "kymenlaakso")])).count("r-draft")
            == 1
        )
        assert "r-draft" not in _get(served, served.token("outsider", [(Role.VIEWER, "national")]))
        png = HTTP.get(
            f"{served.base}/maps/risks/kymenlaakso.png",
            headers=_auth(served.token("a", [(Role.VIEWER, "kymenlaakso")])),
        )
        assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
        missing = HTTP.get(
            f"{served.base}/maps/risks/nowhere.svg",
            headers=_auth(served.token("b", [(Role.VIEWER, "kymenlaakso")])),
        )
        assert missing.status_code == 404
    store.close()


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _get(served: Served, token: str) -> str:  # the SVG, with its dashes as dashes
    answer = HTTP.get(f"{served.base}/maps/risks/kymenlaakso.svg", headers=_auth(token))
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("image/svg+xml")
    return answer.text.replace("&#45;", "-")
