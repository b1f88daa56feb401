"""An ArchiMate model's elements and relationships as the reader takes them: one
``Concept`` each, with its identifier, type, properties by name, names and documentation.

They come from the parsed tree (``from_tree``: the general path, any file) or, for a file
in the shape our export writes, straight from its text (``archimate_scan``); the reader
does the same with either.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from .archimate_names import Texts, texts_of
from .archimate_tree import Properties, child, children, lang_text, type_of

__all__ = ["NONE", "Concept", "Model", "from_tree"]

NONE: dict[str, str] = {}
"""The properties of a concept without any (shared, never changed)."""


@dataclass(slots=True)
class Concept:
    """An element or a relationship of the model."""

    identifier: str
    type: str
    """The local part of ``xsi:type`` (``Goal``), ``?`` when there is none."""
    values: dict[str, str]
    """Its properties by name (``Properties.of``)."""
    names: Texts = field(default_factory=list)
    """``(language, text)`` of each ``<name>`` (elements only)."""
    documentation: Texts = field(default_factory=list)
    source: str = ""
    target: str = ""
    bare: bool = True
    """No child elements: no name, documentation or properties."""
    element: ET.Element | None = None
    """The tree's element (general path), to name it as it always was."""

    @property
    def label(self) -> str | None:
        """Its name in Finnish if it has one, else its first (``lang_text``)."""
        if self.element is not None:
            return lang_text(self.element, "name")
        if not self.names:
            return None
        return next((text for lang, text in self.names if lang == "fi"), self.names[0][1])

    def describe(self) -> str:
        """``Goal 'Kestävä kasvu'``: its type and name, to report it."""
        name = self.label
        return f"{self.type} {name!r}" if name else self.type


@dataclass(slots=True)
class Model:
    """The model's root (without its elements and relationships when scanned), its
    property definitions, and its concepts."""

    root: ET.Element
    properties: Properties
    elements: list[Concept]
    relationships: list[Concept]


def from_tree(root: ET.Element, properties: Properties) -> Model:
    """The concepts of a parsed model (its root checked to be an ArchiMate ``<model>``)."""
    elements = [
        Concept(
            e.get("identifier", ""),
            type_of(e),
            properties.of(e),
            *texts_of(e),
            bare=not len(e),
            element=e,
        )
        for e in children(child(root, "elements"), "element")
    ]
    relationships = [
        Concept(
            r.get("identifier", ""),
            type_of(r),
            properties.of(r) if len(r) else NONE,
            source=r.get("source", ""),
            target=r.get("target", ""),
            bare=not len(r),
            element=r,
        )
        for r in children(child(root, "relationships"), "relationship")
    ]
    return Model(root, properties, elements, relationships)
