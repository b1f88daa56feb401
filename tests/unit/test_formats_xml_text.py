"""The XML both exports write, and what the shared XML reader refuses, as the speed work
(issue 15) left them: one element a line and not indented (a parser keeps every
indentation as a string of its own), an entity declared outside a document type
declaration refused, and a byte that is not UTF-8 named by its line though the file is
decoded only when the parse fails."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from strategygraph.domain import ValidationError
from strategygraph.interchange.archimate import dump_archimate
from strategygraph.interchange.graphml import dump_graphml
from strategygraph.interchange.xmlsafe import parse_xml
from tests.conftest import small_document


@pytest.mark.parametrize(
    ("dump", "closing"), [(dump_graphml, "</data>"), (dump_archimate, "</documentation>")]
)
def test_exports_are_one_element_a_line_not_indented(
    dump: Callable[[dict[str, Any]], bytes], closing: str
) -> None:
    doc = small_document()
    doc["nodes"][0]["description"] = 'rivi 1\r\n  rivi 2 <b> & "c"'
    lines = dump(doc).decode("utf-8").split("\n")
    assert len(lines) > 20
    # the one line that starts with a space is the second line of the description
    indented = [line for line in lines if line[:1].isspace()]
    assert indented == ['  rivi 2 &lt;b&gt; &amp; "c"' + closing]


def test_an_entity_outside_a_doctype_is_a_syntax_error_not_expanded() -> None:
    data = b'<?xml version="1.0"?>\n<!ENTITY a "aaaa">\n<g>&a;</g>'
    with pytest.raises(ValidationError) as exc:
        parse_xml(data, "g.xml")
    assert [(p.rule, p.where) for p in exc.value.problems] == [
        ("xml-syntax", "g.xml line 2, column 1")
    ]


def test_a_byte_that_is_not_utf8_is_named_by_line_in_well_formed_xml() -> None:
    data = '<?xml version="1.0"?>\n<g>\n<t>Hyvä</t>\n</g>'.encode("latin-1")
    with pytest.raises(ValidationError) as exc:
        parse_xml(data, "g.xml")
    assert [(p.rule, p.where) for p in exc.value.problems] == [("encoding", "g.xml line 3")]
    assert (
        parse_xml(data.replace(b'1.0"?>', b'1.0" encoding="ISO-8859-1"?>'), "g.xml")[0].text
        == "Hyvä"
    )
