"""``graphChanged`` tells a region's subscribers of its risks, readings and reports (the
change's regions; its entries are read with ``changes(after:)``), and no other region's."""

from __future__ import annotations

import pytest
from gql import GraphQLRequest

from .conftest import Served
from .test_live import http, settle, subscribed

pytestmark = pytest.mark.anyio

RISK = "mutation ($i: RiskInput!) { createRisk(input: $i) { id } }"


def _risk(risk_id: str, region: str, node: str) -> dict[str, object]:
    return {
        "i": {
            "id": risk_id,
            "region": region,
            "title": "Aikataulu",
            "likelihood": 3,
            "impact": 4,
            "threatens": [node],
        }
    }


async def test_a_region_subscriber_hears_of_its_risks_only(served: Served) -> None:
    version = served.store.version()
    async with subscribed(served, {"region": "etela"}) as seen, http(served, "bob") as bob:
        await bob.execute(
            GraphQLRequest(RISK, variable_values=_risk("r-n", "pohjoinen", "proj-lonely"))
        )
        await bob.execute(GraphQLRequest(RISK, variable_values=_risk("r-e", "etela", "ch")))
        await settle(seen, 1)
    assert [(c["version"], c["regions"], c["nodes"]) for c in seen] == [
        (version + 2, ["etela"], [])
    ]
