"""Bulk work: the size from which a commit takes the bulk path (and pauses the cyclic
garbage collector, ``strategygraph.collector``)."""

from __future__ import annotations

__all__ = ["BULK"]

BULK = 1_000
"""Operations from which a commit counts as bulk work."""
