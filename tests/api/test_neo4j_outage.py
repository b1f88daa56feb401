"""The API over the Neo4j adapter while its server dies and comes back: clients get a
GraphQL error with code ``STORE_UNAVAILABLE`` and no traceback, and the same running
service answers again once the server is back, without a restart."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from strategygraph.config import Settings
from strategygraph.service import StrategyService
from strategygraph.store.neo4j import Neo4jStore
from tests.api.conftest import serve
from tests.arcadedb import BoltServer
from tests.conftest import small_document

TRACE = 'query { traceUp(id: "proj") { paths { nodes { id } } } }'
GOAL = 'query { node(id: "goal") { id title } }'
UPDATE = """mutation($v: Int!) {
  updateNode(input: {id: "proj", expectedVersion: $v, title: "Back"}) { node { version } }
}"""


def unavailable(error: dict[str, Any], url: str) -> None:
    """The error a client gets while the server is down."""
    assert error["extensions"] == {"code": "STORE_UNAVAILABLE"}
    assert re.match(rf"^the Neo4j server at {re.escape(url)} is unavailable, ", error["message"])
    assert error["message"].endswith("check that the server is running and reachable")
    assert "Traceback" not in error["message"] and "File " not in error["message"]


def test_a_dead_bolt_server_gives_store_unavailable_and_the_service_recovers(
    tmp_path: Path,
) -> None:
    server = BoltServer(tmp_path / "own-server")  # not the session's: this test kills it
    try:
        server.start()
        store = Neo4jStore(server.url, server.user, server.password, retry_seconds=1.0)
        try:
            StrategyService(store).import_document(small_document(), "loader")
            settings = Settings(mode="production", anonymous_read=True)
            with serve(store, settings=settings) as served:  # type: ignore[arg-type]
                api = served.api("alice")  # signed in: its token is checked in the store
                anonymous = served.anonymous()  # not signed in: the resolver meets the outage
                assert anonymous(GOAL) == {"node": {"id": "goal", "title": "GOAL"}}
                before = api(TRACE)["traceUp"]["paths"]
                assert [[n["id"] for n in p["nodes"]] for p in before] == [
                    ["proj", "ch", "line", "ov", "cv", "goal"]
                ]

                server.kill()
                unavailable(api.error(TRACE), server.url)
                unavailable(api.error(UPDATE, v=1), server.url)
                unavailable(anonymous.error(GOAL), server.url)

                server.start()  # the same port and data folder; the service runs on
                assert api(TRACE)["traceUp"]["paths"] == before
                assert api(UPDATE, v=1)["updateNode"]["node"]["version"] == 2
                assert anonymous(GOAL) == {"node": {"id": "goal", "title": "GOAL"}}
        finally:
            store.close()
    finally:
        server.close()
