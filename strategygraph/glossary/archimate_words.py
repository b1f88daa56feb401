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
    "archimate.empty": (
        "Tyhjä strategia (ei vielä solmuja)",
        "Tom strategi (inga noder ännu)",
        "Empty strategy (no nodes yet)",
    ),
}
