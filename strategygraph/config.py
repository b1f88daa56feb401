"""Configuration: read once from ``STRATEGYGRAPH_*`` environment variables, with safe
defaults; CLI flags override it. Nothing else in the package reads the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["DEFAULT_STORE", "Settings"]

DEFAULT_STORE = "sqlite:///./strategygraph.db"
MODES = ("development", "production")


@dataclass(frozen=True)
class Settings:
    store: str = DEFAULT_STORE
    host: str = "127.0.0.1"
    port: int = 8000
    mode: str = "development"
    actor: str = "cli"
    draft_days: int = 90
    neo4j_user: str = "neo4j"
    neo4j_password: str = field(default="", repr=False)
    neo4j_database: str = "neo4j"

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def get(name: str, default: str) -> str:
            return env.get(f"STRATEGYGRAPH_{name}", default).strip() or default

        mode = get("MODE", cls.mode)
        if mode not in MODES:
            raise ValueError(f"STRATEGYGRAPH_MODE must be one of {', '.join(MODES)}, not {mode!r}")
        return cls(
            store=get("STORE", cls.store),
            host=get("HOST", cls.host),
            port=_integer("STRATEGYGRAPH_PORT", get("PORT", str(cls.port)), 1, 65535),
            mode=mode,
            actor=get("ACTOR", env.get("USER", cls.actor) or cls.actor),
            draft_days=_integer("STRATEGYGRAPH_DRAFT_DAYS", get("DRAFT_DAYS", "90"), 1, 36500),
            neo4j_user=get("NEO4J_USER", cls.neo4j_user),
            # A password is taken as it is: spaces may be part of it.
            neo4j_password=env.get("STRATEGYGRAPH_NEO4J_PASSWORD", ""),
            neo4j_database=get("NEO4J_DATABASE", cls.neo4j_database),
        )


def _integer(name: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low} and {high}, not {number}")
    return number
