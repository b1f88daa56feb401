"""Random sequences of mutations from several users, over HTTP against the live server:
no request is answered with a 500 or an INTERNAL error, the event log only grows, and
after every step the graph equals the replay of the event log."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from strategygraph.domain import Relation, Status
from strategygraph.domain.access import ANY_REGION, Role
from strategygraph.service.replay import Replayer, graph_state
from strategygraph.store import EmbeddedStore
from strategygraph.store.snapshot import event_to_dict, read_snapshot
from tests.clients import TLS

from .conftest import Served, bearer, graph_document, loaded_store, serve

USERS = {
    "admin": ((Role.ADMIN, ANY_REGION),),
    "planner": ((Role.PLANNER, "etela"),),
    "approver": ((Role.APPROVER, "etela"), (Role.PLANNER, "national")),
    "viewer": ((Role.VIEWER, "pohjoinen"),),
}
IDS = [n["id"] for n in graph_document()["nodes"]] + ["nope"]

node_ids = st.sampled_from(IDS)
approved = st.just("ng-equal") | node_ids
"""Biased to the approved goal, whose edit makes the edge under it suspect."""
texts = st.sampled_from(["Uusi nimi", "Toinen nimi", "Kolmas"]) | st.text(max_size=30)
versions = st.just("current") | st.none() | st.integers(1, 4)
"""``current``: the node's version when the step runs (a client that read it first)."""


def mutation(name: str, input_type: str, selection: str) -> str:
    return f"mutation($i: {input_type}!) {{ {name}(input: $i) {{ {selection} }} }}"


ACTIONS: dict[str, tuple[str, Any]] = {
    "rename": (
        mutation("updateNode", "UpdateNodeInput", "node { id }"),
        st.fixed_dictionaries({"id": approved, "title": texts, "expectedVersion": versions}),
    ),
    "describe": (
        mutation("updateNode", "UpdateNodeInput", "node { id }"),
        st.fixed_dictionaries({"id": approved, "description": texts, "expectedVersion": versions}),
    ),
    "status": (
        mutation("setStatus", "SetStatusInput", "node { id }"),
        st.fixed_dictionaries(
            {
                "id": node_ids,
                "status": st.sampled_from([s.name for s in Status]),
                "approvedBy": st.sampled_from([None, "VATE"]),
                "decisionDate": st.sampled_from([None, "2018-03-01"]),
                "decisionRef": st.sampled_from([None, "VATE 1.3.2018"]),
            }
        ),
    ),
    "link": (
        mutation("link", "LinkInput", "relationship { sourceId }"),
        st.fixed_dictionaries(
            {
                "source": node_ids,
                "relation": st.sampled_from([r.name for r in Relation]),
                "target": node_ids,
            }
        ),
    ),
    "unlink": (
        mutation("unlink", "UnlinkInput", "relationship { sourceId }"),
        st.fixed_dictionaries(
            {
                "source": node_ids,
                "relation": st.sampled_from([r.name for r in Relation]),
                "target": node_ids,
            }
        ),
    ),
    "review": (
        mutation("reviewLink", "ReviewLinkInput", "relationship { sourceId }"),
        st.just({"source": "cv", "relation": "DERIVES_FROM", "target": "ng-equal"})
        | st.fixed_dictionaries(
            {
                "source": node_ids,
                "relation": st.sampled_from([r.name for r in Relation]),
                "target": node_ids,
            }
        ),
    ),
    "comment": (
        mutation("addComment", "AddCommentInput", "comment { id }"),
        st.fixed_dictionaries({"nodeId": node_ids, "text": texts}),
    ),
    "edit": (
        mutation("editComment", "EditCommentInput", "comment { id }"),
        st.fixed_dictionaries(
            {
                "id": st.just("latest") | st.just("c-nope"),
                "text": texts,
                "expectedVersion": versions,
            }
        ),
    ),
    "delete": (
        mutation("deleteNode", "DeleteNodeInput", "deleted"),
        st.fixed_dictionaries({"id": node_ids, "cascade": st.booleans()}),
    ),
}

steps = st.lists(
    st.tuples(
        st.sampled_from(sorted(USERS)),
        st.sampled_from(sorted(ACTIONS)).flatmap(
            lambda name: st.tuples(st.just(name), ACTIONS[name][1])
        ),
    ),
    min_size=1,
    max_size=8,
)


SCRIPTED = [
    ("admin", ("rename", {"id": "ng-equal", "title": "Uusi", "expectedVersion": "current"})),
    ("viewer", ("review", {"source": "cv", "relation": "DERIVES_FROM", "target": "ng-equal"})),
    ("approver", ("review", {"source": "cv", "relation": "DERIVES_FROM", "target": "ng-equal"})),
    ("planner", ("comment", {"nodeId": "proj-a", "text": "Miksi?"})),
    ("planner", ("edit", {"id": "latest", "text": "Miksi näin?", "expectedVersion": "current"})),
    ("planner", ("link", {"source": "proj-b", "relation": "ADDRESSES", "target": "ch-open"})),
    ("planner", ("unlink", {"source": "proj-b", "relation": "DEPENDS_ON", "target": "proj-a"})),
]
"""One sequence that surely exercises suspect links, their review, comments and edges."""


@pytest.fixture
def world() -> Iterator[tuple[Served, dict[str, httpx.Client]]]:
    store = loaded_store(graph_document())
    try:
        with serve(store) as served:
            clients = {
                u: httpx.Client(headers=bearer(served.token(u, r)), verify=TLS)
                for u, r in USERS.items()
            }
            try:
                yield served, clients
            finally:
                for client in clients.values():
                    client.close()
    finally:
        store.close()


def replayed(store: EmbeddedStore) -> dict[str, Any]:
    replayer = Replayer(store)
    replayer.advance()
    return replayer.state()


def test_random_mutations_keep_the_graph_equal_to_its_replayed_log(
    world: tuple[Served, dict[str, httpx.Client]],
) -> None:
    served, clients = world
    store = served.store
    outcomes: set[str] = set()
    operations: set[str] = set()
    initial = read_snapshot(store)

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(steps)
    @example(SCRIPTED)
    def run(sequence: list[tuple[str, tuple[str, dict[str, Any]]]]) -> None:
        store.restore(initial, replace=True)  # every example starts from the same graph
        for user, (action, variables) in sequence:
            log = [event_to_dict(e) for e in read_snapshot(store).events]
            query = ACTIONS[action][0]
            if variables.get("id") == "latest":  # the newest comment, if there is one
                newest = max(store.comment_map.values(), key=lambda c: c.at, default=None)
                variables = {**variables, "id": newest.id if newest else "c-none"}
                if newest and variables["expectedVersion"] == "current":
                    variables["expectedVersion"] = newest.version
            if variables.get("expectedVersion") == "current":
                found = store.view.nodes.get(variables["id"])
                variables = {**variables, "expectedVersion": found.version if found else 1}
            response = clients[user].post(
                served.url, json={"query": query, "variables": {"i": variables}}
            )
            assert response.status_code == 200, (user, action, variables, response.text)
            body = response.json()
            codes = [e.get("extensions", {}).get("code") for e in body.get("errors") or []]
            assert "INTERNAL" not in codes and None not in codes, (user, action, variables, body)
            outcomes.add(codes[0] if codes else "OK")
            after = [event_to_dict(e) for e in read_snapshot(store).events]
            assert after[: len(log)] == log  # append-only: nothing before changed
            assert replayed(store) == graph_state(
                store.nodes(),
                store.edges(),
                store.regions(),
                store.organisations(),
                store.comments(),
            )
        operations.update(e.operation for e in read_snapshot(store).events)

    run()
    assert "OK" in outcomes and "FORBIDDEN" in outcomes, outcomes
    expected = {
        "update_node",
        "suspect_link",
        "review_link",
        "add_comment",
        "edit_comment",
        "link",
        "unlink",
    }
    assert expected <= operations, operations
