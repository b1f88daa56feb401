"""Text made safe for a terminal; its own small module, so that the error wrapper
(``errors.py``) needs neither rich nor the service to print a failure."""

from __future__ import annotations

import re

__all__ = ["printable"]

_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def printable(text: str) -> str:
    """``text`` safe for a terminal: control characters (but tab and newline) and lone
    surrogates written as escapes, so no escape sequence reaches the terminal and no
    encoding error the user.

    >>> print(printable("a\\x1b[31mb\\udcff"))
    a\\x1b[31mb\\udcff
    """
    return _UNPRINTABLE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)
