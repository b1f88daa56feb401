"""One worker process of ``strategygraph serve --workers N``.

uvicorn starts N processes; each imports this module and calls ``create``, which opens
the store named by the settings (``STRATEGYGRAPH_STORE``, which ``serve`` sets from its
flags) and builds the whole app over it. The workers share nothing but the store: each
catches up from the store's event log before it answers or writes, so they behave as one
service (README, *Several processes on one store*).
"""

from __future__ import annotations

import gc

from starlette.applications import Starlette

from ..config import Settings, open_store
from ..maps.fresh import Freshness
from ..maps.page import page_route
from ..maps.web import map_routes
from ..service import StrategyService
from .app import create_app
from .catch_up import caught_up
from .offload import reading

__all__ = ["create", "served_app"]


def served_app(service: StrategyService, settings: Settings) -> Starlette:
    """The API, the map page and the map routes over ``service``'s store; the maps
    catch up and draw as the API's queries do (off the loop, inside the store's gate)."""
    store = service.store
    fresh = Freshness(store, lambda: caught_up(store), lambda: reading(store))
    return create_app(service, settings, [page_route(), *map_routes(store, fresh=fresh)])


def create() -> Starlette:
    """The app of one worker, over the store its settings name."""
    settings = Settings.from_env()
    app = served_app(StrategyService(open_store(settings.store, settings)), settings)
    # The loaded graph lives as long as the process: moved out of the collector's sight,
    # full collections no longer walk its millions of objects (0.2 s at 120,000 nodes).
    gc.freeze()
    return app
