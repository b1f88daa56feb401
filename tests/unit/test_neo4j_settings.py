"""The Neo4j settings: read from ``STRATEGYGRAPH_NEO4J_*``, with safe defaults."""

from __future__ import annotations

from strategygraph.config import Settings


def test_neo4j_settings_defaults_and_environment() -> None:
    default = Settings.from_env({})
    assert (default.neo4j_user, default.neo4j_password, default.neo4j_database) == (
        "neo4j",
        "",
        "neo4j",
    )
    s = Settings.from_env(
        {
            "STRATEGYGRAPH_STORE": "neo4j://db:7687",
            "STRATEGYGRAPH_NEO4J_USER": " planner ",
            "STRATEGYGRAPH_NEO4J_PASSWORD": " secret with spaces ",
            "STRATEGYGRAPH_NEO4J_DATABASE": "strategy",
        }
    )
    assert (s.store, s.neo4j_user, s.neo4j_password, s.neo4j_database) == (
        "neo4j://db:7687",
        "planner",
        " secret with spaces ",
        "strategy",
    )


def test_the_password_stays_out_of_the_settings_repr() -> None:
    s = Settings.from_env({"STRATEGYGRAPH_NEO4J_PASSWORD": "hunter2"})
    assert "hunter2" not in repr(s)
