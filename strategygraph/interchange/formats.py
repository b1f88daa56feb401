"""The path wrapper over the format registry (``content.REGISTRY``): ``open_path`` reads a
file or folder, ``write_path`` writes one, each through its ``Format``.

The format is guessed from the path when not given: a folder with ``nodes.csv`` or
``edges.csv`` is CSV; ``.json``, ``.graphml``; ``.xml`` by its root element (GraphML or an
ArchiMate model); a ``.csv`` of another name is a nodes file when it has a ``kind``
column, otherwise a portfolio. Readers only read: the service's ``import_document``
validates and commits what they return, all or nothing::

    reading = open_path("export/")            # .document, .report (what was skipped)
    outcome = reading.import_with(lambda doc: service.import_document(doc, "me"))
"""

from __future__ import annotations

import codecs
import re
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..domain import Node, ValidationError
from .content import REGISTRY, dump_files, format_named
from .csv_format import read_csv
from .csv_tables import CSV_FILES
from .portfolio import read_portfolio
from .reading import MAX_BYTES, Reading, read_limited
from .xlsx import XLSX_MAGIC

__all__ = [
    "FORMATS",
    "READ_FORMATS",
    "guess_format",
    "open_path",
    "write_path",
]

FORMATS = tuple(name for name, f in REGISTRY.items() if f.dump)
"""Formats that are both written and read."""
READ_FORMATS = tuple(REGISTRY)
_PEEK = 4096


def _unknown(path: Path, why: str) -> ValidationError:
    return ValidationError.one(
        "unknown-format",
        f"cannot tell the format of {path.name} ({why}); name it with one of "
        f"{', '.join(READ_FORMATS)}",
        where=path.name,
    )


def _head(path: Path) -> bytes:
    with path.open("rb") as handle:
        return handle.read(_PEEK)


def _ascii_head(head: bytes) -> bytes:
    """The first bytes, with a UTF-16 file's (Windows tools save XML so) read as text."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return head.decode("utf-16", "ignore").encode("utf-8", "ignore")
    return head


def guess_format(path: str | Path) -> str:
    """The format of ``path`` from its suffix, folder contents or first bytes."""
    file = Path(path)
    if file.is_dir():
        if any((file / name).is_file() for name in ("nodes.csv", "edges.csv")):
            return "csv"
        raise _unknown(file, "a folder without nodes.csv or edges.csv")
    if not file.is_file():
        raise ValidationError.one("file-missing", f"{file} does not exist", where=file.name)
    suffix = file.suffix.lower()
    head = _ascii_head(_head(file))
    if suffix == ".json":
        return "json"
    if suffix == ".xlsx" or head.startswith(XLSX_MAGIC):  # a workbook: ours, or a portfolio
        return "xlsx" if {"nodes", "edges"} & _sheet_titles(file) else "portfolio"
    if suffix == ".graphml" or (suffix == ".xml" and b"<graphml" in head):
        return "graphml"
    if suffix == ".xml" and b"opengroup.org/xsd/archimate" in head:
        return "archimate"
    if suffix == ".csv":
        if file.name in CSV_FILES:
            return "csv"
        header = head.split(b"\n", 1)[0].lower().replace(b'"', b"")
        return "csv" if b"kind" in re.split(rb"[,;\t]", header) else "portfolio"
    if head.lstrip().startswith(b"{"):
        return "json"
    raise _unknown(file, f"suffix {suffix or 'none'!r}")


def _sheet_titles(file: Path) -> set[str]:
    """The workbook's sheet titles, in lower case (none when it cannot be read)."""
    try:
        with zipfile.ZipFile(file) as book:
            text = book.read("xl/workbook.xml").decode("utf-8", "replace")
    except (zipfile.BadZipFile, KeyError, OSError):
        return set()
    return {t.lower() for t in re.findall(r'<(?:\w+:)?sheet\b[^>]*\bname="([^"]*)"', text)}


def open_path(
    path: str | Path,
    fmt: str | None = None,
    *,
    max_bytes: int = MAX_BYTES,
    region: str | None = None,
    existing: Iterable[Node] | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
) -> Reading:
    """Read ``path`` in format ``fmt`` (guessed when ``None``).

    ``max_bytes`` refuses larger files before reading them; ``region`` is the region of
    elements that name none (GraphML, ArchiMate, portfolio); ``existing`` are the graph's
    nodes, which a portfolio's project names are matched against; ``columns`` maps
    portfolio fields to the sheet's own header names, ``sheet`` names a workbook's sheet.
    """
    fmt = fmt or guess_format(path)
    found = format_named(fmt)
    if fmt == "csv":  # a folder, one of its files, or a nodes file named otherwise
        return read_csv(path, max_bytes=max_bytes)
    if fmt == "portfolio":
        if existing is None:
            raise ValueError("a portfolio import needs the existing nodes (existing=...)")
        return read_portfolio(
            path, existing, region=region, max_bytes=max_bytes, columns=columns, sheet=sheet
        )
    file = Path(path)
    files = {file.name: read_limited(file, max_bytes)}
    return found.load(files, region=region, existing=existing, max_bytes=max_bytes)


def write_path(doc: Mapping[str, Any], path: str | Path, fmt: str, **options: Any) -> list[Path]:
    """Write the interchange dict ``doc`` to ``path`` in ``fmt``; returns the files written.

    For ``csv`` the path is a folder (created if missing) that receives the files; a file
    of an earlier export that this one has none of (a situation file) is removed, so the
    folder reads back as written. CSV takes a ``dialect`` option (``standard`` or ``fi``,
    ``values.DIALECTS``); ArchiMate takes ``model_name`` and ``lang`` (default ``fi``).
    """
    found = format_named(fmt, written=True)
    files = dump_files(doc, fmt, **options)
    if not found.folder:
        out = Path(path)
        out.write_bytes(files[found.files[0]])
        return [out]
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in files.items():
        (folder / name).write_bytes(data)
        written.append(folder / name)
    for name in found.files:
        if name not in files:
            (folder / name).unlink(missing_ok=True)
    return written
