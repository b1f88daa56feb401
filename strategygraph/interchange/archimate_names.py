"""What an ArchiMate element carries that a node has no field for, kept in the node's
attributes both ways: names and documentation in other languages, the foreign identifier
and the element type.

A node has one title and one description, in the export's language (``fi``). An element
named ``<name xml:lang="fi">``, ``<name xml:lang="sv">`` and ``<name xml:lang="en">`` is
read as the Finnish title and the attributes ``title_sv`` and ``title_en``; its
documentation likewise (``description_sv``, …). When there is no name in the export's
language, the title is the first name and ``archimate_lang`` its language. The element's
identifier, when it is not ``id-<node id>``, is ``archimate_id``, and a type other than
the kind's export type ``archimate_type``. The export writes each of them back where it
came from, so a model goes Archi → StrategyGraph → Archi with the same identifiers,
types, names and documentation.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping

from .xmlsafe import XML_LANG, local

__all__ = [
    "ID_ATTRIBUTE",
    "LANG_ATTRIBUTE",
    "TYPE_ATTRIBUTE",
    "Texts",
    "foreign_attributes",
    "read_texts",
    "texts_of",
    "texts_to_write",
    "valid_identifier",
]

ID_ATTRIBUTE = "archimate_id"
TYPE_ATTRIBUTE = "archimate_type"
LANG_ATTRIBUTE = "archimate_lang"
_TEXT_KEY = re.compile(r"(title|description)_([a-z]{2,3}(?:-[A-Za-z0-9]{1,8})*)")
_NCNAME = re.compile(r"[A-Za-z_][A-Za-z0-9._-]*")


def valid_identifier(identifier: str) -> bool:
    """Whether ``identifier`` may be an XML ID (an NCName, as the schema requires)."""
    return _NCNAME.fullmatch(identifier) is not None


def foreign_attributes(attributes: Mapping[str, str]) -> dict[str, str]:
    """The attributes an export writes as the ``sg:attributes`` property: all but those
    it writes as the element's identifier, type, names and documentation."""
    return {
        k: v
        for k, v in attributes.items()
        if k not in (ID_ATTRIBUTE, TYPE_ATTRIBUTE, LANG_ATTRIBUTE) and not _TEXT_KEY.fullmatch(k)
    }


def texts_to_write(
    field: str, text: str | None, attributes: Mapping[str, str], lang: str
) -> list[tuple[str, str]]:
    """``(language, text)`` of a node's ``field`` (title or description) and of its other
    languages (``title_sv``, …), main text first."""
    main = attributes.get(LANG_ATTRIBUTE, lang)
    out = [(main, text)] if text else []
    for key, value in attributes.items():
        match = _TEXT_KEY.fullmatch(key)
        if match and match.group(1) == field and match.group(2) != main:
            out.append((match.group(2), value))
    return out


Texts = list[tuple[str | None, str]]
"""``(language, text)`` of each name or documentation of an element, in order."""


def texts_of(element: ET.Element) -> tuple[Texts, Texts]:
    """The element's names and documentation, ``(language, text)`` each, in one pass."""
    names: Texts = []
    documentation: Texts = []
    for c in element:
        tag = c.tag
        if type(tag) is not str:
            continue
        found = local(tag)
        if found == "name" or found == "documentation":
            text = (c.text or "") if not len(c) else "".join(c.itertext())
            (names if found == "name" else documentation).append((c.get(XML_LANG), text))
    return names, documentation


def read_texts(
    names: Texts, documentation: Texts, lang: str
) -> tuple[str | None, str | None, dict[str, str]]:
    """The title, the description and the attributes for the other languages, of an
    element's names and documentation (``texts_of``)."""
    if len(names) == 1 and names[0][0] == lang and len(documentation) < 2:
        if not documentation:  # most elements: a name in the export's language, at once
            return names[0][1], None, {}
        if documentation[0][0] == lang:
            return names[0][1], documentation[0][1], {}
    main = _main_language(names, lang)
    extra: dict[str, str] = {}
    if main not in (None, lang):
        extra[LANG_ATTRIBUTE] = main
    title = _collect("title", names, main, extra)
    description = _collect("description", documentation, main, extra)
    return title, description, extra


def _main_language(texts: Iterable[tuple[str | None, str]], lang: str) -> str | None:
    languages = [language for language, _ in texts]
    if lang in languages or not languages:
        return lang
    return None if None in languages else languages[0]


def _collect(
    field: str, texts: list[tuple[str | None, str]], main: str | None, extra: dict[str, str]
) -> str | None:
    chosen = None
    for language, text in texts:
        if language == main or (language is None and chosen is None):
            chosen = text if chosen is None else chosen
        elif language is not None:
            extra.setdefault(f"{field}_{language}", text)
    if chosen is None and texts and texts[0][0] is None:
        chosen = texts[0][1]
    return chosen
