"""Reading an ArchiMate exchange model's tree: children, texts by language, types and
properties (the root is checked to be in the ArchiMate namespace before these are used)."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .archimate import ARCHIMATE_NS, XSI_TYPE
from .archimate_map import SPECIALIZATION
from .xmlsafe import XML_LANG

__all__ = ["NS", "Properties", "child", "children", "describe", "lang_text", "type_of"]

NS = f"{{{ARCHIMATE_NS}}}"
_PROPERTIES, _PROPERTY, _VALUE = NS + "properties", NS + "property", NS + "value"


def children(parent: ET.Element | None, tag: str) -> list[ET.Element]:
    """The children ``<tag>`` (the root is checked to be in the ArchiMate namespace)."""
    return [] if parent is None else parent.findall(NS + tag)


def child(parent: ET.Element, tag: str) -> ET.Element | None:
    return parent.find(NS + tag)


def _content(element: ET.Element) -> str:
    return (element.text or "") if len(element) == 0 else "".join(element.itertext())


def lang_text(parent: ET.Element, tag: str, lang: str = "fi") -> str | None:
    """The text in ``lang`` if there is one, else the first."""
    texts = parent.findall(NS + tag)
    if not texts:
        return None
    return _content(next((t for t in texts if t.get(XML_LANG) == lang), texts[0]))


def type_of(element: ET.Element) -> str:
    return (element.get(XSI_TYPE) or "?").rsplit(":", 1)[-1]


class Properties:
    """Property definition id → name, and each concept's properties by name; Archi's
    specialization (definition ``specialization``) is given as ``specialization``."""

    def __init__(self, root: ET.Element) -> None:
        self.names = {
            d.attrib.get("identifier", ""): lang_text(d, "name") or d.attrib.get("identifier", "")
            for d in children(child(root, "propertyDefinitions"), "propertyDefinition")
        }
        self.names.update(
            (ref, SPECIALIZATION)
            for ref, name in self.names.items()
            if ref == SPECIALIZATION or name.casefold() == SPECIALIZATION
        )

    def of(self, concept: ET.Element) -> dict[str, str]:
        out: dict[str, str] = {}
        holder = concept.find(_PROPERTIES)
        if holder is None:
            return out
        names = self.names
        for prop in holder:
            if prop.tag != _PROPERTY:
                continue
            name = names.get(prop.get("propertyDefinitionRef", ""), "?")
            if len(prop) == 1:
                value = prop[0]
                if value.tag == _VALUE and not len(value):
                    out[name] = value.text or ""  # the common case, at once
                    continue
            out[name] = lang_text(prop, "value") or ""
        return out


def describe(element: ET.Element) -> str:
    name = lang_text(element, "name")
    return f"{type_of(element)} {name!r}" if name else type_of(element)
