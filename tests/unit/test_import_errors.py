"""Import errors as a user meets them, from a real ``strategygraph`` process: each names
the file, the line or element, and the field; XML advice for XML; a dry run leaves no
store file behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from strategygraph.domain import ValidationError
from strategygraph.interchange import dump_files
from strategygraph.interchange.csv_format import load_csv
from strategygraph.store import EmbeddedStore
from tests.conftest import small_document


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "STRATEGYGRAPH_ACTOR": "tester",
        "PYTHONIOENCODING": "utf-8",
        "STRATEGYGRAPH_LANG": "en",
    }
    return subprocess.run(
        [sys.executable, "-m", "strategygraph", "--store", f"sqlite:///{db}", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=db.parent,
        timeout=120,
        check=False,
    )


def graphml_text() -> str:
    return dump_files(small_document(), "graphml")["graph.graphml"].decode("utf-8")


def test_a_dry_run_creates_no_store_file(tmp_path: Path) -> None:
    file = tmp_path / "doc.json"
    file.write_text(json.dumps(small_document()), encoding="utf-8")
    db = tmp_path / "never.db"
    done = run(db, "import", str(file), "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "would add 9 nodes and 8 edges" in done.stdout
    assert sorted(p.name for p in tmp_path.iterdir()) == ["doc.json"]


def test_utf16_graphml_is_read_whatever_its_suffix(tmp_path: Path) -> None:
    text = graphml_text().replace("encoding='utf-8'", "encoding='UTF-16'")
    for name in ("yed.graphml", "yed.xml"):
        (tmp_path / name).write_bytes(text.encode("utf-16"))
        done = run(tmp_path / "g.db", "import", str(tmp_path / name), "--dry-run")
        assert done.returncode == 0, done.stderr
        assert "would add 9 nodes and 8 edges" in done.stdout


def test_xml_in_a_wrong_encoding_gets_xml_advice(tmp_path: Path) -> None:
    text = graphml_text().replace("REGION ONE", "Ä").replace("Region One", "Äänekoski")
    (tmp_path / "latin.graphml").write_bytes(text.encode("latin-1"))
    done = run(tmp_path / "g.db", "import", str(tmp_path / "latin.graphml"))
    assert done.returncode == 2
    assert "latin.graphml line" in done.stderr and "not UTF-8" in done.stderr
    assert "XML declaration" in done.stderr and "spreadsheet" not in done.stderr


def test_one_run_reports_every_problem_of_every_stage_with_its_field(tmp_path: Path) -> None:
    doc = small_document()
    doc["nodes"][2]["title"] = ""  # schema
    doc["nodes"][4]["title"] = "x" * 206  # schema, with the limit
    doc["nodes"][5]["due_date"] = "31.12.2018"  # schema, as typed
    doc["nodes"][6]["organisation"] = "ghost"  # the store's references
    doc["nodes"][7].update(status="APPROVED", approved_by="VATE")  # the approval rule
    doc["edges"].append({"source": "proj", "relation": "ADDRESSES", "target": "nowhere"})
    file = tmp_path / "bad.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    done = run(tmp_path / "g.db", "import", str(file))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "error: 6 problems found, nothing was changed:",
        "- bad.json nodes[2].title: '' should be non-empty",
        "- bad.json nodes[4].title: 'title' is 206 characters long; the limit is 200",
        "- bad.json nodes[5].due_date: 'due_date' '31.12.2018' is not a date (YYYY-MM-DD)",
        "- bad.json nodes[7]: node 'proj': approval needs the decision date: 'decision_date' "
        "is empty; give it, or import the node as PROPOSED",
        "- bad.json nodes[6]: node 'ch-open': organisation 'ghost' does not exist",
        "- bad.json edges[8]: edge proj -ADDRESSES-> nowhere: node 'nowhere' does not exist",
    ]
    assert json.loads(run(tmp_path / "g.db", "export").stdout)["nodes"] == []


def test_an_approval_without_body_and_date_is_refused_as_set_status_refuses_it(
    tmp_path: Path,
) -> None:
    doc = small_document()
    doc["nodes"][3].update(status="APPROVED")  # ov: neither body nor date
    doc["nodes"][4].update(status="APPROVED", approved_by="VATE")  # line: no date
    doc["nodes"][5].update(status="APPROVED", approved_by="VATE", decision_date="2018-03-01")
    file = tmp_path / "doc.json"
    file.write_text(json.dumps(doc), encoding="utf-8")
    done = run(tmp_path / "g.db", "import", str(file))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        "error: 3 problems found, nothing was changed:",
        "- doc.json nodes[3]: node 'ov': approval needs the approving body: 'approved_by' is "
        "empty; give it, or import the node as PROPOSED",
        "- doc.json nodes[3]: node 'ov': approval needs the decision date: 'decision_date' is "
        "empty; give it, or import the node as PROPOSED",
        "- doc.json nodes[4]: node 'line': approval needs the decision date: 'decision_date' is "
        "empty; give it, or import the node as PROPOSED",
    ]
    assert json.loads(run(tmp_path / "g.db", "export").stdout)["nodes"] == []
    folder = tmp_path / "csv"
    folder.mkdir()
    for name, data in dump_files(doc, "csv").items():
        (folder / name).write_bytes(data)
    done = run(tmp_path / "g.db", "import", str(folder))
    assert done.returncode == 2
    assert [line.split(":")[0] for line in done.stderr.splitlines()[1:]] == [
        "- nodes.csv line 5",
        "- nodes.csv line 5",
        "- nodes.csv line 6",
    ]
    doc["nodes"][3].update(approved_by="VATE", decision_date="2018-03-01")
    doc["nodes"][4].update(decision_date="2018-03-01")
    file.write_text(json.dumps(doc), encoding="utf-8")
    assert run(tmp_path / "g.db", "import", str(file)).returncode == 0


def test_export_of_an_unknown_region_names_the_known_ones(tmp_path: Path) -> None:
    file = tmp_path / "doc.json"
    file.write_text(json.dumps(small_document()), encoding="utf-8")
    assert run(tmp_path / "g.db", "import", str(file)).returncode == 0
    done = run(tmp_path / "g.db", "export", "--region", "nowhere")
    assert done.returncode != 0 and done.stdout == ""
    assert "region 'nowhere' does not exist; the regions are: national, r1" in done.stderr
    EmbeddedStore(str(tmp_path / "empty.db")).close()  # a store with nothing imported
    empty = run(tmp_path / "empty.db", "export", "--region", "nowhere")
    assert "region 'nowhere' does not exist; there are no regions" in empty.stderr


def test_a_csv_row_with_too_many_cells_and_other_bad_rows_are_all_told() -> None:
    nodes = (
        b"id,kind,region,title,due_date\r\n"
        b"a,CHALLENGE,r1,A,\r\n"
        b"b,CHALLENGE,r1,B, C and more,extra\r\n"
        b"c,STRATEGIC_PROJECT,r1,C,31.2.2018\r\n"
    )
    with pytest.raises(ValidationError) as exc:
        load_csv({"nodes.csv": nodes})
    found = [(p.where, p.field, p.message) for p in exc.value.problems]
    assert found == [
        (
            "nodes.csv line 3",
            None,
            "the row has 6 cells but the header has 5 columns: cell 6 'extra' has no "
            "column (a separator inside a value that is not quoted?)",
        ),
        (
            "nodes.csv line 4",
            "due_date",
            "node 'c': 'due_date' '31.2.2018' is not a date (day.month.year, e.g. 1.4.2018)",
        ),
    ]
