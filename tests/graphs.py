"""Test graphs: the demo's documents and a seeded synthetic strategy with every feature the
traceability answers care about. (A national-scale graph: ``benchmarks.generate.generate``.)

Nothing here falls back to something smaller: a test that asks for the demo reads the demo,
or fails with the reason it cannot."""

from __future__ import annotations

import random
from typing import Any

from strategygraph.data import demo_documents

__all__ = ["demo", "seeded_document"]

KINDS = (
    ("CHANGE_VISION", "DERIVES_FROM", 0.03),
    ("ORGANISATIONAL_VISION", "REALISES", 0.02),
    ("STRATEGIC_LINE", "SUPPORTS", 0.08),
    ("CHALLENGE", "CHALLENGES", 0.22),
    ("STRATEGIC_PROJECT", "ADDRESSES", 1.0),
)
SKIPS = {
    "STRATEGIC_PROJECT": [("SUPPORTS", "STRATEGIC_LINE"), ("SUPPORTS", "ORGANISATIONAL_VISION")],
    "CHALLENGE": [("SUPPORTS", "ORGANISATIONAL_VISION")],
    "STRATEGIC_LINE": [("REALISES", "CHANGE_VISION")],
    "ORGANISATIONAL_VISION": [("DERIVES_FROM", "NATIONAL_GOAL")],
}


def demo() -> list[dict[str, Any]]:
    """The demo's documents, in the order they import (a missing demo file is an error)."""
    return demo_documents()


def seeded_document(nodes: int, seed: int, regions: int = 4, goals: int = 8) -> dict[str, Any]:
    """About ``nodes`` nodes: several regions under shared national goals, with retired
    nodes, layer skips, stale drafts, untraced projects and lateral dependencies."""
    rnd = random.Random(seed)
    out: dict[str, Any] = {
        "format": "strategygraph",
        "format_version": 1,
        "regions": [{"id": "national", "name": "Suomi"}]
        + [{"id": f"r{r}", "name": f"Region {r}"} for r in range(regions)],
        "organisations": [
            {"id": f"org{r}", "name": f"Org {r}", "region": f"r{r}"} for r in range(regions)
        ],
        "nodes": [],
        "edges": [],
    }
    layers: dict[str, list[str]] = {"NATIONAL_GOAL": []}
    for g in range(goals):
        out["nodes"].append(_node(rnd, f"goal-{g}", "NATIONAL_GOAL", "national"))
        layers["NATIONAL_GOAL"].append(f"goal-{g}")
    per_region = max(1, (nodes - goals) // regions)
    for r in range(regions):
        region = f"r{r}"
        above = "NATIONAL_GOAL"
        left = per_region
        for kind, relation, share in KINDS:
            count = max(2, int(per_region * share)) if share < 1 else max(2, left)
            left -= count
            ids = [f"{region}-{kind.lower().replace('_', '-')}-{i}" for i in range(count)]
            pool = layers[above] if above == "NATIONAL_GOAL" else layers[f"{region}:{above}"]
            for node_id in ids:
                out["nodes"].append(_node(rnd, node_id, kind, region))
                if kind == "STRATEGIC_PROJECT" and rnd.random() < 0.03:
                    continue  # not traced
                for parent in rnd.sample(pool, min(len(pool), rnd.choice((1, 1, 2, 2, 3)))):
                    out["edges"].append(_edge(node_id, relation, parent))
                if kind in SKIPS and rnd.random() < 0.04:
                    skip_relation, skip_kind = rnd.choice(SKIPS[kind])
                    key = skip_kind if skip_kind == "NATIONAL_GOAL" else f"{region}:{skip_kind}"
                    out["edges"].append(_edge(node_id, skip_relation, rnd.choice(layers[key])))
            layers[f"{region}:{kind}"] = ids
            above = kind
        projects = layers[f"{region}:STRATEGIC_PROJECT"]
        for _ in range(len(projects) // 15):
            a, b = sorted(rnd.sample(range(len(projects)), 2))
            out["edges"].append(_edge(projects[b], "DEPENDS_ON", projects[a]))
    seen: set[tuple[str, str]] = set()
    unique = []
    for edge in out["edges"]:
        if (edge["source"], edge["target"]) not in seen:
            seen.add((edge["source"], edge["target"]))
            unique.append(edge)
    out["edges"] = unique
    return out


def _node(rnd: random.Random, node_id: str, kind: str, region: str) -> dict[str, Any]:
    roll = rnd.random()
    status = "RETIRED" if roll < 0.04 else "PROPOSED" if roll < 0.3 else "DRAFT"
    year = rnd.choice((2019, 2024, 2026))
    node: dict[str, Any] = {
        "id": node_id,
        "kind": kind,
        "region": region,
        "title": node_id.replace("-", " ").title(),
        "status": status,
        "created_at": f"{year}-0{rnd.randint(1, 9)}-1{rnd.randint(0, 9)}T08:00:00+00:00",
        "tags": rnd.sample(["digi", "hyte", "talous", "palvelut"], rnd.randint(0, 2)),
    }
    if region != "national" and rnd.random() < 0.3:
        node["organisation"] = f"org{region[1:]}"
    if kind == "STRATEGIC_PROJECT":
        health = rnd.choice(("GREEN", "AMBER", "RED", None))
        if health:
            node["health"] = health
        node["progress"] = rnd.randint(0, 100)
    return node


def _edge(source: str, relation: str, target: str) -> dict[str, Any]:
    return {"source": source, "relation": relation, "target": target}
