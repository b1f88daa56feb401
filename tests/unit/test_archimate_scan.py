"""The quick path of an ArchiMate read (``archimate_scan``: elements and relationships taken
from the text of a file in our export's shape) against the general one (the parsed tree),
on exports changed at random: the same ``Reading`` (document, records, report, sources),
or the same refusal, problem for problem. Files the scan does not take are read the
general way, so their errors still name the line and column."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from strategygraph.data import demo_situation
from strategygraph.domain import Edge, Relation, ValidationError
from strategygraph.domain.codec_edges import plain_edge
from strategygraph.interchange.archimate import dump_archimate
from strategygraph.interchange.archimate_read import load_archimate
from strategygraph.interchange.archimate_scan import scan
from strategygraph.interchange.reading import Reading
from strategygraph.service import StrategyService
from strategygraph.service.demo import load_demo
from strategygraph.service.situation_load import load_situation
from strategygraph.store import EmbeddedStore

TEXTS = [
    "",
    "Hyvä & kaunis",
    "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;",
    "rivi&#13;\nrivi",
    "&#x1F600; &#233;",
    "&#0;",
    "&#xFFFE;",
    "&unknown;",
    "& alone",
    "x ]]> y",
    "x ] ]> y",
    "a < b",
    "tab\there",
    "\r",
    "\x01",
    "\ufffe",
    "2025-01-01",
    "  NATIONAL  ",
    "75.0",
    "TOSI",
    "-",
    '{"a": "b"}',
    "[1]",
    "RED",
    "101",
    "CHALLENGE",
    "r01",
]
"""Raw text put into a value or a name: escaped or not, legal XML or not."""

EDITS: list[tuple[str, str]] = [
    # (pattern, replacement) applied at one of the pattern's matches
    (r"(<value>)([^<]*)(</value>)", r"\1{text}\3"),
    (
        r'(<property propertyDefinitionRef="(?:propdef-(?:version|kind|status|decision_date|'
        r"attributes|indicators|reports|health|progress|region|tags|relation|inferred)|"
        r'specialization)"><value>)([^<]*)(</value>)',
        r"\1{text}\3",
    ),
    (r'(<name xml:lang="[^"]*">)([^<]*)(</name>)', r"\1{text}\3"),
    (r"(\n)(<properties>)", r"\1<!-- huomio -->\n\2"),
    (r"(<value>)([^<]*)(</value>)", r"\1<![CDATA[\2]]>\3"),
    (r'(<element identifier="[^"]*")', r'\1 extra="1"'),
    (r'(<name) xml:lang="fi"(>)', r"\1\2"),
    (r'(<name xml:lang=")fi(")', r"\1sv\2"),
    (r'(xsi:type=")[^"]*(")', r"\1\2"),
    (r'(xsi:type=")([^"]*")', r"\1archimate:\2"),
    (r'(propertyDefinitionRef=")[^"]*(")', r"\1propdef-nowhere\2"),
    (r"(<properties>\n)(<property[^\n]*\n)+(</properties>)", r"\1\3"),
    (r"(<relationship [^>]*?)/>", r'\1><name xml:lang="fi">nimi</name></relationship>'),
    (r"(<relationship [^>]*?)/>", r"\1></relationship>"),
    (r"(<element [^>]*>\n)", r"\1<documentation>kuvaus</documentation>\n"),
    (r"(\n)(</element>)", r"\1 \2"),
    (r"(<model )", r'\1xmlns:x="urn:x" '),
    (r"(</elements>)", r"\1\n<elements/>"),
    (r"(<value>)([^<]*)(</value>)", r"\1\2<b>x</b>\3"),
    (r"(\n</model>)", r""),
    (r'(source=")[^"]*(")', r"\1id-nowhere\2"),
    (r'(identifier=")([^"]*)(")', r"\1\2&amp;x\3"),
    (r"(<relationships>\n)", r""),
    (r'(encoding=")utf-8(")', r"\1UTF-8\2"),
    (r'(encoding=")utf-8(")', r"\1ISO-8859-1\2"),
    (r"\n", r"\r\n"),
    (r"(<element [^>]*>)", r"\1<?pi x?>"),
    (r'(<item identifierRef="[^"]*")/>', r"\1>"),
    (r'(<label xml:lang="[^"]*">)([^<]*)(</label>)', r"\1{text}\3"),
    (r"(<organizations>)", r"\1<x:kansio/>"),
    (r"(<organizations>)", r"\1</item><item>"),
]


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The demo graph with its situational picture, one node given names and texts in
    other languages and characters XML escapes, and an empty graph: as exported."""
    store = EmbeddedStore(str(tmp_path_factory.mktemp("scan") / "graph.db"))
    try:
        service = StrategyService(store)
        load_demo(service)
        load_situation(service, demo_situation(), "demo")
        document: dict[str, Any] = service.export_document()
    finally:
        store.close()
    node = document["nodes"][0]
    node["title"] = 'Sote & "hyte" <2025> ]]> rivi\r\nrivi'
    node["description"] = "Kuvaus\tsarkaimella"
    node["attributes"] = {
        "title_sv": "Vård & omsorg",
        "description_en": "Care",
        "archimate_id": "EAID_1",
        "lähde": "x<y",
    }
    document["edges"][0]["note"] = "miksi & miten"
    empty = {"format": "strategygraph", "format_version": 2, "nodes": [], "edges": []}
    return [dump_archimate(document).decode("utf-8"), dump_archimate(empty).decode("utf-8")]


def outcome(data: bytes, *, quick: bool) -> Reading | ValidationError:
    """The reading (or refusal) of ``data``, by the quick path where it takes the file or
    by the general path alone."""

    try:
        return load_archimate(data, name="malli.xml", region="r01", quick=quick)
    except ValidationError as exc:
        return exc


def assert_same(quick: Reading | ValidationError, general: Reading | ValidationError) -> None:
    if isinstance(general, ValidationError):
        assert isinstance(quick, ValidationError), "the quick path read a file refused"
        assert quick.problems == general.problems
        return
    assert isinstance(quick, Reading), quick
    assert quick.document == general.document
    assert quick.report == general.report
    assert quick.sources == general.sources
    for section in ("nodes", "edges"):
        assert quick.document[section].records == general.document[section].records


def test_an_export_is_scanned_and_read_as_the_tree_reads_it(exports: list[str]) -> None:
    for text in exports:
        data = text.encode("utf-8")
        assert scan(data) is not None  # the quick path takes our own export
        quick, general = outcome(data, quick=True), outcome(data, quick=False)
        assert isinstance(quick, Reading)
        assert len(quick.document["nodes"]) == len(general.document["nodes"])  # type: ignore[union-attr]
        assert_same(quick, general)


def test_a_scanned_file_with_a_bad_value_is_refused_as_the_general_path_refuses_it(
    exports: list[str],
) -> None:
    text = re.sub(r'(propdef-version"><value>)1(<)', r"\1yksi\2", exports[0], count=1).replace(
        "&amp;", "&amp;amp;", 1
    )
    data = text.encode("utf-8")
    assert scan(data) is not None
    quick, general = outcome(data, quick=True), outcome(data, quick=False)
    assert isinstance(quick, ValidationError)
    assert quick.problems[0].message == "'version' 'yksi' is not a whole number"
    assert_same(quick, general)


def test_a_file_with_a_comment_goes_the_general_way_and_its_errors_name_the_line(
    exports: list[str],
) -> None:
    text = exports[0].replace("<properties>", "<!-- c --><properties>", 1)
    assert scan(text.encode("utf-8")) is None
    at = exports[0].index("</name>", exports[0].index("<elements>"))
    broken = exports[0][:at] + "</nimi>" + exports[0][at + len("</name>") :]
    line = broken.count("\n", 0, at) + 1
    with pytest.raises(ValidationError) as caught:
        load_archimate(broken.encode("utf-8"), name="malli.xml")
    assert caught.value.problems[0].where.startswith(f"malli.xml line {line}, column ")
    assert "mismatched tag" in caught.value.problems[0].message


Edit = Callable[[str], str]


@st.composite
def edited(draw: st.DrawFn, texts: list[str]) -> tuple[str, list[str]]:
    """An export with one to three edits, each at one match of its pattern (a third of
    them a value or a name, which the quick path reads or leaves, a third the folders,
    which it only checks)."""
    text = draw(st.sampled_from(texts))
    done: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        pattern, replacement = draw(
            st.sampled_from(EDITS) | st.sampled_from(EDITS[:3]) | st.sampled_from(EDITS[-4:])
        )
        matches = list(re.finditer(pattern, text))
        if not matches:
            continue
        match = matches[draw(st.integers(0, len(matches) - 1))]
        new = replacement.replace("{text}", draw(st.sampled_from(TEXTS)).replace("\\", "\\\\"))
        text = text[: match.start()] + match.expand(new) + text[match.end() :]
        done.append(pattern)
    return text, done


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=st.data())
def test_the_quick_path_reads_what_the_general_path_reads(
    exports: list[str], case: st.DataObject
) -> None:
    text, _ = case.draw(edited(exports))
    data = text.encode("utf-8")
    quick, general = outcome(data, quick=True), outcome(data, quick=False)
    scanned = scan(data) is not None
    refused = isinstance(general, ValidationError)
    event(f"scanned: {scanned}; refused: {refused}")
    assert_same(quick, general)


def test_a_plain_edge_is_the_record_the_dataclass_builds() -> None:
    built = plain_edge("a-1", Relation.SUPPORTS, "b-2")
    made = Edge("a-1", Relation.SUPPORTS, "b-2")
    assert type(built) is Edge
    assert [getattr(built, name) for name in Edge.__slots__] == [
        getattr(made, name) for name in Edge.__slots__
    ]
    assert built == made and hash(built) == hash(made) and repr(built) == repr(made)
    assert not built.suspect and built.key == ("a-1", "b-2")
