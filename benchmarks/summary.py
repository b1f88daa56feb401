"""One table at the end of ``make bench``: every benchmark's headline rows, side by side.

A benchmark calls ``record`` for each row it prints in the issue's shape (measure, figure,
the previous figure measured in the same run where it can be, target). When the
``BENCH_SUMMARY`` environment variable names a file, the rows are appended to it (one JSON
object a line); ``python -m benchmarks.summary FILE`` then prints them as one table.

>>> import os, tempfile
>>> with tempfile.TemporaryDirectory() as folder:
...     os.environ["BENCH_SUMMARY"] = os.path.join(folder, "rows.jsonl")
...     record("load", "0.9 s", "2.4 s", "< 1 s")
...     table(os.environ.pop("BENCH_SUMMARY"))
measure  figure  before  target
-------  ------  ------  ------
load     0.9 s   2.4 s   < 1 s
"""

from __future__ import annotations

import json
import os
import sys

__all__ = ["record", "table"]


def record(measure: str, figure: str, before: str, target: str) -> None:
    """Keep a row for the summary (nothing when ``BENCH_SUMMARY`` is not set)."""
    path = os.environ.get("BENCH_SUMMARY")
    if not path:
        return
    row = {"measure": measure, "figure": figure, "before": before, "target": target}
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")


def table(path: str) -> None:
    """Print the rows kept in ``path`` as one table."""
    with open(path, encoding="utf-8") as rows_in:
        rows = [json.loads(line) for line in rows_in if line.strip()]
    heads = ("measure", "figure", "before", "target")
    widths = [max([len(h), *(len(r[h]) for r in rows)]) for h in heads]
    lines = [heads, tuple("-" * w for w in widths), *(tuple(r[h] for h in heads) for r in rows)]
    for cells in lines:
        print("  ".join(f"{c:<{w}}" for c, w in zip(cells, widths, strict=True)).rstrip())


if __name__ == "__main__":
    table(sys.argv[1])
