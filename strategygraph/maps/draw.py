"""Running Graphviz ``dot``: one process per drawing, with a time limit, at most a few at
once; its failures become the product's errors (``MapTooLarge``, ``RenderFailed``).

The ``graphviz`` package's own ``pipe`` has no time limit, so ``dot`` runs through
``subprocess.run(..., timeout=...)``, which kills it when the time is up.
"""

from __future__ import annotations

import subprocess
import threading
import time
from collections.abc import Sequence

from ..domain.errors import RenderFailed
from .limits import MapLimits
from .request import Format

__all__ = ["DOT", "Drawer"]

DOT = "dot"
"""The program; found on ``PATH``."""


class Drawer:
    """Draws DOT sources within ``limits`` (time and parallel processes)."""

    def __init__(self, limits: MapLimits, program: str = DOT) -> None:
        self.limits = limits
        self.program = program
        self._slots = threading.BoundedSemaphore(limits.parallel)

    def draw(
        self,
        source: str,
        fmt: Format,
        what: str,
        seconds: float | None = None,
        options: Sequence[str] = (),
    ) -> bytes:
        """The drawing of ``source`` in ``fmt``; ``seconds`` is the time left (default:
        the whole limit). ``what`` names the map in error messages."""
        budget = self.limits.timeout if seconds is None else seconds
        started = time.monotonic()
        if budget <= 0 or not self._slots.acquire(timeout=budget):
            if budget <= 0:
                raise self.limits.too_slow(what)
            raise RenderFailed(
                "Too many maps are being drawn at the moment; try again shortly.", "busy"
            )
        try:
            left = budget - (time.monotonic() - started)
            return self._run(source, fmt, what, left, options)
        finally:
            self._slots.release()

    def _run(
        self, source: str, fmt: Format, what: str, seconds: float, options: Sequence[str]
    ) -> bytes:
        command = [self.program, f"-T{fmt.value}", *options]
        try:
            done = subprocess.run(  # noqa: S603 (fixed program, no shell)
                command,
                input=source.encode("utf-8"),
                capture_output=True,
                timeout=max(seconds, 0.001),
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise self.limits.too_slow(what) from None
        except FileNotFoundError:
            raise RenderFailed(
                f"Graphviz '{self.program}' was not found; install Graphviz (Debian: "
                "apt-get install graphviz) to draw maps.",
                "missing",
            ) from None
        except OSError as exc:
            raise RenderFailed(f"Graphviz could not be started: {exc}", "failed") from None
        if done.returncode != 0 or not done.stdout:
            detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
            reason = detail[0][:300] if detail else f"exit status {done.returncode}"
            raise RenderFailed(f"Graphviz failed to draw {what}: {reason}", "failed")
        return done.stdout
