"""Who may do what, over the live API: every mutation and subscription × every role ×
own region / other region / national. A case is allowed exactly when the caller's role in
its own region reaches what the operation needs there; a refusal is ``FORBIDDEN``, names
the missing role and region, and leaves the graph version where it was.

The mutations are read from the schema: a mutation without a case here fails
``test_every_mutation_has_a_case`` (add its ``Case`` below, with the role it needs).
"""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from strategygraph.api.schema import build_schema
from strategygraph.domain import Relation, Status
from strategygraph.domain.access import Role
from strategygraph.domain.situation import Indicator, Risk
from strategygraph.service import situation
from strategygraph.service.webhooks import WebhookService

from .conftest import Api, Served, bearer, graph_document, loaded_store, serve

OWN, OTHER, NATIONAL = "etela", "pohjoinen", "national"
SCOPES = {"own": OWN, "other": OTHER, "national": NATIONAL}
ROLES: dict[str, Role | None] = {
    "anonymous": None,
    "no-role": None,
    "viewer": Role.VIEWER,
    "planner": Role.PLANNER,
    "approver": Role.APPROVER,
    "admin": Role.ADMIN,
}
SETUP = "setup"
_ids = itertools.count(1)


def uid(prefix: str) -> str:
    return f"{prefix}-{next(_ids)}"


class Graph:
    """Fresh nodes and edges for one case, made as the trusted local operator."""

    def __init__(self, served: Served) -> None:
        self.service = served.service

    def node(self, region: str, kind: str | None = None, approved: bool = False) -> str:
        if kind is None:
            kind = "NATIONAL_GOAL" if region == NATIONAL else "STRATEGIC_PROJECT"
        node_id = uid(kind.lower().replace("_", "-"))
        data = {"id": node_id, "kind": kind, "region": region, "title": node_id.upper()}
        self.service.create_node(data, SETUP)
        if approved:
            self.service.set_status(node_id, Status.PROPOSED, SETUP)
            self.service.set_status(
                node_id,
                Status.APPROVED,
                SETUP,
                approved_by="Hallitus",
                decision_date=date(2026, 1, 1),
            )
        return node_id

    def pair(self, scope: str) -> tuple[str, str, str]:
        """(source, relation, target) that may be linked, with the target in ``scope``."""
        if scope == NATIONAL:
            return self.node(OWN, "CHANGE_VISION"), "DERIVES_FROM", self.node(NATIONAL)
        return self.node(scope), "ADDRESSES", self.node(scope, "CHALLENGE")

    def edge(self, scope: str, approved_target: bool = False) -> tuple[str, str, str]:
        source, relation, target = self.pair(scope)
        if approved_target:
            kind = "NATIONAL_GOAL" if scope == NATIONAL else "CHALLENGE"
            target = self.node(scope, kind, approved=True)
        self.service.link(source, Relation(relation), target, SETUP)
        return source, relation, target


Prepare = Callable[[Graph, str, str], tuple[str, dict[str, Any]]]
"""(graph, region of the scope, caller's user name) -> (document, variables)."""


@dataclass(frozen=True)
class Case:
    mutation: str
    needs: Role
    prepare: Prepare
    variant: str = ""
    graph_write: bool = True
    """False for a mutation that changes no graph version (webhooks)."""

    @property
    def name(self) -> str:
        return f"{self.mutation}{'-' + self.variant if self.variant else ''}"


def _m(mutation: str, input_type: str, fields: str = "__typename") -> str:
    return f"mutation ($input: {input_type}!) {{ {mutation}(input: $input) {{ {fields} }} }}"


def create(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    kind = "NATIONAL_GOAL" if region == NATIONAL else "STRATEGIC_PROJECT"
    data = {"id": uid("new"), "kind": kind, "region": region, "title": "Uusi"}
    return _m("createNode", "CreateNodeInput"), {"input": data}


def update(approved: bool) -> Prepare:
    def prepare(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
        node = g.node(region, approved=approved)
        version = g.service.store.get_node(node).version
        data = {"id": node, "expectedVersion": version, "description": "muutettu"}
        return _m("updateNode", "UpdateNodeInput"), {"input": data}

    return prepare


def set_status(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    return _m("setStatus", "SetStatusInput"), {
        "input": {"id": g.node(region), "status": "PROPOSED"}
    }


def retire(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    return _m("retireNode", "RetireNodeInput"), {"input": {"id": g.node(region)}}


def delete(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    return _m("deleteNode", "DeleteNodeInput"), {"input": {"id": g.node(region)}}


def link(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    source, relation, target = g.pair(region)
    data = {"source": source, "relation": relation, "target": target}
    return _m("link", "LinkInput"), {"input": data}


def unlink(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    source, relation, target = g.edge(region)
    data = {"source": source, "relation": relation, "target": target}
    return _m("unlink", "UnlinkInput"), {"input": data}


def review(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    source, relation, target = g.edge(region, approved_target=True)
    version = g.service.store.get_node(target).version
    g.service.update_node(target, {"title": "Uusi nimi"}, version, SETUP)  # now suspect
    data = {"source": source, "relation": relation, "target": target}
    return _m("reviewLink", "ReviewLinkInput"), {"input": data}


def import_graph(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    kind = "NATIONAL_GOAL" if region == NATIONAL else "STRATEGIC_PROJECT"
    document = {
        "format": "strategygraph",
        "format_version": 1,
        "regions": [],
        "organisations": [],
        "nodes": [{"id": uid("imported"), "kind": kind, "region": region, "title": "Tuotu"}],
        "edges": [],
    }
    return _m("importGraph", "ImportGraphInput"), {"input": {"document": document}}


def add_comment(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    return _m("addComment", "AddCommentInput"), {
        "input": {"nodeId": g.node(region), "text": "Hyvä"}
    }


def edit_comment(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    comment = g.service.add_comment(g.node(region), "Eka", user)  # the caller's own
    return _m("editComment", "EditCommentInput"), {
        "input": {"id": comment.id, "text": "Toka", "expectedVersion": 1}
    }


def put_region(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    return _m("putRegion", "PutRegionInput"), {"input": {"id": region, "name": region.upper()}}


HOOK_URL = "http://127.0.0.1:9/hook"  # nothing listens: deliveries fail, which is fine here


def add_webhook(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    document = "mutation ($url: String!, $region: ID) { addWebhook(url: $url, region: $region) "
    return document + "{ __typename } }", {"url": HOOK_URL, "region": region}


def remove_webhook(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    hook, _ = WebhookService(g.service.store, allow_private=True).add(HOOK_URL, SETUP, region)
    return "mutation ($id: ID!) { removeWebhook(id: $id) { __typename } }", {"id": hook.id}


def _risk(g: Graph, region: str) -> Risk:
    """A DRAFT risk of ``region`` threatening a fresh node there, made as the operator."""
    risk = Risk(uid("risk"), region, "Riski", likelihood=2, impact=3, threatens=(g.node(region),))
    return situation.put_risk(g.service, risk, SETUP, create=True)


def _risk_input(risk_id: str, region: str, **extra: Any) -> dict[str, Any]:
    return {
        "id": risk_id,
        "region": region,
        "title": "Riski",
        "likelihood": 4,
        "impact": 4,
        **extra,
    }


def create_risk(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    return _m("createRisk", "RiskInput"), {"input": _risk_input(uid("new-risk"), region)}


def update_risk(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    risk = _risk(g, region)
    data = _risk_input(risk.id, region, expectedVersion=risk.version)
    return _m("updateRisk", "RiskInput"), {"input": data}


def delete_risk(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    document = "mutation ($id: ID!) { deleteRisk(id: $id) }"
    return document, {"id": _risk(g, region).id}


def _indicator(g: Graph, region: str) -> Indicator:
    ind = Indicator(uid("ind"), g.node(region), "Mittari", amber=50, red=30)
    return situation.put_indicator(g.service, ind, SETUP, create=True)


def create_indicator(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    data = {"id": uid("new-ind"), "node": g.node(region), "title": "Mittari"}
    return _m("createIndicator", "IndicatorInput"), {"input": data}


def update_indicator(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    ind = _indicator(g, region)
    data = {"id": ind.id, "node": ind.node, "title": "Uusi", "expectedVersion": ind.version}
    return _m("updateIndicator", "IndicatorInput"), {"input": data}


def add_measurement(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    data = {"indicatorId": _indicator(g, region).id, "date": "2026-01-01", "value": 40}
    return _m("addMeasurement", "MeasurementInput"), {"input": data}


def file_report(g: Graph, region: str, user: str) -> tuple[str, dict[str, Any]]:
    project = g.node(region)  # a project (a national goal in the national region: refused)
    data = {
        "id": uid("rep"),
        "projectId": project,
        "date": "2020-01-01",
        "health": "GREEN",
        "summary": "Etenee",
    }
    return _m("fileStatusReport", "StatusReportInput"), {"input": data}


CASES = [
    Case("createNode", Role.PLANNER, create),
    Case("updateNode", Role.PLANNER, update(approved=False), "draft"),
    Case("updateNode", Role.APPROVER, update(approved=True), "approved"),
    Case("setStatus", Role.APPROVER, set_status),
    Case("retireNode", Role.APPROVER, retire),
    Case("deleteNode", Role.PLANNER, delete),
    Case("link", Role.PLANNER, link),
    Case("unlink", Role.PLANNER, unlink),
    Case("reviewLink", Role.PLANNER, review),
    Case("importGraph", Role.PLANNER, import_graph),
    Case("addComment", Role.PLANNER, add_comment),
    Case("editComment", Role.PLANNER, edit_comment),
    Case("putRegion", Role.ADMIN, put_region),
    Case("addWebhook", Role.ADMIN, add_webhook, graph_write=False),
    Case("removeWebhook", Role.ADMIN, remove_webhook, graph_write=False),
    Case("createRisk", Role.PLANNER, create_risk),
    Case("updateRisk", Role.PLANNER, update_risk),
    Case("deleteRisk", Role.PLANNER, delete_risk),
    Case("createIndicator", Role.PLANNER, create_indicator),
    Case("updateIndicator", Role.PLANNER, update_indicator),
    Case("addMeasurement", Role.PLANNER, add_measurement),
    Case("fileStatusReport", Role.PLANNER, file_report),
]


def allowed(role: Role | None, needs: Role, scope: str) -> bool:
    """Callers hold their role in their own region only, so only there can they act."""
    return role is not None and role.includes(needs) and scope == "own"


@pytest.fixture(scope="module")
def matrix() -> Iterator[tuple[Served, dict[str, Api]]]:
    store = loaded_store(graph_document())
    try:
        with serve(store) as served:
            clients = {
                name: served.api(None)
                if name == "anonymous"
                else served.api(f"user-{name}", [(role, OWN)] if role else [])
                for name, role in ROLES.items()
            }
            yield served, clients
    finally:
        store.close()


def test_every_mutation_has_a_case() -> None:
    mutations = set(build_schema()._schema.mutation_type.fields)  # type: ignore[union-attr]
    covered = {c.mutation for c in CASES}
    assert mutations - covered == set(), "add a Case for each new mutation"
    assert covered - mutations == set()


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role_name", ROLES)
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_mutation_matrix(
    matrix: tuple[Served, dict[str, Api]], case: Case, role_name: str, scope: str
) -> None:
    served, clients = matrix
    user = "anonymous" if role_name == "anonymous" else f"user-{role_name}"
    document, variables = case.prepare(Graph(served), SCOPES[scope], user)
    before = served.store.version()
    client = clients[role_name]
    role = ROLES[role_name]
    if allowed(role, case.needs, scope):
        client(document, **variables)
        assert served.store.version() > before or not case.graph_write
        return
    error = client.error(document, **variables)
    ext = error["extensions"]
    assert served.store.version() == before
    if ext["code"] != "FORBIDDEN":  # a draft the caller may not open: as if there were none
        assert role_name != "anonymous", error
        assert role is None or not role.includes(Role.VIEWER) or scope != "own", error
        assert (ext["code"], ext.get("rule")) in {
            ("NOT_FOUND", None),
            ("VALIDATION", "dangling-endpoint"),
        }
        assert "DRAFT" not in str(error) and "region" not in ext, error
        assert "region '" not in error["message"], error
        return
    assert ext["code"] == "FORBIDDEN", error
    if role_name == "anonymous":
        assert error["message"].startswith("forbidden: not signed in: send 'Authorization: ")
        return
    missing_role, region = Role(ext["role"]), ext["region"]
    assert not (role is not None and role.includes(missing_role) and region == OWN)
    assert f"the {missing_role.value} role in region '{region}'" in error["message"]
    assert served.store.version() == before


def test_a_planner_links_across_regions_with_viewer_rights_on_the_target(
    matrix: tuple[Served, dict[str, Api]],
) -> None:
    served, _ = matrix
    g = Graph(served)
    source, relation = g.node(OWN, "CHANGE_VISION"), "DERIVES_FROM"
    target = g.node(NATIONAL, approved=True)  # public: a draft would answer as missing
    variables = {"input": {"source": source, "relation": relation, "target": target}}
    document = _m("link", "LinkInput")
    planner = served.api("cross", [(Role.PLANNER, OWN)])
    error = planner.error(document, **variables)
    assert error["message"] == (
        "forbidden: 'cross' lacks the viewer role in region 'national' "
        f"(to add the edge {source} -> {target})"
    )
    assert error["extensions"]["missing"] == [
        {"role": "viewer", "region": "national", "action": f"add the edge {source} -> {target}"}
    ]
    both = served.api("cross2", [(Role.PLANNER, OWN), (Role.VIEWER, NATIONAL)])
    both(document, **variables)
    assert any(e.target == target for e in served.store.edges(source))


def test_an_import_needs_the_role_in_every_region_it_changes(
    matrix: tuple[Served, dict[str, Api]],
) -> None:
    served, _ = matrix
    planner = served.api("importer", [(Role.PLANNER, OWN)])
    mine, theirs = uid("mine"), uid("theirs")
    document = {
        "format": "strategygraph",
        "format_version": 1,
        "nodes": [
            {"id": mine, "kind": "CHALLENGE", "region": OWN, "title": "Oma"},
            {"id": theirs, "kind": "CHALLENGE", "region": OTHER, "title": "Toisen"},
        ],
        "edges": [],
    }
    before = served.store.version()
    error = planner.error(_m("importGraph", "ImportGraphInput"), input={"document": document})
    assert (error["extensions"]["role"], error["extensions"]["region"]) == ("planner", OTHER)
    assert served.store.version() == before
    assert mine not in {n.id for n in served.store.nodes()}


CHANGED = "subscription ($region: ID) { graphChanged(region: $region) { version } }"


async def _subscribe(served: Served, token: str | None, region: str | None) -> str:
    """'started' once the server holds the subscription, else the error's code."""
    transport = WebsocketsTransport(url=served.ws_url, init_payload=bearer(token))
    before = served.feed.subscribers
    async with Client(transport=transport) as session:
        request = GraphQLRequest(CHANGED, variable_values={"region": region})

        async def listen() -> str:
            try:
                async for _ in session.subscribe(request):
                    pass
            except TransportQueryError as exc:
                return str((exc.errors or [{}])[0].get("extensions", {}).get("code"))
            return "ended"

        task = asyncio.create_task(listen())
        for _ in range(500):
            if task.done():
                return task.result()
            if served.feed.subscribers > before:
                task.cancel()
                return "started"
            await asyncio.sleep(0.01)
        task.cancel()
        return "timed out"


@pytest.mark.anyio
@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("role_name", [r for r in ROLES if r != "anonymous"])
async def test_subscription_matrix(
    matrix: tuple[Served, dict[str, Api]], role_name: str, scope: str
) -> None:
    served, _ = matrix
    role = ROLES[role_name]
    token = served.token(f"user-{role_name}", [(role, OWN)] if role else [])
    outcome = await _subscribe(served, token, SCOPES[scope])
    expected = "started" if allowed(role, Role.VIEWER, scope) else "FORBIDDEN"
    assert outcome == expected


@pytest.mark.anyio
async def test_every_region_needs_some_viewer_role(matrix: tuple[Served, dict[str, Api]]) -> None:
    served, _ = matrix
    assert await _subscribe(served, served.token("nobody", []), None) == "FORBIDDEN"
    assert await _subscribe(served, served.token("v", [(Role.VIEWER, OWN)]), None) == "started"


def test_every_subscription_is_in_the_matrix() -> None:
    subscriptions = set(build_schema()._schema.subscription_type.fields)  # type: ignore[union-attr]
    assert subscriptions == {"graphChanged"}, "add the new subscription to the matrix"
