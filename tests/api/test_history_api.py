"""Approval references, suspect links, comments, request ids, ``graphAt`` and ``diff``
through the live GraphQL server, on a history scripted with an injected clock."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx

from strategygraph.domain.access import Role
from tests.clients import TLS

from .conftest import Api, Served, bearer, graph_document
from .scripted import T0, Clock


def iso(moment: datetime) -> str:
    return moment.isoformat()


UPDATE = """mutation($id: ID!, $title: String!, $v: Int!) {
  updateNode(input: {id: $id, title: $title, expectedVersion: $v}) { node { id version } } }"""


def rename(api: Api, node_id: str, title: str) -> None:
    version = api("query($id: ID!) { node(id: $id) { version } }", id=node_id)["node"]["version"]
    api(UPDATE, id=node_id, title=title, v=version)


SUSPECTS = """query($region: ID) { suspectLinks(region: $region) {
  relationship { sourceId relation targetId suspect suspectSince suspectBy }
  changedNode { id title } changedAt changedBy } }"""
REVIEW = """mutation($s: ID!, $r: Relation!, $t: ID!) {
  reviewLink(input: {source: $s, relation: $r, target: $t}) {
    relationship { sourceId targetId suspect } } }"""


def test_approval_records_body_date_and_reference(api: Api) -> None:
    for status in ("PROPOSED", "APPROVED"):
        answer = api(
            """mutation($s: Status!) { setStatus(input: {id: "line", status: $s,
              approvedBy: "VATE", decisionDate: "2018-03-01",
              decisionRef: "VATE 1.3.2018: hyväksyttiin esityksen mukaan"}) {
              node { status approvedBy decisionDate decisionRef } } }""",
            s=status,
        )
    assert answer["setStatus"]["node"] == {
        "status": "APPROVED",
        "approvedBy": "VATE",
        "decisionDate": "2018-03-01",
        "decisionRef": "VATE 1.3.2018: hyväksyttiin esityksen mukaan",
    }


def test_suspect_links_listed_shown_and_reviewed(scripted: Served, clock: Clock) -> None:
    alice, bob = scripted.api("alice"), scripted.api("bob")
    changed = clock.at(5)
    rename(alice, "proj-a", "Not approved: nothing becomes suspect")
    assert alice(SUSPECTS, region=None) == {"suspectLinks": []}
    rename(alice, "ng-equal", "Samat palvelut kaikille ihmisille")
    listed = alice(SUSPECTS, region="etela")["suspectLinks"]
    assert listed == [
        {
            "relationship": {
                "sourceId": "cv",
                "relation": "DERIVES_FROM",
                "targetId": "ng-equal",
                "suspect": True,
                "suspectSince": iso(changed),
                "suspectBy": "alice",
            },
            "changedNode": {"id": "ng-equal", "title": "Samat palvelut kaikille ihmisille"},
            "changedAt": iso(changed),
            "changedBy": "alice",
        }
    ]
    assert alice(SUSPECTS, region="pohjoinen") == {"suspectLinks": []}
    assert alice(SUSPECTS, region="national")["suspectLinks"] == listed
    shown = alice('{ node(id: "cv") { relationships { targetId suspect } } }')
    assert {"targetId": "ng-equal", "suspect": True} in shown["node"]["relationships"]
    reviewed = bob(REVIEW, s="cv", r="DERIVES_FROM", t="ng-equal")
    assert reviewed["reviewLink"]["relationship"] == {
        "sourceId": "cv",
        "targetId": "ng-equal",
        "suspect": False,
    }
    assert bob(SUSPECTS, region="etela") == {"suspectLinks": []}
    error = bob.error(REVIEW, s="cv", r="DERIVES_FROM", t="ng-equal")
    assert error["message"] == (
        "edge cv -DERIVES_FROM-> ng-equal is not suspect; there is nothing to review"
    )
    assert error["extensions"]["code"] == "VALIDATION"
    log = bob('{ changes(nodeId: "cv", first: 100) { nodes { operation actor } } }')
    ops = [(c["operation"], c["actor"]) for c in log["changes"]["nodes"]][-2:]
    assert ops == [("SUSPECT_LINK", "alice"), ("REVIEW_LINK", "bob")]


THREAD = """query($id: ID!) { node(id: $id) { comments { count items {
  id author text version at editedAt } } } }"""
ADD = """mutation($id: ID!, $text: String!) {
  addComment(input: {nodeId: $id, text: $text}) { comment { id version author } } }"""
EDIT = """mutation($id: ID!, $text: String!, $v: Int) {
  editComment(input: {id: $id, text: $text, expectedVersion: $v}) {
    comment { id text version editedAt } } }"""


def test_comment_threads(scripted: Served, clock: Clock) -> None:
    alice, bob = scripted.api("alice"), scripted.api("bob")
    first = alice(ADD, id="proj-a", text="Onko rahoitus varmistettu?")["addComment"]["comment"]
    assert (first["version"], first["author"]) == (1, "alice")
    clock.at(3)
    bob(ADD, id="proj-a", text="On: VATE 1.3. <b>ok</b>")
    edited_at = clock.at(4)
    edited = alice(EDIT, id=first["id"], text="Onko rahoitus jo varmistettu?", v=1)
    assert edited["editComment"]["comment"] == {
        "id": first["id"],
        "text": "Onko rahoitus jo varmistettu?",
        "version": 2,
        "editedAt": iso(edited_at),
    }
    thread = bob(THREAD, id="proj-a")["node"]["comments"]
    assert thread["count"] == 2
    assert [(c["author"], c["text"], c["version"], c["at"]) for c in thread["items"]] == [
        ("alice", "Onko rahoitus jo varmistettu?", 2, iso(T0)),
        ("bob", "On: VATE 1.3. <b>ok</b>", 1, iso(T0 + timedelta(minutes=3))),
    ]
    assert bob(THREAD, id="proj-b")["node"]["comments"] == {"count": 0, "items": []}
    stale = alice.error(EDIT, id=first["id"], text="again", v=1)
    assert stale["extensions"]["code"] == "VERSION_CONFLICT"
    assert stale["message"].startswith(f"comment '{first['id']}' is at version 2")
    other = bob.error(EDIT, id=first["id"], text="mine", v=2)
    assert other["extensions"]["code"] == "FORBIDDEN"
    assert other["message"] == (
        f"forbidden: comment '{first['id']}' was written by alice; only its author may edit it"
    )
    missing = bob.error(ADD, id="nope", text="hello")
    assert (missing["extensions"]["code"], missing["message"]) == (
        "NOT_FOUND",
        "node 'nope' does not exist",
    )
    assert bob(THREAD, id="proj-a")["node"]["comments"] == thread


def test_request_ids_are_echoed_and_logged(served: Served) -> None:
    mutation = {
        "query": 'mutation { addComment(input: {nodeId: "proj-b", text: "X"}) { comment { id } } }'
    }
    with httpx.Client(headers=bearer(served.token("alice")), verify=TLS) as http:
        given = http.post(served.url, json=mutation, headers={"X-Request-Id": "req-abc-1"})
        generated = http.post(served.url, json=mutation)
        bad = http.post(served.url, json=mutation, headers={"X-Request-Id": "x" * 101})
    assert given.status_code == generated.status_code == 200
    assert given.headers["x-request-id"] == "req-abc-1"
    new_ids = [generated.headers["x-request-id"], bad.headers["x-request-id"]]
    assert all(uuid.UUID(i).version == 4 for i in new_ids)
    log = served.api("alice")('{ changes(nodeId: "proj-b", first: 100) { nodes { requestId } } }')
    assert [c["requestId"] for c in log["changes"]["nodes"]][-3:] == ["req-abc-1", *new_ids]


GRAPH_AT = """query($t: DateTime!, $id: ID!) { graphAt(time: $t) {
  at version node(id: $id) { title }
  traceUp(id: $id) { totalCount paths { nodes { id } } }
  gaps(region: "pohjoinen") { type node { id } }
  coverage(region: "pohjoinen") { goal { id } projects } } }"""


def script_history(scripted: Served, clock: Clock) -> dict[str, datetime]:
    """T0 load; +10 rename proj-a; +20 link proj-lonely; +30 delete proj-skip;
    +40 rename the approved national goal (its edge under it turns suspect)."""
    api = scripted.api("alice")
    clock.at(10)
    rename(api, "proj-a", "Digitaalinen tiekartta 2.0")
    clock.at(20)
    api(
        """mutation { link(input: {source: "proj-lonely", relation: ADDRESSES,
           target: "ch"}) { relationship { sourceId } } }"""
    )
    clock.at(30)
    api('mutation { deleteNode(input: {id: "proj-skip", cascade: true}) { deleted } }')
    clock.at(40)
    rename(api, "ng-equal", "Samat palvelut kaikille ihmisille")
    return {name: T0 + timedelta(minutes=m) for name, m in (("t5", 5), ("t25", 25), ("t45", 45))}


def test_graph_at_answers_as_the_graph_was(scripted: Served, clock: Clock) -> None:
    times = script_history(scripted, clock)
    api = scripted.api("bob")
    before = api(
        """query($t: DateTime!) { graphAt(time: $t) { version node(id: "proj-a") { id }
           gaps { type } nodes { id } relationships { sourceId } } }""",
        t=iso(T0 - timedelta(days=1)),
    )["graphAt"]
    assert before == {"version": 0, "node": None, "gaps": [], "nodes": [], "relationships": []}
    missing = api.error(GRAPH_AT, t=iso(T0 - timedelta(days=1)), id="proj-a")
    assert (missing["extensions"]["code"], missing["message"]) == (
        "NOT_FOUND",
        "node 'proj-a' does not exist",
    )
    early = api(GRAPH_AT, t=iso(times["t5"]), id="proj-lonely")["graphAt"]
    assert early["at"] == iso(times["t5"])
    assert early["traceUp"] == {"totalCount": 0, "paths": []}
    assert {"type": "PROJECT_NOT_TRACED", "node": {"id": "proj-lonely"}} in early["gaps"]
    later = api(GRAPH_AT, t=iso(times["t25"]), id="proj-lonely")["graphAt"]
    assert [[n["id"] for n in p["nodes"]][-1] for p in later["traceUp"]["paths"]] == [
        "ng-equal",
        "ng-modern",
    ]
    assert {"type": "PROJECT_NOT_TRACED", "node": {"id": "proj-lonely"}} not in later["gaps"]
    assert sum(row["projects"] for row in later["coverage"]) == 2
    assert early["version"] < later["version"]
    titles = [
        api(GRAPH_AT, t=iso(t), id="proj-a")["graphAt"]["node"]["title"]
        for t in (times["t5"], times["t25"])
    ]
    assert titles == ["Digitaalinen tiekartta", "Digitaalinen tiekartta 2.0"]
    naive = api(GRAPH_AT, t="2018-03-01T09:05:00", id="proj-a")["graphAt"]
    assert naive["node"]["title"] == "Digitaalinen tiekartta"
    gone = """query($t: DateTime!) { graphAt(time: $t) { version node(id: "proj-skip") { id } } }"""
    assert api(gone, t=iso(times["t25"]))["graphAt"]["node"] == {"id": "proj-skip"}
    now = api(gone, t=iso(times["t45"]))["graphAt"]
    assert now == {"version": scripted.store.version(), "node": None}


DIFF = """query($f: DateTime!, $t: DateTime!, $r: ID) { diff(from: $f, to: $t, region: $r) {
  addedNodes { id } removedNodes { id } changedNodes { before { title } after { title } fields }
  addedRelationships { sourceId targetId } removedRelationships { sourceId targetId }
  changedRelationships { after { sourceId targetId suspect } fields } } }"""


def test_diff_between_two_times(scripted: Served, clock: Clock) -> None:
    times = script_history(scripted, clock)
    api = scripted.api("bob")
    etela = api(DIFF, f=iso(times["t5"]), t=iso(times["t45"]), r="etela")["diff"]
    assert etela == {
        "addedNodes": [],
        "removedNodes": [{"id": "proj-skip"}],
        "changedNodes": [
            {
                "before": {"title": "Digitaalinen tiekartta"},
                "after": {"title": "Digitaalinen tiekartta 2.0"},
                "fields": ["title"],
            }
        ],
        "addedRelationships": [{"sourceId": "proj-lonely", "targetId": "ch"}],
        "removedRelationships": [{"sourceId": "proj-skip", "targetId": "line"}],
        "changedRelationships": [
            {
                "after": {"sourceId": "cv", "targetId": "ng-equal", "suspect": True},
                "fields": ["suspectSince", "suspectBy"],
            }
        ],
    }
    national = api(DIFF, f=iso(times["t5"]), t=iso(times["t45"]), r="national")["diff"]
    assert [c["fields"] for c in national["changedNodes"]] == [["title"]]
    assert national["removedNodes"] == national["addedRelationships"] == []
    everything = api(DIFF, f=iso(T0 - timedelta(days=1)), t=iso(times["t5"]), r=None)["diff"]
    assert len(everything["addedNodes"]) == len(graph_document()["nodes"])
    assert api(DIFF, f=iso(times["t45"]), t=iso(times["t45"]), r=None)["diff"] == {
        key: [] for key in etela
    }
    error = api.error(DIFF, f=iso(times["t45"]), t=iso(times["t5"]), r=None)
    assert error["extensions"]["code"] == "VALIDATION"
    assert error["message"] == (
        "'to' (2018-03-01T09:05:00+00:00) is before 'from' (2018-03-01T09:45:00+00:00)"
    )


def test_no_mutation_edits_or_deletes_the_event_log(served: Served) -> None:
    """The log is append-only: no mutation is about it, and the port cannot change it."""
    api = served.api("alice")
    fields: list[dict[str, Any]] = api("{ __schema { mutationType { fields { name } } } }")[
        "__schema"
    ]["mutationType"]["fields"]
    names = [f["name"] for f in fields]
    assert "reviewLink" in names and "addComment" in names
    assert [n for n in names if re.search("event|change|log|histor|audit", n, re.I)] == []
    from strategygraph.store.base import GraphStore

    members = {m for m in vars(GraphStore) if not m.startswith("_")}
    assert not [m for m in members if re.search("event|log", m) and m != "events"]


def test_history_and_comments_show_only_what_the_caller_may_see(
    scripted: Served, clock: Clock
) -> None:
    times = script_history(scripted, clock)
    scripted.api("alice")(ADD, id="ng-equal", text="Kansallinen kommentti")
    north = scripted.api("pia", [(Role.VIEWER, "pohjoinen")])
    refused = north.error(DIFF, f=iso(T0), t=iso(times["t45"]), r="etela")
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert "viewer" in refused["message"] and "'etela'" in refused["message"]
    everything = north(DIFF, f=iso(T0 - timedelta(days=1)), t=iso(times["t45"]), r=None)["diff"]
    assert [n["id"] for n in everything["addedNodes"]] == ["proj-lonely"]
    assert everything["addedRelationships"] == everything["changedNodes"] == []
    hidden = north.error(THREAD, id="ng-equal")  # public node, but its thread is not
    assert hidden["extensions"]["code"] == "FORBIDDEN"
    past = north(
        """query($t: DateTime!) { graphAt(time: $t) { nodes { id } } }""", t=iso(times["t5"])
    )["graphAt"]["nodes"]
    assert {n["id"] for n in past} == {"proj-lonely", "ng-equal"}  # its own, and approved
    nobody = scripted.anonymous()
    for query, variables in (
        ("query($t: DateTime!) { graphAt(time: $t) { version } }", {"t": iso(T0)}),
        (DIFF, {"f": iso(T0), "t": iso(times["t45"]), "r": None}),
    ):
        error = nobody.error(query, **variables)
        assert error["extensions"]["code"] == "FORBIDDEN", error
        assert error["message"].startswith("forbidden: not signed in"), error


def test_changes_read_newest_first_page_by_page(served: Served) -> None:
    api = served.api("root")
    for n in range(3):
        rename(api, "ch", f"Haaste {n}")
    query = """query ($after: String) { changes(order: NEWEST_FIRST, first: 2, after: $after) {
      nodes { seq } pageInfo { endCursor hasNextPage } } }"""
    page = api(query)["changes"]
    latest = served.store.version()
    assert [c["seq"] for c in page["nodes"]] == [latest, latest - 1]
    assert page["pageInfo"]["hasNextPage"] is True
    after = api(query, after=page["pageInfo"]["endCursor"])["changes"]
    assert [c["seq"] for c in after["nodes"]] == [latest - 2, latest - 3]
