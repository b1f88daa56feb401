"""What every file reader shares: a size limit checked before a file is read, strict UTF-8
with the line of the first bad byte, and the ``Reading`` each reader returns.

A ``Reading`` holds the interchange dict, the report of what was skipped, and where each
region, organisation, node and edge came from, so that problems the service finds later
(``edges[7]: would close a cycle``) can be told by file and line (``edges.csv line 9``)::

    reading = read_csv("export/")
    outcome = reading.import_with(lambda doc: service.import_document(doc, "me"))
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from ..domain import Problem, ValidationError

__all__ = [
    "MAX_BYTES",
    "MAX_PROBLEMS",
    "Built",
    "Reading",
    "built_records",
    "check_size",
    "decode_utf8",
    "read_limited",
]

MAX_BYTES = 50 * 1024 * 1024
"""Files larger than this (50 MiB) are refused before they are read."""

MAX_PROBLEMS = 200
"""At most this many problems are reported for one file."""

SECTIONS = ("regions", "organisations", "nodes", "edges")

_T = TypeVar("_T")
_R = TypeVar("_R")
_INDEX = re.compile(
    r"\b(regions|organisations|nodes|edges|risks|indicators|reports)\[(\d+)\]"
    r"(\.measurements\[(\d+)\])?"
)


def _megabytes(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size / 1024:.1f} kB" if size >= 1024 else f"{size} bytes"


def check_size(size: int, name: str, max_bytes: int) -> None:
    """Refuse ``size`` bytes over ``max_bytes`` with a clear error naming the file."""
    if size > max_bytes:
        raise ValidationError.one(
            "file-size",
            f"the file is {_megabytes(size)}, larger than the limit of {_megabytes(max_bytes)}; "
            "nothing was read (split it, or raise the limit)",
            where=name,
        )


def read_limited(path: Path, max_bytes: int = MAX_BYTES) -> bytes:
    """The bytes of ``path``, refusing a file over ``max_bytes`` before reading it whole."""
    try:
        check_size(path.stat().st_size, path.name, max_bytes)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ValidationError.one(
            "file-missing", f"{path} does not exist", where=path.name
        ) from None
    except IsADirectoryError:
        raise ValidationError.one(
            "file-missing", f"{path} is a folder, not a file", where=path.name
        ) from None
    check_size(len(data), path.name, max_bytes)  # the file grew while we looked
    return data


_SPREADSHEET_ADVICE = "save it as UTF-8, e.g. 'CSV UTF-8' in a spreadsheet program"


def decode_utf8(data: bytes, name: str, advice: str = _SPREADSHEET_ADVICE) -> str:
    """UTF-8 text without its byte-order mark; a bad byte is named by its line, with
    ``advice`` on how to save the file right."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise ValidationError.one(
            "encoding",
            f"the file is not UTF-8: byte 0x{data[exc.start]:02x} cannot be read ({advice})",
            where=f"{name} line {line}",
        ) from None


class Built(list[dict[str, Any]]):
    """A section's items (interchange dicts) together with the records (``Node``,
    ``Edge``) a reader built from them while checking them, item for item, so the service
    takes those instead of building every record a second time (``built_records``).

    Any copy of the list (a filter, ``list(...)``) is a plain list again, and items
    appended without a record (``append`` rather than ``add``) leave the two out of step:
    either way the records are not used and the service builds its own. A reader that
    changes an item after ``add`` must take the list apart the same way."""

    records: list[Any]

    def __init__(self) -> None:
        super().__init__()
        self.records = []

    def add(self, item: dict[str, Any], record: Any) -> None:
        """Append ``item`` and the record built from it (``None``: none was built)."""
        self.append(item)
        self.records.append(record)


def built_records(items: Any, kind: type[_R]) -> list[_R] | None:
    """The records a reader built from ``items`` (a ``Built`` list), when it built one
    of type ``kind`` for every item and none was added or dropped since; else ``None``."""
    if type(items) is not Built or len(items.records) != len(items):
        return None
    records = items.records
    if not all(type(r) is kind for r in records):
        return None
    return records


@dataclass
class Reading:
    """An interchange dict read from a file, the report lines, and each item's source."""

    document: dict[str, Any]
    report: list[str] = field(default_factory=list)
    sources: dict[str, list[str]] = field(default_factory=dict)
    """For each section (``nodes``, ``edges``, …) the location of each item, in order."""

    def locate(self, where: str | None) -> str | None:
        """``nodes[3]`` (the service's location) as the file location it came from."""
        if where is None:
            return None
        match = _INDEX.match(where)
        if match is None:
            return where
        found = self._source(match)  # the field after it (``.title``) stays
        return found + where[match.end() :] if found else where

    def _source(self, match: re.Match[str]) -> str | None:
        items = self.sources.get(match.group(1), [])
        index = int(match.group(2))
        parent = items[index] if index < len(items) else None
        if match.group(3):  # an indicator's reading: its own row, else in its indicator's
            own = self.sources.get(f"{match.group(1)}[{index}].measurements", [])
            reading = int(match.group(4))
            if reading < len(own):
                return own[reading]
            return None if parent is None else parent + match.group(3)
        return parent

    def relocate(self, error: ValidationError) -> ValidationError:
        """The same problems, located in the file rather than in the interchange dict."""
        problems = [
            dataclasses.replace(
                p,
                where=self.locate(p.where),
                message=_INDEX.sub(lambda m: self._source(m) or m.group(0), p.message),
            )
            for p in error.problems
        ]
        return ValidationError(problems)

    def import_with(self, importer: Callable[[dict[str, Any]], _T]) -> _T:
        """``importer(self.document)``, its validation problems told by file location."""
        try:
            return importer(self.document)
        except ValidationError as exc:
            raise self.relocate(exc) from None


def fail_if(problems: list[Problem]) -> None:
    """Raise every problem found (up to ``MAX_PROBLEMS``); nothing was imported."""
    if problems:
        raise ValidationError(problems[:MAX_PROBLEMS])


def empty_document() -> dict[str, Any]:
    return {
        "format": "strategygraph",
        "format_version": 2,
        "regions": [],
        "organisations": [],
        "nodes": [],
        "edges": [],
    }
