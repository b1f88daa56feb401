"""ArchiMate models from real tools and an Archi-style regional model: the relationships
read per the mapping table (``interchange.archimate_map``), what is skipped reported with
its reason, and the round trip Archi → StrategyGraph → Archi keeping identifiers, types,
languages and properties; the export's folders, views and empty model."""

from __future__ import annotations

from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring
from hypothesis import given, settings
from hypothesis import strategies as st

from strategygraph.domain import ValidationError
from strategygraph.interchange import open_path
from strategygraph.interchange.archimate import dump_archimate
from strategygraph.interchange.archimate_read import load_archimate
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.unit.test_formats_archimate import NS, XML_LANG, XSI_TYPE, assert_valid

DATA = Path(__file__).parents[1] / "data" / "archimate"
REGIONAL = DATA / "strategygraph" / "pohjanmaa-bilingual.xml"
DRIVER = "eaid-47480fdf-2b1c-4d6a-9e3f-0a1b2c3d4e5f"
SOTE = "eaid-9c8b7a6f-5e4d-4c3b-a2f1-0e9d8c7b6a5f"
NATIONAL_GOAL = "0f3e6a1c9b8d4e2fa7c5b3d1e9f0a2b4"
VISION = "7d2b4f6e8a0c4b1d9e3f5a7c9b1d3e5f"
ASSESSMENT = "a1b2c3d4e5f64789a0b1c2d3e4f5a6b7"
OUTCOME = "b2c3d4e5f6a74890b1c2d3e4f5a6b7c8"
PRINCIPLE = "c3d4e5f6a7b84901c2d3e4f5a6b7c8d9"
COURSE = "d4e5f6a7b8c94012d3e4f5a6b7c8d9e0"
DELIVERABLE = "e5f6a7b8c9d04123e4f5a6b7c8d9e0f1"
REMOTE = "f6a7b8c9d0e14234f5a6b7c8d9e0f1a2"


def service_with_region() -> StrategyService:
    service = StrategyService(EmbeddedStore())
    service.import_document(
        {
            "format": "strategygraph",
            "format_version": 1,
            "regions": [
                {"id": "national", "name": "Kansallinen"},
                {"id": "pohjanmaa", "name": "Pohjanmaa"},
            ],
            "organisations": [],
            "nodes": [],
            "edges": [],
        },
        "test",
    )
    return service


def triples(edges: list[dict[str, str]]) -> set[tuple[str, str, str]]:
    return {(e["source"], e["relation"], e["target"]) for e in edges}


# -- real files ---------------------------------------------------------------------


def test_archisurance_from_archi_reads_its_principles_and_reports_every_relationship() -> None:
    reading = open_path(DATA / "archi" / "archisurance.xml", "archimate", region="r1")
    nodes = reading.document["nodes"]
    assert [(n["title"], n["kind"], n["attributes"]["archimate_type"]) for n in nodes] == [
        (title, "STRATEGIC_LINE", "Principle")
        for title in (
            "Client Satisfaction Goal",
            "One Stop Principle",
            "Treatment Time Principle",
            "Costs Goal",
            "Occupancy Principle",
            "Licence Principle",
            "TCO Goal",
            "Component Principle",
            "Infrastructure Principle",
        )
    ]
    # No relationship of Archisurance joins two motivation elements: each of its 179 is
    # reported with its reason, none silently dropped.
    assert reading.document["edges"] == []
    relationship_lines = [line for line in reading.report if " relationship " in line]
    assert len(relationship_lines) == 179
    assert all(line.endswith(": an end was not imported") for line in relationship_lines)
    assert reading.report[-2:] == [
        "archisurance.xml: views and diagrams were not read (an export draws one per region)",
        "archisurance.xml: read 9 elements and 0 relationships; skipped 113 elements "
        "(BusinessActor 17, BusinessObject 10, ApplicationComponent 10, BusinessProcess 9, "
        "BusinessFunction 6, BusinessService 6, BusinessInterface 5, BusinessRole 5, "
        "ApplicationFunction 5, Device 5, TechnologyService 5, DataObject 4, SystemSoftware 4, "
        "Node 4, BusinessCollaboration 3, ApplicationService 3, CommunicationNetwork 3, "
        "BusinessInteraction 2, BusinessEvent 2, Resource 1, Representation 1, Contract 1, "
        "Value 1, Grouping 1) and 179 relationships (an end was not imported 179)",
    ]


def test_an_archi_5_export_of_business_elements_only_is_refused_and_changes_nothing() -> None:
    data = (DATA / "archi" / "bendpoint.test.xml").read_bytes()
    assert_valid(data)
    service = service_with_region()
    before = service.store.version()
    with pytest.raises(ValidationError) as exc:
        load_archimate(data, name="bendpoint.test.xml").import_with(
            lambda d: service.import_document(d, "t")
        )
    assert [(p.rule, p.where) for p in exc.value.problems] == [
        ("archimate-nothing", "bendpoint.test.xml")
    ]
    assert "(BusinessFunction 1, BusinessService 1)" in exc.value.problems[0].message
    assert service.store.version() == before


# The same model (one or two elements of every type) written by two other tools; Arktect's
# importer tests (tests/data/archimate/README.md). Each has one relationship between two
# motivation elements: Driver -Influence-> Goal.
OTHER_TOOLS = {
    "aoeff_3_0_sparx.xml": (  # Sparx Enterprise Architect: EAID_ ids, windows-1252
        "EAID_2EA87F26_5979_4ba9_970D_728D5E36BA9B",  # Driver 'Driver'
        "EAID_DCC8EAD0_3E9C_4474_88A2_C711935334D3",  # Goal 'Goal'
        "Driver",
        "Goal",
        "and 44 relationships (an end was not imported 44)",
    ),
    "aoeff_3_1_visual_paradigm.xml": (  # Visual Paradigm: views without xsi:type
        "id-1493131e-477d-4817-a551-4bb147ec82c1",
        "id-1aef2a19-28fe-4c6a-9273-ea0603ff9a8d",
        "Driver2",
        "Goal2",
        "and 45 relationships (an end was not imported 44, an end is a relationship 1)",
    ),
}
KINDS_READ = [
    ("CourseOfAction", "STRATEGIC_LINE"),
    ("Driver", "CHALLENGE"),
    ("Driver", "CHALLENGE"),
    ("Assessment", "CHALLENGE"),
    ("Goal", "ORGANISATIONAL_VISION"),
    ("Goal", "ORGANISATIONAL_VISION"),
    ("Outcome", "STRATEGIC_LINE"),
    ("Principle", "STRATEGIC_LINE"),
    ("WorkPackage", "STRATEGIC_PROJECT"),
    ("Deliverable", "STRATEGIC_PROJECT"),
]


def _original(path: Path) -> dict[str, tuple[str | None, str]]:
    """identifier → (type, name) of every element of a file."""
    return {
        e.get("identifier"): (e.get(XSI_TYPE), (e.findtext(f"{NS}name") or "").strip())
        for e in fromstring(path.read_bytes()).iter(f"{NS}element")
    }


@pytest.mark.parametrize("name", sorted(OTHER_TOOLS))
def test_sparx_and_visual_paradigm_exports_read_driver_influence_goal(name: str) -> None:
    driver, goal, driver_name, goal_name, relationships = OTHER_TOOLS[name]
    path = DATA / "arktect" / name
    reading = open_path(path, "archimate", region="pohjanmaa")
    nodes = reading.document["nodes"]
    original = _original(path)
    by_identifier = {n.get("attributes", {}).get("archimate_id", "id-" + n["id"]): n for n in nodes}
    assert sorted((original[i][0], n["kind"]) for i, n in by_identifier.items()) == sorted(
        KINDS_READ
    )
    assert all(n["region"] == "pohjanmaa" for n in nodes)
    assert {i: n["title"] for i, n in by_identifier.items()} == {
        i: original[i][1] for i in by_identifier
    }
    assert (by_identifier[driver]["title"], by_identifier[goal]["title"]) == (
        driver_name,
        goal_name,
    )
    # Driver -Influence-> Goal: the challenge SUPPORTS the organisational vision
    assert triples(reading.document["edges"]) == {
        (by_identifier[driver]["id"], "SUPPORTS", by_identifier[goal]["id"])
    }
    # every skipped element and relationship has its line, then the views, then the sum
    assert len(reading.report) == 87 + int(relationships.split()[1]) + 2
    assert (
        f"skipped Composition Grouping 'Grouping' -> Driver '{driver_name}': "
        "an end was not imported"
    ) in "\n".join(reading.report)
    assert f"{name} element " in reading.report[0]
    assert reading.report[-2] == (
        f"{name}: views and diagrams were not read (an export draws one per region)"
    )
    summary = reading.report[-1]
    assert summary.startswith(
        f"{name}: read 10 elements and 1 relationships; skipped 87 elements "
        "(BusinessProcess 11, ApplicationComponent 6, "
    )
    assert "Stakeholder 1, Requirement 1, Constraint 1, " in summary
    assert summary.endswith(relationships)
    outcome = reading.import_with(lambda d: service_with_region().import_document(d, "t"))
    assert len(outcome.plan.added) == 10 and outcome.plan.edges_added == 1


def test_a_relationship_ending_at_a_relationship_is_reported_as_such() -> None:
    reading = open_path(
        DATA / "arktect" / "aoeff_3_1_visual_paradigm.xml", "archimate", region="r1"
    )
    assert [line for line in reading.report if line.endswith("an end is a relationship")] == [
        "aoeff_3_1_visual_paradigm.xml relationship id-25cfe97b-0b18-4d97-8780-f6ed8f54ecc1: "
        "skipped Association DataObject 'Data Object2' -> Flow: an end is a relationship"
    ]


@pytest.mark.parametrize("name", sorted(OTHER_TOOLS))
def test_sparx_and_visual_paradigm_models_go_back_with_their_ids_types_and_names(
    name: str,
) -> None:
    driver, goal, *_ = OTHER_TOOLS[name]
    path = DATA / "arktect" / name
    service = service_with_region()
    open_path(path, "archimate", region="pohjanmaa").import_with(
        lambda d: service.import_document(d, "t")
    )
    exported = dump_archimate(service.export_document())
    assert_valid(exported)
    root = fromstring(exported)
    back = {
        e.get("identifier"): (e.get(XSI_TYPE), e.findtext(f"{NS}name"))
        for e in root.iter(f"{NS}element")
    }
    original = _original(path)
    read = {i: v for i, v in original.items() if v[0] in {t for t, _ in KINDS_READ}}
    assert len(read) == 10
    assert {i: back.get(i) for i in read} == read  # the tool's ids, types and names
    # the edge goes back between the same two elements, as the Influence it was
    assert [
        (r.get(XSI_TYPE), r.get("source"), r.get("target")) for r in root.iter(f"{NS}relationship")
    ] == [("Influence", driver, goal)]
    # and the exported model imports as the same nodes: nothing added, nothing changed
    again = load_archimate(exported)
    assert again.report == []
    outcome = service.import_document(again.document, "t")
    assert outcome.plan.added == [] and outcome.plan.changed == []
    assert outcome.plan.edges_added == 0
    ids = {n.attributes.get("archimate_id", "id-" + n.id) for n in service.store.nodes()}
    assert ids == set(read)


def test_regional_model_reads_the_relationships_modellers_draw() -> None:
    assert_valid(REGIONAL.read_bytes())
    reading = open_path(REGIONAL, "archimate", region="pohjanmaa")
    kinds = {n["id"]: (n["kind"], n["region"]) for n in reading.document["nodes"]}
    assert kinds[NATIONAL_GOAL] == ("NATIONAL_GOAL", "national")  # by its specialization
    assert kinds[VISION] == ("ORGANISATIONAL_VISION", "pohjanmaa")
    assert kinds[DRIVER] == ("CHALLENGE", "pohjanmaa")  # a region's Driver: not national
    assert kinds[OUTCOME] == ("STRATEGIC_LINE", "pohjanmaa")
    assert kinds[DELIVERABLE] == ("STRATEGIC_PROJECT", "pohjanmaa")
    assert triples(reading.document["edges"]) == {
        (DRIVER, "SUPPORTS", VISION),  # Driver -Influence-> Goal
        (OUTCOME, "SUPPORTS", VISION),  # Outcome -Realization-> Goal
        (DELIVERABLE, "SUPPORTS", OUTCOME),  # Deliverable -Realization-> Outcome
        (DELIVERABLE, "DEPENDS_ON", SOTE),  # WorkPackage -Realization-> Deliverable
        (VISION, "DERIVES_FROM", NATIONAL_GOAL),  # Goal -Influence-> national Goal
        (PRINCIPLE, "SUPPORTS", VISION),  # Principle -Realization-> Goal
        (ASSESSMENT, "CHALLENGES", COURSE),  # Assessment -Association-> CourseOfAction
        (REMOTE, "SUPPORTS", COURSE),  # WorkPackage -Realization-> CourseOfAction
        (REMOTE, "DEPENDS_ON", SOTE),  # WorkPackage -Triggering-> WorkPackage
        (COURSE, "SUPPORTS", VISION),  # CourseOfAction -Realization-> Goal
    }
    name = "pohjanmaa-bilingual.xml"
    assert [line.removeprefix(name).lstrip(": ") for line in reading.report] == [
        "element id-0a1b2c3d4e5f4345a6b7c8d9e0f1a2b3: skipped Stakeholder 'Asukkaat': "
        "no StrategyGraph kind for this type",
        "element id-1b2c3d4e5f6a4456b7c8d9e0f1a2b3c4: skipped Requirement "
        "'Palvelu 30 minuutin matkan päässä': no StrategyGraph kind for this type",
        "relationship id-r03: skipped Association Assessment 'Palveluverkko on hajanainen' "
        "-> Driver 'Väestö ikääntyy': no relation joins CHALLENGE and CHALLENGE",
        "relationship id-r12: skipped Association Stakeholder 'Asukkaat' -> Driver "
        "'Väestö ikääntyy': an end was not imported",
        "relationship id-r13: skipped Realization Requirement 'Palvelu 30 minuutin matkan "
        "päässä' -> Outcome 'Palvelut kootaan sote-keskuksiin': an end was not imported",
        "relationship id-r14: skipped Realization Outcome 'Palvelut kootaan sote-keskuksiin' "
        "-> Goal 'Yhdenvertaiset palvelut kaikille': no relation joins STRATEGIC_LINE and "
        "NATIONAL_GOAL",
        "relationship id-r15: skipped Flow WorkPackage 'Etävastaanotto' -> Driver "
        "'Väestö ikääntyy': type not read",
        "read 10 elements and 10 relationships; skipped 2 elements (Stakeholder 1, "
        "Requirement 1) and 5 relationships (no relation joins the two kinds 2, an end was "
        "not imported 2, type not read 1)",
    ]
    outcome = reading.import_with(lambda d: service_with_region().import_document(d, "t"))
    assert len(outcome.plan.added) == 10 and outcome.plan.edges_added == 10


# -- the round trip ----------------------------------------------------------------------


def test_regional_model_round_trips_with_ids_types_languages_and_properties() -> None:
    service = service_with_region()
    open_path(REGIONAL, "archimate", region="pohjanmaa").import_with(
        lambda d: service.import_document(d, "t")
    )
    vision = service.store.get_node(VISION)
    assert vision.title == "Hyvinvoiva Pohjanmaa"
    assert vision.attributes == {
        "title_sv": "Välmående Österbotten",
        "title_en": "Thriving Ostrobothnia",
        "description_sv": "Invånarna mår bra i hela landskapet.",
    }
    exported = dump_archimate(service.export_document())
    assert_valid(exported)
    root = fromstring(exported)
    original = fromstring(REGIONAL.read_bytes())

    def elements(model: object) -> dict[str, tuple[str | None, list[tuple[str | None, str]]]]:
        return {
            e.get("identifier"): (
                e.get(XSI_TYPE),
                [
                    (t.get(XML_LANG), t.text)
                    for t in e
                    if t.tag in (f"{NS}name", f"{NS}documentation")
                ],
            )
            for e in model.iter(f"{NS}element")  # type: ignore[attr-defined]
        }

    back, before = elements(root), elements(original)
    mapped = {i: v for i, v in before.items() if v[0] not in ("Stakeholder", "Requirement")}
    assert {i: back[i] for i in mapped} == mapped  # same ids, types, names, documentation
    specializations = {
        e.get("identifier"): p.findtext(f"{NS}value")
        for e in root.iter(f"{NS}element")
        for p in e.iter(f"{NS}property")
        if p.get("propertyDefinitionRef") == "specialization"
    }
    assert specializations["id-" + NATIONAL_GOAL] == "Kansallinen tavoite"
    assert specializations["id-" + VISION] == "Organisaation visio"
    assert specializations["EAID_47480FDF_2B1C_4d6a_9E3F_0A1B2C3D4E5F"] == "Voitettava taistelu"
    # Archi's property is kept as an attribute and written back in sg:attributes.
    assert "Hyvinvointialue" in exported.decode()
    # the model goes back in: the same nodes, nothing changed, nothing added
    again = load_archimate(exported)
    assert again.report == []
    outcome = service.import_document(again.document, "t")
    assert outcome.plan.added == [] and outcome.plan.changed == []
    assert outcome.plan.edges_added == 0


def test_a_second_import_of_the_same_file_updates_rather_than_duplicates() -> None:
    service = service_with_region()
    reading = open_path(REGIONAL, "archimate", region="pohjanmaa")
    reading.import_with(lambda d: service.import_document(d, "t"))
    changed = REGIONAL.read_bytes().replace(b"Asiakas ensin<", b"Asiakas aina ensin<")
    outcome = load_archimate(changed, region="pohjanmaa").import_with(
        lambda d: service.import_document(d, "t")
    )
    assert outcome.plan.added == [] and outcome.plan.changed == [PRINCIPLE]
    assert service.store.get_node(PRINCIPLE).title == "Asiakas aina ensin"
    assert len(service.store.nodes()) == 10


def test_goals_are_told_apart_by_specialization_in_any_language() -> None:
    goals = "".join(
        f'<element identifier="id-g{i}" xsi:type="Goal"><name>G{i}</name><properties>'
        f'<property propertyDefinitionRef="pd-s"><value>{name}</value></property>'
        "</properties></element>"
        for i, name in enumerate(
            ["national goal", "Nationellt mål", "Muutosvisio", "Organisational vision", "Other"]
        )
    )
    data = (
        '<model xmlns="http://www.opengroup.org/xsd/archimate/3.0/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" identifier="m">'
        f"<name>M</name><elements>{goals}</elements><propertyDefinitions>"
        '<propertyDefinition identifier="pd-s" type="string"><name>Specialization</name>'
        "</propertyDefinition></propertyDefinitions></model>"
    ).encode()
    assert_valid(data)
    nodes = load_archimate(data, region="r1").document["nodes"]
    assert [(n["kind"], n["region"], n.get("attributes")) for n in nodes] == [
        ("NATIONAL_GOAL", "national", None),
        ("NATIONAL_GOAL", "national", None),
        ("CHANGE_VISION", "r1", {"archimate_type": "Goal"}),
        ("ORGANISATIONAL_VISION", "r1", None),
        ("ORGANISATIONAL_VISION", "r1", {"Specialization": "Other"}),
    ]


# -- folders, views, the empty model -------------------------------------------------------


def test_export_has_region_and_layer_folders_and_one_laid_out_view_per_region() -> None:
    service = service_with_region()
    open_path(REGIONAL, "archimate", region="pohjanmaa").import_with(
        lambda d: service.import_document(d, "t")
    )
    exported = dump_archimate(service.export_document())
    assert_valid(exported)
    root = fromstring(exported)
    (organizations,) = root.findall(f"{NS}organizations")
    tops = [i.findtext(f"{NS}label") for i in organizations.findall(f"{NS}item")]
    assert tops == ["Kansallinen", "Pohjanmaa", "Suhteet", "Näkymät"]
    region = organizations.findall(f"{NS}item")[1]
    layers = {
        i.findtext(f"{NS}label"): len(i.findall(f"{NS}item")) for i in region.findall(f"{NS}item")
    }
    assert layers == {
        "Organisaation visiot": 1,
        "Strategiset linjaukset": 3,
        "Voitettavat taistelut": 2,
        "Strategiset hankkeet": 3,
    }
    views = root.findall(f"{NS}views/{NS}diagrams/{NS}view")
    assert [v.findtext(f"{NS}name") for v in views] == [
        "Kansallinen: strategia kerroksittain",
        "Pohjanmaa: strategia kerroksittain",
    ]
    view = views[1]
    boxes = {
        n.get("elementRef"): (int(n.get("x")), int(n.get("y")), n.get("w"), n.get("h"))
        for n in view.findall(f"{NS}node")
    }
    assert len(boxes) == 10  # the region's 9 and the national goal its vision derives from
    ys = {ref: box[1] for ref, box in boxes.items()}
    assert ys["id-" + NATIONAL_GOAL] < ys["id-" + VISION] < ys["id-" + COURSE]
    assert ys["id-" + COURSE] < ys["id-" + ASSESSMENT] < ys["id-" + REMOTE]
    assert ys[f"id-{OUTCOME}"] == ys["id-" + COURSE]  # one layer, one row
    assert len(view.findall(f"{NS}connection")) == 10


def test_an_empty_graph_exports_a_valid_model_with_one_element_and_imports_as_nothing() -> None:
    exported = dump_archimate(StrategyService(EmbeddedStore()).export_document())
    assert_valid(exported)
    root = fromstring(exported)
    # Archi's importer refuses a model without <elements> ("No Elements found").
    elements = root.findall(f"{NS}elements/{NS}element")
    assert [(e.get(XSI_TYPE), e.findtext(f"{NS}name")) for e in elements] == [
        ("Grouping", "Tyhjä strategia (ei vielä solmuja)")
    ]
    reading = load_archimate(exported)
    assert reading.document["nodes"] == [] and reading.report == []


# -- text and safety -----------------------------------------------------------------------


def test_crlf_and_markup_in_texts_survive_the_round_trip() -> None:
    service = service_with_region()
    open_path(REGIONAL, "archimate", region="pohjanmaa").import_with(
        lambda d: service.import_document(d, "t")
    )
    doc = service.export_document()
    vision = next(n for n in doc["nodes"] if n["id"] == VISION)
    vision["description"] = 'Rivi 1\r\nRivi 2 <b>"&"</b>\ttab'
    vision["attributes"]["description_sv"] = "Rad 1\r\nRad 2"
    exported = dump_archimate(doc)
    assert_valid(exported)
    back = next(n for n in load_archimate(exported).document["nodes"] if n["id"] == VISION)
    assert back["description"] == 'Rivi 1\r\nRivi 2 <b>"&"</b>\ttab'
    assert back["attributes"]["description_sv"] == "Rad 1\r\nRad 2"


def test_entity_declarations_are_refused_and_a_plain_doctype_reads_the_same() -> None:
    data = REGIONAL.read_bytes()
    bomb = data.replace(
        b"<model ",
        b'<!DOCTYPE model [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n<model ',
        1,
    ).replace(b"Asiakas ensin<", b"&b;<")
    with pytest.raises(ValidationError) as exc:
        load_archimate(bomb, region="pohjanmaa")
    assert [(p.rule, p.where) for p in exc.value.problems] == [("xml-unsafe", "model.xml")]
    plain = data.replace(b"<model ", b"<!DOCTYPE model>\n<model ", 1)
    # the DOCTYPE sends it through defusedxml, the other through the C parser
    assert load_archimate(plain, region="p") == load_archimate(data, region="p")


TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Cn")) | st.sampled_from("\t\n\r"), max_size=40
)


@settings(max_examples=60, deadline=None)
@given(description=TEXT, swedish=TEXT.filter(bool), note=TEXT)
def test_any_text_survives_the_round_trip(description: str, swedish: str, note: str) -> None:
    doc = {
        "format": "strategygraph",
        "format_version": 1,
        "regions": [{"id": "r1", "name": description or "R"}],
        "organisations": [],
        "nodes": [
            {"id": "p1", "kind": "STRATEGIC_PROJECT", "region": "r1", "title": "P1"},
            {
                "id": "p2",
                "kind": "STRATEGIC_PROJECT",
                "region": "r1",
                "title": "P2",
                "description": description,
                "attributes": {"title_sv": swedish},
            },
        ],
        "edges": [{"source": "p2", "relation": "DEPENDS_ON", "target": "p1", "note": note}],
    }
    exported = dump_archimate(doc)
    assert_valid(exported)
    back = load_archimate(exported).document
    assert back["nodes"][1].get("description", "") == description
    assert back["nodes"][1]["attributes"] == {"title_sv": swedish}
    assert back["edges"][0].get("note") == note
    assert back["regions"] == doc["regions"]
