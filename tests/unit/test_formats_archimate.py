"""ArchiMate 3.1 exchange: the export validates against the Open Group schemas and imports
back equal; other tools' models import what maps and report the rest.

What the format carries: every node and edge field (as ``sg:`` properties) and the regions
and organisations (as model properties), so the round trip is compared on everything the
JSON format carries. The export's folders and views are generated (see
``test_archimate_models``); those of other tools' models are reported as not read.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import pytest
from defusedxml.ElementTree import fromstring
from lxml import etree

from strategygraph.data import demo_documents
from strategygraph.domain import ValidationError
from strategygraph.interchange import open_path, write_path
from strategygraph.interchange.archimate import dump_archimate, schema_path
from strategygraph.interchange.archimate_read import load_archimate
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.conftest import small_document
from tests.unit.test_formats_csv import comparable, finnish_document, service_with

NS = "{http://www.opengroup.org/xsd/archimate/3.0/}"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SAMPLE = Path("/work/shared/archimate/Sample1.xml")
SAMPLE = SAMPLE if SAMPLE.exists() else Path(__file__).parents[3] / "shared/archimate/Sample1.xml"


class _LocalXmlXsd(etree.Resolver):
    """The model schema imports xml.xsd by URL; with no network, use the shipped copy."""

    def resolve(self, system_url: str, public_id: str, context: Any) -> Any:
        if system_url.endswith("/xml.xsd"):
            return self.resolve_filename(str(schema_path("xml.xsd")), context)
        return None


@functools.cache
def schema(name: str = "archimate3_Model.xsd") -> etree.XMLSchema:
    parser = etree.XMLParser(no_network=True)
    parser.resolvers.add(_LocalXmlXsd())
    return etree.XMLSchema(etree.parse(str(schema_path(name)), parser))


def assert_valid(data: bytes, name: str = "archimate3_Diagram.xsd") -> None:
    document = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    valid = schema(name).validate(document)
    assert valid, "\n".join(str(e) for e in schema(name).error_log)


def round_trip(docs: list[dict[str, Any]], tmp_path: Path) -> tuple[dict[str, Any], ...]:
    first = service_with(*docs).export_document()
    write_path(first, tmp_path / "model.xml", "archimate")
    assert_valid((tmp_path / "model.xml").read_bytes())
    second = StrategyService(EmbeddedStore())
    reading = open_path(tmp_path / "model.xml")
    assert reading.report == []
    reading.import_with(lambda d: second.import_document(d, "test"))
    return comparable(first), comparable(second.export_document())


def test_export_validates_and_imports_back_equal(tmp_path: Path) -> None:
    first, second = round_trip([finnish_document()], tmp_path)
    assert second == first


def test_demo_export_validates_and_imports_back_equal(tmp_path: Path) -> None:
    first, second = round_trip(demo_documents(), tmp_path)
    assert second == first
    assert "Ihmisen oloinen Kymenlaakso" in (tmp_path / "model.xml").read_text(encoding="utf-8")


def test_mapping_of_kinds_relations_names_and_properties() -> None:
    root = fromstring(dump_archimate(finnish_document()))
    elements = {e.get("identifier"): e for e in root.iter(f"{NS}element")}
    assert {i: e.get(XSI_TYPE) for i, e in elements.items()} == {
        "id-goal": "Goal",
        "id-goal2": "Goal",
        "id-cv": "Outcome",
        "id-ov": "Goal",
        "id-line": "CourseOfAction",
        "id-ch": "Assessment",
        "id-ch-open": "Assessment",
        "id-proj": "WorkPackage",
        "id-proj2": "WorkPackage",
    }
    name = elements["id-proj"].find(f"{NS}name")
    assert name.get(XML_LANG) == "fi" and name.text.endswith("ä ö å Ä Ö Å")
    relationships = {
        r.get("identifier"): (r.get(XSI_TYPE), r.get("isDirected"))
        for r in root.iter(f"{NS}relationship")
    }
    assert relationships == {
        "id-cv.goal": ("Realization", None),
        "id-ov.cv": ("Influence", None),
        "id-line.ov": ("Realization", None),
        "id-ch.line": ("Association", "true"),
        "id-ch-open.line": ("Association", "true"),
        "id-proj.ch": ("Influence", None),
        "id-proj2.ch": ("Influence", None),
        "id-proj2.proj": ("Association", "true"),
    }
    definitions = {
        d.get("identifier"): (d.find(f"{NS}name").text, d.get("type"))
        for d in root.iter(f"{NS}propertyDefinition")
    }
    assert definitions["propdef-region"] == ("sg:region", "string")
    assert definitions["propdef-progress"] == ("sg:progress", "number")
    assert definitions["propdef-due_date"] == ("sg:due_date", "date")


def test_sample1_maps_nothing_and_is_refused_naming_what_it_holds() -> None:
    assert_valid(SAMPLE.read_bytes(), "archimate3_Diagram.xsd")
    with pytest.raises(ValidationError) as exc:
        open_path(SAMPLE)
    assert [(p.rule, p.where, p.message) for p in exc.value.problems] == [
        (
            "archimate-nothing",
            "Sample1.xml",
            "none of the 2 elements is of a type StrategyGraph reads (BusinessRole 1, "
            "BusinessProcess 1); it reads Goal, Outcome, CourseOfAction, Principle, Driver, "
            "Assessment, WorkPackage, Deliverable",
        )
    ]


def model(elements: str, relationships: str = "", definitions: str = "") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="id-m">\n'
        '<name xml:lang="en">Strategy</name>\n'
        f"<elements>\n{elements}</elements>\n"
        + (f"<relationships>\n{relationships}</relationships>\n" if relationships else "")
        + (f"<propertyDefinitions>{definitions}</propertyDefinitions>\n" if definitions else "")
        + "</model>\n"
    ).encode("utf-8")


def element(ident: str, kind: str, name: str, extra: str = "") -> str:
    return f'<element identifier="{ident}" xsi:type="{kind}"><name>{name}</name>{extra}</element>\n'


def relation(ident: str, source: str, target: str, kind: str, extra: str = "") -> str:
    return (
        f'<relationship identifier="{ident}" source="{source}" target="{target}" '
        f'xsi:type="{kind}" {extra}/>\n'
    )


FOREIGN = model(
    '<element identifier="id-d1" xsi:type="Driver"><name xml:lang="en">Equal services</name>'
    '<name xml:lang="fi">Samat palvelut kaikille</name></element>\n'
    + element("id-o1", "Outcome", "Palvelut sovitetaan")
    + element("id-g1", "Goal", "Ihmisen oloinen", "<documentation>Visio</documentation>")
    + element("id-p1", "Principle", "Hyödynnämme tietoa")
    + element("id-c1", "CourseOfAction", "Linjaus")
    + element("id-a1", "Assessment", "Tiedolla johtaminen")
    + element(
        "id-w1",
        "WorkPackage",
        "Road map",
        '<properties><property propertyDefinitionRef="pd-owner"><value>Päivi</value>'
        "</property></properties>",
    )
    + element("id-w2", "Deliverable", "Raportti")
    + element("id-w3", "WorkPackage", "Pilotti")
    + element("id-cap", "Capability", "Kyvykkyys")
    + element("id-s1", "Stakeholder", "Asukkaat"),
    relation("r1", "id-o1", "id-d1", "Influence")
    + relation("r2", "id-g1", "id-o1", "Influence", 'modifier="+"')
    + relation("r3", "id-p1", "id-g1", "Realization")
    + relation("r4", "id-g1", "id-c1", "Composition")
    + relation("r5", "id-c1", "id-a1", "Association")
    + relation("r6", "id-w1", "id-a1", "Influence")
    + relation("r7", "id-w1", "id-w3", "Triggering")
    + relation("r8", "id-s1", "id-g1", "Association")
    + relation("r9", "id-w2", "id-cap", "Realization")
    + relation("r10", "id-w1", "id-a1", "Association")
    + relation("r11", "id-d1", "id-w1", "Influence")
    + relation("r12", "id-w3", "id-w1", "Flow"),
    '<propertyDefinition identifier="pd-owner" type="string"><name>Owner</name>'
    "</propertyDefinition>",
)


def test_other_tools_model_maps_what_it_can_and_reports_the_rest() -> None:
    assert_valid(FOREIGN)
    reading = load_archimate(FOREIGN, region="r1")
    nodes = {n["id"]: n for n in reading.document["nodes"]}
    assert {i: (n["kind"], n["region"]) for i, n in nodes.items()} == {
        "d1": ("CHALLENGE", "r1"),  # a region's Driver: a challenge, not a national goal
        "o1": ("STRATEGIC_LINE", "r1"),
        "g1": ("ORGANISATIONAL_VISION", "r1"),
        "p1": ("STRATEGIC_LINE", "r1"),
        "c1": ("STRATEGIC_LINE", "r1"),
        "a1": ("CHALLENGE", "r1"),
        "w1": ("STRATEGIC_PROJECT", "r1"),
        "w2": ("STRATEGIC_PROJECT", "r1"),
        "w3": ("STRATEGIC_PROJECT", "r1"),
    }
    assert nodes["d1"]["title"] == "Samat palvelut kaikille"
    assert nodes["d1"]["attributes"] == {"title_en": "Equal services", "archimate_type": "Driver"}
    assert nodes["g1"]["description"] == "Visio"
    assert nodes["w1"]["attributes"] == {"Owner": "Päivi"}
    assert [(e["source"], e["relation"], e["target"]) for e in reading.document["edges"]] == [
        ("d1", "CHALLENGES", "o1"),  # r1: Outcome -Influence-> Driver, read upward
        ("o1", "SUPPORTS", "g1"),  # r2: Goal -Influence-> Outcome, read upward
        ("p1", "SUPPORTS", "g1"),
        ("c1", "SUPPORTS", "g1"),  # r4: Goal -Composition-> course of action (whole, part)
        ("a1", "CHALLENGES", "c1"),
        ("w1", "ADDRESSES", "a1"),
        ("w3", "DEPENDS_ON", "w1"),  # r7: w1 -Triggering-> w3, the later needs the earlier
        ("w1", "ADDRESSES", "d1"),  # r11: Driver -Influence-> WorkPackage
    ]
    assert reading.report == [
        "model.xml element id-cap: skipped Capability 'Kyvykkyys': "
        "no StrategyGraph kind for this type",
        "model.xml element id-s1: skipped Stakeholder 'Asukkaat': "
        "no StrategyGraph kind for this type",
        "model.xml relationship r8: skipped Association Stakeholder 'Asukkaat' -> "
        "Goal 'Ihmisen oloinen': an end was not imported",
        "model.xml relationship r9: skipped Realization Deliverable 'Raportti' -> "
        "Capability 'Kyvykkyys': an end was not imported",
        "model.xml relationship r10: skipped Association WorkPackage 'Road map' -> "
        "Assessment 'Tiedolla johtaminen': these are already linked",
        "model.xml relationship r12: skipped Flow WorkPackage 'Pilotti' -> "
        "WorkPackage 'Road map': type not read",
        "model.xml: read 9 elements and 8 relationships; skipped 2 elements (Capability 1, "
        "Stakeholder 1) and 4 relationships (an end was not imported 2, these are already "
        "linked 1, type not read 1)",
    ]
    service = service_with(small_document())
    outcome = reading.import_with(lambda d: service.import_document(d, "t"))
    assert len(outcome.plan.added) == 9 and outcome.plan.edges_added == 8


# -- bad files ---------------------------------------------------------------------


def problems(data: bytes, **options: Any) -> list[tuple[str, str | None, str]]:
    with pytest.raises(ValidationError) as exc:
        load_archimate(data, **options)
    return [(p.rule, p.where, p.message) for p in exc.value.problems]


def test_unknown_kind_property_is_located() -> None:
    data = dump_archimate(small_document()).replace(b">CHALLENGE<", b">HAASTE<")
    assert [(r, w) for r, w, _ in problems(data)] == [
        ("unknown-kind", "model.xml element id-ch"),
        ("unknown-kind", "model.xml element id-ch-open"),
    ]


def test_missing_region_without_default_and_duplicate_ids() -> None:
    data = model(element("id-a", "Assessment", "A") + element("A", "Assessment", "B"))
    assert problems(data) == [
        ("required", "model.xml element id-a", "node 'a': 'region' is required"),
        ("required", "model.xml element A", "node 'a': 'region' is required"),
    ]
    assert problems(data, region="r1") == [
        ("duplicate-id", "model.xml element A", "id 'a' is used twice")
    ]


def test_a_cycle_is_located_and_changes_nothing() -> None:
    data = model(
        element("id-w1", "WorkPackage", "Yksi") + element("id-w2", "WorkPackage", "Kaksi"),
        relation("r-1", "id-w1", "id-w2", "Association", 'isDirected="true"')
        + relation("r-2", "id-w2", "id-w1", "Association", 'isDirected="true"'),
    )
    assert_valid(data)
    service = service_with(small_document())
    before = service.store.version()
    with pytest.raises(ValidationError) as exc:
        load_archimate(data, region="r1").import_with(lambda d: service.import_document(d, "t"))
    assert [(p.rule, p.where) for p in exc.value.problems] == [
        ("cycle", "model.xml relationship r-2")
    ]
    assert service.store.version() == before and len(service.store.nodes()) == 9


def test_bad_xml_wrong_root_wrong_encoding_and_size(tmp_path: Path) -> None:
    assert problems(b"<model><elements></model>")[0][:2] == (
        "xml-syntax",
        "model.xml line 1, column 20",
    )
    assert problems(b'<graphml xmlns="http://graphml.graphdrawing.org/xmlns"/>')[0][0] == (
        "archimate"
    )
    latin = model(element("id-a", "Assessment", "Hyvä")).decode().encode("latin-1")
    assert problems(latin, region="r1")[0][:2] == ("encoding", "model.xml line 5")
    (tmp_path / "m.xml").write_bytes(FOREIGN)
    with pytest.raises(
        ValidationError, match=r"m\.xml: the file is 2\.5 kB, larger than the limit of 1000 bytes"
    ):
        open_path(tmp_path / "m.xml", "archimate", max_bytes=1000)
