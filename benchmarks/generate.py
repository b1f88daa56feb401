"""A seeded synthetic national-scale strategy graph, in the JSON interchange format.

About 20 national goals (region ``national``) and 18 regions, each with its organisations,
change visions deriving from the goals, organisational visions, strategic lines,
challenges and strategic projects. At the default size: 120,000 nodes and about 290,000
edges, among them lateral ``DEPENDS_ON`` edges between projects (always from a later to an
earlier project in generation order, so they never close a cycle; a few cross regions), a
few layer skips, some challenges no project addresses, some untraced projects, retired
nodes, stale drafts and a spread of project health. Only metamodel triples are used.

    .venv/bin/python -m benchmarks.generate --nodes 120000 -o /tmp/national.json

The same ``nodes`` and ``seed`` always give the same document.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from typing import Any

__all__ = ["generate"]

REGION_NAMES = (
    "Uusimaa", "Varsinais-Suomi", "Satakunta", "Kanta-Häme", "Pirkanmaa", "Päijät-Häme",
    "Kymenlaakso", "Etelä-Karjala", "Etelä-Savo", "Pohjois-Savo", "Pohjois-Karjala",
    "Keski-Suomi", "Etelä-Pohjanmaa", "Pohjanmaa", "Keski-Pohjanmaa", "Pohjois-Pohjanmaa",
    "Kainuu", "Lappi",
)  # fmt: skip
ORG_KINDS = (
    ("maakunta", "maakunta"),
    ("sote", "sote-kuntayhtymä"),
    ("hyvinvointialue", "hyvinvointialue"),
    ("tyoryhma-digi", "digityöryhmä"),
    ("tyoryhma-hyte", "hyte-työryhmä"),
    ("tyoryhma-talous", "talousryhmä"),
    ("pelastus", "pelastuslaitos"),
    ("kasvupalvelut", "kasvupalvelut"),
)
WORDS = (
    "palvelut", "digi", "hyte", "talous", "asiakas", "tieto", "osaaminen", "kasvu",
    "liikenne", "ympäristö", "asuminen", "hoito", "ennaltaehkäisy", "yhteistyö",
    "johtaminen", "työ", "koulutus", "kulttuuri", "turvallisuus", "terveys",
)  # fmt: skip
TAGS = ("digi", "hyte", "talous", "palvelut", "sote", "kasvu", "ilmasto", "osaaminen")
PHASES = ("idea", "suunnittelu", "toteutus", "käyttöönotto", "päättynyt")
OWNERS = tuple(f"owner-{i:02d}" for i in range(40))
BODIES = ("aluehallitus", "aluevaltuusto", "maakuntahallitus", "VATE", "johtoryhmä")

# Layer shares of a region's nodes (projects take what is left), short id and relation up.
LAYERS = (
    ("CHANGE_VISION", "cv", 0.005, "DERIVES_FROM"),
    ("ORGANISATIONAL_VISION", "ov", 0.01, "REALISES"),
    ("STRATEGIC_LINE", "line", 0.05, "SUPPORTS"),
    ("CHALLENGE", "ch", 0.20, "CHALLENGES"),
    ("STRATEGIC_PROJECT", "proj", 1.0, "ADDRESSES"),
)
MINIMUM = {"CHANGE_VISION": 1, "ORGANISATIONAL_VISION": 1, "STRATEGIC_LINE": 2, "CHALLENGE": 2}
# How many parents a node of each kind has one layer up: (count, weight) pairs.
FAN_OUT = {
    "CHANGE_VISION": ((1, 3), (2, 4), (3, 3)),
    "ORGANISATIONAL_VISION": ((1, 3), (2, 4), (3, 3)),
    "STRATEGIC_LINE": ((1, 3), (2, 5), (3, 2)),
    "CHALLENGE": ((1, 3), (2, 5), (3, 2)),
    "STRATEGIC_PROJECT": ((1, 25), (2, 45), (3, 25), (4, 5)),
}
# Layer skips (allowed by the metamodel, reported by the gap analysis).
SKIPS = {
    "STRATEGIC_PROJECT": (("SUPPORTS", "STRATEGIC_LINE"), ("SUPPORTS", "ORGANISATIONAL_VISION")),
    "CHALLENGE": (("SUPPORTS", "ORGANISATIONAL_VISION"),),
    "STRATEGIC_LINE": (("REALISES", "CHANGE_VISION"),),
    "ORGANISATIONAL_VISION": (("DERIVES_FROM", "NATIONAL_GOAL"),),
}
SKIP_SHARE = 0.004
UNTRACED_PROJECTS = 0.01
UNADDRESSED_CHALLENGES = 0.03
DEPENDENCY_SHARE = 0.3  # of projects that depend on earlier ones
DEPENDENCY_FAN = ((1, 50), (2, 30), (3, 20))
CROSS_REGION_DEPENDENCY = 0.05
DEPENDENCY_WINDOW = 400  # a dependency targets one of the region's last so many projects


def _weighted(rnd: random.Random, pairs: tuple[tuple[int, int], ...]) -> int:
    return rnd.choices([c for c, _ in pairs], [w for _, w in pairs])[0]


def _stamp(rnd: random.Random) -> str:
    return (
        f"{rnd.randint(2018, 2026)}-{rnd.randint(1, 9):02d}-{rnd.randint(1, 28):02d}"
        f"T{rnd.randint(7, 17):02d}:{rnd.randint(0, 59):02d}:00+00:00"
    )


def _node(
    rnd: random.Random, node_id: str, kind: str, region: str, org: str | None, title: str
) -> dict[str, Any]:
    roll = rnd.random()
    status = (
        "RETIRED" if roll < 0.02 else
        "DRAFT" if roll < 0.14 else
        "PROPOSED" if roll < 0.34 else
        "APPROVED"
    )  # fmt: skip
    created = _stamp(rnd)
    node: dict[str, Any] = {
        "id": node_id,
        "kind": kind,
        "region": region,
        "organisation": org,
        "title": title,
        "description": "",
        "status": status,
        "tags": rnd.sample(TAGS, rnd.choice((0, 1, 1, 2))),
        "version": 1,
        "created_at": created,
        "created_by": "generator",
        "updated_at": created,
        "updated_by": "generator",
    }
    if status == "APPROVED":
        node["approved_by"] = rnd.choice(BODIES)
        node["decision_date"] = f"{rnd.randint(2018, 2025)}-{rnd.randint(1, 12):02d}-15"
    if kind == "STRATEGIC_PROJECT":
        start = rnd.randint(2018, 2026)
        node["owner"] = rnd.choice(OWNERS)
        node["phase"] = rnd.choice(PHASES)
        node["start_date"] = f"{start}-{rnd.randint(1, 12):02d}-01"
        node["due_date"] = f"{start + rnd.randint(1, 4)}-{rnd.randint(1, 12):02d}-28"
        node["progress"] = rnd.randint(0, 100)
        node["health"] = rnd.choices(
            ("GREEN", "AMBER", "RED", "UNKNOWN", None), (50, 25, 10, 5, 10)
        )[0]
    return node


def generate(nodes: int = 120_000, seed: int = 1) -> dict[str, Any]:
    """An interchange document of ``nodes`` nodes (exactly, for 200 or more)."""
    rnd = random.Random(seed)
    nodes = max(nodes, 20)
    n_goals = min(20, max(2, nodes // 100))
    n_regions = min(len(REGION_NAMES), max(1, (nodes - n_goals) // 150))
    out_nodes: list[dict[str, Any]] = []
    out_edges: list[dict[str, Any]] = []
    doc: dict[str, Any] = {
        "format": "strategygraph",
        "format_version": 1,
        "regions": [{"id": "national", "name": "Suomi — kansalliset tavoitteet"}],
        "organisations": [],
        "nodes": out_nodes,
        "edges": out_edges,
    }

    def edge(source: str, relation: str, target: str) -> None:
        out_edges.append({"source": source, "relation": relation, "target": target})

    goals = [f"ng-{g + 1:02d}" for g in range(n_goals)]
    for g, goal in enumerate(goals):
        node = _node(rnd, goal, "NATIONAL_GOAL", "national", None, f"Kansallinen tavoite {g + 1}")
        out_nodes.append(node)

    all_projects: list[str] = []  # generation order: dependencies point back in it
    left = nodes - n_goals
    for r in range(n_regions):
        region = f"r{r + 1:02d}"
        size = left // (n_regions - r)
        left -= size
        doc["regions"].append({"id": region, "name": REGION_NAMES[r]})
        orgs = [f"{region}-{short}" for short, _ in ORG_KINDS[: rnd.randint(3, len(ORG_KINDS))]]
        for org, (_, name) in zip(orgs, ORG_KINDS, strict=False):
            doc["organisations"].append(
                {"id": org, "name": f"{REGION_NAMES[r]} {name}", "region": region}
            )
        counts = {
            kind: max(MINIMUM[kind], round(size * share))
            for kind, _, share, _ in LAYERS
            if kind in MINIMUM
        }
        counts["STRATEGIC_PROJECT"] = max(1, size - sum(counts.values()))
        layer_ids: dict[str, list[str]] = {"NATIONAL_GOAL": goals}
        above = "NATIONAL_GOAL"
        projects: list[str] = []
        for kind, short, _, relation in LAYERS:
            ids = [f"{region}-{short}-{i:06d}" for i in range(counts[kind])]
            pool = layer_ids[above]
            if kind == "STRATEGIC_PROJECT":
                # Some challenges get no project: projects pick from the others only.
                keep = max(1, round(len(pool) * (1 - UNADDRESSED_CHALLENGES)))
                pool = pool[:keep]
            for i, node_id in enumerate(ids):
                words = rnd.sample(WORDS, 2)
                title = f"{words[0].capitalize()} ja {words[1]} {i + 1}"
                owner = rnd.choice(orgs) if rnd.random() < 0.8 else None
                out_nodes.append(_node(rnd, node_id, kind, region, owner, title))
                if kind == "STRATEGIC_PROJECT" and rnd.random() < UNTRACED_PROJECTS:
                    pass  # not traced: reaches no national goal
                else:
                    # Neighbouring parents: a node mostly serves nearby items of the
                    # layer above (one line's challenges, one challenge's projects).
                    k = min(len(pool), _weighted(rnd, FAN_OUT[kind]))
                    first = rnd.randrange(len(pool))
                    chosen = {first}
                    while len(chosen) < k:
                        step = rnd.randint(-8, 8) if rnd.random() < 0.7 else None
                        chosen.add(
                            (first + step) % len(pool)
                            if step is not None
                            else rnd.randrange(len(pool))
                        )
                    for p in sorted(chosen):
                        edge(node_id, relation, pool[p])
                if kind in SKIPS and rnd.random() < SKIP_SHARE:
                    skip_relation, skip_kind = rnd.choice(SKIPS[kind])
                    edge(node_id, skip_relation, rnd.choice(layer_ids[skip_kind]))
                if kind == "STRATEGIC_PROJECT":
                    if projects and rnd.random() < DEPENDENCY_SHARE:
                        targets: set[str] = set()
                        for _ in range(_weighted(rnd, DEPENDENCY_FAN)):
                            if all_projects and rnd.random() < CROSS_REGION_DEPENDENCY:
                                targets.add(rnd.choice(all_projects))
                            else:
                                lo = max(0, len(projects) - DEPENDENCY_WINDOW)
                                targets.add(projects[rnd.randrange(lo, len(projects))])
                        for target in sorted(targets):
                            edge(node_id, "DEPENDS_ON", target)
                    projects.append(node_id)
            layer_ids[kind] = ids
            above = kind
        all_projects.extend(projects)
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--nodes", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", default="-", help="file to write ('-': stdout)")
    args = parser.parse_args(argv)
    doc = generate(nodes=args.nodes, seed=args.seed)
    if args.output == "-":
        json.dump(doc, sys.stdout, ensure_ascii=False, separators=(",", ":"))
        sys.stdout.write("\n")
    else:
        with open(args.output, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, separators=(",", ":"))
        print(
            f"wrote {args.output}: {len(doc['nodes']):,} nodes, {len(doc['edges']):,} edges",
            file=sys.stderr,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
