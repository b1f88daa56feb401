"""The words an ArchiMate export shows in a modelling tool (folder, view and placeholder
names): ``key: (fi, sv, en)``, as in ``words.py``. Layer and kind names (folders, and the
specializations that tell goals apart) come from there."""

from __future__ import annotations

__all__ = ["ARCHIMATE_WORDS"]

ARCHIMATE_WORDS: dict[str, tuple[str, str, str]] = {
    "archimate.relations": ("Suhteet", "Relationer", "Relations"),
    "archimate.views": ("Näkymät", "Vyer", "Views"),
    "archimate.view": (
        "{region}: strategia kerroksittain",
        "{region}: strategin skikt för skikt",
        "{region}: the strategy layer by layer",
    ),
    "archimate.view_part": (
        "Näkymässä on ylimmät kerrokset, {shown} / {total} elementtiä; kaikki elementit "
        "ovat alueen kansiossa.",
        "Vyn visar de översta skikten, {shown} av {total} element; alla element finns i "
        "regionens mapp.",
        "The view shows the top layers, {shown} of {total} elements; every element is in "
        "the region's folder.",
    ),
    "archimate.empty": (
        "Tyhjä strategia (ei vielä solmuja)",
        "Tom strategi (inga noder ännu)",
        "Empty strategy (no nodes yet)",
    ),
}
