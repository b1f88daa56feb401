"""``strategygraph import`` / ``export`` in every format, as a user runs them: round trips
of the demo, dry runs, reports of what was skipped, and bad files that change nothing.

Every format carries everything the JSON format does (ArchiMate as ``sg:`` properties and
model properties for regions and organisations), so each round trip is compared on every
field but the stamps a new store sets (version, created/updated at and by). Not carried by
ArchiMate: views and diagrams (none are written); by CSV: the difference between an empty
optional text and an absent one."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from strategygraph.cli import main
from strategygraph.interchange import MAX_BYTES
from tests.conftest import small_document
from tests.unit.test_formats_archimate import SAMPLE, assert_valid
from tests.unit.test_formats_csv import comparable

SUFFIX = {"json": "graph.json", "csv": "export", "graphml": "graph.graphml", "archimate": "m.xml"}


def cli(db: Path, *args: str, lang: str = "en") -> Result:
    env = {"STRATEGYGRAPH_ACTOR": "tester", "STRATEGYGRAPH_LANG": lang}
    return CliRunner().invoke(main, ["--store", f"sqlite:///{db}", *args], env=env)


def export_json(db: Path) -> dict[str, Any]:
    done = cli(db, "export")
    assert done.exit_code == 0, done.stderr
    return dict(json.loads(done.stdout))


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    done = cli(db, "demo", "--no-serve")
    assert done.exit_code == 0, done.stderr
    return db


def test_the_import_and_export_reports_speak_the_configured_language(
    demo_db: Path, tmp_path: Path
) -> None:
    out = tmp_path / "graph.json"
    finnish = cli(demo_db, "export", "-o", str(out), lang="fi")
    assert finnish.stderr == f"kirjoitettu {out}\n"
    assert cli(demo_db, "export", "-o", str(out)).stderr == f"wrote {out}\n"
    dry = cli(tmp_path / "g.db", "import", str(out), "--dry-run", lang="fi").stdout
    assert dry.splitlines()[:2] == [
        "Kuivaharjoitus: mitään ei muutettu.",
        "lisättäisiin 87 solmua ja 108 linkkiä, muutettaisiin 0 solmua, ennalleen jäisi 0 "
        "solmua ja 0 linkkiä; graafin versio 0",
    ]
    assert "  lisättäisiin (87): " in dry and "… ja 62 muuta" in dry
    swedish = cli(tmp_path / "g.db", "import", str(out), "--dry-run", lang="sv").stdout
    assert swedish.startswith("Provkörning: inget ändrades.\nskulle lägga till 87 noder")


@pytest.mark.parametrize("fmt", ["json", "csv", "graphml", "archimate"])
def test_demo_round_trips_through_every_format(demo_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / SUFFIX[fmt]
    done = cli(demo_db, "export", "--format", fmt, "-o", str(out))
    assert done.exit_code == 0, done.stderr
    if fmt == "csv":
        assert sorted(p.name for p in out.iterdir()) == [
            "edges.csv",
            "indicators.csv",
            "measurements.csv",
            "nodes.csv",
            "organisations.csv",
            "regions.csv",
            "reports.csv",
            "risks.csv",
        ]
        assert "Ympäristöterveydenhuollon" in (out / "nodes.csv").read_text(encoding="utf-8-sig")
    if fmt == "archimate":
        assert_valid(out.read_bytes())
    target = tmp_path / "target.db"
    done = cli(target, "import", str(out), "--json")  # the format from the name or folder
    assert done.exit_code == 0, done.stderr
    summary = json.loads(done.stdout)
    assert (summary["nodes_added"], summary["edges_added"], summary["report"]) == (87, 108, [])
    assert comparable(export_json(target)) == comparable(export_json(demo_db))
    again = json.loads(cli(target, "import", str(out), "--json").stdout)
    assert (again["nodes_added"], again["nodes_changed"], again["edges_added"]) == (0, 0, 0)
    assert (again["records_added"], again["records_changed"]) == ([], [])
    assert again["version"] == summary["version"]
    picture = {k: v for k, v in export_json(demo_db).items() if k in ("risks", "reports")}
    assert {k: export_json(target).get(k) for k in picture} == picture  # every format


def test_the_demo_holds_two_regions_from_the_same_national_goals(demo_db: Path) -> None:
    doc = export_json(demo_db)
    regions = sorted(r["id"] for r in doc["regions"])
    assert regions == ["kymenlaakso", "national", "uusimaa"]
    goals = [n["id"] for n in doc["nodes"] if n["kind"] == "NATIONAL_GOAL"]
    assert len(goals) == 6
    uusimaa = [n for n in doc["nodes"] if n["region"] == "uusimaa"]
    assert {n["kind"] for n in uusimaa} == {
        "CHANGE_VISION",
        "ORGANISATIONAL_VISION",
        "STRATEGIC_LINE",
        "CHALLENGE",
        "STRATEGIC_PROJECT",
    }
    into_goals = {e["target"] for e in doc["edges"] if e["source"].startswith("uus-cv-")}
    assert into_goals <= set(goals) and len(into_goals) == 4


def test_dry_run_shows_what_would_be_added_changed_and_left_alone(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    doc = small_document()
    file = tmp_path / "doc.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    assert cli(db, "import", str(file)).exit_code == 0
    doc["nodes"][7]["title"] = "Uusi nimi"
    doc["nodes"].append({"id": "ch-new", "kind": "CHALLENGE", "region": "r1", "title": "Uusi"})
    file.write_text(json.dumps(doc), encoding="utf-8")
    version = export_json(db)["graph_version"]
    done = cli(db, "import", str(file), "--dry-run")
    assert done.exit_code == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Dry run: nothing was changed."
    assert "  would add (1): ch-new" in lines
    assert "  would change (1): proj (title)" in lines
    assert "  left alone (8): goal, goal2, cv, ov, line, ch, ch-open, proj2" in lines
    assert lines[1] == (
        "would add 1 nodes and 0 edges, would change 1 nodes, left 8 nodes and 8 edges alone; "
        f"graph version {version}"
    )
    assert export_json(db)["graph_version"] == version


def test_archimate_sample_maps_nothing_and_is_refused_naming_its_elements(
    tmp_path: Path,
) -> None:
    done = cli(tmp_path / "g.db", "import", str(SAMPLE))
    assert done.exit_code == 2, done.stderr
    assert done.stderr.startswith(
        "error: Sample1.xml: none of the 2 elements is of a type StrategyGraph reads "
        "(BusinessRole 1, BusinessProcess 1); it reads Goal, Outcome"
    ), done.stderr


def test_portfolio_import_by_format_option(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    file = tmp_path / "doc.json"
    file.write_text(json.dumps(small_document()), encoding="utf-8")
    assert cli(db, "import", str(file)).exit_code == 0
    sheet = tmp_path / "salkku.txt"
    sheet.write_text("hanke;palvelee\nUusi hanke;CH\nToinen;Ei ole\n", encoding="utf-8")
    done = cli(db, "import", str(sheet), "--format", "portfolio", "--region", "r1", "--json")
    assert done.exit_code == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["added"] == ["uusi-hanke"]
    assert summary["report"] == [
        "salkku.txt line 3: project 'Toinen' left out: 'Ei ole' matches no challenge, "
        "strategic line or organisational vision by id or exact title"
    ]


def test_export_needs_a_folder_for_csv(tmp_path: Path) -> None:
    done = cli(tmp_path / "g.db", "export", "--format", "csv")
    assert (done.exit_code, done.stderr) == (
        2,
        "error: a CSV export is a folder: name it with -o FOLDER\n",
    )


# -- bad files: a clear error with the place, and nothing changed --------------------


def nodes_csv(*rows: str, header: str = "id,kind,region,title") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """Each bad file, and the start of the error it must give."""
    cases: dict[str, tuple[Path, str]] = {}

    def folder(name: str, nodes: bytes, edges: bytes = b"source,relation,target\n") -> Path:
        out = tmp_path / name
        out.mkdir()
        (out / "nodes.csv").write_bytes(nodes)
        (out / "edges.csv").write_bytes(edges)
        return out

    latin = "id,kind,region,title\nch-x,CHALLENGE,r1,Työ\n".encode("latin-1")
    cases["encoding"] = (
        folder("enc", latin),
        "error: nodes.csv line 2: the file is not UTF-8: byte 0xf6 cannot be read",
    )
    cases["missing column"] = (
        folder("cols", nodes_csv("ch-x,CHALLENGE,Työ", header="id,kind,title")),
        "error: nodes.csv line 1: missing column 'region'",
    )
    cases["unknown kind"] = (
        folder("kind", nodes_csv("ch-x,HAASTE,r1,Työ")),
        "error: nodes.csv line 2: node 'ch-x': unknown kind 'HAASTE'; expected one of ",
    )
    cases["dangling reference"] = (
        folder(
            "dangling",
            nodes_csv("ch-x,CHALLENGE,r1,Työ"),
            b"source,relation,target\nch-x,CHALLENGES,ghost-line\n",
        ),
        "error: edges.csv line 2: ",
    )
    cases["duplicate id"] = (
        folder("dup", nodes_csv("ch-x,CHALLENGE,r1,Työ", "ch-x,CHALLENGE,r1,Toinen")),
        "error: nodes.csv line 3: 'ch-x' is already listed on nodes.csv line 2",
    )
    cycle = tmp_path / "cycle.json"
    doc = small_document()
    doc["nodes"].append({"id": "p3", "kind": "STRATEGIC_PROJECT", "region": "r1", "title": "P3"})
    doc["edges"] += [
        {"source": "proj", "relation": "DEPENDS_ON", "target": "p3"},
        {"source": "p3", "relation": "DEPENDS_ON", "target": "proj2"},
    ]
    cycle.write_text(json.dumps(doc), encoding="utf-8")
    cases["cycle"] = (cycle, "error: cycle.json edges[")
    huge = tmp_path / "huge.json"
    with huge.open("w", encoding="utf-8") as handle:
        handle.write('{"format": "strategygraph", "format_version": 1, "nodes": [')
        row = json.dumps({"id": "x", "kind": "CHALLENGE", "region": "r1", "title": "ä" * 1000})
        handle.write(",".join([row] * (MAX_BYTES // len(row.encode("utf-8")) + 10)))
        handle.write("]}")
    cases["50 MB"] = (
        huge,
        "error: huge.json: the file is 50.1 MB, larger than the limit of 50.0 MB; "
        "nothing was read (split it, or raise the limit)",
    )
    bom = tmp_path / "bom.json"
    bom.write_bytes(codecs.BOM_UTF16_LE + json.dumps(small_document()).encode("utf-16-le"))
    cases["utf-16"] = (bom, "error: bom.json line 1: the file is not UTF-8: byte 0xff")
    return cases


def test_bad_files_give_clear_errors_and_change_nothing(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    file = tmp_path / "doc.json"
    file.write_text(json.dumps(small_document()), encoding="utf-8")
    assert cli(db, "import", str(file)).exit_code == 0
    before = comparable(export_json(db)), export_json(db)["graph_version"]
    for case, (path, message) in bad_files(tmp_path).items():
        done = cli(db, "import", str(path))
        assert done.exit_code == 2, (case, done.stdout, done.stderr)
        assert done.stderr.startswith(message), (case, done.stderr)
        assert (comparable(export_json(db)), export_json(db)["graph_version"]) == before, case
