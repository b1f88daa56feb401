"""Refusals never reveal what the caller may not see (issue 13): every write mutation
aimed at a node the caller may not open answers exactly as for a node that does not exist
(the id echoed aside), for every role; and a cross-region edge in ``graphChanged`` never
names a hidden node."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest
from gql import Client, GraphQLRequest
from gql.transport.websockets import WebsocketsTransport

from strategygraph.domain import Relation
from strategygraph.domain.access import Role
from tests.clients import HTTP

from .conftest import Served, bearer, graph_document, loaded_store, serve

HIDDEN = "proj-lonely"
"""A DRAFT project of region `pohjoinen`, linked under `etela`'s challenge `ch` and
depended on by `etela`'s `proj-a`, with a comment: hidden from everyone below."""
MISSING = "no-such-node"
HIDDEN_COMMENT = "comment-on-hidden"
MISSING_COMMENT = "no-such-comment"

ROLES: dict[str, tuple[tuple[Role, str], ...] | None] = {
    "anonymous": None,
    "no-role": (),
    "viewer": ((Role.VIEWER, "etela"),),
    "planner": ((Role.PLANNER, "etela"),),
    "approver": ((Role.APPROVER, "etela"),),
    "admin-of-etela": ((Role.ADMIN, "etela"),),
}

MUTATIONS: dict[str, str] = {
    "updateNode": 'updateNode(input: {id: "X", expectedVersion: 1, title: "T"}) { node { id } }',
    "setStatus": 'setStatus(input: {id: "X", status: PROPOSED}) { node { id } }',
    "retireNode": 'retireNode(input: {id: "X"}) { node { id } }',
    "deleteNode": 'deleteNode(input: {id: "X"}) { deleted }',
    "deleteNode-cascade": 'deleteNode(input: {id: "X", cascade: true, dryRun: true}) { deleted }',
    "link-source": 'link(input: {source: "X", relation: ADDRESSES, target: "ch-open"}) '
    "{ relationship { sourceId } }",
    "link-target": 'link(input: {source: "proj-b", relation: DEPENDS_ON, target: "X"}) '
    "{ relationship { sourceId } }",
    "unlink-source": 'unlink(input: {source: "X", relation: ADDRESSES, target: "ch"}) '
    "{ relationship { sourceId } }",
    "unlink-target": 'unlink(input: {source: "proj-a", relation: DEPENDS_ON, target: "X"}) '
    "{ relationship { sourceId } }",
    "reviewLink-source": 'reviewLink(input: {source: "X", relation: ADDRESSES, target: "ch"}) '
    "{ relationship { sourceId } }",
    "reviewLink-target": 'reviewLink(input: {source: "proj-a", relation: DEPENDS_ON, '
    'target: "X"}) { relationship { sourceId } }',
    "addComment": 'addComment(input: {nodeId: "X", text: "Hei"}) { comment { id } }',
    "editComment": 'editComment(input: {id: "C", text: "Hei"}) { comment { id } }',
}


@pytest.fixture(scope="module")
def hidden() -> Iterator[Served]:
    store = loaded_store(graph_document())
    try:
        with serve(store) as served:
            service = served.service
            service.link("proj-lonely", Relation.ADDRESSES, "ch", "setup")
            service.link("proj-a", Relation.DEPENDS_ON, "proj-lonely", "setup")
            comment = service.add_comment("proj-lonely", "Salainen", "setup")
            global HIDDEN_COMMENT
            HIDDEN_COMMENT = comment.id
            yield served
    finally:
        store.close()


def answer(served: Served, token: str | None, mutation: str, node: str, comment: str) -> Any:
    text = (
        "mutation { "
        + mutation.replace('"X"', json.dumps(node)).replace('"C"', json.dumps(comment))
        + " }"
    )
    response = HTTP.post(served.url, json={"query": text}, headers=bearer(token), timeout=10)
    body = response.json()
    shown = json.dumps(body, sort_keys=True)
    return response.status_code, json.loads(
        shown.replace(node, "<node>").replace(comment, "<comment>")
    )


@pytest.mark.parametrize(("role", "mutation"), list(itertools.product(ROLES, MUTATIONS)))
def test_a_hidden_node_answers_as_a_missing_one(hidden: Served, role: str, mutation: str) -> None:
    roles = ROLES[role]
    token = None if roles is None else hidden.token(f"user-{role}", roles)
    version = hidden.store.version()
    text = MUTATIONS[mutation]
    on_hidden = answer(hidden, token, text, HIDDEN, HIDDEN_COMMENT)
    on_missing = answer(hidden, token, text, MISSING, MISSING_COMMENT)
    assert on_hidden == on_missing
    shown = json.dumps(on_hidden)
    assert "pohjoinen" not in shown and "DRAFT" not in shown and "Salainen" not in shown
    assert hidden.store.version() == version


CHANGED = """
subscription ($region: ID) {
  graphChanged(region: $region) {
    version regions
    nodes { id }
    relationships { sourceId targetId }
    removedRelationships { sourceId targetId }
  }
}
"""


@pytest.mark.anyio
@pytest.mark.parametrize("region", [None, "etela"])
async def test_a_cross_region_edge_never_names_a_hidden_node(region: str | None) -> None:
    store = loaded_store(graph_document())
    try:
        with serve(store) as served:
            token = served.token("watcher", ((Role.VIEWER, "etela"),))
            transport = WebsocketsTransport(url=served.ws_url, init_payload=bearer(token))
            seen: list[dict[str, Any]] = []
            async with Client(transport=transport) as session:

                async def listen() -> None:
                    request = GraphQLRequest(CHANGED, variable_values={"region": region})
                    async for result in session.subscribe(request):
                        seen.append(result["graphChanged"])

                task = asyncio.create_task(listen())
                for _ in range(500):
                    if served.feed.subscribers:
                        break
                    await asyncio.sleep(0.01)
                service = served.service
                service.link("proj-a", Relation.DEPENDS_ON, "proj-lonely", "setup")
                service.unlink("proj-a", Relation.DEPENDS_ON, "proj-lonely", "setup")
                service.update_node("proj-b", {"title": "Uusi"}, None, "setup")
                for _ in range(500):
                    if seen:
                        break
                    await asyncio.sleep(0.01)
                await asyncio.sleep(0.2)
                task.cancel()
            assert [c["nodes"] for c in seen] == [[{"id": "proj-b"}]]
            assert seen[0]["regions"] == ["etela"]
            assert "proj-lonely" not in str(seen) and "pohjoinen" not in str(seen)
    finally:
        store.close()


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.mark.parametrize("role", list(ROLES))
def test_create_node_with_a_used_id_answers_alike_whether_it_is_hidden_or_not(
    hidden: Served, role: str
) -> None:
    """Ids are unique, so a hidden node's id is refused, but as any used id is: the answer
    names neither its region nor its status nor its title."""
    roles = ROLES[role]
    token = None if roles is None else hidden.token(f"creator-{role}", roles)
    version = hidden.store.version()
    create = (
        'createNode(input: {id: "X", kind: STRATEGIC_PROJECT, region: "etela", '
        'title: "Uusi"}) { node { id } }'
    )
    on_hidden = answer(hidden, token, create, HIDDEN, MISSING_COMMENT)
    on_visible = answer(hidden, token, create, "proj-b", MISSING_COMMENT)
    assert on_hidden == on_visible
    shown = json.dumps(on_hidden)  # ("DRAFT" is the status asked for: said alike)
    assert "pohjoinen" not in shown and "Irrallinen" not in shown
    if roles and roles[0][0] is not Role.VIEWER:
        assert on_hidden[1]["errors"][0]["message"] == "node id '<node>' is already used"
    assert hidden.store.version() == version


@pytest.mark.parametrize(
    "delete",
    [
        'deleteNode(input: {id: "X"}) { deleted }',
        'deleteNode(input: {id: "X", cascade: true}) { deleted }',
        'deleteNode(input: {id: "X", cascade: true, dryRun: true}) { deleted }',
        'deleteNode(input: {id: "X", dryRun: true}) { deleted }',
    ],
)
def test_deleting_a_node_linked_to_a_hidden_one_never_names_it(hidden: Served, delete: str) -> None:
    """``proj-a`` (etela) depends on the hidden project: its approver may not delete it
    (the edge is not theirs to remove), and the refusal does not say which node it is."""
    token = hidden.token("deleter", ((Role.APPROVER, "etela"),))
    version = hidden.store.version()
    status, body = answer(hidden, token, delete, "proj-a", MISSING_COMMENT)
    assert status == 200
    assert body["data"] is None
    error = body["errors"][0]
    assert error["message"] == (
        "node '<node>' has edges to nodes you may not open, so it cannot be deleted by "
        "you; ask an administrator of their regions to remove those edges, or retire it"
    )
    assert error["extensions"]["code"] == "VALIDATION"
    assert HIDDEN not in json.dumps(body) and "pohjoinen" not in json.dumps(body)
    assert hidden.store.version() == version
    assert hidden.store.get_node("proj-a").id == "proj-a"
