"""The GraphQL API: Strawberry schema and the Starlette app that serves it."""

from .app import create_app
from .schema import build_schema

__all__ = [
    "build_schema",
    "create_app",
]
