"""CSV export and import, the portfolio import, and the format dispatch."""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import pytest

from strategygraph.data import demo_documents
from strategygraph.domain import ValidationError
from strategygraph.interchange import MAX_BYTES, guess_format, open_path, write_path
from strategygraph.interchange.csv_format import read_csv
from strategygraph.interchange.field_names import NODE_FIELDS
from strategygraph.interchange.portfolio import load_portfolio
from strategygraph.interchange.portfolio_match import slug
from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore
from tests.conftest import small_document

VOLATILE = {"version", "created_at", "created_by", "updated_at", "updated_by"}


def finnish_document() -> dict[str, Any]:
    """The small document with every field used, Finnish letters, and awkward text."""
    doc = small_document()
    nodes = {n["id"]: n for n in doc["nodes"]}
    nodes["proj"].update(
        title="Digitaalisen road mapin luominen — ä ö å Ä Ö Å",
        description='Rivi 1\nRivi 2, "lainaus"; puolipiste',
        status="APPROVED",
        approved_by="Maakuntahallitus",
        decision_date="2018-03-01",
        decision_ref="§ 12",
        tags=["tiedolla-johtaminen", "sote; maakunta", "kenoviiva \\ tässä"],
        source="002_9cf8d76e4b08a2c4.txt",
        attributes={"vastuu": "Päivi Äijälä", "budjetti": "1,5 M€"},
        owner="Kymsote",
        phase="käynnissä",
        start_date="2018-01-01",
        due_date="2019-12-31",
        organisation="org1",
    )
    nodes["ch"].update(title="=SUMMA(A1:A9)", description="-miinus")
    nodes["ov"].update(title="Ihmisen oloinen Kymenlaakso — ketterä ja kekseliäs")
    doc["edges"][0].update(note="Päätös 2018", inferred=True)
    doc["regions"][1]["name"] = "Kymenlaakso – Kotka ja Kouvola"
    return doc


def service_with(*docs: dict[str, Any]) -> StrategyService:
    service = StrategyService(EmbeddedStore())
    for doc in docs:
        service.import_document(doc, "test")
    return service


def comparable(doc: dict[str, Any]) -> dict[str, Any]:
    return {
        "regions": sorted(doc["regions"], key=lambda r: r["id"]),
        "organisations": sorted(doc["organisations"], key=lambda o: o["id"]),
        "nodes": sorted(
            ({k: v for k, v in n.items() if k not in VOLATILE} for n in doc["nodes"]),
            key=lambda n: n["id"],
        ),
        "edges": sorted(doc["edges"], key=lambda e: (e["source"], e["target"])),
    }


def round_trip(docs: list[dict[str, Any]], tmp_path: Path) -> tuple[dict[str, Any], ...]:
    first = service_with(*docs).export_document()
    write_path(first, tmp_path / "export", "csv")
    second = StrategyService(EmbeddedStore())
    reading = open_path(tmp_path / "export")
    reading.import_with(lambda d: second.import_document(d, "test"))
    return comparable(first), comparable(second.export_document())


def test_round_trip_is_lossless(tmp_path: Path) -> None:
    first, second = round_trip([finnish_document()], tmp_path)
    assert second == first
    proj = next(n for n in second["nodes"] if n["id"] == "proj")
    assert proj["tags"] == ["tiedolla-johtaminen", "sote; maakunta", "kenoviiva \\ tässä"]
    assert proj["attributes"] == {"vastuu": "Päivi Äijälä", "budjetti": "1,5 M€"}


def test_demo_round_trip(tmp_path: Path) -> None:
    first, second = round_trip(demo_documents(), tmp_path)
    assert second == first and len(first["nodes"]) > 50


def test_files_open_cleanly_in_a_spreadsheet(tmp_path: Path) -> None:
    written = write_path(service_with(finnish_document()).export_document(), tmp_path, "csv")
    assert sorted(p.name for p in written) == [
        "edges.csv",
        "nodes.csv",
        "organisations.csv",
        "regions.csv",
    ]
    raw = (tmp_path / "nodes.csv").read_bytes()
    assert raw.startswith(codecs.BOM_UTF8)
    text = raw.decode("utf-8-sig")
    header = text.split("\r\n", 1)[0]
    assert header.startswith("id,kind,region,title,description,status,organisation")
    assert "ä ö å Ä Ö Å" in text and "Päivi Äijälä" in text
    assert "tiedolla-johtaminen;sote\\; maakunta;kenoviiva \\\\ tässä" in text
    assert """{""budjetti"": ""1,5 M€"", ""vastuu"": ""Päivi Äijälä""}""" in text
    assert ",'=SUMMA(A1:A9)," in text and ",'-miinus," in text  # no formula runs
    regions = (tmp_path / "regions.csv").read_bytes().decode("utf-8-sig")
    assert regions == "id,name\r\nnational,Suomi\r\nr1,Kymenlaakso – Kotka ja Kouvola\r\n"


def test_reads_the_two_files_by_other_names(tmp_path: Path) -> None:
    files = write_path(small_document(), tmp_path / "x", "csv")
    nodes, edges = tmp_path / "solmut.csv", tmp_path / "kaaret.csv"
    nodes.write_bytes(files[2].read_bytes())
    edges.write_bytes(files[3].read_bytes())
    reading = read_csv(nodes, edges)
    assert len(reading.document["nodes"]) == 9 and len(reading.document["edges"]) == 8
    assert reading.sources["nodes"][0] == "solmut.csv line 2"


def test_semicolon_separated_file_from_finnish_excel(tmp_path: Path) -> None:
    (tmp_path / "nodes.csv").write_bytes(
        'id;kind;region;title;tags\r\nch;CHALLENGE;r1;Tiedolla johtaminen;"a;b"\r\n'.encode(
            "utf-8-sig"
        )
    )
    reading = open_path(tmp_path)
    doc, report = reading.document, reading.report
    assert doc["nodes"] == [
        {
            "id": "ch",
            "kind": "CHALLENGE",
            "region": "r1",
            "title": "Tiedolla johtaminen",
            "tags": ["a", "b"],
        }
    ]
    assert report == ["no edges.csv: only nodes were read"]


# -- bad files ---------------------------------------------------------------------


def write_nodes(tmp_path: Path, text: str, encoding: str = "utf-8") -> Path:
    (tmp_path / "nodes.csv").write_bytes(text.encode(encoding))
    return tmp_path


def problem(exc: pytest.ExceptionInfo[ValidationError]) -> tuple[str, str | None, str]:
    first = exc.value.problems[0]
    return first.rule, first.where, first.message


def test_wrong_encoding_names_the_line(tmp_path: Path) -> None:
    write_nodes(
        tmp_path, "id,kind,region,title\nch,CHALLENGE,r1,Ok\nx,CHALLENGE,r1,Hyvä\n", "latin-1"
    )
    with pytest.raises(ValidationError) as exc:
        read_csv(tmp_path)
    assert problem(exc) == (
        "encoding",
        "nodes.csv line 3",
        "the file is not UTF-8: byte 0xe4 cannot be read "
        "(save it as UTF-8, e.g. 'CSV UTF-8' in a spreadsheet program)",
    )


def test_missing_and_unknown_columns(tmp_path: Path) -> None:
    write_nodes(tmp_path, "id,region,titel\nch,r1,X\n")
    with pytest.raises(ValidationError) as exc:
        read_csv(tmp_path)
    assert [(p.rule, p.where, p.message) for p in exc.value.problems][:2] == [
        (
            "missing-column",
            "nodes.csv line 1",
            "missing columns 'kind', 'title'; the header row has 'id', 'region', 'titel'",
        ),
        (
            "unknown-column",
            "nodes.csv line 1",
            "unknown column 'titel'; the columns are " + ", ".join(sorted(NODE_FIELDS)),
        ),
    ]


def test_unknown_kind_and_bad_cells_are_located(tmp_path: Path) -> None:
    write_nodes(
        tmp_path,
        "id,kind,region,title,progress,due_date\n"
        "ok,CHALLENGE,r1,Fine,,\n"
        "p,PROJEKTI,r1,Bad kind,,\n"
        "q,STRATEGIC_PROJECT,r1,Bad cells,puolet,31.2.2018\n",
    )
    with pytest.raises(ValidationError) as exc:
        read_csv(tmp_path)
    assert [(p.where, p.message) for p in exc.value.problems] == [
        (
            "nodes.csv line 3",
            "node 'p': unknown kind 'PROJEKTI'; expected one of NATIONAL_GOAL, CHANGE_VISION, "
            "ORGANISATIONAL_VISION, STRATEGIC_LINE, CHALLENGE, STRATEGIC_PROJECT",
        ),
        (  # a Finnish date that is none is told as typed, not as converted
            "nodes.csv line 4",
            "node 'q': 'due_date' '31.2.2018' is not a date (day.month.year, e.g. 1.4.2018)",
        ),
        ("nodes.csv line 4", "'progress' 'puolet' is not a whole number"),
    ]


def test_duplicate_ids_name_both_lines(tmp_path: Path) -> None:
    write_nodes(
        tmp_path, "id,kind,region,title\na,CHALLENGE,r1,A\n\nb,CHALLENGE,r1,B\na,CHALLENGE,r1,C\n"
    )
    with pytest.raises(ValidationError) as exc:
        read_csv(tmp_path)
    assert problem(exc) == (
        "duplicate-id",
        "nodes.csv line 5",
        "'a' is already listed on nodes.csv line 2",
    )


def test_malformed_csv(tmp_path: Path) -> None:
    write_nodes(tmp_path, 'id,kind,region,title\na,CHALLENGE,r1,"A\n')
    with pytest.raises(ValidationError) as exc:
        read_csv(tmp_path)
    assert problem(exc)[:2] == ("csv-syntax", "nodes.csv line 2")


def import_folder(folder: Path, service: StrategyService) -> None:
    open_path(folder).import_with(lambda d: service.import_document(d, "test"))


@pytest.mark.parametrize(
    ("edges", "rule", "where", "message"),
    [
        (
            "source,relation,target\nproj,ADDRESSES,ch\nproj2,ADDRESSES,nowhere\n",
            "dangling-endpoint",
            "edges.csv line 3",
            "edge proj2 -ADDRESSES-> nowhere: node 'nowhere' does not exist",
        ),
        (
            "source,relation,target\nproj,DEPENDS_ON,proj2\nproj2,DEPENDS_ON,proj\n",
            "cycle",
            "edges.csv line 3",
            "edge proj2 -DEPENDS_ON-> proj: would close a cycle, since 'proj' already leads "
            "to 'proj2'",
        ),
        (
            "source,relation,target\nproj,SUPPORTS,ch\n",
            "metamodel",
            "edges.csv line 2",
            None,
        ),
    ],
)
def test_graph_rule_errors_are_located_and_change_nothing(
    tmp_path: Path, edges: str, rule: str, where: str, message: str | None
) -> None:
    write_path(small_document(), tmp_path, "csv")
    (tmp_path / "edges.csv").write_text(edges, encoding="utf-8")
    service = StrategyService(EmbeddedStore())
    with pytest.raises(ValidationError) as exc:
        import_folder(tmp_path, service)
    found = next(p for p in exc.value.problems if p.rule == rule)
    assert found.where == where
    if message:
        assert found.message == message
    assert service.store.nodes() == [] and service.store.version() == 0


def test_over_size_file_is_refused_before_reading(tmp_path: Path) -> None:
    with (tmp_path / "nodes.csv").open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: 50 MB that is never read
    with pytest.raises(ValidationError) as exc:
        read_csv(tmp_path)
    assert problem(exc) == (
        "file-size",
        "nodes.csv",
        "the file is 50.0 MB, larger than the limit of 50.0 MB; nothing was read "
        "(split it, or raise the limit)",
    )
    write_path(small_document(), tmp_path / "small", "csv")
    with pytest.raises(ValidationError, match="larger than the limit of 100 bytes"):
        open_path(tmp_path / "small", max_bytes=100)


# -- portfolio -----------------------------------------------------------------------


def portfolio_graph() -> dict[str, Any]:
    doc = small_document()
    doc["regions"].append({"id": "r2", "name": "Alue Kaksi"})
    doc["nodes"] += [
        {"id": "ch-tieto", "kind": "CHALLENGE", "region": "r1", "title": "Tiedolla johtaminen"},
        {"id": "ch-tieto-r2", "kind": "CHALLENGE", "region": "r2", "title": "Tiedolla johtaminen"},
        {"id": "ch-a", "kind": "CHALLENGE", "region": "r1", "title": "Yhteinen haaste"},
        {"id": "ch-b", "kind": "CHALLENGE", "region": "r1", "title": "Yhteinen haaste"},
    ]
    return doc


PORTFOLIO = (
    "Nimi;Alue;omistaja;vaihe;alkaa;päättyy;edistyminen;health;palvelee;budjetti\r\n"
    "Digitaalisen road mapin luominen;r1;Päivi;käynnissä;1.3.2018;2019-12-31;40 %;keltainen;"
    '"Tiedolla johtaminen; LINE";100\r\n'
    "Tulevaisuuden sote-keskus;r1;;;;;;GREEN;ch;\r\n"
    "Hanke X;r1;;;;;;;Ei ole olemassa;\r\n"
    "Hanke Y;r1;;;;;;;Yhteinen haaste;\r\n"
    "Hanke Z;r1;;;;;;;cv;\r\n"
    "PROJ;r1;;;;;55;;;\r\n"
)


def test_portfolio_matches_by_id_and_title_and_reports_the_rest() -> None:
    service = service_with(portfolio_graph())
    reading = load_portfolio(PORTFOLIO.encode("utf-8-sig"), service.store.nodes())
    assert reading.matched == [
        "digitaalisen-road-mapin-luominen",
        "tulevaisuuden-sote-keskus",
        "proj",
    ]
    assert [(u.where, u.project, u.name) for u in reading.unmatched] == [
        ("portfolio.csv line 4", "Hanke X", "Ei ole olemassa"),
        ("portfolio.csv line 5", "Hanke Y", "Yhteinen haaste"),
        ("portfolio.csv line 6", "Hanke Z", "cv"),
    ]
    assert reading.report == [
        "portfolio.csv: column 'budjetti' is not a portfolio column and was not read",
        "portfolio.csv line 7: project 'PROJ' serves nothing (a gap)",
        "portfolio.csv line 4: project 'Hanke X' left out: 'Ei ole olemassa' matches no "
        "challenge, strategic line or organisational vision by id or exact title",
        "portfolio.csv line 5: project 'Hanke Y' left out: 'Yhteinen haaste' is ambiguous: "
        "2 nodes have this title (ch-a, ch-b); use an id",
        "portfolio.csv line 6: project 'Hanke Z' left out: 'cv' is a change vision; a project "
        "serves a challenge, strategic line or organisational vision",
    ]
    road = reading.document["nodes"][0]
    assert road == {
        "id": "digitaalisen-road-mapin-luominen",
        "kind": "STRATEGIC_PROJECT",
        "region": "r1",
        "title": "Digitaalisen road mapin luominen",
        "owner": "Päivi",
        "phase": "käynnissä",
        "start_date": "2018-03-01",
        "due_date": "2019-12-31",
        "progress": 40,
        "health": "AMBER",
        "attributes": {"imported_from": "portfolio.csv line 2"},  # where the row came from
    }
    assert reading.document["edges"] == [
        {"source": road["id"], "relation": "ADDRESSES", "target": "ch-tieto"},
        {"source": road["id"], "relation": "SUPPORTS", "target": "line"},
        {"source": "tulevaisuuden-sote-keskus", "relation": "ADDRESSES", "target": "ch"},
    ]

    outcome = reading.import_with(lambda d: service.import_document(d, "pmo"))
    assert outcome.plan.added == ["digitaalisen-road-mapin-luominen", "tulevaisuuden-sote-keskus"]
    assert outcome.plan.changed == ["proj"]
    proj = service.store.get_node("proj")
    assert (proj.progress, proj.health, proj.title) == (55, "RED", "PROJ")  # empty cells keep
    again = load_portfolio(PORTFOLIO.encode("utf-8"), service.store.nodes())
    outcome = service.import_document(again.document, "pmo")
    assert outcome.plan.added == outcome.plan.changed == [] and outcome.plan.edges_added == 0


def test_portfolio_errors_are_located() -> None:
    nodes = service_with(portfolio_graph()).store.nodes()
    with pytest.raises(ValidationError) as exc:
        load_portfolio(b"title,region\nA,r1\n", nodes)
    assert problem(exc) == (
        "missing-column",
        "portfolio.csv line 1",
        "missing column 'serves'; the header row has 'title', 'region' "
        "(map the sheet's own names with a column mapping)",
    )
    sheet = "title,serves,start_date,health\nA,ch,2018-13-01,\n,ch,,\nB,ch,,blue\n"
    with pytest.raises(ValidationError) as exc:
        load_portfolio(sheet.encode(), nodes, region="r1")
    assert [(p.where, p.rule) for p in exc.value.problems] == [
        ("portfolio.csv line 2", "date-format"),
        ("portfolio.csv line 3", "required"),
        ("portfolio.csv line 4", "unknown-health"),
    ]


def test_portfolio_ids_are_stable_slugs() -> None:
    assert slug("Digitaalisen road mapin luominen — ÄÖÅ 2019") == (
        "digitaalisen-road-mapin-luominen-aoa-2019"
    )
    nodes = service_with(portfolio_graph()).store.nodes()
    sheet = b"title,serves\nRoad map,ch\nRoad-map,ch\nCH,ch\n"
    reading = load_portfolio(sheet, nodes, region="r1")
    ids = reading.matched
    assert ids[0] == "road-map" and ids[1].startswith("road-map-") and ids[2].startswith("ch-")
    assert load_portfolio(sheet, nodes, region="r1").matched == ids


# -- dispatch ------------------------------------------------------------------------


def test_guess_format(tmp_path: Path) -> None:
    doc = small_document()
    write_path(doc, tmp_path / "folder", "csv")
    write_path(doc, tmp_path / "g.json", "json")
    write_path(doc, tmp_path / "g.graphml", "graphml")
    write_path(doc, tmp_path / "g.xml", "archimate")
    (tmp_path / "salkku.csv").write_text("title,serves\n", encoding="utf-8")
    (tmp_path / "solmut.csv").write_text("id;kind;region;title\n", encoding="utf-8")
    assert [
        guess_format(tmp_path / name)
        for name in (
            "folder",
            "folder/edges.csv",
            "g.json",
            "g.graphml",
            "g.xml",
            "salkku.csv",
            "solmut.csv",
        )
    ] == ["csv", "csv", "json", "graphml", "archimate", "portfolio", "csv"]
    for name in ("g.json", "g.graphml", "g.xml", "folder"):
        document = open_path(tmp_path / name).document
        assert len(document["nodes"]) == 9 and document["regions"] == doc["regions"]
        assert [(e["source"], e["target"]) for e in document["edges"]] == [
            (e["source"], e["target"]) for e in doc["edges"]
        ]
    with pytest.raises(ValidationError, match=r"cannot tell the format of notes\.txt"):
        (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
        open_path(tmp_path / "notes.txt")


def test_json_syntax_error_names_file_line_and_column(tmp_path: Path) -> None:
    (tmp_path / "g.json").write_text('{"nodes": [\n  }', encoding="utf-8")
    with pytest.raises(ValidationError) as exc:
        open_path(tmp_path / "g.json")
    assert problem(exc) == (
        "json-syntax",
        "g.json line 2, column 3",
        "invalid JSON: Expecting value",
    )
