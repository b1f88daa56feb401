"""Regions: an admin of every region creates one with ``putRegion`` (or the CLI's
``region add``), and every argument naming a region that does not exist answers the same
way: ``NOT_FOUND``, listing the regions there are."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from gql import Client, GraphQLRequest
from gql.transport.exceptions import TransportQueryError
from gql.transport.websockets import WebsocketsTransport

from strategygraph.domain.access import Role
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore

from .conftest import LOADER, Served, bearer, graph_document

PUT = """mutation ($id: ID!, $name: String!) {
  putRegion(input: {id: $id, name: $name}) { created region { id name } } }"""
UNKNOWN = "region 'lappi' does not exist; the regions are: etela, national, pohjoinen"


def test_an_admin_of_every_region_creates_one_and_a_regional_admin_cannot(
    served: Served,
) -> None:
    local = served.api("ville", [(Role.ADMIN, "etela")])
    refused = local.error(PUT, id="lappi", name="Lappi")
    assert (refused["extensions"]["code"], refused["extensions"]["region"]) == (
        "FORBIDDEN",
        "lappi",
    )
    assert local(PUT, id="etela", name="Etelä") == {
        "putRegion": {"created": False, "region": {"id": "etela", "name": "Etelä"}}
    }
    admin = served.api("root")
    assert admin(PUT, id="lappi", name="Lappi")["putRegion"]["created"] is True
    assert {"id": "lappi"} in admin("{ regions { id } }")["regions"]
    bad = admin.error(PUT, id="Ei kelpaa", name="x")
    assert bad["extensions"]["code"] == "VALIDATION"


@pytest.mark.parametrize(
    "query",
    [
        '{ nodes(region: "lappi") { totalCount } }',
        '{ organisations(region: "lappi") { id } }',
        '{ gaps(region: "lappi") { items { message } } }',
        '{ coverage(region: "lappi") { goal { id } } }',
        '{ changes(region: "lappi") { nodes { seq } } }',
        '{ exportGraph(region: "lappi") { content } }',
        '{ compareRegions(regions: ["etela", "lappi"]) { items { region { id } } } }',
    ],
)
def test_an_unknown_region_is_not_found_everywhere(shared: Served, query: str) -> None:
    error = shared.api("root").error(query)
    assert error["message"] == UNKNOWN
    assert error["extensions"] == {
        "code": "NOT_FOUND",
        "what": "region",
        "id": "lappi",
        "known": ["etela", "national", "pohjoinen"],
    }


@pytest.mark.anyio
async def test_a_subscription_to_an_unknown_region_is_not_found(served: Served) -> None:
    transport = WebsocketsTransport(url=served.ws_url, init_payload=bearer(served.token("w")))
    async with Client(transport=transport) as session:
        request = GraphQLRequest('subscription { graphChanged(region: "lappi") { version } }')
        with pytest.raises(TransportQueryError) as caught:
            async for _ in session.subscribe(request):
                pass
    assert caught.value.errors is not None
    assert caught.value.errors[0]["message"] == UNKNOWN


def test_the_cli_adds_lists_and_checks_regions(tmp_path: Path) -> None:
    path = tmp_path / "g.db"
    store = EmbeddedStore(str(path))
    StrategyService(store).import_document(graph_document(), LOADER)
    store.close()
    cli = [sys.executable, "-m", "strategygraph", "--store", f"sqlite:///{path}"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*cli, *args], capture_output=True, text=True, timeout=120)

    for command in (("gaps", "--region", "lappi"), ("coverage", "--region", "lappi")):
        done = run(*command)
        assert (done.returncode, done.stderr) == (1, f"error: {UNKNOWN}\n")
    done = run("export", "--region", "lappi")
    assert done.returncode == 1 and UNKNOWN in done.stderr and done.stdout == ""
    assert run("region", "add", "lappi", "Lappi").stdout == "alue lappi (Lappi) lisätty\n"
    again = run("region", "add", "lappi", "Lappi")
    assert (again.returncode, again.stderr) == (2, "error: region 'lappi' already exists\n")
    assert "lappi\tLappi" in run("region", "list").stdout.splitlines()
    assert run("gaps", "--region", "lappi").returncode == 0
