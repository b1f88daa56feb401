"""The app ``bench_http`` serves: the real GraphQL app over a store file, plus the floor.

The floor, ``GET /floor/trace-up?id=…``, is a plain Starlette JSON endpoint behind the
same middleware (request id, sign-in) that runs the same ``trace_up`` and returns the same
JSON as the GraphQL ``traceUp`` query of ``bench_http.TRACE_UP``: the difference between
the two is what GraphQL costs.

    STRATEGYGRAPH_BENCH_STORE=/tmp/national.db \\
        .venv/bin/uvicorn --factory benchmarks.http_app:create --workers 2
"""

from __future__ import annotations

import dataclasses
import gc
import os
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from strategygraph.api import create_app
from strategygraph.config import Settings
from strategygraph.domain import NotFound
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore, GraphStore

__all__ = ["STORE_VARIABLE", "create", "floor_route", "trace_up_payload"]

STORE_VARIABLE = "STRATEGYGRAPH_BENCH_STORE"


def trace_up_payload(store: GraphStore, node_id: str) -> dict[str, Any]:
    """What ``{ traceUp(id: …) { paths { nodes { id title } relations } } }`` answers."""
    paths = store.trace_up_page(node_id, first=20).paths
    return {
        "data": {
            "traceUp": {
                "paths": [
                    {
                        "nodes": [{"id": i, "title": store.get_node(i).title} for i in p.nodes],
                        "relations": [r.value for r in p.relations],
                    }
                    for p in paths
                ]
            }
        }
    }


def floor_route(store: GraphStore) -> Route:
    async def trace_up(request: Request) -> JSONResponse:
        try:
            return JSONResponse(trace_up_payload(store, request.query_params["id"]))
        except (KeyError, NotFound) as exc:
            return JSONResponse({"error": str(exc)}, status_code=404)

    return Route("/floor/trace-up", trace_up, methods=["GET"])


def create() -> Starlette:
    """The app over the store file named by ``STRATEGYGRAPH_BENCH_STORE`` in production
    mode, with the other settings from the environment (``STRATEGYGRAPH_ANSWER_CACHE_MB``)."""
    store = EmbeddedStore(os.environ[STORE_VARIABLE])
    service = StrategyService(store)
    settings = dataclasses.replace(Settings.from_env(), mode="production")
    app = create_app(service, settings, [floor_route(store)])
    gc.freeze()  # as ``strategygraph serve`` does once the graph is loaded
    return app
