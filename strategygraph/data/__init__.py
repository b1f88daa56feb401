"""The demo data set, in the interchange format: the Kymenlaakso 2018 strategy (with the
national goals), then Uusimaa 2018, which derives from the same national goals."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

__all__ = ["DEMO_FILES", "DEMO_SITUATION", "demo_documents", "demo_situation"]

DEMO_FILES = ("kymenlaakso-2018.json", "uusimaa-2018.json")
DEMO_SITUATION = "kymenlaakso-situation.json"
"""Risks, indicators, readings and status reports on the demo graph."""


def demo_documents() -> list[dict[str, Any]]:
    """The demo's interchange documents, in the order they import."""
    folder = resources.files(__package__)
    return [json.loads(folder.joinpath(name).read_text(encoding="utf-8")) for name in DEMO_FILES]


def demo_situation() -> dict[str, Any]:
    """The demo's situational picture (``service.situation_load`` loads it)."""
    folder = resources.files(__package__)
    data: dict[str, Any] = json.loads(folder.joinpath(DEMO_SITUATION).read_text(encoding="utf-8"))
    return data
