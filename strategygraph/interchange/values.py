"""Spreadsheet spellings of field values, read and written in one place.

Finnish (and Swedish) Excel saves ``1.4.2018`` for a date, ``TOSI``/``EPÄTOSI`` (``SANT``/
``FALSKT``) for a truth value, ``40 %`` for a percentage, and a health status may be typed
as ``keltainen`` or ``gul``. The CSV, xlsx and portfolio readers all turn these into
interchange values with ``plain``; ``spelled`` writes them back in the Finnish dialect::

    >>> plain("start_date", "1.4.2018")
    '2018-04-01'
    >>> plain("progress", "40 %"), plain("health", "keltainen"), plain("inferred", "TOSI")
    ('40', 'AMBER', 'true')
    >>> spelled("due_date", "2018-12-31"), spelled("inferred", "false")
    ('31.12.2018', 'EPÄTOSI')

A value that looks like a Finnish date but is none (``31.2.2018``) is a ``BadValue``
naming the text as typed; anything else passes through unchanged, for the field checks.
"""

from __future__ import annotations

import re
from datetime import date

__all__ = ["DATE_FIELDS", "DIALECTS", "BadValue", "plain", "spelled"]

DIALECTS = ("standard", "fi")
"""CSV dialects written: ``standard`` (``,``, ISO dates) and ``fi`` (Finnish Excel)."""

DATE_FIELDS = frozenset({"decision_date", "start_date", "due_date"})
_FINNISH_DATE = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_TRUE = frozenset({"true", "tosi", "sant", "1", "kyllä", "ja"})
_FALSE = frozenset({"false", "epätosi", "falskt", "0", "ei", "nej"})
_HEALTH = {
    "vihreä": "GREEN",
    "keltainen": "AMBER",
    "punainen": "RED",
    "ei tiedossa": "UNKNOWN",
    "grön": "GREEN",
    "gul": "AMBER",
    "röd": "RED",
    "okänd": "UNKNOWN",
    "green": "GREEN",
    "amber": "AMBER",
    "yellow": "AMBER",
    "red": "RED",
    "unknown": "UNKNOWN",
}
_FINNISH_HEALTH = {"GREEN": "vihreä", "AMBER": "keltainen", "RED": "punainen"}
_PERCENT = re.compile(r"(\d+)(?:[.,]0+)?\s*%?")


class BadValue(ValueError):
    """A cell that is spelt like a value of its field but is not one; ``message`` says so
    with the text as typed."""

    def __init__(self, field: str, text: str, expected: str) -> None:
        super().__init__(f"{field!r} {text!r} is not {expected}")
        self.field = field
        self.message = str(self)


def plain(field: str, text: str) -> str:
    """``text`` of ``field`` as the interchange spells it; unknown spellings unchanged."""
    if field in DATE_FIELDS:
        found = _FINNISH_DATE.fullmatch(text.strip())
        if found is None:
            return text
        day, month, year = (int(g) for g in found.groups())
        try:
            return date(year, month, day).isoformat()
        except ValueError:
            raise BadValue(field, text, "a date (day.month.year, e.g. 1.4.2018)") from None
    if field == "progress":
        found = _PERCENT.fullmatch(text.strip())
        return found.group(1) if found else text
    if field == "health":
        key = text.strip().lower()
        return _HEALTH.get(key, text.strip())
    if field == "inferred":
        key = text.strip().lower()
        if key in _TRUE:
            return "true"
        if key in _FALSE:
            return "false"
    return text


def spelled(field: str, text: str | None) -> str | None:
    """The Finnish-Excel spelling of an interchange value's text (``None`` stays)."""
    if text is None:
        return None
    if field in DATE_FIELDS:
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return text
        return f"{day.day}.{day.month}.{day.year}"
    if field == "progress":
        return f"{text} %"
    if field == "health":
        return _FINNISH_HEALTH.get(text, text)
    if field == "inferred":
        return {"true": "TOSI", "false": "EPÄTOSI"}.get(text, text)
    return text
