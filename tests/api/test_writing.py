"""Writing over HTTP: every mutation, its payload, and every error code it can answer."""

from __future__ import annotations

import threading
from typing import Any

from gql.transport.exceptions import TransportQueryError

from .conftest import Api, Served, graph_document

NODE_FIELDS = "id version title status updatedBy"

CREATE = f"""
mutation ($input: CreateNodeInput!) {{
  createNode(input: $input) {{
    node {{ {NODE_FIELDS} kind createdBy region {{ id }} organisation {{ id }} tags
      attributes {{ key value }} upward {{ node {{ id }} }}
      ... on StrategicProject {{ health progress dueDate }} }}
  }}
}}
"""
UPDATE = f"""
mutation ($input: UpdateNodeInput!) {{
  updateNode(input: $input) {{
    node {{
      {NODE_FIELDS} description tags
      ... on StrategicProject {{ owner phase progress health }}
    }}
  }}
}}
"""
SET_STATUS = f"""
mutation ($input: SetStatusInput!) {{
  setStatus(input: $input) {{ node {{ {NODE_FIELDS} approvedBy decisionDate decisionRef }} }}
}}
"""
RETIRE = f"""
mutation ($input: RetireNodeInput!) {{
  retireNode(input: $input) {{ node {{ {NODE_FIELDS} }} lostRoute {{ id }} }}
}}
"""
DELETE = f"""
mutation ($input: DeleteNodeInput!) {{
  deleteNode(input: $input) {{
    node {{ {NODE_FIELDS} upward {{ node {{ id }} }} }}
    removedRelationships {{ sourceId relation targetId }}
    deleted dryRun
  }}
}}
"""
LINK = """
mutation ($input: LinkInput!) {
  link(input: $input) {
    relationship { sourceId relation targetId note inferred lateral }
    source { id upward { node { id } } } target { id }
  }
}
"""
UNLINK = """
mutation ($input: UnlinkInput!) {
  unlink(input: $input) { relationship { sourceId relation targetId source { id } } }
}
"""
IMPORT = """
mutation ($input: ImportGraphInput!) {
  importGraph(input: $input) {
    dryRun graphVersion added changed unchanged relationshipsAdded relationshipsUnchanged
    nodes { id title }
  }
}
"""
GET = "query ($id: ID!) { node(id: $id) { id version title status updatedBy } }"


def project(**extra: Any) -> dict[str, Any]:
    return {
        "id": "proj-new",
        "kind": "STRATEGIC_PROJECT",
        "region": "etela",
        "title": "Uusi",
        **extra,
    }


def test_create_node(api: Api) -> None:
    node = api(
        CREATE,
        input=project(
            organisation="etela-sote",
            tags=["digi"],
            attributes=[{"key": "budget", "value": "100k"}],
            health="GREEN",
            progress=5,
            dueDate="2019-06-30",
        ),
    )["createNode"]["node"]
    assert node == {
        "id": "proj-new",
        "version": 1,
        "title": "Uusi",
        "status": "DRAFT",
        "updatedBy": "alice",
        "kind": "STRATEGIC_PROJECT",
        "createdBy": "alice",
        "region": {"id": "etela"},
        "organisation": {"id": "etela-sote"},
        "tags": ["digi"],
        "attributes": [{"key": "budget", "value": "100k"}],
        "upward": [],
        "health": "GREEN",
        "progress": 5,
        "dueDate": "2019-06-30",
    }
    assert api(GET, id="proj-new")["node"]["title"] == "Uusi"


def test_a_write_is_stamped_with_the_signed_in_user(served: Served) -> None:
    node = served.api("dora")(CREATE, input=project())["createNode"]["node"]
    assert (node["createdBy"], node["updatedBy"]) == ("dora", "dora")


def test_a_write_without_a_token_is_forbidden(served: Served) -> None:
    before = served.store.version()
    error = served.anonymous().error(CREATE, input=project())
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["message"] == (
        "forbidden: not signed in: send 'Authorization: Bearer <token>'; this needs the "
        "planner role in region 'etela' (to create the DRAFT node 'proj-new')"
    )
    assert served.store.version() == before


def test_validation_error_names_rule_and_field(api: Api) -> None:
    error = api.error(CREATE, input=project(id="Bad Id"))
    assert error["message"] == (
        "node id 'Bad Id' must be 1-100 characters of a-z, 0-9 and '-', "
        "starting with a letter or digit"
    )
    assert error["path"] == ["createNode"]
    ext = error["extensions"]
    assert (ext["code"], ext["rule"], ext["field"]) == ("VALIDATION", "id-format", "id")
    assert "locations" in error and "stack" not in str(error).lower()


def test_every_problem_is_reported_at_once(api: Api) -> None:
    error = api.error(CREATE, input=project(id="ch", region="nowhere", progress=120))
    ext = error["extensions"]
    assert ext["code"] == "VALIDATION"
    assert [(p["rule"], p["field"]) for p in ext["problems"]] == [
        ("progress-range", "progress"),
        ("unknown-region", "region"),
        ("duplicate-id", "id"),
    ]
    assert error["message"] == (
        "3 problems found, nothing was changed:\n"
        "- node 'ch': progress 120 is not between 0 and 100\n"
        "- node 'ch': region 'nowhere' does not exist\n"
        "- node id 'ch' is already used"
    )


def test_update_node_keeps_what_is_left_out_and_clears_nulls(api: Api) -> None:
    node = api(
        UPDATE,
        input={"id": "proj-a", "expectedVersion": 1, "title": "Tiekartta", "phase": None},
    )["updateNode"]["node"]
    assert node == {
        "id": "proj-a",
        "version": 2,
        "title": "Tiekartta",
        "status": "DRAFT",
        "updatedBy": "alice",
        "description": "",
        "tags": ["digi"],
        "owner": "Digitiimi",
        "phase": None,
        "progress": 20,
        "health": "AMBER",
    }


def test_update_node_not_found(api: Api) -> None:
    error = api.error(UPDATE, input={"id": "ghost", "expectedVersion": 1, "title": "x"})
    assert error["message"] == "node 'ghost' does not exist"
    assert error["extensions"] == {"code": "NOT_FOUND", "what": "node", "id": "ghost"}


def test_version_conflict_carries_the_current_version_and_who(served: Served) -> None:
    alice, bob = served.api("alice"), served.api("bob")
    alice(UPDATE, input={"id": "ch", "expectedVersion": 1, "title": "Alice's"})
    error = bob.error(UPDATE, input={"id": "ch", "expectedVersion": 1, "title": "Bob's"})
    assert error["message"] == (
        "node 'ch' is at version 2 (last changed by alice), not the expected 1; "
        "reload it and apply your change again"
    )
    assert error["extensions"] == {
        "code": "VERSION_CONFLICT",
        "id": "ch",
        "expectedVersion": 1,
        "currentVersion": 2,
        "changedBy": "alice",
    }
    assert alice(GET, id="ch")["node"] == {
        "id": "ch",
        "version": 2,
        "title": "Alice's",
        "status": "DRAFT",
        "updatedBy": "alice",
    }


def test_two_clients_race_on_one_version_and_exactly_one_wins(served: Served) -> None:
    names = ("anna", "ben")
    clients = {name: served.api(name) for name in names}
    barrier = threading.Barrier(len(names))
    outcome: dict[str, Any] = {}

    def edit(name: str) -> None:
        barrier.wait()
        try:
            outcome[name] = clients[name](
                UPDATE, input={"id": "line", "expectedVersion": 1, "title": f"by {name}"}
            )["updateNode"]["node"]
        except TransportQueryError as exc:
            outcome[name] = exc.errors

    threads = [threading.Thread(target=edit, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    winners = [n for n in names if isinstance(outcome[n], dict)]
    losers = [n for n in names if not isinstance(outcome[n], dict)]
    assert len(winners) == 1 and len(losers) == 1
    winner, loser = winners[0], losers[0]
    [error] = outcome[loser]
    assert error["extensions"] == {
        "code": "VERSION_CONFLICT",
        "id": "line",
        "expectedVersion": 1,
        "currentVersion": 2,
        "changedBy": winner,
    }
    stored = clients[loser](GET, id="line")["node"]
    assert (stored["version"], stored["title"], stored["updatedBy"]) == (2, f"by {winner}", winner)
    history = clients[loser](
        'query { changes(nodeId: "line", first: 100) { nodes { operation actor } } }'
    )["changes"]["nodes"]
    assert [c["actor"] for c in history if c["operation"] == "UPDATE_NODE"] == [winner]


def test_set_status_through_the_workflow(api: Api) -> None:
    proposed = api(SET_STATUS, input={"id": "proj-a", "status": "PROPOSED", "expectedVersion": 1})
    assert proposed["setStatus"]["node"]["status"] == "PROPOSED"
    error = api.error(SET_STATUS, input={"id": "proj-a", "status": "APPROVED"})
    assert [(p["rule"], p["field"]) for p in error["extensions"]["problems"]] == [
        ("approval-body", "approvedBy"),
        ("approval-date", "decisionDate"),
    ]
    approved = api(
        SET_STATUS,
        input={
            "id": "proj-a",
            "status": "APPROVED",
            "expectedVersion": 2,
            "approvedBy": "Maakuntahallitus",
            "decisionDate": "2018-05-14",
            "decisionRef": "MH 14.5.2018 § 12",
        },
    )["setStatus"]["node"]
    assert approved == {
        "id": "proj-a",
        "version": 3,
        "title": "Digitaalinen tiekartta",
        "status": "APPROVED",
        "updatedBy": "alice",
        "approvedBy": "Maakuntahallitus",
        "decisionDate": "2018-05-14",
        "decisionRef": "MH 14.5.2018 § 12",
    }


def test_set_status_refuses_a_move_the_workflow_forbids(api: Api) -> None:
    error = api.error(
        SET_STATUS,
        input={"id": "ch", "status": "APPROVED", "approvedBy": "x", "decisionDate": "2018-01-01"},
    )
    assert error["message"] == (
        "node 'ch': status cannot go from DRAFT to APPROVED; from DRAFT it may go to "
        "PROPOSED, RETIRED"
    )
    assert (error["extensions"]["rule"], error["extensions"]["field"]) == (
        "status-transition",
        "status",
    )


def test_retire_node_reports_what_lost_its_route(api: Api) -> None:
    answer = api(RETIRE, input={"id": "ch", "expectedVersion": 1})["retireNode"]
    assert answer["node"]["status"] == "RETIRED"
    assert answer["lostRoute"] == [{"id": "proj-a"}, {"id": "proj-b"}]
    assert api('{ traceUp(id: "proj-a") { totalCount } }')["traceUp"] == {"totalCount": 0}


def test_delete_node_dry_run_refusal_and_cascade(api: Api) -> None:
    dry = api(DELETE, input={"id": "ch", "dryRun": True})["deleteNode"]
    assert (dry["deleted"], dry["dryRun"], dry["node"]["id"]) == (False, True, "ch")
    would_go = [
        {"sourceId": "ch", "relation": "CHALLENGES", "targetId": "line"},
        {"sourceId": "proj-a", "relation": "ADDRESSES", "targetId": "ch"},
        {"sourceId": "proj-b", "relation": "ADDRESSES", "targetId": "ch"},
    ]
    assert dry["removedRelationships"] == would_go
    error = api.error(DELETE, input={"id": "ch"})
    assert error["message"] == (
        "node 'ch' still has 3 edge(s): ch -CHALLENGES-> line, proj-a -ADDRESSES-> ch, "
        "proj-b -ADDRESSES-> ch; unlink them first or delete with cascade"
    )
    assert (error["extensions"]["rule"], error["extensions"]["field"]) == ("has-edges", "id")
    gone = api(DELETE, input={"id": "ch", "cascade": True, "expectedVersion": 1})["deleteNode"]
    assert (gone["deleted"], gone["dryRun"]) == (True, False)
    assert gone["removedRelationships"] == would_go
    assert gone["node"]["upward"] == []
    assert api(GET, id="ch") == {"node": None}


def test_delete_node_with_a_stale_version_is_refused(api: Api) -> None:
    error = api.error(DELETE, input={"id": "proj-lonely", "expectedVersion": 7})
    assert error["extensions"]["code"] == "VERSION_CONFLICT"
    assert api(GET, id="proj-lonely")["node"]["id"] == "proj-lonely"


def test_link_and_unlink(api: Api) -> None:
    linked = api(
        LINK,
        input={
            "source": "proj-lonely",
            "relation": "ADDRESSES",
            "target": "ch-open",
            "note": "uusi",
        },
    )["link"]
    assert linked["relationship"] == {
        "sourceId": "proj-lonely",
        "relation": "ADDRESSES",
        "targetId": "ch-open",
        "note": "uusi",
        "inferred": False,
        "lateral": False,
    }
    assert linked["source"]["upward"] == [{"node": {"id": "ch-open"}}]
    assert linked["target"] == {"id": "ch-open"}
    assert api('{ traceUp(id: "proj-lonely") { totalCount } }')["traceUp"] == {"totalCount": 2}
    removed = api(
        UNLINK, input={"source": "proj-lonely", "relation": "ADDRESSES", "target": "ch-open"}
    )
    assert removed["unlink"]["relationship"] == {
        "sourceId": "proj-lonely",
        "relation": "ADDRESSES",
        "targetId": "ch-open",
        "source": {"id": "proj-lonely"},
    }
    assert api('{ traceUp(id: "proj-lonely") { totalCount } }')["traceUp"] == {"totalCount": 0}


def test_link_errors(api: Api) -> None:
    wrong = api.error(
        LINK, input={"source": "proj-a", "relation": "DERIVES_FROM", "target": "ng-equal"}
    )
    assert wrong["message"] == (
        "edge proj-a -DERIVES_FROM-> ng-equal: STRATEGIC_PROJECT -DERIVES_FROM-> NATIONAL_GOAL "
        "is not allowed by the metamodel; a STRATEGIC_PROJECT may link ADDRESSES -> CHALLENGE, "
        "DEPENDS_ON -> STRATEGIC_PROJECT, SUPPORTS -> ORGANISATIONAL_VISION, "
        "SUPPORTS -> STRATEGIC_LINE"
    )
    assert (wrong["extensions"]["rule"], wrong["extensions"]["field"]) == ("metamodel", "relation")
    cycle = api.error(
        LINK, input={"source": "proj-a", "relation": "DEPENDS_ON", "target": "proj-b"}
    )
    assert cycle["message"] == (
        "edge proj-a -DEPENDS_ON-> proj-b: would close a cycle, since 'proj-b' already "
        "leads to 'proj-a'"
    )
    assert cycle["extensions"]["rule"] == "cycle"
    loop = api.error(LINK, input={"source": "proj-a", "relation": "DEPENDS_ON", "target": "proj-a"})
    assert loop["extensions"]["rule"] == "self-loop"
    missing = api.error(UNLINK, input={"source": "proj-a", "relation": "SUPPORTS", "target": "ch"})
    assert missing["message"] == "edge 'proj-a -SUPPORTS-> ch' does not exist"
    assert missing["extensions"] == {
        "code": "NOT_FOUND",
        "what": "edge",
        "id": "proj-a -SUPPORTS-> ch",
    }


def test_import_graph_dry_run_then_real_then_again(api: Api) -> None:
    doc = graph_document()
    doc["nodes"][3]["title"] = "Palvelut tarpeen mukaan"  # cv
    doc["nodes"].append(
        {"id": "ch-new", "kind": "CHALLENGE", "region": "etela", "title": "Uusi haaste"}
    )
    doc["edges"].append({"source": "ch-new", "relation": "CHALLENGES", "target": "line"})
    dry = api(IMPORT, input={"document": doc, "dryRun": True})["importGraph"]
    assert (dry["dryRun"], dry["added"], dry["changed"], dry["nodes"]) == (
        True,
        ["ch-new"],
        ["cv"],
        [],
    )
    assert api(GET, id="ch-new") == {"node": None}
    real = api(IMPORT, input={"document": doc})["importGraph"]
    assert real["graphVersion"] == dry["graphVersion"] + 3
    assert (real["added"], real["changed"], real["relationshipsAdded"]) == (["ch-new"], ["cv"], 1)
    assert real["nodes"] == [
        {"id": "ch-new", "title": "Uusi haaste"},
        {"id": "cv", "title": "Palvelut tarpeen mukaan"},
    ]
    again = api(IMPORT, input={"document": doc})["importGraph"]
    assert (again["added"], again["changed"], again["relationshipsAdded"]) == ([], [], 0)
    assert again["graphVersion"] == real["graphVersion"]
    assert len(again["unchanged"]) == 14


def test_import_graph_refuses_a_bad_document_whole(api: Api) -> None:
    doc = graph_document()
    doc["nodes"].append({"id": "ch-new", "kind": "CHALLENGE", "region": "etela", "title": "x"})
    doc["edges"].append({"source": "ch-new", "relation": "ADDRESSES", "target": "line"})
    error = api.error(IMPORT, input={"document": doc})
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["extensions"]["rule"] == "metamodel"
    assert error["extensions"]["problems"][0]["where"] == "edges[11]"
    assert api(GET, id="ch-new") == {"node": None}
    schema = api.error(IMPORT, input={"document": {"format": "strategygraph"}})
    assert schema["extensions"]["rule"] == "schema"
    assert schema["message"] == (
        "3 problems found, nothing was changed:\n"
        "- document: 'format_version' is a required property\n"
        "- document: 'nodes' is a required property\n"
        "- document: 'edges' is a required property"
    )
