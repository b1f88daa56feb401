"""The one registry of formats: a ``Format`` per format, which dumps a document to files
(contents by name) and loads files back into a ``Reading``. Everything else goes through
it: the GraphQL API (which holds no files), and ``formats.open_path`` / ``write_path``
(the path wrapper).

``dump_files`` gives the files an export writes, by name; ``load_files`` reads them back
(the same names, or the one file of a single-file format under any name)::

    files = dump_files(doc, "csv")          # {"regions.csv": b"...", ..., "edges.csv": ...}
    reading = load_files("csv", files)      # a Reading, as open_path gives
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import orjson

from ..domain import Node, ValidationError
from .archimate import dump_archimate
from .archimate_read import load_archimate
from .csv_format import dump_csv, load_csv
from .csv_situation import SITUATION_CSV_FILES
from .csv_tables import CSV_FILES
from .graphml import dump_graphml
from .graphml_read import load_graphml
from .json_format import load_json
from .portfolio import load_portfolio
from .reading import MAX_BYTES, Reading
from .xlsx import dump_xlsx, load_xlsx

__all__ = [
    "FILE_NAMES",
    "REGISTRY",
    "Format",
    "dump_files",
    "format_named",
    "json_bytes",
    "load_files",
]


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


Dump = Callable[..., dict[str, bytes]]
"""``dump(document, **options) -> files``: the files of an export, contents by name."""
Load = Callable[..., Reading]
"""``load(files, *, region, existing, max_bytes) -> Reading``."""


@dataclass(frozen=True)
class Format:
    """One file format. ``files`` are the names it writes: one name (a single-file format,
    read back under any name) or several (CSV: a folder of them, any of which an export
    may leave out). ``dump`` is None for a format that is only read (a portfolio)."""

    name: str
    files: tuple[str, ...]
    load: Load
    dump: Dump | None = None

    @property
    def folder(self) -> bool:
        """Whether the format is a folder of files rather than one file."""
        return len(self.files) > 1


def _one_file(fmt: str, files: Mapping[str, bytes]) -> tuple[str, bytes]:
    if len(files) != 1:
        raise ValidationError.one(
            "files", f"a {fmt} import takes one file; got {len(files)}", "files"
        )
    ((name, data),) = files.items()
    return name, data


def _load_json(files: Mapping[str, bytes], *, max_bytes: int, **_: Any) -> Reading:
    name, data = _one_file("json", files)
    return load_json(data, name, max_bytes)


def _load_xlsx(files: Mapping[str, bytes], *, max_bytes: int, **_: Any) -> Reading:
    name, data = _one_file("xlsx", files)
    return load_xlsx(data, name, max_bytes)


def _load_graphml(
    files: Mapping[str, bytes], *, region: str | None, max_bytes: int, **_: Any
) -> Reading:
    name, data = _one_file("graphml", files)
    return load_graphml(data, name=name, region=region, max_bytes=max_bytes)


def _load_archimate(
    files: Mapping[str, bytes], *, region: str | None, max_bytes: int, **_: Any
) -> Reading:
    name, data = _one_file("archimate", files)
    return load_archimate(data, name=name, region=region, max_bytes=max_bytes)


def _load_portfolio(
    files: Mapping[str, bytes],
    *,
    region: str | None,
    existing: Iterable[Node] | None,
    max_bytes: int,
    **_: Any,
) -> Reading:
    name, data = _one_file("portfolio", files)
    return load_portfolio(data, existing or [], region=region, name=name, max_bytes=max_bytes)


def _load_csv(files: Mapping[str, bytes], *, max_bytes: int, **_: Any) -> Reading:
    return load_csv(files, max_bytes)


REGISTRY: dict[str, Format] = {
    f.name: f
    for f in (
        Format(
            "json",
            ("graph.json",),
            _load_json,
            lambda doc, **_: {"graph.json": json_bytes(doc)},
        ),
        Format("csv", (*CSV_FILES, *SITUATION_CSV_FILES), _load_csv, dump_csv),
        Format(
            "xlsx", ("graph.xlsx",), _load_xlsx, lambda doc, **_: {"graph.xlsx": dump_xlsx(doc)}
        ),
        Format(
            "graphml",
            ("graph.graphml",),
            _load_graphml,
            lambda doc, **_: {"graph.graphml": dump_graphml(doc)},
        ),
        Format(
            "archimate",
            ("model.xml",),
            _load_archimate,
            lambda doc, **options: {"model.xml": dump_archimate(doc, **options)},
        ),
        Format("portfolio", ("portfolio.csv",), _load_portfolio),
    )
}
"""Every format by name, in the order they are offered."""

FILE_NAMES = {name: f.files[0] for name, f in REGISTRY.items() if not f.folder}
"""The file name of each single-file format (CSV has ``csv_tables.CSV_FILES``)."""


def format_named(fmt: str, *, written: bool = False) -> Format:
    """The format called ``fmt`` (``written``: one that is written too), or the problem
    naming those there are."""
    found = REGISTRY.get(fmt)
    if found is None or (written and found.dump is None):
        known = [name for name, f in REGISTRY.items() if f.dump or not written]
        raise ValidationError.one(
            "unknown-format",
            f"unknown format {fmt!r}; expected one of {', '.join(known)}",
            "format",
        )
    return found


def dump_files(doc: Mapping[str, Any], fmt: str, **options: Any) -> dict[str, bytes]:
    """The files of an export of ``doc`` in ``fmt``, by file name."""
    dump = format_named(fmt, written=True).dump
    assert dump is not None  # format_named(written=True) gives only formats with a dump
    return dump(doc, **options)


def load_files(
    fmt: str,
    files: Mapping[str, bytes],
    *,
    region: str | None = None,
    existing: Iterable[Node] | None = None,
    max_bytes: int = MAX_BYTES,
) -> Reading:
    """Read the ``files`` (contents by name) of format ``fmt`` into a ``Reading``."""
    return format_named(fmt).load(files, region=region, existing=existing, max_bytes=max_bytes)
