"""The DOT of a layered map (alignment and trace maps), built with the ``graphviz`` package.

One rank per layer: a column of layer names on the left is chained by invisible edges and
each layer's nodes share a rank with its name, so national goals are on top and projects
at the bottom even where a layer is empty or skipped. Edges point up in the domain; they
are written top-down with ``dir=back`` so the arrows still point at what is served.

In the SVG every node's group has its id as ``id``, classes naming its kind, status and
health (``kind-challenge status-draft gap``), the description as tooltip and a link to
its page. Everything Graphviz would otherwise name itself (the graph, clusters, edges,
layer names) gets an id starting with ``_``, which no node id can (``ID_PATTERN``).
"""

from __future__ import annotations

import itertools
from datetime import date

import graphviz

from ..domain import Node, NodeKind, Status
from ..domain.validation import ID_PATTERN
from . import escape
from .legend import heading, layered_swatches
from .scene import Link, Scene
from .style import (
    FONT,
    GAP_COLOUR,
    HEALTH_BORDER,
    HEALTH_FILL,
    KIND_FILL,
    LAYER_NAMES,
    MARKED_GAPS,
    MUTED,
    NODE_GAP_LABELS,
    SUSPECT_COLOUR,
    TEXT,
    css_class,
    status_style,
)

__all__ = ["layered_dot"]

TITLE_WIDTH = 22
"""Characters per line of a node's title."""
TOOLTIP_MAX = 600
LATERAL_MAX = 1_500
"""Past this many nodes a map leaves out the dependencies between projects (and says so):
same-rank edges more than double ``dot``'s time on large maps, and thousands of them
read as noise. A trace map of one project still shows its dependencies."""


def layered_dot(
    scene: Scene,
    today: date,
    version: int,
    filters: str = "",
    clusters: bool = False,
    link_base: str = "/#node=",
) -> str:
    """The DOT source of ``scene``."""
    names = {n.id: _name(n.id, i) for i, n in enumerate(scene.nodes)}
    links, subtitle = scene.links, scene.subtitle
    if len(scene.nodes) > LATERAL_MAX and any(k.lateral for k in links):
        links = [k for k in links if not k.lateral]
        left_out = len(scene.links) - len(links)
        subtitle += (
            f" · {left_out:,} project dependencies not drawn (map over {LATERAL_MAX:,} nodes)"
        )
    graph = graphviz.Digraph(
        name="strategy_map",
        graph_attr={
            "id": "_map",
            "newrank": "true",
            "rankdir": "TB",
            "nodesep": "0.25",
            "ranksep": "0.55",
            "fontname": FONT,
            "labelloc": "t",
            "labeljust": "l",
            "outputorder": "edgesfirst",
            "bgcolor": "white",
            "pad": "0.3",
            "label": "<"
            + heading(
                scene.title,
                subtitle,
                today,
                version,
                filters,
                layered_swatches(
                    [k for k in NodeKind if any(n.kind is k for n in scene.nodes)],
                    suspect=any(link.suspect for link in links),
                ),
                [g for gs in scene.gaps.values() for g in gs if g.type in MARKED_GAPS]
                + scene.skips,
                {n.id: n.title for n in scene.nodes},
            )
            + ">",
        },
        node_attr={
            "shape": "box",
            "style": "rounded,filled",
            "fontname": FONT,
            "fontsize": "11",
            "fontcolor": TEXT,
            "color": MUTED,
            "margin": "0.12,0.06",
            "target": "_top",
        },
        edge_attr={"color": "#8795a1", "arrowsize": "0.7", "dir": "back", "fontname": FONT},
    )
    # The layer names first: declared before any node, dot keeps them on the left.
    layers = sorted({n.kind for n in scene.nodes}, key=lambda k: k.layer)
    for kind in layers:
        with graph.subgraph(name=f"rank_{kind.layer}") as rank:
            rank.attr(rank="same")
            rank.node(
                _layer(kind),
                label=f"<<B>{escape.html(LAYER_NAMES[kind])}</B>>",
                id=_layer(kind),
                shape="plaintext",
                style="",
                fontcolor=MUTED,
                fontsize="12",
                tooltip=LAYER_NAMES[kind],
                **{"class": "layer"},
            )
            for node in scene.nodes:
                if node.kind is kind:
                    rank.node(names[node.id])
    for upper, lower in itertools.pairwise(layers):
        graph.edge(_layer(upper), _layer(lower), style="invis", id=f"_chain-{upper.layer}")
    members: dict[str | None, list[Node]] = {}
    for node in scene.nodes:
        members.setdefault(node.organisation if clusters else None, []).append(node)
    for index, (org, nodes) in enumerate(sorted(members.items(), key=lambda kv: kv[0] or "")):
        if org is None:
            for node in nodes:
                _node(graph, node, names[node.id], scene, link_base)
            continue
        name = scene.organisations.get(org, org)
        with graph.subgraph(name=f"cluster_{index}") as cluster:
            cluster.attr(
                label=f"<<I>{escape.html(name)}</I>>",
                id=f"_org-{index}",
                style="rounded,dashed",
                color=MUTED,
                bgcolor="#fbfbfd",
                fontcolor=MUTED,
                fontsize="12",
                tooltip=escape.attr(name),
            )
            for node in nodes:
                _node(cluster, node, names[node.id], scene, link_base)
    for index, link in enumerate(links):
        _edge(graph, link, names, index)
    return str(graph.source)


def _node(graph: graphviz.Digraph, node: Node, name: str, scene: Scene, link_base: str) -> None:
    gaps = [g for g in scene.gaps.get(node.id, []) if g.type in MARKED_GAPS]
    classes = [css_class("kind", node.kind), css_class("status", node.status)]
    attrs = {"style": ",".join(["rounded", "filled", *status_style(node.status)])}
    rollup = scene.health.get(node.id)
    if node.is_project:
        health = node.effective_health
        classes.append(css_class("health", health))
        attrs["fillcolor"] = HEALTH_FILL[health]
    else:
        attrs["fillcolor"] = KIND_FILL[node.kind]
        if rollup is not None and rollup.projects:
            classes.append(css_class("rollup", rollup.worst))
            attrs.update(color=HEALTH_BORDER[rollup.worst], penwidth="2.5")
    if gaps:
        classes.append("gap")
        classes += [css_class("gap", g.type) for g in gaps]
        attrs.update(color=GAP_COLOUR, penwidth="2", peripheries="2")
    if node.status is Status.RETIRED:
        attrs.update(fillcolor="#f7f7f7", fontcolor=MUTED)
    if node.id == scene.focus:
        classes.append("focus")
        attrs.update(penwidth="4")
        attrs.setdefault("color", TEXT)
    graph.node(
        name,
        label="<" + _label(node, [NODE_GAP_LABELS[g.type] for g in gaps]) + ">",
        id=escape.attr(node.id),
        tooltip=escape.attr(node.description.strip() or node.title, TOOLTIP_MAX),
        URL=escape.link(node.id, link_base),
        **{"class": " ".join(classes)},
        **attrs,
    )


def _label(node: Node, gaps: list[str]) -> str:
    caption = node.kind.label.upper()
    if node.status is not Status.APPROVED:
        caption += f" · {node.status.value.lower()}"
    lines = [f'<FONT POINT-SIZE="8" COLOR="{MUTED}">{escape.html(caption)}</FONT>']
    lines += [f"<B>{escape.html(line)}</B>" for line in escape.wrap(node.title, TITLE_WIDTH)]
    if node.is_project:
        facts = [node.owner or "", f"{node.progress} %" if node.progress is not None else ""]
        fact = " · ".join(f for f in facts if f)
        if fact:
            lines.append(f'<FONT POINT-SIZE="8" COLOR="{MUTED}">{escape.html(fact)}</FONT>')
    lines += [
        f'<FONT POINT-SIZE="8" COLOR="{GAP_COLOUR}">⚠ {escape.html(text)}</FONT>' for text in gaps
    ]
    return "<BR/>".join(lines)


def _edge(graph: graphviz.Digraph, link: Link, names: dict[str, str], index: int) -> None:
    classes = ["lateral" if link.lateral else "upward"]
    attrs: dict[str, str] = {}
    if link.relation:
        classes.append(css_class("relation", link.relation))
    if link.suspect:
        classes.append("suspect")
    if link.lateral:
        attrs.update(dir="forward", constraint="false", style="dashed", color="#9aa5b1")
        if link.suspect:
            attrs.update(color=SUSPECT_COLOUR, penwidth="1.6")
        graph.edge(
            names[link.source],
            names[link.target],
            id=f"_e{index}",
            **{"class": " ".join(classes)},
            **attrs,
        )
        return
    if link.bridge:
        classes.append("bridge")
        attrs.update(style="dotted")
    if link.skip:
        classes.append("skip")
        attrs.update(color=GAP_COLOUR, style="dashed")
    if link.suspect:
        attrs.update(color=SUSPECT_COLOUR, style="dashed", penwidth="1.6")
    graph.edge(
        names[link.target],
        names[link.source],
        id=f"_e{index}",
        **{"class": " ".join(classes)},
        **attrs,
    )


def _name(node_id: str, index: int) -> str:
    """The DOT name of a node: its id when it is a plain id, else a safe stand-in."""
    return node_id if ID_PATTERN.fullmatch(node_id) else f"_n{index}"


def _layer(kind: NodeKind) -> str:
    return f"_layer-{kind.value.lower().replace('_', '-')}"
