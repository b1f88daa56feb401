"""The quick path of GraphML nodes and edges (``graphml_quick.DataPlan``) against the
general one (``load_graphml(..., quick=False)``), on random files: the same ``Reading``
(document, dicts in the same key order, the records built, report and sources), or the
same refusal, problem for problem; and the plain elements of an export do take it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any
from xml.sax.saxutils import escape, quoteattr

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from strategygraph.data import demo_documents
from strategygraph.domain import Health, NodeKind, Relation, Status, ValidationError
from strategygraph.interchange.field_names import EDGE_FIELDS, NODE_FIELDS
from strategygraph.interchange.graphml import GRAPHML_NS, dump_graphml
from strategygraph.interchange.graphml_quick import DataPlan
from strategygraph.interchange.graphml_read import load_graphml
from strategygraph.interchange.graphml_scan import scan

ODD = [" x", "x ", "", "  ", "1.4.2018", "75.0", "７", "RISK", "TOSI", " TRUE", "a;b", "{}"]
ODD += ['{"a": "b"}', "[1]", "yes", "-1", "2018-04-01", "2020-07-21T07:04:00+00:00"]
PLAIN_IDS = ["g", "v", "l", "c", "p", "q"]
IDS = PLAIN_IDS * 5 + [" p", "", "risk.r", "x y"]
VALUES: dict[str, list[str]] = {
    "kind": [k.value for k in NodeKind],
    "region": ["r01", "national"],
    "title": ["Otsikko", "ä & ö <b>"],
    "label": ["Nimi"],
    "status": [s.value for s in Status],
    "tags": ["digi;sote", "x\\;y", ";"],
    "progress": ["40", "0", "101"],
    "version": ["1", "3"],
    "health": [h.value for h in Health],
    "decision_date": ["2019-09-15"],
    "created_at": ["2020-07-21T07:04:00+00:00"],
    "updated_at": ["2020-07-21T07:04:00+00:00", "2021-01-01T00:00:00"],
    "attributes": ['{"k": "v"}'],
    "indicators": ["[]"],
    "likelihood": ["3"],
    "relation": [r.value for r in Relation],
    "inferred": ["true", "false"],
    "note": ["miksi"],
    "suspect_at": ["2024-01-01T00:00:00+00:00"],
    "suspect_by": ["anna"],
}
NODE_NAMES = [n for n in NODE_FIELDS if n != "id"] + ["label", "attributes", "indicators", "x"]
EDGE_NAMES = [*EDGE_FIELDS[1:2], *EDGE_FIELDS[3:], "label", "x"]
TEXT = ["", "teksti", " väli ", "a\nb"]


@st.composite
def data(draw: st.DrawFn, names: list[str], required: tuple[str, ...]) -> list[str]:
    """An element's ``<data>`` children: plain values of some fields, the required ones
    nearly always, now and then an odd value, a field twice, a nested element, a child
    that is not data or a key that is not declared."""
    optional = draw(st.lists(st.sampled_from(names), max_size=4, unique=True))
    chosen = [n for n in required if draw(st.integers(0, 40))] + optional
    children = []
    for name in dict.fromkeys(draw(st.permutations(chosen))):
        value = draw(st.sampled_from(VALUES.get(name, TEXT)))
        shape = draw(st.integers(0, 80))
        key = name if shape == 5 else f"k_{name}"  # undeclared: read by its own name
        if shape in (6, 7, 8):
            value = draw(st.sampled_from(ODD))
        inner = escape(value)
        if shape == 0:
            inner = f"{inner}<y:NodeLabel>{escape(value)}</y:NodeLabel>"
        elif shape == 1:
            inner = f"<![CDATA[{value}]]>"
        elif shape == 2:
            children.append("<desc>d</desc>")
        elif shape == 3:
            children.append(f"<data key={quoteattr(key)}>{escape(value)}x</data>")
        children.append(f"<data{'' if shape == 4 else f' key={quoteattr(key)}'}>{inner}</data>")
    return children


KEYS = "".join(
    f'<key id="k_{name}" for="node" attr.name="{name}"/>' for name in NODE_NAMES
) + "".join(f'<key id="k_{name}" for="edge" attr.name="{name}"/>' for name in EDGE_NAMES)


@st.composite
def graphml(draw: st.DrawFn) -> bytes:
    """A GraphML file of a few nodes and edges, mostly plain, with the odd in it."""
    keys = KEYS
    shape = draw(st.integers(0, 9))
    if shape == 0:  # a declared default
        keys += '<key id="k_region" for="all" attr.name="region"><default>r01</default></key>'
    elif shape == 1:  # a key named as another field
        keys = keys.replace('attr.name="note"', 'attr.name="title"')
    edgedefault = "undirected" if shape == 2 else "directed"
    items = []
    node_ids = draw(st.lists(st.sampled_from(IDS), max_size=5, unique=True))
    if node_ids and not draw(st.integers(0, 9)):
        node_ids.append(node_ids[0])  # an id twice
    for node_id in node_ids:
        children = draw(data(NODE_NAMES, ("kind", "title", "region")))
        items.append(f"<node id={quoteattr(node_id)}>{''.join(children)}</node>")
    end = (
        st.sampled_from(node_ids) if node_ids and draw(st.integers(0, 5)) else st.sampled_from(IDS)
    )
    ends = st.tuples(end, end)
    for i, (source, target) in enumerate(draw(st.lists(ends, max_size=5))):
        children = draw(data(EDGE_NAMES, ("relation",)))
        attrs = f"source={quoteattr(source)} target={quoteattr(target)}"
        if draw(st.booleans()):
            attrs += f' id="e{i}"'
        if not draw(st.integers(0, 7)):
            attrs += f' directed="{draw(st.sampled_from(["false", "true"]))}"'
        items.append(f"<edge {attrs}>{''.join(children)}</edge>")
    return (
        f'<graphml xmlns="{GRAPHML_NS}" xmlns:y="http://www.yworks.com/xml/graphml">'
        f'{keys}<graph edgedefault="{edgedefault}">{"".join(items)}</graph></graphml>'
    ).encode()


def read(data: bytes, quick: bool, region: str | None) -> Any:
    try:
        reading = load_graphml(data, name="f.graphml", region=region, quick=quick)
    except ValidationError as exc:
        return exc.problems
    doc = reading.document
    return (
        reading.report,
        reading.sources,
        {k: v for k, v in doc.items() if k not in ("nodes", "edges")},
        [[list(item.items()) for item in doc[s]] for s in ("nodes", "edges")],
        [doc[s].records for s in ("nodes", "edges")],
    )


@settings(max_examples=300, deadline=None)
@given(graphml(), st.sampled_from([None, "r02"]))
def test_a_file_reads_the_same_on_both_paths(data: bytes, region: str | None) -> None:
    general = read(data, False, region)
    assert read(data, True, region) == general
    event("refused" if isinstance(general, list) else "read")
    event("scanned" if scan(data) else "parsed")


@settings(max_examples=150, deadline=None)
@given(graphml(), st.sampled_from(["\n", " \r\n ", "\t"]), st.booleans())
def test_a_file_laid_out_in_lines_reads_the_same_scanned(
    data: bytes, space: str, declared: bool
) -> None:
    """The scan (``graphml_scan``) takes the lines our export writes, and white space
    between the elements; what it reads is what the general path reads."""
    text = data.decode().replace("><", f">{space}<")
    if declared:
        text = f"<?xml version='1.0' encoding='utf-8'?>\n{text}"
    laid_out = text.encode()
    assert read(laid_out, True, None) == read(laid_out, False, None)
    event("scanned" if scan(laid_out) else "parsed")


def plan_and_graph(data: bytes) -> tuple[DataPlan, ET.Element]:
    root = ET.fromstring(data)
    names = {k.get("id", ""): k.get("attr.name", "") for k in root if k.tag.endswith("key")}
    tags = frozenset({f"{{{GRAPHML_NS}}}data", "data"})
    return DataPlan(names, tags), root.find(f"{{{GRAPHML_NS}}}graph")  # type: ignore[return-value]


@pytest.mark.parametrize("doc", demo_documents(), ids=["kymenlaakso", "uusimaa"])
def test_an_exports_nodes_and_edges_take_the_quick_path(doc: dict[str, Any]) -> None:
    plan, graph = plan_and_graph(dump_graphml(doc))
    nodes = graph.findall(f"{{{GRAPHML_NS}}}node")
    edges = graph.findall(f"{{{GRAPHML_NS}}}edge")
    assert len(nodes) == len(doc["nodes"]) and len(edges) == len(doc["edges"]) > 0
    assert all(plan.node(n, n.get("id", ""), None) for n in nodes)
    assert all(plan.edge(e, e.get("source", ""), e.get("target", "")) for e in edges)


@pytest.mark.parametrize(
    "child",
    [
        '<data key="n_progress">75.0</data>',  # a double: the general path reads it
        '<data key="n_kind"> CHALLENGE</data>',  # a stray space around a code
        '<data key="n_attributes">{"k": 1}</data>',  # refused, as typed
        '<data key="n_title">Toinen</data>',  # a field twice
        '<data key="n_colour">red</data>',  # not ours: reported
        '<data key="n_tags">a<b/></data>',
    ],
)
def test_the_unusual_goes_the_general_way(child: str) -> None:
    node = (
        '<node id="c"><data key="n_kind">CHALLENGE</data><data key="n_title">T</data>'
        f'<data key="n_region">r01</data>{child}</node>'
    )
    keys = "".join(
        f'<key id="n_{n}" for="node" attr.name="{n}"/>'
        for n in ("kind", "title", "region", "progress", "attributes", "colour", "tags")
    )
    data = f'<graphml xmlns="{GRAPHML_NS}">{keys}<graph>{node}</graph></graphml>'.encode()
    plan, graph = plan_and_graph(data)
    element = graph[0]
    assert plan.node(element, "c", None) is None
    assert read(data, True, None) == read(data, False, None)


@pytest.mark.parametrize("doc", demo_documents(), ids=["kymenlaakso", "uusimaa"])
def test_an_export_is_scanned_whole(doc: dict[str, Any]) -> None:
    data = dump_graphml(doc)
    scanned = scan(data)
    assert scanned is not None
    assert len(scanned.nodes) == len(doc["nodes"]) + len(doc.get("risks") or [])
    assert len(scanned.edges) >= len(doc["edges"]) > 0
    assert read(data, True, None) == read(data, False, None)


def _export_with(old: str, new: str) -> bytes:
    data = dump_graphml(demo_documents()[0]).decode()
    assert old in data
    return data.replace(old, new, 1).encode()


RUN = "\n<node id="


@pytest.mark.parametrize(
    "data",
    [
        _export_with(RUN, "\n<!-- a comment -->" + RUN),  # every < a tag no more
        _export_with(RUN, '\n<node xmlns="urn:other" id="x"/>' + RUN),  # a namespace
        _export_with("</node>" + RUN, "</node>\n<desc>d</desc>" + RUN),  # in the run
        _export_with(RUN, '\n<node id="a" id="b"/>' + RUN),  # an attribute twice
        _export_with(RUN, "\n<node id='q'/>" + RUN),  # single quotes
        _export_with('<data key="n_label">', '<data key="n_label">&#0;'),  # no such character
        _export_with('<data key="n_label">', '<data key="n_label">&nbsp;'),  # no such entity
        _export_with('<data key="n_label">', '<data key="n_label"><![CDATA[x]]>'),
        _export_with('<data key="g_format">', '<data key="g_format"><node id="n"/>'),
        _export_with('<data key="g_format">', '<data key="g_format"><graph><node id="n"/></graph>'),
        _export_with("encoding='utf-8'", "encoding='iso-8859-1'"),
        _export_with('attr.type="string" />', 'attr.type="string"><default>x</default></key>'),
        _export_with("\n<graph id=", "\n<!-- a comment -->\n<graph id="),  # before the run
        _export_with("\n<graph id=", '\n<!-- <graph><node id="x"/> -->\n<graph id='),
        _export_with("</graph>", "<!-- a comment --></graph>"),  # the run's end: not matched
        _export_with("</graphml>", "<?pi instruction?></graphml>"),
        _export_with("<graphml ", '<!DOCTYPE graphml [<!ENTITY e "x">]>\n<graphml '),
        _export_with("</graph>", "</graph><strategygraph-scanned-run/>"),  # our mark, not ours
    ],
    ids=[
        "comment",
        "namespace",
        "desc",
        "attribute-twice",
        "single-quotes",
        "bad-character",
        "entity",
        "cdata",
        "node-in-data",
        "graph-in-data",
        "latin-1",
        "default",
        "comment-before",
        "graph-in-comment",
        "comment-after",
        "instruction-after",
        "doctype",
        "mark",
    ],
)
def test_what_the_scan_does_not_take_is_parsed(data: bytes) -> None:
    assert scan(data) is None
    assert read(data, True, None) == read(data, False, None)


def test_texts_that_look_like_markup_are_scanned() -> None:
    """Only the text outside the run is searched for comments and the like: inside it,
    "<" can only start a tag of the run, and a text may say anything else."""
    looks = "&lt;!-- ? --&gt; &lt;?! strategygraph-scanned-run "
    data = _export_with('<data key="n_label">', f'<data key="n_label">{looks}')
    assert scan(data) is not None
    assert read(data, True, None) == read(data, False, None)
