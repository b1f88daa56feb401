"""``importGraph`` is no oracle for what the caller may not see (issue 13): a file naming
a node the caller may not open answers, dry run or not, exactly as a file naming a node
that does not exist; a file that reuses its id is refused as ``createNode`` refuses a used
id, without its region, status or content; and nothing is written."""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterator
from typing import Any

import pytest

from strategygraph.domain import Relation
from strategygraph.domain.access import Role
from tests.clients import HTTP

from .conftest import Served, bearer, graph_document, loaded_store, serve

HIDDEN = "proj-lonely"
"""A DRAFT project of region `pohjoinen` titled "Irrallinen hanke", under `etela`'s
challenge `ch` and depended on by `etela`'s `proj-a`: hidden from every caller below."""
MISSING = "no-such-node"
SECRETS = ("pohjoinen", "DRAFT", "Irrallinen", "Salainen")

ROLES: dict[str, tuple[tuple[Role, str], ...]] = {
    "planner": ((Role.PLANNER, "etela"),),
    "approver": ((Role.APPROVER, "etela"),),
    "admin-of-etela": ((Role.ADMIN, "etela"),),
}


def edge(source: str, relation: str, target: str) -> dict[str, str]:
    return {"source": source, "relation": relation, "target": target}


def project(node_id: str, title: str = "Uusi hanke") -> dict[str, str]:
    return {"id": node_id, "kind": "STRATEGIC_PROJECT", "region": "etela", "title": title}


FILES: dict[str, dict[str, Any]] = {
    "an edge the store holds, into it": {"edges": [edge("proj-a", "DEPENDS_ON", "X")]},
    "an edge the store holds, out of it": {"edges": [edge("X", "ADDRESSES", "ch")]},
    "an edge it does not have": {"edges": [edge("X", "ADDRESSES", "ch-open")]},
    "among the store's problems, in file order": {
        "nodes": [project("proj-new")],
        "edges": [
            edge("proj-new", "CHALLENGES", "line"),
            edge("X", "ADDRESSES", "ch"),
            edge("proj-new", "ADDRESSES", "proj-a"),
            edge("proj-new", "DEPENDS_ON", "X"),
        ],
    },
    "among the file's problems, in file order": {
        "nodes": [project("proj-new"), project("proj-bad", "")],
        "edges": [
            edge("proj-new", "CHALLENGES", "line"),
            edge("X", "ADDRESSES", "ch"),
            edge("proj-new", "ADDRESSES", "proj-a"),
            edge("proj-new", "DEPENDS_ON", "X"),
        ],
    },
    "with a new node's edge to it": {
        "nodes": [project("proj-new")],
        "edges": [edge("proj-new", "DEPENDS_ON", "X"), edge("proj-new", "ADDRESSES", "ch")],
    },
    "in a delta's removed section": {
        "format_version": 2,
        "since_version": 1,
        "removed": {"nodes": ["X"], "edges": [edge("proj-a", "DEPENDS_ON", "X")]},
    },
}


@pytest.fixture(scope="module")
def hidden() -> Iterator[Served]:
    store = loaded_store(graph_document())
    try:
        with serve(store) as served:
            service = served.service
            service.link(HIDDEN, Relation.ADDRESSES, "ch", "setup")
            service.link("proj-a", Relation.DEPENDS_ON, HIDDEN, "setup")
            service.add_comment(HIDDEN, "Salainen", "setup")
            yield served
    finally:
        store.close()


def post(served: Served, token: str, query: str, **variables: Any) -> tuple[int, Any]:
    response = HTTP.post(
        served.url,
        json={"query": query, "variables": variables},
        headers=bearer(token),
        timeout=10,
    )
    return response.status_code, response.json()


IMPORT = """mutation ($content: String!, $dryRun: Boolean!) {
  importGraph(input: {content: $content, format: JSON, dryRun: $dryRun}) {
    dryRun added changed unchanged deleted retired
    relationshipsAdded relationshipsUnchanged relationshipsChanged relationshipsRemoved
  }
}"""


def imported(served: Served, token: str, file: dict[str, Any], node: str, dry_run: bool) -> Any:
    """The answer to importing ``file`` with ``X`` standing for ``node``, ``node`` shown
    as ``<node>``."""
    document = {"format": "strategygraph", "format_version": 1, "nodes": [], "edges": [], **file}
    content = json.dumps(document).replace('"X"', json.dumps(node))
    status, body = post(served, token, IMPORT, content=content, dryRun=dry_run)
    return status, json.loads(json.dumps(body, sort_keys=True).replace(node, "<node>"))


@pytest.mark.parametrize(
    ("role", "file", "dry_run"), list(itertools.product(ROLES, FILES, (True, False)))
)
def test_a_file_naming_a_hidden_node_answers_as_for_a_missing_one(
    hidden: Served, role: str, file: str, dry_run: bool
) -> None:
    token = hidden.token(f"importer-{role}", ROLES[role])
    version = hidden.store.version()
    on_hidden = imported(hidden, token, FILES[file], HIDDEN, dry_run)
    on_missing = imported(hidden, token, FILES[file], MISSING, dry_run)
    assert on_hidden == on_missing
    shown = json.dumps(on_hidden)
    assert not any(secret in shown for secret in SECRETS), shown
    if "errors" in on_hidden[1]:
        assert hidden.store.version() == version
    else:  # only the delta's removals, which name nothing the store holds for the caller
        assert on_hidden[1]["data"]["importGraph"]["deleted"] == []
        assert on_hidden[1]["data"]["importGraph"]["relationshipsRemoved"] == []
    assert hidden.store.get_node(HIDDEN).title == "Irrallinen hanke"
    assert len(hidden.store.edges(HIDDEN)) == 2


@pytest.mark.parametrize("bad_node", [False, True], ids=["the store's", "the file's"])
def test_the_files_answers_are_what_a_missing_node_gets(hidden: Served, bad_node: bool) -> None:
    """The shared answer, spelt out: every problem of the file, in the file's order."""
    token = hidden.token("importer-spelt", ROLES["planner"])
    file = FILES[f"among {'the file' if bad_node else 'the store'}'s problems, in file order"]
    _, body = imported(hidden, token, file, HIDDEN, True)
    problems = body["errors"][0]["extensions"]["problems"]
    assert [(p["rule"], p["where"]) for p in problems] == [
        *([("schema", "graph.json nodes[1].title")] if bad_node else []),
        ("metamodel", "graph.json edges[0]"),
        ("dangling-endpoint", "graph.json edges[1]"),
        ("metamodel", "graph.json edges[2]"),
        ("dangling-endpoint", "graph.json edges[3]"),
    ]
    problems = problems[1:] if bad_node else problems
    assert problems[1]["message"] == ("edge <node> -ADDRESSES-> ch: node '<node>' does not exist")


@pytest.mark.parametrize("dry_run", [True, False])
@pytest.mark.parametrize(
    "title", ["Irrallinen hanke", "Arvattu otsikko"], ids=["its own content", "a guess"]
)
def test_a_file_reusing_a_hidden_id_is_refused_as_create_node_refuses_it(
    hidden: Served, dry_run: bool, title: str
) -> None:
    """The id is taken (ids are unique), and that is all the answer says: a guessed copy
    of the hidden node is never confirmed as ``unchanged``."""
    token = hidden.token("importer-copy", ROLES["planner"])
    version = hidden.store.version()
    file = {"nodes": [project("X", title)]}
    status, body = imported(hidden, token, file, HIDDEN, dry_run)
    assert status == 200
    assert body == {
        "data": None,
        "errors": [
            {
                "extensions": {
                    "code": "VALIDATION",
                    "field": "id",
                    "problems": [
                        {
                            "field": "id",
                            "message": "node id '<node>' is already used",
                            "rule": "duplicate-id",
                            "where": "graph.json nodes[0]",
                        }
                    ],
                    "rule": "duplicate-id",
                },
                "locations": [{"column": 3, "line": 2}],
                "message": "graph.json nodes[0]: node id '<node>' is already used",
                "path": ["importGraph"],
            }
        ],
    }
    created = post(
        hidden,
        token,
        'mutation { createNode(input: {id: "proj-lonely", kind: STRATEGIC_PROJECT, '
        'region: "etela", title: "T"}) { node { id } } }',
    )[1]
    assert created["errors"][0]["message"] == "node id 'proj-lonely' is already used"
    assert hidden.store.version() == version
