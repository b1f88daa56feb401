"""What a fresh Python process imported: for the tests of lazy imports (a process of its
own, so nothing this test process already imported counts)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path


def printed_list(script: str, *args: str, cwd: Path) -> set[str]:
    """Run ``script`` (which prints a JSON list on its last line) with ``args`` in a fresh
    interpreter; the list as a set."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=60,
        check=True,
    )
    found: list[str] = json.loads(done.stdout.splitlines()[-1])
    return set(found)
