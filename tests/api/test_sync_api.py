"""Sync over GraphQL against a real server: exportGraph a region, edit it, importGraph it
back with ``mirror``; the dry run lists the deletions, the region then equals the file, the
same import again changes nothing; a planner may not mirror; a portfolio sheet mirrored
replaces what a project serves."""

from __future__ import annotations

import json
from typing import Any

from strategygraph.domain.access import Role

from .conftest import Served

EXPORT = """
query ($region: ID) { exportGraph(format: JSON, region: $region) { content } }
"""
IMPORT = """
mutation ($input: ImportGraphInput!) {
  importGraph(input: $input) {
    dryRun graphVersion added changed unchanged relationshipsAdded relationshipsChanged
    deleted retired relationshipsRemoved report
  }
}
"""
STAMPS = ("version", "created_at", "created_by", "updated_at", "updated_by")


def comparable(items: list[dict[str, Any]]) -> list[str]:
    """Items without the stamps a store sets, absent and empty fields alike."""
    return sorted(
        json.dumps(
            {k: v for k, v in i.items() if k not in STAMPS and v not in (None, [], {}, False)},
            sort_keys=True,
        )
        for i in items
    )


def test_export_edit_mirror_import_over_graphql(served: Served) -> None:
    api = served.api("aino", [(Role.APPROVER, "etela")])
    doc = json.loads(api(EXPORT, region="etela")["exportGraph"]["content"])
    doc["nodes"] = [n for n in doc["nodes"] if n["id"] != "proj-skip"]
    doc["edges"] = [e for e in doc["edges"] if e["source"] != "proj-skip"]
    for edge in doc["edges"]:
        if edge["source"] == "proj-a":
            edge["note"] = "Tiekartta ratkaisee tämän"
    doc["nodes"].append(
        {
            "id": "proj-new",
            "kind": "STRATEGIC_PROJECT",
            "region": "etela",
            "title": "Uusi",
            "description": "",
            "status": "DRAFT",
        }
    )
    doc["edges"].append({"source": "proj-new", "relation": "ADDRESSES", "target": "ch-open"})
    version = served.store.version()

    dry = api(IMPORT, input={"document": doc, "mirror": "etela", "dryRun": True})["importGraph"]
    assert dry["dryRun"] and dry["deleted"] == ["proj-skip"] and dry["retired"] == []
    assert dry["relationshipsRemoved"] == ["proj-skip -SUPPORTS-> line"]
    assert dry["relationshipsChanged"] == ["proj-a -ADDRESSES-> ch"]
    assert dry["added"] == ["proj-new"]
    assert served.store.version() == version

    done = api(IMPORT, input={"document": doc, "mirror": "etela"})["importGraph"]
    assert done["deleted"] == ["proj-skip"] and done["graphVersion"] > version
    after = json.loads(api(EXPORT, region="etela")["exportGraph"]["content"])
    assert comparable(after["nodes"]) == comparable(doc["nodes"])
    assert comparable(after["edges"]) == comparable(doc["edges"])

    again = api(IMPORT, input={"document": doc, "mirror": "etela"})["importGraph"]
    assert again["graphVersion"] == done["graphVersion"]
    assert (again["added"], again["changed"], again["deleted"]) == ([], [], [])
    assert (again["relationshipsAdded"], again["relationshipsRemoved"]) == (0, [])


def test_a_planner_may_not_mirror_and_nothing_is_read(served: Served) -> None:
    api = served.api("pia", [(Role.PLANNER, "etela")])
    version = served.store.version()
    error = api.error(
        IMPORT, input={"content": "not even JSON", "format": "JSON", "mirror": "etela"}
    )
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert "approver" in error["message"] and "etela" in error["message"]
    assert served.store.version() == version


def test_a_mirrored_portfolio_replaces_what_a_project_serves(served: Served) -> None:
    api = served.api("aino", [(Role.APPROVER, "etela")])
    sheet = (
        "id,nimi,palvelee\n"
        "proj-a,Digitaalinen tiekartta,ch\n"
        "proj-b,Yhteistyöverkosto,Avoin haaste\n"
        "proj-skip,Oikotie,line\n"
    )
    answer = api(
        IMPORT,
        input={"content": sheet, "format": "PORTFOLIO", "region": "etela", "mirror": "etela"},
    )["importGraph"]
    assert answer["relationshipsRemoved"] == ["proj-b -ADDRESSES-> ch"]
    assert answer["deleted"] == answer["retired"] == []
    served_by_b = {
        (e.relation.value, e.target) for e in served.store.edges() if e.source == "proj-b"
    }
    assert served_by_b == {("ADDRESSES", "ch-open"), ("DEPENDS_ON", "proj-a")}
    assert {n.id for n in served.store.nodes() if n.region == "etela"} >= {"ch", "line", "ov"}


def test_export_graph_since_a_version_over_graphql(served: Served) -> None:
    api = served.api("aino", [(Role.APPROVER, "etela")])
    since = served.store.version()
    api(
        IMPORT,
        input={
            "content": "id,nimi,palvelee\nproj-b,Yhteistyöverkosto,ch-open\n",
            "format": "PORTFOLIO",
            "region": "etela",
            "mirror": "etela",
        },
    )
    delta = json.loads(
        api(
            'query ($since: Int) { exportGraph(format: JSON, region: "etela", since: $since)'
            " { content } }",
            since=since,
        )["exportGraph"]["content"]
    )
    assert delta["since_version"] == since
    # the sheet row now names where proj-b came from: that is its one change
    assert [(n["id"], n["attributes"]["imported_from"]) for n in delta["nodes"]] == [
        ("proj-b", "portfolio.csv line 2")
    ]
    assert [(e["source"], e["target"]) for e in delta["edges"]] == [("proj-b", "ch-open")]
    assert delta["removed"]["nodes"] == ["proj-a", "proj-skip"]  # the sheet had only proj-b
    assert {"source": "proj-b", "relation": "ADDRESSES", "target": "ch"} in delta["removed"][
        "edges"
    ]
