"""Page presets for the exported maps: A4 and A3 landscape and a 16:9 slide.

A map drawn for a preset is scaled by ``dot`` to fill the page (keeping its proportions),
and a PDF is then laid on a page of exactly the preset's size, centred, with ``pypdf``:
``dot``'s own PDF page is always the drawing's bounding box.

>>> Paper.A3.points
(1190.55, 841.89)
>>> Paper.SLIDE.dot_options(png=True)
['-Gsize=12.93,7.1!', '-Gpad=0.2', '-Gratio=compress', '-Gdpi=144']
"""

from __future__ import annotations

import io
from enum import StrEnum

from pypdf import PageObject, PdfReader, PdfWriter, Transformation
from pypdf.annotations import Link

__all__ = ["Paper", "on_page"]

_INCHES = {
    "a4": (297 / 25.4, 210 / 25.4),
    "a3": (420 / 25.4, 297 / 25.4),
    "slide": (13.333, 7.5),
}
"""Landscape: ISO A4 and A3 (millimetres to inches) and a 16:9 presentation slide."""
PAD = 0.2
"""Inches of white around the drawing; ``dot`` adds it outside ``size``."""
_DPI = {"a4": 150, "a3": 150, "slide": 144}
"""PNG resolution: a slide is 1920 × 1080 pixels, paper 150 dpi."""


class Paper(StrEnum):
    """A landscape page: ``a4``, ``a3`` or ``slide`` (16:9, 13.333 × 7.5 in)."""

    A4 = "a4"
    A3 = "a3"
    SLIDE = "slide"

    @property
    def inches(self) -> tuple[float, float]:
        return _INCHES[self.value]

    @property
    def points(self) -> tuple[float, float]:
        width, height = self.inches
        return round(width * 72, 2), round(height * 72, 2)

    def dot_options(self, png: bool = False) -> list[str]:
        """``dot`` flags that scale the drawing to fill the page (and, for a PNG, the
        pixels of the page at its resolution)."""
        width, height = (round(side - 2 * PAD, 2) for side in self.inches)
        options = [f"-Gsize={width:g},{height:g}!", f"-Gpad={PAD:g}", "-Gratio=compress"]
        if png:
            options.append(f"-Gdpi={_DPI[self.value]}")
        return options


def on_page(pdf: bytes, paper: Paper) -> bytes:
    """``pdf``'s first page centred on a page of ``paper``'s size, shrunk only if it is
    larger (never enlarged: its fonts keep the size they were drawn at); links kept."""
    reader = PdfReader(io.BytesIO(pdf))
    drawing = reader.pages[0]
    width, height = paper.points
    box = drawing.mediabox
    scale = min(1.0, width / float(box.width), height / float(box.height))
    dx = (width - float(box.width) * scale) / 2 - float(box.left) * scale
    dy = (height - float(box.height) * scale) / 2 - float(box.bottom) * scale
    page = PageObject.create_blank_page(width=width, height=height)
    page.merge_transformed_page(drawing, Transformation().scale(scale).translate(dx, dy))
    writer = PdfWriter()
    writer.add_page(page)
    _copy_links(drawing, writer, scale, dx, dy)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _copy_links(drawing: PageObject, writer: PdfWriter, scale: float, dx: float, dy: float) -> None:
    """The drawing's link annotations, moved with it (``merge_transformed_page`` keeps
    the content only)."""
    for annot in drawing.get("/Annots", []) or []:
        obj = annot.get_object()
        action = obj.get("/A")
        uri = action.get_object().get("/URI") if action is not None else None
        if obj.get("/Subtype") != "/Link" or uri is None:
            continue
        x1, y1, x2, y2 = (float(v) for v in obj["/Rect"])
        rect = (x1 * scale + dx, y1 * scale + dy, x2 * scale + dx, y2 * scale + dy)
        writer.add_annotation(0, Link(rect=rect, url=str(uri)))
