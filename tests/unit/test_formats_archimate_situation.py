"""The situational picture in an ArchiMate model: risks as Assessments with the
specialization "Riski", their properties and Associations to what they threaten;
indicators and status reports as properties of their node; a model valid against the
Open Group's schema that imports back into equal records."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from strategygraph.data import demo_situation
from strategygraph.domain import ValidationError
from strategygraph.interchange.archimate import ARCHIMATE_NS, dump_archimate
from strategygraph.interchange.archimate_read import load_archimate
from strategygraph.service import StrategyService
from strategygraph.service.demo import load_demo
from strategygraph.service.situation_load import load_situation
from strategygraph.store import EmbeddedStore
from tests.conftest import small_document
from tests.contract.test_situation_interchange import records
from tests.unit.test_formats_archimate import assert_valid

NS = f"{{{ARCHIMATE_NS}}}"
XSI = "{http://www.w3.org/2001/XMLSchema-instance}type"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], dict[str, Any]]:
    store = EmbeddedStore(str(tmp_path_factory.mktemp("demo") / "graph.db"))
    try:
        service = StrategyService(store)
        load_demo(service)
        load_situation(service, demo_situation(), "demo")
        return service.export_document(), records(store)
    finally:
        store.close()


def _properties(root: ET.Element, element: ET.Element) -> dict[str, str]:
    names = {
        d.get("identifier"): d.findtext(f"{NS}name") for d in root.iter(f"{NS}propertyDefinition")
    }
    return {
        str(names[p.get("propertyDefinitionRef")]): p.findtext(f"{NS}value") or ""
        for p in element.iter(f"{NS}property")
    }


def test_risks_are_assessments_with_a_profile(demo: tuple[dict[str, Any], Any]) -> None:
    document, _ = demo
    data = dump_archimate(document)
    assert_valid(data)
    root = ET.fromstring(data)
    risk = root.find(f".//{NS}element[@identifier='risk.kym-risk-political-will']")
    assert risk is not None and risk.get(XSI) == "Assessment"
    values = _properties(root, risk)
    assert values["Specialization"] == "Riski"
    assert (values["sg:likelihood"], values["sg:impact"], values["sg:status"]) == ("4", "5", "OPEN")
    assert values["sg:region"] == "kymenlaakso"
    links = root.findall(f".//{NS}relationship[@source='risk.kym-risk-political-will']")
    assert sorted((r.get("target"), r.get(XSI), r.get("isDirected")) for r in links) == [
        ("id-kym-ch-change-success", "Association", "true"),
        ("id-kym-line-change-and-experiment", "Association", "true"),
    ]
    assert all(_properties(root, r)["sg:inferred"] == "true" for r in links)
    project = root.find(f".//{NS}element[@identifier='id-kym-proj-digital-roadmap']")
    assert project is not None
    assert "kym-ind-digital-roadmap-done" in _properties(root, project)["sg:indicators"]


def test_the_demo_picture_round_trips_through_archimate(
    demo: tuple[dict[str, Any], dict[str, Any]], tmp_path: Path
) -> None:
    document, expected = demo
    reading = load_archimate(dump_archimate(document))
    assert reading.report == []
    store = EmbeddedStore(str(tmp_path / "copy.db"))
    try:
        service = StrategyService(store)
        reading.import_with(lambda doc: service.import_document(doc, "importer"))
        assert records(store) == expected
        again = reading.import_with(lambda doc: service.import_document(doc, "importer"))
        assert again.plan.operations == []
    finally:
        store.close()


def test_a_risk_drawn_in_a_tool_is_read(tmp_path: Path) -> None:
    """A risk made in Archi: an Assessment with the profile "Risk", no sg:region (the
    region given), an Association drawn towards the risk."""
    base = dump_archimate(small_document()).decode()
    risk = (
        '<element identifier="r-77" xsi:type="Assessment"><name xml:lang="en">Budget cut'
        '</name><properties><property propertyDefinitionRef="specialization"><value>Risk'
        '</value></property><property propertyDefinitionRef="propdef-likelihood"><value>x'
        "</value></property></properties></element>\n</elements>"
    )
    link = (
        '<relationships>\n<relationship identifier="t1" source="id-proj" target="r-77" '
        'xsi:type="Association"/>'
    )
    model = base.replace("</elements>", risk, 1).replace("<relationships>", link, 1)
    if 'identifier="propdef-likelihood"' not in model:
        model = model.replace(
            "<propertyDefinitions>",
            '<propertyDefinitions>\n<propertyDefinition identifier="propdef-likelihood" '
            'type="number"><name>sg:likelihood</name></propertyDefinition>',
            1,
        )
    with pytest.raises(ValidationError) as info:
        load_archimate(model.encode(), region="r1")
    assert [(p.rule, p.field, p.where) for p in info.value.problems] == [
        ("number", "likelihood", "model.xml element r-77")
    ]
    fixed = model.replace("<value>x</value>", "<value>2</value>")
    reading = load_archimate(fixed.encode(), region="r1")
    assert reading.document["risks"] == [
        {
            "id": "r-77",
            "title": "Budget cut",
            "threatens": ["proj"],
            "inferred": [],
            "likelihood": 2,
            "region": "r1",
        }
    ]
