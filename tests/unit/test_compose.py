"""docker-compose.yml (no Docker engine runs here): valid, simple, and configuring the
service with exactly the variables ``strategygraph/config.py`` reads."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from strategygraph.config import Settings

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    data = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def interpolate(value: str) -> str:
    """Compose's ``${NAME:-default}`` with nothing set: the default."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", value)


def variables_config_reads() -> set[str]:
    seen: set[str] = set()

    class Recording(dict[str, str]):
        def get(self, key: str, default: Any = None) -> Any:
            seen.add(key)
            return super().get(key, default)

    Settings.from_env(Recording())
    return {name for name in seen if name.startswith("STRATEGYGRAPH_")}


def test_service_uses_only_variables_config_reads(compose: dict[str, Any]) -> None:
    env = compose["services"]["strategygraph"]["environment"]
    ours = {name for name in env if name.startswith("STRATEGYGRAPH_")}
    assert ours <= variables_config_reads()
    assert {
        "STRATEGYGRAPH_STORE",
        "STRATEGYGRAPH_NEO4J_USER",
        "STRATEGYGRAPH_NEO4J_PASSWORD",
        "STRATEGYGRAPH_NEO4J_DATABASE",
    } <= ours


def test_service_reaches_the_neo4j_service_with_its_credentials(compose: dict[str, Any]) -> None:
    services = compose["services"]
    env = {k: interpolate(str(v)) for k, v in services["strategygraph"]["environment"].items()}
    settings = Settings.from_env(env)
    assert re.fullmatch(r"(neo4j|bolt)://neo4j:7687", settings.store)
    user, password = interpolate(services["neo4j"]["environment"]["NEO4J_AUTH"]).split("/", 1)
    assert (settings.neo4j_user, settings.neo4j_password) == (user, password)
    assert settings.neo4j_database == "neo4j"
    assert "7687:7687" in services["neo4j"]["ports"]


def test_neo4j_is_pinned_persistent_and_healthchecked(compose: dict[str, Any]) -> None:
    neo4j = compose["services"]["neo4j"]
    assert re.fullmatch(r"neo4j:5\.\d+\.\d+-community", neo4j["image"])
    assert any(v.endswith(":/data") for v in neo4j["volumes"])
    assert neo4j["volumes"][0].split(":")[0] in compose["volumes"]
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])


def test_service_is_built_here_and_waits_for_a_healthy_neo4j(compose: dict[str, Any]) -> None:
    service = compose["services"]["strategygraph"]
    assert service["build"] == "."
    assert service["depends_on"] == {"neo4j": {"condition": "service_healthy"}}
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11", dockerfile, re.MULTILINE)
    assert 'CMD ["strategygraph", "serve"]' in dockerfile
