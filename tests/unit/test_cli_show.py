"""``strategygraph show`` and bad input, run as a user runs them (a real process): JSON for
nodes with edges, no raw escape sequences on the terminal, no tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import small_document


def run(tmp_path: Path, *args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    env = {**os.environ, "STRATEGYGRAPH_ACTOR": "tester", "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "strategygraph", "--store", f"sqlite:///{tmp_path / 'g.db'}", *args],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )


def loaded(tmp_path: Path) -> Path:
    file = tmp_path / "doc.json"
    file.write_text(json.dumps(small_document()), encoding="utf-8")
    done = run(tmp_path, "import", str(file))
    assert done.returncode == 0, done.stderr
    return file


def test_show_json_of_a_node_with_edges(tmp_path: Path) -> None:
    loaded(tmp_path)
    done = run(tmp_path, "show", "ch", "--json")
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert (shown["id"], shown["kind"], shown["title"]) == ("ch", "CHALLENGE", "CH")
    plain = {"inferred": False, "note": None}
    assert shown["edges"] == [
        {"source": "ch", "relation": "CHALLENGES", "target": "line", **plain},
        {"source": "proj", "relation": "ADDRESSES", "target": "ch", **plain},
        {"source": "proj2", "relation": "ADDRESSES", "target": "ch", **plain},
    ]


def test_an_escape_sequence_given_as_an_id_is_shown_escaped(tmp_path: Path) -> None:
    loaded(tmp_path)
    done = run(tmp_path, "show", "\x1b]0;pwned\x07\x1b[2J")
    assert (done.returncode, done.stdout) == (1, b"")
    assert done.stderr == b"error: node '\\x1b]0;pwned\\x07\\x1b[2J' does not exist\n"
    drawn = run(tmp_path, "render", "--region", "r\x1b[2J", "-o", str(tmp_path / "m.svg"))
    assert (drawn.returncode, drawn.stderr) == (1, b"error: region 'r\\x1b[2J' does not exist\n")


def test_an_import_with_control_characters_or_surrogates_is_one_line_per_problem(
    tmp_path: Path,
) -> None:
    loaded(tmp_path)
    document = small_document()
    document["nodes"][5]["title"] = "Haaste\x1b[31m"
    document["nodes"][6]["description"] = "a\ud800b"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")  # the surrogate as \\ud800
    done = run(tmp_path, "import", str(bad))
    assert done.returncode == 2
    assert done.stderr.decode() == (
        "error: 2 problems found, nothing was changed:\n"
        "- bad.json nodes[5]: node 'ch': title contains the control character U+001B at "
        "position 7; only tab and line breaks are allowed\n"
        "- bad.json nodes[6]: node 'ch-open': description contains a lone surrogate U+D800 "
        "at position 2, which is not text\n"
    )
    assert json.loads(run(tmp_path, "show", "ch", "--json").stdout)["title"] == "CH"


def test_an_attribute_key_given_twice_in_a_csv_cell_is_refused(tmp_path: Path) -> None:
    loaded(tmp_path)
    folder = tmp_path / "csv"
    folder.mkdir()
    (folder / "nodes.csv").write_text(
        "id,kind,region,title,attributes\n"
        'ch,CHALLENGE,r1,CH,"{""mission"": ""a"", ""mission"": ""b""}"\n',
        encoding="utf-8",
    )
    done = run(tmp_path, "import", str(folder))
    assert (done.returncode, done.stderr.decode()) == (
        2,
        "error: nodes.csv line 2: attribute 'mission' is given more than once\n",
    )
