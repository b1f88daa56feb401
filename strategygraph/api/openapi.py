"""The OpenAPI 3.1 description of the plain HTTP routes (the feeds), served at
``/openapi.json``; GraphQL describes itself (``schema.graphql``).

Written by hand as one dict, so it says exactly what ``feeds.py`` does; a test validates
it with openapi-spec-validator and checks its paths are the routes the app serves.
"""

from __future__ import annotations

from typing import Any

from .feeds import FEED_FORMATS

__all__ = ["OPENAPI_PATH", "openapi_document"]

OPENAPI_PATH = "/openapi.json"

_ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["code", "message"],
            "properties": {
                "code": {"type": "string", "examples": ["NOT_FOUND"]},
                "message": {"type": "string"},
            },
        }
    },
}


def _error(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


_PARAMETERS: dict[str, Any] = {
    "region": {
        "name": "region",
        "in": "path",
        "required": True,
        "description": "The region's id (its national goals come with it).",
        "schema": {"type": "string"},
    },
    "since": {
        "name": "since",
        "in": "query",
        "required": False,
        "description": "Only what changed after this graph version (a delta); the JSON "
        "feed lists what was removed in `removed`.",
        "schema": {"type": "integer", "minimum": 0},
    },
    "token": {
        "name": "token",
        "in": "query",
        "required": False,
        "description": "An API token, for tools that cannot send a header. It may end up "
        "in logs and histories: use a token of a viewer made for the feed only.",
        "schema": {"type": "string"},
    },
    "dialect": {
        "name": "dialect",
        "in": "query",
        "required": False,
        "description": "CSV only: `fi` writes what Finnish Excel reads (`;`, 1.4.2018).",
        "schema": {"type": "string", "enum": ["standard", "fi"], "default": "standard"},
    },
    "ifNoneMatch": {
        "name": "If-None-Match",
        "in": "header",
        "required": False,
        "description": "The ETag of an earlier answer: 304 while nothing it shows changed.",
        "schema": {"type": "string"},
    },
}


def _responses(media_types: list[str], what: str) -> dict[str, Any]:
    binary = {"type": "string", "format": "binary"}
    return {
        "200": {
            "description": what,
            "headers": {
                "ETag": {"description": "The answer's version.", "schema": {"type": "string"}},
                "X-Graph-Version": {
                    "description": "The graph version exported.",
                    "schema": {"type": "integer"},
                },
            },
            "content": {m: {"schema": binary} for m in media_types},
        },
        "304": {"description": "Not modified since the ETag given in If-None-Match."},
        "400": _error("A bad parameter (since, dialect)."),
        "401": _error("No token where one is needed, or a bad token."),
        "404": _error("No such region or format."),
    }


def _refs(*names: str) -> list[dict[str, str]]:
    return [{"$ref": f"#/components/parameters/{n}"} for n in names]


def openapi_document(server: str = "/") -> dict[str, Any]:
    """The OpenAPI 3.1 document of the feed routes."""
    formats = sorted(FEED_FORMATS)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "StrategyGraph feeds",
            "version": "1",
            "description": "A region of the strategy graph as a file, for Power Query, "
            "Excel, Kumu and ETL tools. Sign in as for the API.",
        },
        "servers": [{"url": server}],
        "security": [{"bearer": []}, {"queryToken": []}, {}],
        "paths": {
            "/export/{region}.{format}": {
                "get": {
                    "operationId": "exportRegion",
                    "summary": "The region in one format (CSV: the nodes).",
                    "parameters": [
                        *_refs("region"),
                        {
                            "name": "format",
                            "in": "path",
                            "required": True,
                            "description": "The file format.",
                            "schema": {"type": "string", "enum": formats},
                        },
                        *_refs("since", "token", "dialect", "ifNoneMatch"),
                    ],
                    "responses": _responses(
                        sorted(set(FEED_FORMATS.values())), "The region's file."
                    ),
                }
            },
            "/export/{region}/edges.csv": {
                "get": {
                    "operationId": "exportRegionEdges",
                    "summary": "The region's edges as CSV.",
                    "parameters": _refs("region", "since", "token", "dialect", "ifNoneMatch"),
                    "responses": _responses([FEED_FORMATS["csv"]], "edges.csv of the region."),
                }
            },
        },
        "components": {
            "schemas": {"Error": _ERROR},
            "parameters": _PARAMETERS,
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "queryToken": {"type": "apiKey", "in": "query", "name": "token"},
            },
        },
    }
