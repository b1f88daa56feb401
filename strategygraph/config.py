"""Configuration: read once from ``STRATEGYGRAPH_*`` environment variables, with safe
defaults; CLI flags override it. Nothing else in the package reads the environment."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .glossary import DEFAULT_LANG, Lang, parse_lang

if TYPE_CHECKING:
    from .store import GraphStore

__all__ = ["DEFAULT_STORE", "Settings", "open_store"]

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
    anonymous_read: bool = False
    """Without a token, read APPROVED content (nothing else); off unless set."""
    oidc_issuer: str = ""
    oidc_audience: str = ""
    oidc_jwks_url: str = ""
    """The identity provider's key set: an ``https://`` URL, or ``file://`` for a local one."""
    oidc_user_claim: str = "sub"
    oidc_roles_claim: str = "strategygraph_roles"
    answer_cache_mb: int = 64
    """Memory for answers of read-only queries, kept until the graph changes; 0: off."""
    lang: Lang = DEFAULT_LANG
    """The language of the maps, the map page and the CLI tables (``fi``, ``sv``, ``en``)."""
    webhook_private: bool | None = None
    """May webhooks call private and loopback addresses? Unset: in development only."""
    webhook_retry_seconds: float = 2.0
    """The first wait before a failed webhook delivery is tried again (then doubled)."""

    @property
    def webhooks_may_call_private(self) -> bool:
        return self.webhook_private if self.webhook_private is not None else not self.production

    header_timeout: int = 10
    """Seconds a connection has to send a request's line and headers; then it is closed."""
    body_timeout: int = 60
    """Seconds a request has to send its whole body; then it is answered 408 and closed."""
    keep_alive: int = 5
    """Seconds an idle kept-alive connection stays open between requests."""
    max_connections: int = 1000
    """Connections (HTTP and WebSocket) open at once, per process; beyond it: 503."""
    budget: int = 20_000
    """Cost (``api/cost.py``) each caller may spend per ``budget_window``; 0: no budget."""
    budget_window: int = 60
    """Seconds over which a caller's spent cost counts against ``budget``."""
    base_url: str = ""
    """The page's public address (``https://strategia.example.fi``): the links of PDF maps."""

    @property
    def production(self) -> bool:
        return self.mode == "production"

    @property
    def oidc(self) -> bool:
        """Are OpenID Connect access tokens accepted (issuer, audience and keys set)?"""
        return bool(self.oidc_issuer and self.oidc_audience and self.oidc_jwks_url)

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ

        def get(name: str, default: str) -> str:
            return env.get(f"STRATEGYGRAPH_{name}", default).strip() or default

        mode = get("MODE", cls.mode)
        if mode not in MODES:
            raise ValueError(f"STRATEGYGRAPH_MODE must be one of {', '.join(MODES)}, not {mode!r}")
        oidc = {n: get(f"OIDC_{n}", "") for n in ("ISSUER", "AUDIENCE", "JWKS_URL")}
        if any(oidc.values()) and not all(oidc.values()):
            unset = ", ".join(f"STRATEGYGRAPH_OIDC_{n}" for n, v in oidc.items() if not v)
            raise ValueError(f"an identity provider needs issuer, audience and keys: set {unset}")
        try:
            lang = parse_lang(get("LANG", cls.lang.value))
        except ValueError as exc:
            raise ValueError(f"STRATEGYGRAPH_LANG: {exc}") from None
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
            anonymous_read=_flag("STRATEGYGRAPH_ANONYMOUS_READ", get("ANONYMOUS_READ", "false")),
            oidc_issuer=oidc["ISSUER"],
            oidc_audience=oidc["AUDIENCE"],
            oidc_jwks_url=oidc["JWKS_URL"],
            oidc_user_claim=get("OIDC_USER_CLAIM", cls.oidc_user_claim),
            oidc_roles_claim=get("OIDC_ROLES_CLAIM", cls.oidc_roles_claim),
            answer_cache_mb=_integer(
                "STRATEGYGRAPH_ANSWER_CACHE_MB", get("ANSWER_CACHE_MB", "64"), 0, 65536
            ),
            lang=lang,
            webhook_private=(
                _flag("STRATEGYGRAPH_WEBHOOK_PRIVATE", get("WEBHOOK_PRIVATE", ""))
                if get("WEBHOOK_PRIVATE", "")
                else None
            ),
            webhook_retry_seconds=float(
                _integer(
                    "STRATEGYGRAPH_WEBHOOK_RETRY_MS", get("WEBHOOK_RETRY_MS", "2000"), 1, 3_600_000
                )
            )
            / 1000,
            header_timeout=_integer(
                "STRATEGYGRAPH_HEADER_TIMEOUT", get("HEADER_TIMEOUT", "10"), 1, 3600
            ),
            body_timeout=_integer("STRATEGYGRAPH_BODY_TIMEOUT", get("BODY_TIMEOUT", "60"), 1, 3600),
            keep_alive=_integer("STRATEGYGRAPH_KEEP_ALIVE", get("KEEP_ALIVE", "5"), 1, 3600),
            max_connections=_integer(
                "STRATEGYGRAPH_MAX_CONNECTIONS", get("MAX_CONNECTIONS", "1000"), 1, 1_000_000
            ),
            budget=_integer("STRATEGYGRAPH_BUDGET", get("BUDGET", "20000"), 0, 10**9),
            budget_window=_integer(
                "STRATEGYGRAPH_BUDGET_WINDOW", get("BUDGET_WINDOW", "60"), 1, 86400
            ),
            base_url=_base_url(get("BASE_URL", "")),
        )


def open_store(url: str, settings: Settings | None = None) -> GraphStore:
    """Open the store ``url`` names with the Neo4j credentials of ``settings`` (read from
    the environment when not given: ``STRATEGYGRAPH_NEO4J_USER``, ``_PASSWORD`` and
    ``_DATABASE``). The store itself reads no settings (``store.open_store``)."""
    from .store import open_store as open_url

    s = Settings.from_env() if settings is None else settings
    return open_url(url, s.neo4j_user, s.neo4j_password, s.neo4j_database)


def _base_url(value: str) -> str:
    if value and not value.startswith(("http://", "https://")):
        raise ValueError(
            f"STRATEGYGRAPH_BASE_URL must start with http:// or https://, not {value!r}"
        )
    return value.rstrip("/")


def _flag(name: str, value: str) -> bool:
    text = value.strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("0", "false", "no", "off"):
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def _integer(name: str, value: str, low: int, high: int) -> int:
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None
    if not low <= number <= high:
        raise ValueError(f"{name} must be between {low} and {high}, not {number}")
    return number
