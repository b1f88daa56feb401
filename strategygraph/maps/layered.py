"""The DOT of a layered map (alignment and trace maps), built with the ``graphviz`` package.

One rank per layer: a column of layer names on the left is chained by invisible edges and
each layer's nodes share a rank with its name, so national goals are on top and projects
at the bottom even where a layer is empty or skipped. Edges point up in the domain; they
are written top-down with ``dir=back`` so the arrows still point at what is served.

In the SVG every node's group has its id as ``id``, classes naming its kind, status and
health (``kind-challenge status-draft gap``), the description as tooltip and a link to
its page (how a node is drawn: ``layered_nodes.py``). Everything Graphviz would otherwise
name itself (the graph, clusters, edges, layer names) gets an id starting with ``_``, which
no node id can (``ID_PATTERN``).
"""

from __future__ import annotations

import itertools
from datetime import date

import graphviz

from ..domain import Node, NodeKind
from ..domain.validation import ID_PATTERN
from ..glossary import Glossary
from . import escape
from .layered_nodes import NodeDrawing, is_overdue
from .legend import footer, heading, layered_swatches
from .marks import Marks
from .request import Rollup
from .scene import Link, Scene
from .style import FONT, GAP_COLOUR, MARKED_GAPS, MUTED, SUSPECT_COLOUR, TEXT, css_class

__all__ = ["layered_dot"]

LATERAL_MAX = 1_500
"""Past this many nodes a map leaves out the dependencies between projects (and says so):
same-rank edges more than double ``dot``'s time on large maps, and thousands of them
read as noise. A trace map of one project still shows its dependencies."""
BAR_MAX = 1_500
"""Past this many nodes a roll-up is its signs and counts without the bar of the shares:
the bar is a nested table, and thousands of them add a fifth to ``dot``'s time."""


def layered_dot(
    scene: Scene,
    today: date,
    version: int,
    words: Glossary,
    rollup: Rollup = Rollup.SHARE,
    filters: str = "",
    clusters: bool = False,
    link_base: str = "/#node=",
    marks: Marks | None = None,
) -> str:
    """The DOT source of ``scene``, every word of it in ``words``' language; ``marks``
    adds the risk and trend badges."""
    marks = marks or Marks(None, words)
    marks.prepare([n.id for n in scene.nodes])
    names = {n.id: _name(n.id, i) for i, n in enumerate(scene.nodes)}
    links = scene.links
    subtitle = words.text(scene.subtitle)
    if scene.depth:
        form = "map.levels.one" if scene.depth == 1 else "map.levels.count"
        subtitle += ", " + words.text(form, count=scene.depth)
    if len(scene.nodes) > LATERAL_MAX and any(k.lateral for k in links):
        links = [k for k in links if not k.lateral]
        left_out = len(scene.links) - len(links)
        subtitle += " · " + words.text(
            "map.dependencies_left_out",
            count=words.number(left_out),
            limit=words.number(LATERAL_MAX),
        )
    marked = {n: [g for g in gs if g.type in MARKED_GAPS] for n, gs in scene.gaps.items()}
    unreached = [
        n.id
        for n in scene.nodes
        if n.id in scene.under and not scene.under[n.id] and not marked.get(n.id)
    ]
    draw = NodeDrawing(scene, words, rollup, today, link_base, set(unreached), marks)
    draw.bars = len(scene.nodes) <= BAR_MAX
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
                words,
                scene.title,
                subtitle,
                today,
                filters,
                layered_swatches(
                    words,
                    [k for k in NodeKind if any(n.kind is k for n in scene.nodes)],
                    suspect=any(link.suspect for link in links),
                    worst=rollup is Rollup.WORST,
                    overdue=any(is_overdue(n, today) for n in scene.nodes),
                    risks=marks.any_risks,
                ),
                [g for gs in marked.values() for g in gs] + scene.skips,
                {n.id: n.title for n in scene.nodes},
                unreached,
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
                label=f"<<B>{escape.html(words.layer(kind))}</B>>",
                id=_layer(kind),
                shape="plaintext",
                style="",
                fontcolor=MUTED,
                fontsize="12",
                tooltip=escape.attr(words.layer(kind)),
                **{"class": "layer"},
            )
            for node in scene.nodes:
                if node.kind is kind:
                    rank.node(names[node.id])
    for upper, lower in itertools.pairwise(layers):
        graph.edge(_layer(upper), _layer(lower), style="invis", id=f"_chain-{upper.layer}")
    # The graph version is a corner note: under the layer names, below the projects.
    graph.node(
        "_footer",
        label=f"<{footer(words, version)}>",
        id="_footer",
        shape="plaintext",
        style="",
        **{"class": "footer"},
    )
    if layers:
        graph.edge(_layer(layers[-1]), "_footer", style="invis", id="_chain-footer")
    members: dict[str | None, list[Node]] = {}
    for node in scene.nodes:
        members.setdefault(node.organisation if clusters else None, []).append(node)
    for index, (org, nodes) in enumerate(sorted(members.items(), key=lambda kv: kv[0] or "")):
        if org is None:
            for node in nodes:
                draw.node(graph, node, names[node.id])
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
                draw.node(cluster, node, names[node.id])
    for index, link in enumerate(links):
        _edge(graph, link, names, index)
    return str(graph.source)


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
