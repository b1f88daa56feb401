"""The import layers of DESIGN.md §3, read from the source (an AST walk, nothing imported):

- ``domain`` imports nothing of ours; ``collector`` (a leaf helper) neither;
- ``trace`` imports only ``domain``;
- ``store`` imports only ``domain``, ``collector`` and, in the modules named in
  ``STORE_USES_TRACE``, the part of ``trace`` named there (never ``config``, never click);
- no module outside ``trace`` takes an answer type (``domain.answers``) from ``trace``;
- ``interchange`` imports nothing of ``store``;
- only the command line imports click;
- no import cycle between the packages (the command line counted as one).

Every import counts, at the top of a module or inside a function or a ``TYPE_CHECKING``
block: a lazy import is a dependency too.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import networkx as nx
import pytest

import strategygraph
from strategygraph.domain import answers

PACKAGE = Path(strategygraph.__file__).parent

SHARED = {"config", "collector"}
"""Top-level modules that are not part of the command line; every other top-level module
(``cli``, ``exchange``, ``tables``, ``present``, ``*_commands``, …) is."""

MOVING_TO_CLI: set[str] = set()
"""Click commands in a lower package: none since they moved into ``strategygraph/cli/``."""

REEXPORTS_OF_MOVING: set[tuple[str, str]] = set()

STORE_USES_TRACE = {
    # The embedded adapter answers the traceability queries of the port with trace/'s
    # reference algorithms over its in-memory TraceGraph (DESIGN.md §3).
    "strategygraph.store.embedded_reads": "strategygraph.trace",
    # The graph structure only (TraceGraph, PlainEdge), not an algorithm: the embedded
    # store's graph, the applier's workspace (shared with the Neo4j adapter, which fills
    # a scratch TraceGraph with what a commit touches) and the history's copies of it.
    "strategygraph.store.apply": "strategygraph.trace.graph",
    "strategygraph.store.embedded": "strategygraph.trace.graph",
    "strategygraph.store.embedded_sync": "strategygraph.trace.graph",
    "strategygraph.store.history_codec": "strategygraph.trace.graph",
    "strategygraph.store.history_shelf": "strategygraph.trace.graph",
    "strategygraph.store.neo4j_touched": "strategygraph.trace.graph",
    "strategygraph.store.sqlite": "strategygraph.trace.graph",
    # The graph and its compact image (trace/graph_image.py), to open a file fast.
    "strategygraph.store.open_image": "strategygraph.trace",
    # The Neo4j adapter pages the upward paths it fetches with Cypher through the
    # reference pager (a pure function of a parents callback), so its pages are the same.
    "strategygraph.store.neo4j_trace": "strategygraph.trace.path_pages",
}
"""Per store module, the one part of ``trace`` it may import (the package: any of it)."""


def module_name(path: Path) -> str:
    parts = ["strategygraph", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def layer(module: str) -> str:
    """The package a module of ours belongs to: ``store``, ``trace``, … or ``cli``."""
    if module in MOVING_TO_CLI:
        return "cli"
    parts = module.split(".")
    if len(parts) == 1:
        return "strategygraph"
    if len(parts) == 2 and (PACKAGE / f"{parts[1]}.py").exists():
        return parts[1] if parts[1] in SHARED else "cli"
    return parts[1]


@cache
def imports(module: str) -> tuple[tuple[str, int, tuple[str, ...]], ...]:
    """Every module ``module`` imports, with the line and the names taken from it:
    relative imports resolved; ``from package import submodule`` gives the package and the
    submodule."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: list[tuple[str, int, tuple[str, ...]]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.append((alias.name, node.lineno, ()))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            names = tuple(alias.name for alias in node.names)
            found.append((target, node.lineno, names))  # imported first, whatever the names
            submodules = [f"{target}.{name}" for name in names]
            found += [(name, node.lineno, ()) for name in submodules if name in MODULES]
    return tuple(found)


def ours(target: str) -> bool:
    return target == "strategygraph" or target.startswith("strategygraph.")


def within(target: str, package: str) -> bool:
    return target == package or target.startswith(package + ".")


def broken(rule: str, module: str, target: str, line: int) -> str:
    return f"{MODULES[module].relative_to(PACKAGE.parent)}:{line} imports {target}: {rule}"


def check(module: str) -> Iterator[str]:
    """Every rule ``module`` breaks, one line each."""
    own = layer(module)
    for target, line, names in imports(module):
        if within(target, "click") and own != "cli":
            yield broken("only the command line imports click", module, target, line)
        if not ours(target):
            continue
        theirs = layer(target)
        if own == theirs:
            continue
        if own in {"domain", "collector"}:
            yield broken(f"{own} imports nothing of ours", module, target, line)
        if own == "trace" and theirs != "domain":
            yield broken("trace imports only domain", module, target, line)
        if own == "store" and theirs == "trace":
            allowed = STORE_USES_TRACE.get(module)
            if allowed is None or not within(target, allowed):
                yield broken(
                    f"the store imports {allowed or 'no part of trace'} here (STORE_USES_TRACE)",
                    module,
                    target,
                    line,
                )
        elif own == "store" and theirs not in {"domain", "collector"}:
            yield broken("the store imports only domain, collector and trace", module, target, line)
        if own == "interchange" and theirs == "store":
            yield broken("interchange imports nothing of store", module, target, line)
        if theirs == "trace":
            for name in sorted(set(names) & set(answers.__all__)):
                rule = f"the answer type {name} comes from strategygraph.domain.answers"
                yield broken(rule, module, target, line)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_the_module_keeps_to_its_layer(module: str) -> None:
    assert list(check(module)) == []


def test_no_import_cycle_between_packages() -> None:
    graph = nx.DiGraph()
    for module in MODULES:
        for target, line, _ in imports(module):
            if (module, target) in REEXPORTS_OF_MOVING:
                continue
            if ours(target) and layer(target) != layer(module):
                edge = graph.get_edge_data(layer(module), layer(target), {"by": []})
                graph.add_edge(layer(module), layer(target), by=[*edge["by"], (module, line)])
    cycles = [c for c in nx.strongly_connected_components(graph) if len(c) > 1]
    shown = [
        f"{a} -> {b} ({', '.join(f'{m}:{n}' for m, n in graph.edges[a, b]['by'][:3])})"
        for cycle in cycles
        for a, b in sorted(graph.subgraph(cycle).edges)
    ]
    assert shown == [], "the packages import each other in a cycle"


def test_the_exceptions_name_modules_that_exist() -> None:
    named = [*MOVING_TO_CLI, *STORE_USES_TRACE]
    stale = sorted(m for m in named if m not in MODULES)
    stale += [f"{a} -> {b}" for a, b in sorted(REEXPORTS_OF_MOVING) if (a, b) not in edges()]
    assert stale == [], "remove these from the test's lists: they are gone"


def edges() -> set[tuple[str, str]]:
    return {(module, target) for module in MODULES for target, _, _ in imports(module)}


def test_the_walk_sees_the_rules_it_checks() -> None:
    """The checks are not vacuous: the walk finds the imports the rules are about."""
    seen: dict[str, set[str]] = defaultdict(set)
    for module in MODULES:
        seen[layer(module)].update(layer(t) for t, _, _ in imports(module) if ours(t))
        seen[layer(module)].update(t for t, _, _ in imports(module) if within(t, "click"))
    assert {"domain", "trace", "collector"} <= seen["store"]
    assert "click" in seen["cli"] and "store" in seen["cli"]
    assert "domain" in seen["trace"] and "domain" in seen["interchange"]
