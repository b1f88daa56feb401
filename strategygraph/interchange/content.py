"""Every format as file contents in memory, for callers that hold no files (GraphQL).

``dump_files`` gives the files an export writes, by name; ``load_files`` reads them back
(the same names, or the one file of a single-file format under any name)::

    files = dump_files(doc, "csv")          # {"regions.csv": b"...", ..., "edges.csv": ...}
    reading = load_files("csv", files)      # a Reading, as open_path gives
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

import orjson

from ..collector import collector_paused
from ..domain import Node, ValidationError
from .archimate import dump_archimate
from .archimate_read import load_archimate
from .csv_format import dump_csv, load_csv
from .graphml import dump_graphml, load_graphml
from .json_format import loads
from .portfolio import load_portfolio
from .reading import MAX_BYTES, Reading, check_size, decode_utf8
from .xlsx import dump_xlsx, load_xlsx

__all__ = ["FILE_NAMES", "dump_files", "json_bytes", "load_files", "load_json"]

FILE_NAMES = {
    "json": "graph.json",
    "graphml": "graph.graphml",
    "archimate": "model.xml",
    "xlsx": "graph.xlsx",
    "portfolio": "portfolio.csv",
}
"""The file name of each single-file format (CSV has ``csv_format.CSV_FILES``)."""


def json_bytes(doc: Mapping[str, Any]) -> bytes:
    """The document as UTF-8 JSON, one region, organisation, node or edge per line: easy
    to read and diff, and written by orjson (several times the standard encoder)."""
    dumps = orjson.dumps
    lines = []
    for key, value in doc.items():
        if isinstance(value, list) and value:
            lines.append(b"  " + dumps(key) + b": [\n    " + _item_lines(value) + b"\n  ]")
        else:
            lines.append(b"  " + dumps(key) + b": " + dumps(value))
    return b"{\n" + b",\n".join(lines) + b"\n}\n"


def _item_lines(items: list[Any]) -> bytes:
    """The items' JSON, one per line. Objects that all start with the same key ``k`` are
    encoded in one call and split where ``},{"k":`` occurs: a text value cannot hold that
    (its ``"`` would be escaped, and a closing ``"`` is followed by ``,:}]``), and one
    object holds no list of objects; the count is checked all the same."""
    first = next(iter(items[0]), None) if isinstance(items[0], dict) else None
    if isinstance(first, str) and all(
        isinstance(item, dict) and next(iter(item), None) == first for item in items
    ):
        head = b"{" + orjson.dumps(first) + b":"
        text = orjson.dumps(items)[1:-1]
        if text.count(b"}," + head) == len(items) - 1:
            return text.replace(b"}," + head, b"},\n    " + head)
    return b",\n    ".join(map(orjson.dumps, items))


def load_json(data: bytes, name: str = "graph.json", max_bytes: int = MAX_BYTES) -> Reading:
    """A JSON interchange document as it is (the service validates it), syntax checked."""
    check_size(len(data), name, max_bytes)
    text = decode_utf8(data, name, "save it as UTF-8: JSON text is UTF-8")
    try:
        with collector_paused():  # millions of objects, all kept
            document = loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError.one(
            "json-syntax",
            f"invalid JSON: {exc.msg}",
            where=f"{name} line {exc.lineno}, column {exc.colno}",
        ) from None
    if not isinstance(document, dict):
        raise ValidationError.one("json-syntax", "the file is not a JSON object", where=name)
    sources = {
        section: [f"{name} {section}[{i}]" for i in range(len(items))]
        for section, items in document.items()
        if isinstance(items, list)
    }
    return Reading(document, [], sources)


def dump_files(doc: Mapping[str, Any], fmt: str, **options: Any) -> dict[str, bytes]:
    """The files of an export of ``doc`` in ``fmt``, by file name."""
    if fmt == "json":
        return {FILE_NAMES["json"]: json_bytes(doc)}
    if fmt == "csv":
        return dump_csv(doc, **options)
    if fmt == "xlsx":
        return {FILE_NAMES["xlsx"]: dump_xlsx(doc)}
    if fmt == "graphml":
        return {FILE_NAMES["graphml"]: dump_graphml(doc)}
    if fmt == "archimate":
        return {FILE_NAMES["archimate"]: dump_archimate(doc, **options)}
    raise _unknown(fmt, ("json", "csv", "xlsx", "graphml", "archimate"))


def load_files(
    fmt: str,
    files: Mapping[str, bytes],
    *,
    region: str | None = None,
    existing: Iterable[Node] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Reading:
    """Read the ``files`` (contents by name) of format ``fmt`` into a ``Reading``."""
    if fmt == "csv":
        return load_csv(files, max_bytes)
    if fmt not in FILE_NAMES:
        raise _unknown(fmt, ("json", "csv", "xlsx", "graphml", "archimate", "portfolio"))
    if len(files) != 1:
        raise ValidationError.one(
            "files", f"a {fmt} import takes one file; got {len(files)}", "files"
        )
    ((name, data),) = files.items()
    if fmt == "json":
        return load_json(data, name, max_bytes)
    if fmt == "xlsx":
        return load_xlsx(data, name, max_bytes)
    if fmt == "graphml":
        return load_graphml(data, name=name, region=region, max_bytes=max_bytes)
    if fmt == "archimate":
        return load_archimate(data, name=name, region=region, max_bytes=max_bytes)
    return load_portfolio(data, existing or [], region=region, name=name, max_bytes=max_bytes)


def _unknown(fmt: str, known: tuple[str, ...]) -> ValidationError:
    return ValidationError.one(
        "unknown-format", f"unknown format {fmt!r}; expected one of {', '.join(known)}", "format"
    )
