"""Open formats and regions side by side over HTTP: exportGraph, importGraph with a
format, compareRegions, and the published JSON Schema."""

from __future__ import annotations

import base64
import io
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from strategygraph.interchange import schema
from strategygraph.store import EmbeddedStore
from tests.clients import HTTP
from tests.unit.test_formats_archimate import SAMPLE, assert_valid
from tests.unit.test_formats_csv import comparable

from .conftest import Api, Served, serve

EXPORT = """
query ($format: InterchangeFormat!, $region: ID) {
  exportGraph(format: $format, region: $region) { format content files { name content } }
}
"""
IMPORT = """
mutation ($input: ImportGraphInput!) {
  importGraph(input: $input) {
    dryRun added changed unchanged relationshipsAdded report
  }
}
"""
COMPARE = """
query ($regions: [ID!], $goal: ID) {
  compareRegions(regions: $regions, goal: $goal) { items {
    region { id name }
    goalsReached
    gaps { type node { id } }
    goals {
      goal { id }
      reached
      counts { kind count }
      projects { id ... on StrategicProject { health } }
      projectHealth { health count }
      gaps { type node { id } }
    }
  } }
}
"""


def files_input(exported: dict[str, Any]) -> dict[str, Any]:
    if exported["format"] == "CSV":
        return {"files": exported["files"]}
    return {"content": exported["content"]}


@pytest.mark.parametrize("fmt", ["JSON", "CSV", "XLSX", "GRAPHML", "ARCHIMATE"])
def test_export_then_import_into_an_empty_store_gives_the_same_graph(
    served: Served, api: Api, fmt: str
) -> None:
    exported = api(EXPORT, format=fmt)["exportGraph"]
    assert exported["format"] == fmt
    names = [f["name"] for f in exported["files"]]
    if fmt == "CSV":
        assert names == ["regions.csv", "organisations.csv", "nodes.csv", "edges.csv"]
        assert exported["content"] == exported["files"][2]["content"]
    else:
        assert len(names) == 1 and exported["content"] == exported["files"][0]["content"]
    if fmt == "ARCHIMATE":
        assert_valid(exported["content"].encode("utf-8"))
    if fmt == "XLSX":  # the workbook's bytes, in base64
        assert base64.b64decode(exported["content"]).startswith(b"PK\x03\x04")
    store = EmbeddedStore(":memory:")
    with serve(store) as target:
        writer = target.api("importer")
        given = {"format": fmt, **files_input(exported)}
        dry = writer(IMPORT, input={**given, "dryRun": True})["importGraph"]
        assert dry["dryRun"] and len(dry["added"]) == 13 and store.version() == 0
        done = writer(IMPORT, input=given)["importGraph"]
        assert (len(done["added"]), done["relationshipsAdded"], done["report"]) == (13, 11, [])
        again = writer(IMPORT, input=given)["importGraph"]
        assert (again["added"], again["changed"], len(again["unchanged"])) == ([], [], 13)
        assert comparable(target.service.export_document()) == comparable(
            served.service.export_document()
        )
    store.close()


def test_an_xlsx_content_that_is_not_base64_is_refused_naming_the_field(api: Api) -> None:
    error = api.error(IMPORT, input={"format": "XLSX", "content": "nodes;edges"})
    assert error["message"] == (
        "graph.xlsx: a workbook's `content` is its bytes in base64 (RFC 4648); this is not base64"
    )
    assert (error["extensions"]["code"], error["extensions"]["field"]) == ("VALIDATION", "content")


def test_a_portfolio_workbook_is_imported_from_base64_under_an_xlsx_name(api: Api) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["nimi", "palvelee", "terveys"])
    sheet.append(["Sote-keskus", "Tiedolla johtaminen", "keltainen"])
    out = io.BytesIO()
    book.save(out)
    given = {"name": "hankkeet.xlsx", "content": base64.b64encode(out.getvalue()).decode()}
    dry = api(
        IMPORT,
        input={"format": "PORTFOLIO", "files": [given], "region": "etela", "dryRun": True},
    )["importGraph"]
    assert (dry["dryRun"], dry["added"], dry["relationshipsAdded"]) == (True, ["sote-keskus"], 1)


def test_import_graph_refuses_an_approval_without_body_and_date(api: Api) -> None:
    node = {"id": "ng-x", "kind": "NATIONAL_GOAL", "region": "national", "title": "X"}
    document = {
        "format": "strategygraph",
        "format_version": 2,
        "regions": [],
        "organisations": [],
        "nodes": [{**node, "status": "APPROVED", "approved_by": "Valtioneuvosto"}],
        "edges": [],
    }
    error = api.error(IMPORT, input={"document": document})
    assert error["message"] == (
        "nodes[0]: node 'ng-x': approval needs the decision date: 'decision_date' is empty; "
        "give it, or import the node as PROPOSED"
    )
    assert (error["extensions"]["code"], error["extensions"]["field"]) == (
        "VALIDATION",
        "decisionDate",  # the API names fields as GraphQL does
    )


def test_export_one_region_in_graphml(reader: Api) -> None:
    text = reader(EXPORT, format="GRAPHML", region="pohjoinen")["exportGraph"]["content"]
    assert '<node id="proj-lonely">' in text and '<node id="ng-equal">' in text
    assert '<node id="proj-a">' not in text


def test_portfolio_is_import_only(api: Api) -> None:
    error = api.error(EXPORT, format="PORTFOLIO")
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["message"] == "PORTFOLIO is an import format only"


def test_archimate_sample_maps_nothing_and_is_refused_naming_its_elements(
    served: Served, api: Api
) -> None:
    before = served.store.version()
    content = SAMPLE.read_text(encoding="utf-8")
    error = api.error(IMPORT, input={"format": "ARCHIMATE", "content": content})
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["extensions"]["problems"][0]["where"] == "model.xml"
    assert "(BusinessRole 1, BusinessProcess 1)" in error["message"]
    assert served.store.version() == before


def test_portfolio_over_graphql_matches_titles_and_reports_the_rest(api: Api) -> None:
    sheet = (
        "nimi;palvelee;terveys\n"
        "Uusi pilotti;Tiedolla johtaminen;keltainen\n"
        "Hukassa;Ei tällaista haastetta;\n"
    )
    out = api(IMPORT, input={"format": "PORTFOLIO", "content": sheet, "region": "etela"})[
        "importGraph"
    ]
    assert out["added"] == ["uusi-pilotti"] and out["relationshipsAdded"] == 1
    assert out["report"] == [
        "portfolio.csv line 3: project 'Hukassa' left out: 'Ei tällaista haastetta' "
        "matches no challenge, strategic line or organisational vision by id or exact title"
    ]


def test_bad_csv_content_is_refused_whole_with_its_line(served: Served, api: Api) -> None:
    nodes = "id,kind,region,title\nnew-ch,CHALLENGE,etela,Uusi\nbad,PROJEKTI,etela,Huono\n"
    before = served.store.version()
    error = api.error(
        IMPORT,
        input={
            "format": "CSV",
            "files": [
                {"name": "nodes.csv", "content": nodes},
                {"name": "edges.csv", "content": "source,relation,target\n"},
            ],
        },
    )
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["extensions"]["problems"][0]["where"] == "nodes.csv line 3"
    assert "PROJEKTI" in error["message"]
    assert served.store.version() == before


def test_import_input_needs_exactly_one_source(api: Api) -> None:
    error = api.error(IMPORT, input={"format": "CSV"})
    assert error["message"] == "give exactly one of `document`, `content` or `files`"
    error = api.error(IMPORT, input={"format": "GRAPHML", "document": {}})
    assert error["message"] == (
        "`document` is the JSON interchange format; send GRAPHML as `content`"
    )


@pytest.mark.parametrize("version", [1, 2])
def test_the_json_schema_is_published(shared: Served, version: int) -> None:
    answer = HTTP.get(f"{shared.base}/schema/interchange-v{version}.json", timeout=10)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/schema+json")
    assert answer.json() == schema(version)
    assert answer.json()["$id"] == f"urn:strategygraph:interchange:v{version}"
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    assert f"/schema/interchange-v{version}.json" in readme


def test_compare_regions_on_the_demo(demo: Served) -> None:
    api = demo.api()
    rows = api(COMPARE)["compareRegions"]["items"]
    assert [r["region"]["id"] for r in rows] == ["kymenlaakso", "uusimaa"]
    coverage = demo.store.coverage()
    for row in rows:
        region = row["region"]["id"]
        assert row["goalsReached"] == sum(1 for g in row["goals"] if g["reached"])
        for reach in row["goals"]:
            goal = reach["goal"]["id"]
            counts = {c["kind"]: c["count"] for c in reach["counts"]}
            ref = next((r for r in coverage if (r.goal_id, r.region) == (goal, region)), None)
            assert counts == (
                {k.value: n for k, n in ref.counts.items()} if ref else dict.fromkeys(counts, 0)
            )
            assert len(reach["projects"]) == counts["STRATEGIC_PROJECT"]
            health = {h["health"]: h["count"] for h in reach["projectHealth"]}
            for project in reach["projects"]:
                assert health[project["health"]] > 0
    uusimaa = rows[1]
    untraced = [g["node"]["id"] for g in uusimaa["gaps"] if g["type"] == "PROJECT_NOT_TRACED"]
    assert untraced == ["uus-proj-region-brand"]
    one = api(COMPARE, regions=["uusimaa"], goal="ng-equal-services")["compareRegions"]["items"]
    assert len(one) == 1 and [g["goal"]["id"] for g in one[0]["goals"]] == ["ng-equal-services"]
    reach = one[0]["goals"][0]
    assert reach["reached"] and "uus-proj-contract-transfers" in [
        p["id"] for p in reach["projects"]
    ]
    # The demo's drafts date from April 2018 (the seeds' decisions): long stale now.
    assert {g["node"]["id"] for g in reach["gaps"]} == {
        "uus-ch-service-chains",
        "uus-proj-environmental-health",
        "uus-ch-contract-transfers",
        "uus-ch-staff-transfers",
        "uus-ch-command-clarity",
        "uus-ch-schedule-risks",
        "uus-ch-funding",
    }


def test_compare_regions_refuses_unknown_regions_and_goals(demo: Served) -> None:
    api = demo.api()
    error = api.error(COMPARE, regions=["lappi"])
    assert error["message"] == (
        "region 'lappi' does not exist; the regions are: kymenlaakso, national, uusimaa"
    )
    assert error["extensions"]["code"] == "NOT_FOUND"
    error = api.error(COMPARE, goal="kym-proj-budget")
    assert error["message"] == "'kym-proj-budget' is not a national goal"
    assert api.error(COMPARE, goal="nothing")["extensions"]["code"] == "NOT_FOUND"
