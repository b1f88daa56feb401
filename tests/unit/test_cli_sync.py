"""A sync job as an integrator runs it, a real ``strategygraph`` process each step: export a
region, edit the file (add a project, change an edge's note, remove two projects), mirror
it back; the region then equals the file, the same import again changes nothing, and the
dry run listed every deletion first."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

REGION = "kymenlaakso"
STAMPS = ("version", "created_at", "created_by", "updated_at", "updated_by")


def run(db: Path, *args: str, lang: str = "en") -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "STRATEGYGRAPH_ACTOR": "sync-job",
        "PYTHONIOENCODING": "utf-8",
        "STRATEGYGRAPH_LANG": lang,
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


def ok(db: Path, *args: str, lang: str = "en") -> str:
    done = run(db, *args, lang=lang)
    assert done.returncode == 0, done.stderr
    return done.stdout


def comparable(items: list[dict[str, Any]]) -> list[str]:
    """Items without the stamps a store sets, absent and empty fields alike."""
    return sorted(
        json.dumps(
            {k: v for k, v in i.items() if k not in STAMPS and v not in (None, [], {})},
            sort_keys=True,
        )
        for i in items
    )


def exported(db: Path) -> dict[str, Any]:
    return dict(json.loads(ok(db, "export", "--region", REGION)))


@pytest.fixture(scope="module")
def loaded_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo, loaded once for the module by a real ``strategygraph demo`` process."""
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    ok(db, "demo", "--no-serve")
    return db


@pytest.fixture
def demo(loaded_demo: Path, tmp_path: Path) -> Path:
    """A copy of the loaded demo for the test to write to (the file is the whole store)."""
    db = tmp_path / "demo.db"
    shutil.copyfile(loaded_demo, db)
    return db


def edit(doc: dict[str, Any]) -> tuple[str, str]:
    """Add a project, change an edge's note, remove a draft and a proposed project; the
    ids of the two removed."""
    projects = [n for n in doc["nodes"] if n["kind"] == "STRATEGIC_PROJECT"]
    draft = next(n["id"] for n in projects if n["status"] == "DRAFT")
    proposed = next(n["id"] for n in projects if n["status"] == "PROPOSED")
    doc["nodes"] = [n for n in doc["nodes"] if n["id"] not in (draft, proposed)]
    doc["edges"] = [e for e in doc["edges"] if not {draft, proposed} & {e["source"], e["target"]}]
    served = next(e for e in doc["edges"] if e["relation"] == "ADDRESSES")
    served["note"] = "Päivitetty perustelu\r\ntoinen rivi"
    doc["nodes"].append(
        {
            "id": "kym-proj-sync-new",
            "kind": "STRATEGIC_PROJECT",
            "region": REGION,
            "title": "Uusi synkronoitu hanke",
            "description": "",
            "status": "DRAFT",
        }
    )
    doc["edges"].append(
        {
            "source": "kym-proj-sync-new",
            "relation": "ADDRESSES",
            "target": served["target"],
            "inferred": False,
        }
    )
    return draft, proposed


def test_export_edit_mirror_import_gives_the_file(demo: Path, tmp_path: Path) -> None:
    doc = exported(demo)
    before = {e["source"] + ">" + e["target"] for e in doc["edges"]}
    draft, proposed = edit(doc)
    file = tmp_path / "kymenlaakso.json"
    file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    version = doc["graph_version"]

    dry = ok(demo, "import", str(file), "--mirror", REGION, "--dry-run")
    assert dry.startswith("Dry run: nothing was changed.")
    assert f"  would delete (1): {draft}" in dry.splitlines()
    assert f"  would retire (1): {proposed}" in dry.splitlines()
    removed = next(line for line in dry.splitlines() if "would remove edges" in line)
    gone = [k for k in before if draft in k.split(">") or proposed in k.split(">")]
    assert f"({len(gone)})" in removed
    assert all(f"{e.split('>')[0]} -" in removed for e in gone)
    finnish = ok(demo, "import", str(file), "--mirror", REGION, "--dry-run", lang="fi")
    lines = finnish.splitlines()
    assert lines[0] == "Kuivaharjoitus: mitään ei muutettu."
    assert lines[1].startswith("lisättäisiin 1 solmua ja ")
    assert f"  alueen {REGION} peili: tiedosto on koko totuus" in lines
    assert f"  poistettaisiin (1): {draft}" in lines
    assert f"  poistettaisiin käytöstä (1): {proposed}" in lines
    assert any(line.startswith(f"  poistettaisiin linkit ({len(gone)}): ") for line in lines)
    assert not any(w in finnish for w in ("would", "Dry run", "mirror of", "edges"))
    assert exported(demo)["graph_version"] == version

    summary = json.loads(ok(demo, "import", str(file), "--mirror", REGION, "--json"))
    assert (summary["deleted"], summary["retired"]) == ([draft], [proposed])
    after = exported(demo)
    live = [n for n in after["nodes"] if n["status"] != "RETIRED"]
    assert comparable(live) == comparable(doc["nodes"])
    assert comparable(after["edges"]) == comparable(doc["edges"])
    assert [n["id"] for n in after["nodes"] if n["status"] == "RETIRED"] == [proposed]

    again = json.loads(ok(demo, "import", str(file), "--mirror", REGION, "--json"))
    assert again["version"] == summary["version"]
    assert (again["nodes_added"], again["nodes_changed"], again["edges_added"]) == (0, 0, 0)
    assert (again["deleted"], again["retired"], again["edges_removed"]) == ([], [], [])
    assert again["edges_changed"] == []


def test_mirror_of_an_unknown_region_is_refused_naming_the_known(demo: Path) -> None:
    file = demo.parent / "k.json"
    file.write_text(json.dumps(exported(demo)), encoding="utf-8")
    done = run(demo, "import", str(file), "--mirror", "kymi")
    assert done.returncode != 0
    assert "region 'kymi' does not exist" in done.stderr
    assert "kymenlaakso, national, uusimaa" in done.stderr


def test_export_since_gives_a_delta_that_brings_a_copy_up_to_date(
    demo: Path, tmp_path: Path
) -> None:
    full = tmp_path / "full.json"
    ok(demo, "export", "-o", str(full))
    copy = tmp_path / "copy.db"
    ok(copy, "import", str(full))
    since = json.loads(full.read_text(encoding="utf-8"))["graph_version"]
    doc = exported(demo)
    draft, proposed = edit(doc)
    file = tmp_path / "edited.json"
    file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    ok(demo, "import", str(file), "--mirror", REGION)
    delta = tmp_path / "delta.json"
    ok(demo, "export", "--since", str(since), "-o", str(delta))
    written = json.loads(delta.read_text(encoding="utf-8"))
    assert written["since_version"] == since and written["removed"]["nodes"] == [draft]
    assert proposed in {n["id"] for n in written["nodes"]}
    ok(copy, "import", str(delta))
    mine, theirs = exported(copy), exported(demo)
    assert comparable(mine["nodes"]) == comparable(theirs["nodes"])
    assert comparable(mine["edges"]) == comparable(theirs["edges"])
    refused = run(demo, "export", "--since", str(since), "--format", "csv", "-o", "x")
    assert refused.returncode == 2 and "json only" in refused.stderr
