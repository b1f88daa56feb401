"""The one glossary: every word a person reads in the maps, on the map page and in the
CLI tables, in Finnish (the default), Swedish and English.

>>> fi = Glossary(Lang.FI)
>>> fi.count(1, NodeKind.STRATEGIC_PROJECT), fi.count(3, NodeKind.STRATEGIC_PROJECT)
('1 strateginen hanke', '3 strategista hanketta')
>>> Glossary(Lang.EN).count(1, NodeKind.CHANGE_VISION)
'1 change vision'
>>> fi.date(date(2018, 12, 31)), Glossary(Lang.EN).date(date(2018, 12, 31))
('31.12.2018', '2018-12-31')
>>> fi.number(1500), Glossary(Lang.EN).number(1500)
('1\\xa0500', '1,500')
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from functools import cache

from ..domain import Health, NodeKind, Relation, Status
from .words import WORDS

__all__ = ["DEFAULT_LANG", "WORDS", "Glossary", "Lang", "glossary", "parse_lang"]


class Lang(StrEnum):
    FI = "fi"
    SV = "sv"
    EN = "en"


DEFAULT_LANG = Lang.FI
_COLUMN = {Lang.FI: 0, Lang.SV: 1, Lang.EN: 2}


def parse_lang(value: str) -> Lang:
    """``Lang`` from ``fi``, ``sv`` or ``en`` (any case); ``ValueError`` names the choices."""
    try:
        return Lang(value.strip().lower())
    except ValueError:
        choices = ", ".join(lang.value for lang in Lang)
        raise ValueError(f"unknown language {value!r}; use one of {choices}") from None


class Glossary:
    """The words of one language."""

    def __init__(self, lang: Lang = DEFAULT_LANG) -> None:
        self.lang = lang
        self._column = _COLUMN[lang]

    def text(self, key: str, **values: object) -> str:
        """The text of ``key`` with its ``{fields}`` filled in; ``KeyError`` if unknown."""
        words = WORDS[key][self._column]
        return words.format(**values) if values else words

    def kind(self, kind: NodeKind) -> str:
        """One node's kind, lower case: ``strateginen hanke``."""
        return self.text(f"kind.{kind.value}.one")

    def layer(self, kind: NodeKind) -> str:
        """A layer's name, capitalised: ``Strategiset hankkeet``."""
        return _capital(self.text(f"kind.{kind.value}.many"))

    def many(self, kind: NodeKind) -> str:
        """The plural, lower case: ``strategiset hankkeet``."""
        return self.text(f"kind.{kind.value}.many")

    def count(self, number: int, kind: NodeKind) -> str:
        """``number`` nodes of ``kind`` with the right form: ``1 muutosvisio``,
        ``2 muutosvisiota``."""
        form = "one" if number == 1 else "count"
        return f"{self.number(number)} {self.text(f'kind.{kind.value}.{form}')}"

    def relation(self, relation: Relation) -> str:
        """An edge's relation as read from its source: ``vastaa`` (``A vastaa → B``)."""
        return self.text(f"relation.{relation.value}")

    def health(self, health: Health) -> str:
        return self.text(f"health.{health.value}")

    def status(self, status: Status) -> str:
        return self.text(f"status.{status.value}")

    def date(self, day: date) -> str:
        """``31.12.2018`` in Finnish and Swedish (as written in Finland), ISO in English."""
        if self.lang is Lang.EN:
            return day.isoformat()
        return f"{day.day}.{day.month}.{day.year}"

    def moment(self, moment: datetime) -> str:
        """A time to the minute, in UTC: ``3.12.2026 22:56 UTC`` (``date``'s form)."""
        utc = moment.astimezone(UTC)
        return f"{self.date(utc.date())} {utc:%H:%M} UTC"

    def number(self, number: int) -> str:
        """Thousands grouped: a no-break space in Finnish and Swedish, a comma in English."""
        grouped = f"{number:,}"
        return grouped if self.lang is Lang.EN else grouped.replace(",", "\u00a0")


def glossary(lang: Lang | str = DEFAULT_LANG) -> Glossary:
    """The (shared) glossary of ``lang``."""
    return _shared(lang if isinstance(lang, Lang) else parse_lang(lang))


@cache
def _shared(lang: Lang) -> Glossary:
    return Glossary(lang)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
