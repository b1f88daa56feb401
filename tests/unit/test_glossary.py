"""The glossary: every word in three languages, one name per concept, plurals, dates; and
the CLI tables that read it, Finnish unless ``STRATEGYGRAPH_LANG`` says otherwise."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from strategygraph.cli import main
from strategygraph.config import Settings
from strategygraph.domain import Health, NodeKind
from strategygraph.glossary import WORDS, Glossary, Lang, glossary, parse_lang

FI, SV, EN = Glossary(Lang.FI), Glossary(Lang.SV), Glossary(Lang.EN)


def test_every_entry_has_three_languages_with_the_same_fields() -> None:
    for key, texts in WORDS.items():
        assert len(texts) == 3 and all(t.strip() for t in texts), key
        fields = [sorted(re.findall(r"\{(\w+)\}", t)) for t in texts]
        assert fields[0] == fields[1] == fields[2] or key == "coverage.no_kind", key


@pytest.mark.parametrize(
    ("words", "kind", "one", "two"),
    [
        (FI, NodeKind.CHANGE_VISION, "1 muutosvisio", "2 muutosvisiota"),
        (FI, NodeKind.STRATEGIC_PROJECT, "1 strateginen hanke", "2 strategista hanketta"),
        (FI, NodeKind.CHALLENGE, "1 voitettava taistelu", "2 voitettavaa taistelua"),
        (SV, NodeKind.CHANGE_VISION, "1 förändringsvision", "2 förändringsvisioner"),
        (SV, NodeKind.STRATEGIC_PROJECT, "1 strategiskt projekt", "2 strategiska projekt"),
        (EN, NodeKind.CHANGE_VISION, "1 change vision", "2 change visions"),
        (EN, NodeKind.ORGANISATIONAL_VISION, "1 organisational vision", "2 organisational visions"),
    ],
)
def test_counts_take_the_right_form(words: Glossary, kind: NodeKind, one: str, two: str) -> None:
    assert (words.count(1, kind), words.count(2, kind)) == (one, two)
    assert words.count(0, kind) == two.replace("2", "0", 1)


def test_one_concept_has_one_name_per_language() -> None:
    assert [g.kind(NodeKind.CHALLENGE) for g in (FI, SV, EN)] == [
        "voitettava taistelu",
        "utmaning",
        "challenge",
    ]
    assert [g.health(Health.AMBER) for g in (FI, SV, EN)] == ["keltainen", "gul", "amber"]
    fi_words = " ".join(texts[0] for texts in WORDS.values()).lower()
    assert "haaste" not in fi_words and "amber" not in fi_words


def test_dates_numbers_and_languages() -> None:
    assert FI.date(date(2018, 3, 1)) == SV.date(date(2018, 3, 1)) == "1.3.2018"
    assert EN.date(date(2018, 3, 1)) == "2018-03-01"
    assert (FI.number(12000), EN.number(12000)) == ("12\u00a0000", "12,000")
    helsinki = datetime(2026, 12, 3, 0, 56, tzinfo=timezone(timedelta(hours=2)))
    assert (FI.moment(helsinki), EN.moment(helsinki)) == (
        "2.12.2026 22:56 UTC",
        "2026-12-02 22:56 UTC",
    )
    assert glossary("SV") is glossary(Lang.SV)
    with pytest.raises(ValueError, match=r"^unknown language 'de'; use one of fi, sv, en$"):
        parse_lang("de")
    assert Settings.from_env({}).lang is Lang.FI
    assert Settings.from_env({"STRATEGYGRAPH_LANG": " en "}).lang is Lang.EN
    with pytest.raises(ValueError, match=r"^STRATEGYGRAPH_LANG: unknown language 'no'"):
        Settings.from_env({"STRATEGYGRAPH_LANG": "no"})


def test_the_cli_tables_are_finnish_by_default(tmp_path: Path) -> None:
    store = ["--store", f"sqlite:///{tmp_path / 'demo.db'}"]
    env: dict[str, str | None] = {"STRATEGYGRAPH_LANG": None, "COLUMNS": "250"}
    loaded = CliRunner(env=env).invoke(main, [*store, "demo", "--no-serve"])
    assert loaded.exit_code == 0, loaded.output
    for text in ("Kansallisten tavoitteiden kattavuus", "muutosvisiot", "vihreä", "Aukot ("):
        assert text in loaded.output, text
    coverage = CliRunner(env=env).invoke(main, [*store, "coverage", "--region", "kymenlaakso"])
    assert "voitettavat taistelut" in coverage.output and "keltainen" in coverage.output
    assert "national goal" not in coverage.output.lower()
    gaps = CliRunner(env=env).invoke(main, [*store, "gaps", "--region", "uusimaa"])
    # Four gaps of the strategy, and its nine drafts: from April 2018 (the seeds' dates), stale.
    assert "Aukot (13)" in gaps.output
    assert "Voitettava taistelu, johon mikään hanke ei vastaa" in gaps.output
    assert "Linkki ohittaa tason" in gaps.output
    assert "Challenge" not in gaps.output and "Gaps" not in gaps.output
    english = {**env, "STRATEGYGRAPH_LANG": "en"}
    gaps = CliRunner(env=english).invoke(main, [*store, "gaps", "--region", "uusimaa"])
    assert "Gaps (13)" in gaps.output and "Challenge no project addresses" in gaps.output
    swedish = {**env, "STRATEGYGRAPH_LANG": "sv"}
    coverage = CliRunner(env=swedish).invoke(main, [*store, "coverage"])
    assert "De nationella målens täckning" in coverage.output and "utmaningar" in coverage.output
