"""What writes mean to a client, over a real server: an update to the same values writes
nothing; text refuses control characters; tags and attributes; the approval fields; and
every field name a client reads is the API's own (camelCase)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from .conftest import Api, Served

UPDATE = """mutation ($input: UpdateNodeInput!) { updateNode(input: $input) {
  node { id version title tags attributes { key value } ... on StrategicProject { dueDate } } } }"""
CREATE = """mutation ($input: CreateNodeInput!) { createNode(input: $input) {
  node { id tags attributes { key value } } } }"""
SET_STATUS = """mutation ($input: SetStatusInput!) { setStatus(input: $input) {
  node { status version approvedBy decisionDate decisionRef } } }"""
CHANGES = """query ($id: ID) { changes(nodeId: $id) { nodes { operation changedFields } } }"""
DIFF = """query ($f: DateTime!, $t: DateTime!) { diff(from: $f, to: $t) {
  changedNodes { after { id } fields } } }"""


def project(**extra: Any) -> dict[str, Any]:
    return {"id": "proj-new", "kind": "STRATEGIC_PROJECT", "region": "etela", "title": "U", **extra}


def test_an_update_to_the_same_values_changes_nothing(served: Served, api: Api) -> None:
    version = served.store.version()
    same = {"id": "proj-a", "expectedVersion": 1, "title": "Digitaalinen tiekartta"}
    node = api(UPDATE, input={**same, "tags": ["digi"], "dueDate": "2018-12-31"})
    assert node["updateNode"]["node"]["version"] == 1
    assert served.store.version() == version
    assert [c["operation"] for c in api(CHANGES, id="proj-a")["changes"]["nodes"]] == [
        "CREATE_NODE",
        "LINK",
        "LINK",
    ]


def test_a_title_with_an_escape_sequence_is_refused(served: Served, api: Api) -> None:
    error = api.error(UPDATE, input={"id": "proj-a", "expectedVersion": 1, "title": "x\x1b[2J"})
    assert error["message"] == (
        "node 'proj-a': title contains the control character U+001B at position 2; "
        "only tab and line breaks are allowed"
    )
    assert (error["extensions"]["code"], error["extensions"]["rule"]) == (
        "VALIDATION",
        "control-character",
    )
    assert error["extensions"]["field"] == "title"
    assert served.store.get_node("proj-a").version == 1


def test_tags_once_bounded_and_attribute_keys_once(served: Served, api: Api) -> None:
    made = api(CREATE, input=project(tags=["a", "b", "a"]))["createNode"]["node"]
    assert made["tags"] == ["a", "b"]
    error = api.error(
        UPDATE, input={"id": "proj-new", "expectedVersion": 1, "tags": [str(i) for i in range(51)]}
    )
    assert error["message"] == "node 'proj-new': 51 tags, at most 50"
    assert (error["extensions"]["rule"], error["extensions"]["field"]) == ("tag-count", "tags")
    twice = [{"key": "mission", "value": "a"}, {"key": "mission", "value": "b"}]
    version = served.store.version()
    error = api.error(CREATE, input=project(id="proj-two", attributes=twice))
    assert error["message"] == "attribute 'mission' is given more than once"
    assert (error["extensions"]["rule"], error["extensions"]["field"]) == (
        "attribute-duplicate",
        "attributes",
    )
    assert served.store.version() == version  # nothing was written
    assert "proj-two" not in {n.id for n in served.store.nodes()}


def test_a_node_sent_back_to_draft_is_approved_by_no_one(api: Api) -> None:
    proposed = api(SET_STATUS, input={"id": "ch", "status": "PROPOSED", "approvedBy": "VATE"})
    assert proposed["setStatus"]["node"]["approvedBy"] == "VATE"  # the body it goes to
    approved = api(
        SET_STATUS,
        input={
            "id": "ch",
            "status": "APPROVED",
            "approvedBy": "VATE",
            "decisionDate": "2018-03-01",
            "decisionRef": "VATE 1.3.2018 § 4",
        },
    )["setStatus"]["node"]
    assert (approved["status"], approved["decisionRef"]) == ("APPROVED", "VATE 1.3.2018 § 4")
    api(SET_STATUS, input={"id": "ch", "status": "PROPOSED"})
    draft = api(SET_STATUS, input={"id": "ch", "status": "DRAFT"})["setStatus"]["node"]
    assert draft == {
        "status": "DRAFT",
        "version": 5,
        "approvedBy": None,
        "decisionDate": None,
        "decisionRef": None,
    }
    error = api.error(SET_STATUS, input={"id": "ch", "status": "PROPOSED", "decisionDate": "x"})
    assert error["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    api(SET_STATUS, input={"id": "ch", "status": "PROPOSED"})
    refused = api.error(SET_STATUS, input={"id": "ch", "status": "DRAFT", "approvedBy": "VATE"})
    assert refused["message"] == (
        "node 'ch': approved_by cannot be given for DRAFT; a draft is approved by no one"
    )
    assert refused["extensions"]["field"] == "approvedBy"


def test_field_names_are_the_apis_own(served: Served, api: Api) -> None:
    start = served.store.events(limit=1000)[-1].at + timedelta(microseconds=1)  # all loaded
    api(UPDATE, input={"id": "proj-a", "expectedVersion": 1, "dueDate": "2019-06-30"})
    changes = api(CHANGES, id="proj-a")["changes"]["nodes"]
    assert changes[-1] == {"operation": "UPDATE_NODE", "changedFields": ["dueDate"]}
    end = (datetime.now(UTC) + timedelta(seconds=1)).isoformat()
    diff = api(DIFF, f=start.isoformat(), t=end)["diff"]
    assert diff["changedNodes"] == [{"after": {"id": "proj-a"}, "fields": ["dueDate"]}]
    error = api.error(UPDATE, input={"id": "proj-a", "expectedVersion": 2, "dueDate": "2018-01-01"})
    assert error["message"] == "node 'proj-a': due date 2018-01-01 is before start date 2018-04-01"
    assert (error["extensions"]["rule"], error["extensions"]["field"]) == ("date-order", "dueDate")
    assert [p["field"] for p in error["extensions"]["problems"]] == ["dueDate"]
