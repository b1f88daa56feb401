"""Write the served schema to ``schema.graphql`` at the top of the repository.

python -m strategygraph.api.export_schema [PATH]
"""

from __future__ import annotations

import sys
from pathlib import Path

from strawberry.printer import print_schema

from .schema import build_schema

__all__ = ["SCHEMA_FILE", "main", "schema_text"]

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def schema_text() -> str:
    """The SDL of the served schema, as the file holds it."""
    return print_schema(build_schema()) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0]) if args else SCHEMA_FILE
    path.write_text(schema_text(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
