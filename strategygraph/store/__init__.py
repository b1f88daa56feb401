"""Storage: the ``GraphStore`` port and its adapters."""

from .base import GraphStore, Snapshot
from .embedded import EmbeddedStore

__all__ = ["EmbeddedStore", "GraphStore", "Snapshot", "open_store", "sqlite_file"]

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def open_store(
    url: str,
    user: str = "neo4j",
    password: str = "",
    database: str = "neo4j",
) -> GraphStore:
    """Open the store a URL names: ``sqlite:///path.db``, ``sqlite://`` (in memory), or a
    Neo4j server, ``neo4j://host:port`` or ``bolt://host:port``, as ``user`` with
    ``password`` on ``database`` (Neo4j's own defaults). The store reads no settings of
    its own: ``config.open_store`` opens the store the ``STRATEGYGRAPH_*`` settings name."""
    from ..domain import ValidationError

    if url.startswith("sqlite://"):
        return EmbeddedStore(sqlite_file(url) or ":memory:")
    if url.startswith(NEO4J_SCHEMES):
        from .neo4j import Neo4jStore

        return Neo4jStore(url, user, password, database)
    raise ValidationError.one(
        "store-url",
        f"unsupported store URL {url!r}; use sqlite:///PATH, neo4j://HOST:PORT or bolt://HOST:PORT",
        "store",
    )


def sqlite_file(url: str) -> str | None:
    """The file a ``sqlite:///PATH`` URL names (``sqlite:////abs/path.db``: an absolute
    one); None for any other store, ``sqlite://`` and ``sqlite:///:memory:`` among them
    (in memory: no file)."""
    if not url.startswith("sqlite://"):
        return None
    path = url.removeprefix("sqlite://").removeprefix("/")
    return path if path and path != ":memory:" else None
