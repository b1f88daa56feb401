"""The command line is one package: only ``strategygraph/cli/`` imports click, and the
package's modules do not share a name with the API's or the formats'."""

from __future__ import annotations

import ast
from pathlib import Path

import strategygraph

ROOT = Path(strategygraph.__file__).parent


def imported(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_only_the_cli_package_imports_click() -> None:
    outside = [
        str(path.relative_to(ROOT))
        for path in sorted(ROOT.rglob("*.py"))
        if "cli" not in path.relative_to(ROOT).parts[:1] and "click" in imported(path)
    ]
    assert outside == []


def test_no_command_module_is_left_beside_the_cli_package() -> None:
    left = {"cli.py", "exchange.py", "present.py", "tables.py"} | {
        p.name for p in ROOT.glob("*_commands.py")
    }
    assert [name for name in sorted(left) if (ROOT / name).exists()] == []
    assert [str(p.relative_to(ROOT)) for p in ROOT.glob("*/commands.py")] == []
    assert not (ROOT / "cli" / "exchange.py").exists()  # not a third "exchange"
