"""The GraphQL API: Strawberry schema and the Starlette app that serves it.

``create_app`` and ``build_schema`` are imported when first asked for, not with the
package: ``strategygraph serve --workers N`` imports ``api.server`` in its parent process,
which hands uvicorn an import string and needs none of the app (1-1.5 s to import).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .app import create_app
    from .schema import build_schema

__all__ = [
    "build_schema",
    "create_app",
]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    if name == "build_schema":
        from .schema import build_schema

        return build_schema
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
