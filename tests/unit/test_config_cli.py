"""Configuration from the environment, and the CLI as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from strategygraph.config import DEFAULT_STORE, Settings
from strategygraph.domain import NodeKind, Relation
from strategygraph.store import EmbeddedStore
from tests.conftest import small_document


def test_settings_defaults_and_environment() -> None:
    assert Settings.from_env({}).store == DEFAULT_STORE
    s = Settings.from_env(
        {
            "STRATEGYGRAPH_STORE": "sqlite:///x.db",
            "STRATEGYGRAPH_PORT": "9000",
            "STRATEGYGRAPH_MODE": "production",
            "STRATEGYGRAPH_ANSWER_CACHE_MB": "0",
        }
    )
    assert (s.store, s.port, s.mode) == ("sqlite:///x.db", 9000, "production")
    assert (s.answer_cache_mb, Settings.from_env({}).answer_cache_mb) == (0, 64)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"STRATEGYGRAPH_PORT": "eighty"},
            "STRATEGYGRAPH_PORT must be a whole number, not 'eighty'",
        ),
        ({"STRATEGYGRAPH_PORT": "0"}, "STRATEGYGRAPH_PORT must be between 1 and 65535, not 0"),
        (
            {"STRATEGYGRAPH_ANSWER_CACHE_MB": "-1"},
            "STRATEGYGRAPH_ANSWER_CACHE_MB must be between 0 and 65536, not -1",
        ),
        (
            {"STRATEGYGRAPH_MODE": "debug"},
            "STRATEGYGRAPH_MODE must be one of development, production, not 'debug'",
        ),
    ],
)
def test_settings_refuse_surprises(env: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=f"^{message}$"):
        Settings.from_env(env)


def run(
    tmp_path: Path, *args: str, extra: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        **(extra or {}),
        "STRATEGYGRAPH_STORE": f"sqlite:///{tmp_path / 'cli.db'}",
        "STRATEGYGRAPH_ACTOR": "tester",
    }
    return subprocess.run(
        [sys.executable, "-m", "strategygraph", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )


def test_cli_import_trace_gaps_show_export(tmp_path: Path) -> None:
    file = tmp_path / "doc.json"
    file.write_text(json.dumps(small_document()), encoding="utf-8")
    done = run(tmp_path, "import", str(file), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["nodes_added"] == 9

    traced = json.loads(run(tmp_path, "trace", "proj", "--json").stdout)
    assert traced == {
        "total": 1,
        "start": 0,
        "goals": [{"goal": "goal", "paths": 1}],
        "paths": [
            {
                "nodes": ["proj", "ch", "line", "ov", "cv", "goal"],
                "relations": ["ADDRESSES", "CHALLENGES", "SUPPORTS", "REALISES", "DERIVES_FROM"],
            }
        ],
        "risks": [],  # no risk threatens any node of the trace
    }
    down = json.loads(run(tmp_path, "trace", "line", "--down", "--json").stdout)
    assert [d["id"] for d in down] == ["ch", "ch-open", "proj", "proj2"]

    gaps = json.loads(run(tmp_path, "gaps", "--json").stdout)
    assert {(g["type"], g["id"]) for g in gaps} >= {
        ("CHALLENGE_UNADDRESSED", "ch-open"),
        ("GOAL_UNSERVED", "goal2"),
    }
    cov = json.loads(run(tmp_path, "coverage", "--region", "r1", "--json").stdout)
    assert cov[0]["counts"]["STRATEGIC_PROJECT"] == 2 and cov[0]["health"]["RED"] == 1

    shown = run(tmp_path, "show", "proj")
    assert shown.returncode == 0 and "PROJ" in shown.stdout and "vastaa → ch" in shown.stdout

    out = tmp_path / "out.json"
    assert run(tmp_path, "export", "-o", str(out)).returncode == 0
    assert len(json.loads(out.read_text(encoding="utf-8"))["nodes"]) == 9


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("fi", ["Taso", "strateginen hanke", "vastaa → ch", "Polku 1", "kuuluu →", "Syvyys"]),
        ("sv", ["Nivå", "strategiskt projekt", "tar sig an → ch", "Stig 1", "hör till →", "Djup"]),
        ("en", ["Layer", "strategic project", "addresses → ch", "Path 1", "challenges →", "Depth"]),
    ],
)
def test_a_node_and_its_traces_are_told_in_the_reader_s_language(
    tmp_path: Path, lang: str, words: list[str]
) -> None:
    """``show``, ``trace`` and ``trace --down`` name kinds, relations, statuses and
    fields from the glossary; no code of the API is left for a person to read."""
    doc = tmp_path / "doc.json"
    doc.write_text(json.dumps(small_document()), encoding="utf-8")
    assert run(tmp_path, "import", str(doc)).returncode == 0
    told = "".join(
        run(tmp_path, *args, extra={"STRATEGYGRAPH_LANG": lang}).stdout
        for args in (("show", "proj"), ("trace", "proj"), ("trace", "line", "--down"))
    )
    for word in words:
        assert word in told, word
    codes = [*(k.value for k in NodeKind), *(r.value for r in Relation), "RED", "APPROVED"]
    assert [code for code in codes if code in told] == []


def test_a_command_that_only_reads_refuses_a_store_that_is_not_there(tmp_path: Path) -> None:
    """A mistyped --store: told so, and no empty store file left behind for it."""
    path = tmp_path / "cli.db"
    reads = [
        ("show", "x"),
        ("gaps",),
        ("export", "--format", "json"),
        ("token", "list"),
        ("webhook", "list"),
        ("risks",),
        ("migrate", "--from", f"sqlite:///{path}", "--to", f"sqlite:///{tmp_path / 'to.db'}"),
    ]
    for args in reads:
        done = run(tmp_path, *args)
        assert (done.returncode, done.stdout) == (1, ""), args
        assert done.stderr.startswith(f"error: no store at {path} (sqlite:///{path})"), args
    assert list(tmp_path.iterdir()) == []
    # A command that may start a store (the first region, token, import, serve) does.
    assert run(tmp_path, "region", "add", "lappi", "Lappi").returncode == 0
    listed = run(tmp_path, "region", "list")
    assert listed.returncode == 0 and "lappi" in listed.stdout


def test_cli_bad_input_is_one_line_and_non_zero(tmp_path: Path) -> None:
    EmbeddedStore(str(tmp_path / "cli.db")).close()
    done = run(tmp_path, "show", "ghost")
    assert (done.returncode, done.stderr) == (1, "error: node 'ghost' does not exist\n")
    bad = tmp_path / "bad.json"
    bad.write_text("{nope", encoding="utf-8")
    done = run(tmp_path, "import", str(bad))
    assert done.returncode == 2
    assert done.stderr == (
        "error: bad.json line 1, column 2: invalid JSON: "
        "Expecting property name enclosed in double quotes\n"
    )
