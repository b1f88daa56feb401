"""Storage: the ``GraphStore`` port and its adapters."""

from .base import GraphStore, Snapshot
from .memory import MemoryStore

__all__ = ["GraphStore", "MemoryStore", "Snapshot", "open_store"]

NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def open_store(
    url: str,
    user: str | None = None,
    password: str | None = None,
    database: str | None = None,
) -> GraphStore:
    """Open the store a URL names: ``sqlite:///path.db``, ``sqlite://`` (in memory), or a
    Neo4j server, ``neo4j://host:port`` or ``bolt://host:port``, as ``user`` with
    ``password`` on ``database`` (each defaults to its ``STRATEGYGRAPH_NEO4J_*`` setting)."""
    from ..domain import ValidationError

    if url.startswith("sqlite://"):
        path = url.removeprefix("sqlite://")
        path = path.removeprefix("/")
        return MemoryStore(path or ":memory:")
    if url.startswith(NEO4J_SCHEMES):
        from ..config import Settings
        from .neo4j import Neo4jStore

        defaults = Settings() if None not in (user, password, database) else Settings.from_env()
        return Neo4jStore(
            url,
            user if user is not None else defaults.neo4j_user,
            password if password is not None else defaults.neo4j_password,
            database if database is not None else defaults.neo4j_database,
        )
    raise ValidationError.one(
        "store-url",
        f"unsupported store URL {url!r}; use sqlite:///PATH, neo4j://HOST:PORT or bolt://HOST:PORT",
        "store",
    )
