"""Reading the graph over HTTP: node, nodes (filters, search, order, pages), regions,
organisations, neighbours, health roll-up and the event log."""

from __future__ import annotations

from typing import Any

from tests.clients import HTTP

from .conftest import Api, Served, bearer

NODE = """
query ($id: ID!) {
  node(id: $id) {
    __typename id kind layer title status version approvedBy tags createdBy
    region { id name }
    organisation { id name regionId }
    attributes { key value }
    upward { relation node { id } }
    downward { relation node { id } }
    relationships { sourceId relation targetId lateral source { id } target { id } }
    rolledUpHealth { worst projects shares { health count share } }
    ... on StrategicProject {
      owner phase startDate dueDate progress health
      dependsOn { relation node { id } }
      dependents { relation node { id } }
    }
    ... on OrganisationalVision { mission values slogan }
  }
}
"""

NODES = """
query ($kind: NodeKind, $region: ID, $organisation: ID, $status: Status, $health: Health,
       $tag: String, $search: String, $orderBy: NodeOrder, $first: Int, $after: String) {
  nodes(kind: $kind, region: $region, organisation: $organisation, status: $status,
        health: $health, tag: $tag, search: $search, orderBy: $orderBy, first: $first,
        after: $after) {
    totalCount
    nodes { id }
    edges { cursor node { id } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


def ids(api: Api, **filters: Any) -> list[str]:
    return [n["id"] for n in api(NODES, **filters)["nodes"]["nodes"]]


def test_node_by_its_readable_id_as_the_type_of_its_kind(reader: Api) -> None:
    node = reader(NODE, id="proj-a")["node"]
    assert node["__typename"] == "StrategicProject"
    assert node["kind"] == "STRATEGIC_PROJECT"
    assert node["layer"] == 5
    assert node["title"] == "Digitaalinen tiekartta"
    assert node["region"] == {"id": "etela", "name": "Etelä-Kymi"}
    assert node["organisation"] == {
        "id": "etela-sote",
        "name": "Etelän sote",
        "regionId": "etela",
    }
    assert (node["owner"], node["phase"], node["progress"], node["health"]) == (
        "Digitiimi",
        "suunnittelu",
        20,
        "AMBER",
    )
    assert (node["startDate"], node["dueDate"]) == ("2018-04-01", "2018-12-31")
    assert node["version"] == 1
    assert node["createdBy"] == "loader"
    assert node["upward"] == [{"relation": "ADDRESSES", "node": {"id": "ch"}}]
    assert node["downward"] == []
    assert node["dependsOn"] == []
    assert node["dependents"] == [{"relation": "DEPENDS_ON", "node": {"id": "proj-b"}}]
    assert node["relationships"] == [
        {
            "sourceId": "proj-a",
            "relation": "ADDRESSES",
            "targetId": "ch",
            "lateral": False,
            "source": {"id": "proj-a"},
            "target": {"id": "ch"},
        },
        {
            "sourceId": "proj-b",
            "relation": "DEPENDS_ON",
            "targetId": "proj-a",
            "lateral": True,
            "source": {"id": "proj-b"},
            "target": {"id": "proj-a"},
        },
    ]
    assert node["rolledUpHealth"]["worst"] == "AMBER"
    assert node["rolledUpHealth"]["projects"] == 1


def test_every_kind_has_its_own_type(reader: Api) -> None:
    typenames = {
        i: reader(NODE, id=i)["node"]["__typename"]
        for i in ("ng-equal", "cv", "ov", "line", "ch", "proj-b")
    }
    assert typenames == {
        "ng-equal": "NationalGoal",
        "cv": "ChangeVision",
        "ov": "OrganisationalVision",
        "line": "StrategicLine",
        "ch": "Challenge",
        "proj-b": "StrategicProject",
    }
    ov = reader(NODE, id="ov")["node"]
    assert (ov["mission"], ov["values"], ov["slogan"]) == ("Kaikki sujuu yhes", "Rohkeus", None)
    assert ov["attributes"] == [
        {"key": "mission", "value": "Kaikki sujuu yhes"},
        {"key": "values", "value": "Rohkeus"},
    ]
    goal = reader(NODE, id="ng-equal")["node"]
    assert (goal["status"], goal["approvedBy"], goal["organisation"]) == (
        "APPROVED",
        "Valtioneuvosto",
        None,
    )


def test_neighbours_up_and_down(reader: Api) -> None:
    cv = reader(NODE, id="cv")["node"]
    assert cv["upward"] == [
        {"relation": "DERIVES_FROM", "node": {"id": "ng-equal"}},
        {"relation": "DERIVES_FROM", "node": {"id": "ng-modern"}},
    ]
    assert cv["downward"] == [{"relation": "REALISES", "node": {"id": "ov"}}]
    line = reader(NODE, id="line")["node"]
    assert [d["node"]["id"] for d in line["downward"]] == ["ch", "ch-open", "proj-skip"]


def test_rolled_up_health_on_every_node(reader: Api) -> None:
    goal = reader(NODE, id="ng-equal")["node"]["rolledUpHealth"]
    assert goal["worst"] == "RED"
    assert goal["projects"] == 3
    assert {s["health"]: (s["count"], round(s["share"], 3)) for s in goal["shares"]} == {
        "UNKNOWN": (0, 0.0),
        "GREEN": (1, 0.333),
        "AMBER": (1, 0.333),
        "RED": (1, 0.333),
    }
    unserved = reader(NODE, id="ng-unserved")["node"]["rolledUpHealth"]
    assert (unserved["worst"], unserved["projects"]) == ("UNKNOWN", 0)


def test_a_missing_node_is_null(reader: Api) -> None:
    assert reader(NODE, id="no-such-node") == {"node": None}


def test_nodes_sorted_by_id_with_total_count(reader: Api) -> None:
    page = reader(NODES)["nodes"]
    assert page["totalCount"] == 13
    assert [n["id"] for n in page["nodes"]] == sorted(n["id"] for n in page["nodes"])
    assert page["pageInfo"]["hasNextPage"] is False


def test_nodes_filters(reader: Api) -> None:
    assert ids(reader, kind="STRATEGIC_PROJECT") == ["proj-a", "proj-b", "proj-lonely", "proj-skip"]
    assert ids(reader, kind="STRATEGIC_PROJECT", region="pohjoinen") == ["proj-lonely"]
    assert ids(reader, organisation="etela-liitto") == ["line", "ov"]
    assert ids(reader, status="APPROVED") == ["ng-equal"]
    assert ids(reader, health="RED") == ["proj-b"]
    assert ids(reader, health="UNKNOWN") == ["proj-lonely"]
    assert ids(reader, tag="yhteistyö") == ["proj-b"]
    assert ids(reader, tag="digi", health="GREEN") == []


def test_search_ignores_case_and_accents(reader: Api) -> None:
    assert ids(reader, search="yhteistyo") == ["line", "proj-b"]
    assert ids(reader, search="YHTEISTYÖ") == ["line", "proj-b"]
    assert ids(reader, search="tyhja") == ["line-empty"]
    assert ids(reader, search="yhteistyo verkosto") == ["proj-b"]
    assert ids(reader, search="yhteistyo", kind="STRATEGIC_LINE") == ["line"]


def test_nodes_orders(reader: Api) -> None:
    by_title = ids(reader, kind="STRATEGIC_PROJECT", orderBy="TITLE")
    assert by_title == ["proj-a", "proj-lonely", "proj-skip", "proj-b"]
    by_kind = ids(reader, region="etela", orderBy="KIND", first=3)
    assert by_kind == ["cv", "ov", "line-empty"]  # layer, then title: "Tyhjä" < "Yhteistyö"


def test_nodes_cursor_pages(reader: Api) -> None:
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        page = reader(NODES, first=5, after=after, orderBy="TITLE")["nodes"]
        assert page["totalCount"] == 13
        assert page["pageInfo"]["hasPreviousPage"] is (after is not None)
        seen += [e["node"]["id"] for e in page["edges"]]
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        pages += 1
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert pages == 3
    assert len(seen) == len(set(seen)) == 13
    assert seen == ids(reader, first=100, orderBy="TITLE")


def test_a_cursor_survives_an_insert_before_it(api: Api) -> None:
    first = api(NODES, first=2)["nodes"]
    api(
        "mutation ($input: CreateNodeInput!) { createNode(input: $input) { node { id } } }",
        input={"id": "aaa-first", "kind": "CHALLENGE", "region": "etela", "title": "Uusi"},
    )
    second = api(NODES, first=2, after=first["pageInfo"]["endCursor"])["nodes"]
    assert [n["id"] for n in first["nodes"]] == ["ch", "ch-open"]
    assert [n["id"] for n in second["nodes"]] == ["cv", "line"]
    assert second["totalCount"] == 14


def test_zero_first_gives_only_the_count(reader: Api) -> None:
    page = reader(NODES, first=0, kind="CHALLENGE")["nodes"]
    assert page == {
        "totalCount": 2,
        "nodes": [],
        "edges": [],
        "pageInfo": {
            "hasNextPage": True,
            "hasPreviousPage": False,
            "startCursor": None,
            "endCursor": None,
        },
    }


def test_regions_and_organisations(reader: Api) -> None:
    data = reader(
        "{ regions { id name organisations { id } } organisations { id name regionId } "
        'north: organisations(region: "pohjoinen") { id } }'
    )
    assert data["regions"] == [
        {
            "id": "etela",
            "name": "Etelä-Kymi",
            "organisations": [{"id": "etela-liitto"}, {"id": "etela-sote"}],
        },
        {"id": "national", "name": "Suomi", "organisations": []},
        {"id": "pohjoinen", "name": "Pohjoinen", "organisations": []},
    ]
    assert data["organisations"] == [
        {"id": "etela-liitto", "name": "Etelän liitto", "regionId": "etela"},
        {"id": "etela-sote", "name": "Etelän sote", "regionId": "etela"},
    ]
    assert data["north"] == []


CHANGES = """
query ($nodeId: ID, $region: ID, $since: DateTime, $first: Int, $after: String) {
  changes(nodeId: $nodeId, region: $region, since: $since, first: $first, after: $after) {
    nodes { seq actor operation targetId relatedId region changedFields before after at }
    pageInfo { hasNextPage hasPreviousPage endCursor }
  }
}
"""

UPDATE = """
mutation ($input: UpdateNodeInput!) { updateNode(input: $input) { node { version } } }
"""


def test_changes_read_the_event_log(api: Api) -> None:
    api(
        UPDATE, input={"id": "proj-a", "expectedVersion": 1, "title": "Tiekartta 2", "progress": 30}
    )
    history = api(CHANGES, nodeId="proj-a")["changes"]
    operations = [
        (c["operation"], c["actor"], c["targetId"], c["relatedId"]) for c in history["nodes"]
    ]
    assert operations == [
        ("CREATE_NODE", "loader", "proj-a", None),
        ("LINK", "loader", "proj-a", "ch"),
        ("LINK", "loader", "proj-b", "proj-a"),
        ("UPDATE_NODE", "alice", "proj-a", None),
    ]
    update = history["nodes"][-1]
    assert update["changedFields"] == ["progress", "title"]
    assert (update["before"]["title"], update["after"]["title"]) == (
        "Digitaalinen tiekartta",
        "Tiekartta 2",
    )
    assert update["region"] == "etela"
    seqs = [c["seq"] for c in history["nodes"]]
    assert seqs == sorted(seqs)


def test_changes_pages_region_and_since(api: Api) -> None:
    everything = api(CHANGES, first=100)["changes"]["nodes"]
    first = api(CHANGES, first=10)["changes"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = api(CHANGES, first=100, after=first["pageInfo"]["endCursor"])["changes"]
    assert rest["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "endCursor": rest["pageInfo"]["endCursor"],
    }
    assert [c["seq"] for c in first["nodes"] + rest["nodes"]] == [c["seq"] for c in everything]
    north = api(CHANGES, region="pohjoinen", first=100)["changes"]["nodes"]
    assert [(c["operation"], c["targetId"]) for c in north] == [
        ("PUT_REGION", "pohjoinen"),
        ("CREATE_NODE", "proj-lonely"),
    ]
    last = everything[-1]["at"]
    api(UPDATE, input={"id": "ch", "expectedVersion": 1, "description": "Uusi kuvaus"})
    recent = api(CHANGES, since=last, first=100)["changes"]["nodes"]
    assert [c["targetId"] for c in recent][-1] == "ch"
    assert all(c["at"] >= last for c in recent)


def test_a_failing_root_field_leaves_its_siblings_their_answers(shared: Served) -> None:
    answer = HTTP.post(
        shared.url,
        json={"query": '{ regions { id } traceUp(id: "no-such-node") { totalCount } }'},
        headers=bearer(shared.token("root")),
        timeout=10,
    ).json()
    assert answer["data"]["traceUp"] is None
    assert {"id": "etela"} in answer["data"]["regions"]
    [error] = answer["errors"]
    assert (error["path"], error["extensions"]["code"]) == (["traceUp"], "NOT_FOUND")
