"""``risks``, ``indicators`` and ``report`` run as a user runs them (a real process, on
the demo with its situational picture): JSON for scripts, Finnish tables, clear errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    store = f"sqlite:///{folder / 'g.db'}"
    return subprocess.run(
        [sys.executable, "-m", "strategygraph", "--store", store, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo")
    done = run(folder, "demo", "--no-serve")
    assert done.returncode == 0, done.stderr
    return folder


def test_risks_json_and_map(demo: Path) -> None:
    risks = json.loads(run(demo, "risks", "--region", "kymenlaakso", "--json").stdout)
    assert len(risks) == 11 and risks[0]["id"] == "kym-risk-political-will"
    assert all(r["source"] for r in risks)
    cells = json.loads(run(demo, "risks", "--map", "--region", "kymenlaakso", "--json").stdout)
    assert sum(len(c["risks"]) for c in cells) == 11
    assert cells[4] == {"likelihood": 5, "impact": 5, "risks": []}
    table = run(demo, "risks", "--map", "--region", "kymenlaakso").stdout
    assert "Riskikartta: kymenlaakso" in table and "Todennäköisyys" in table


def test_risks_threatening_a_goal(demo: Path) -> None:
    done = run(demo, "risks", "--threatening", "ng-equal-services", "--json")
    assert done.returncode == 0, done.stderr
    assert "kym-risk-roles" in [r["id"] for r in json.loads(done.stdout)]
    missing = run(demo, "risks", "--threatening", "nope")
    assert (missing.returncode, missing.stderr) == (1, "error: node 'nope' does not exist\n")


def test_indicators_and_reports(demo: Path) -> None:
    found = json.loads(run(demo, "indicators", "kym-proj-digital-roadmap", "--json").stdout)
    assert [(i["id"], i["health"], len(i["readings"])) for i in found] == [
        ("kym-ind-digital-roadmap-done", "GREEN", 3)
    ]
    reports = json.loads(run(demo, "report", "kym-proj-digital-roadmap", "--json").stdout)
    assert [r["id"] for r in reports] == ["kym-rep-roadmap-2018-09", "kym-rep-roadmap-2018-06"]
    board = run(demo, "report", "--region", "kymenlaakso").stdout
    assert "Tilannekatsaukset (2)" in board


def test_trace_names_the_risks_threatening_its_nodes(demo: Path) -> None:
    done = run(demo, "trace", "kym-proj-digital-roadmap", "--json")
    assert done.returncode == 0, done.stderr
    risks = {r["id"]: r for r in json.loads(done.stdout)["risks"]}
    assert risks["kym-risk-lead-shifts"]["threatens"] == [
        "kym-proj-digital-roadmap",
        "kym-ch-digitalisation",
    ]
    assert risks["kym-risk-lead-shifts"]["score"] == 6
    assert all(r["status"] != "CLOSED" for r in risks.values())
    table = run(demo, "trace", "kym-proj-digital-roadmap").stdout
    assert "Avoimet riskit jäljityksen solmuissa:" in table
    assert "(kym-risk-lead-shifts)" in table and "pisteet 6 · avoin · uhkaa:" in table
    assert "kym-proj-digital-roadmap) ⚠ 1" in table
    calm = run(demo, "trace", "kym-proj-budget", "--json")
    assert json.loads(calm.stdout)["risks"] == []
