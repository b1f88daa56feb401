"""Import errors as a user meets them, from a real ``strategygraph`` process: each names
the file, the line or element, and the field; XML advice for XML; a dry run leaves no
store file behind."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from strategygraph.interchange import dump_files
from tests.conftest import small_document


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "STRATEGYGRAPH_ACTOR": "tester", "PYTHONIOENCODING": "utf-8"}
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
