"""The GraphML reader frees each node's and edge's data once it has read them (issue
15's read speed): what the loop sees is whole, and the element's attributes (its id,
which a later step may still ask for) stay after it."""

from __future__ import annotations

from strategygraph.interchange.xmlsafe import parse_xml, read_once


def test_read_once_frees_children_after_the_loop_has_read_them_and_keeps_attributes() -> None:
    root = parse_xml(
        b'<g><n id="a"><d k="1">x</d><d k="2">y</d></n><n id="b"><d k="3">z</d></n></g>', "g"
    )
    seen = [(n.get("id"), [d.text for d in n]) for n in read_once(list(root))]
    assert seen == [("a", ["x", "y"]), ("b", ["z"])]
    assert [(n.get("id"), len(n)) for n in root] == [("a", 0), ("b", 0)]
