"""Storage: the ``GraphStore`` port and its adapters."""

from .base import GraphStore
from .memory import MemoryStore

__all__ = ["GraphStore", "MemoryStore", "open_store"]


def open_store(url: str) -> GraphStore:
    """Open the store a URL names: ``sqlite:///path.db``, ``sqlite://`` (in memory)."""
    from ..domain import ValidationError

    if url.startswith("sqlite://"):
        path = url.removeprefix("sqlite://")
        path = path.removeprefix("/")
        return MemoryStore(path or ":memory:")
    raise ValidationError.one(
        "store-url", f"unsupported store URL {url!r}; use sqlite:///PATH", "store"
    )
