"""The situational picture in an ArchiMate exchange model, both ways.

A risk is an ``Assessment`` with the specialization (Archi's profile) ``Riski`` (``Risk``
in Swedish and English; each is read), its title and description as ``<name>`` and
``<documentation>``, every other field a property ``sg:<field>`` (``sg:likelihood``,
``sg:impact``, ``sg:owner``, ``sg:mitigation``, ``sg:status``, ``sg:review_date``,
``sg:region``, ``sg:lifecycle``, …), and one directed ``Association`` from the risk to each
node it threatens (``sg:inferred`` ``true`` when the source does not state the link). Its
identifier is ``risk.<id>``.

A node's indicators (each with its measurements) and a project's status reports have no
ArchiMate concept: they are properties of the node's element, ``sg:indicators`` and
``sg:reports``, each the records' JSON text (as the model keeps ``sg:regions``), so a tool
shows them and an export imports back equal (``situation_fields``).

>>> risk_specialization("fi"), is_risk("risk"), is_risk("Riskianalyysi")
('Riski', True, False)
"""

from __future__ import annotations

from ..glossary import WORDS

__all__ = ["RISK_TYPE", "is_risk", "risk_specialization"]

RISK_TYPE = "Assessment"
_NAMES = frozenset(name.casefold() for name in WORDS["risk.name"])


def risk_specialization(lang: str = "fi") -> str:
    """``Riski``: the specialization a risk is written with."""
    column = {"fi": 0, "sv": 1, "en": 2}.get(lang, 0)
    name = WORDS["risk.name"][column]
    return name[:1].upper() + name[1:]


def is_risk(specialization: str | None) -> bool:
    """Whether an element's specialization names a risk, in any of our languages."""
    return specialization is not None and specialization.strip().casefold() in _NAMES
