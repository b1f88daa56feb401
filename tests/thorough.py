"""How hard the randomised tests try: a quick count in the default run (``make test``), the
full one with ``STRATEGYGRAPH_THOROUGH=1`` (``make test-thorough``)."""

from __future__ import annotations

import os

__all__ = ["THOROUGH", "examples"]

THOROUGH = os.environ.get("STRATEGYGRAPH_THOROUGH", "") == "1"


def examples(quick: int, thorough: int) -> int:
    """``thorough`` under ``STRATEGYGRAPH_THOROUGH=1``, else ``quick``.

    >>> examples(500, 2_000) == (2_000 if THOROUGH else 500)
    True
    """
    return thorough if THOROUGH else quick
