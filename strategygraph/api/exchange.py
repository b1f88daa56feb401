"""Open formats over GraphQL: ``exportGraph`` gives a format's files as text, and the
``importGraph`` input reads them back (``format`` with ``content``, or ``files`` for CSV).
An xlsx workbook is bytes, not text: its ``content`` is base64 both ways (RFC 4648), as
the schema says; the feeds (``/export/{region}.xlsx``) serve the workbook itself.
"""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

import base64
import binascii
from enum import Enum
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry.types import Info

from ..domain import ValidationError
from ..interchange import FILE_NAMES, Reading, dump_files, load_files
from .context import Context
from .offload import off_loop
from .volatility import volatile

if TYPE_CHECKING:
    from .inputs import ImportGraphInput

__all__ = [
    "ExchangeQuery",
    "ExportedGraph",
    "FileInput",
    "InterchangeFormat",
    "import_reading",
]

Ctx = Info[Context, None]


@strawberry.enum(description="The open file formats.")
class InterchangeFormat(Enum):
    JSON = strawberry.enum_value(
        "json",
        description="The interchange format, version 2 (JSON Schema at "
        "/schema/interchange-v2.json).",
    )
    CSV = strawberry.enum_value(
        "csv",
        description="nodes.csv and edges.csv (with regions.csv and organisations.csv), "
        "UTF-8 with BOM.",
    )
    XLSX = strawberry.enum_value(
        "xlsx",
        description="An Excel workbook with the sheets nodes, edges, regions and "
        "organisations. Binary: its `content` is base64 (RFC 4648), in the export and in "
        "`importGraph`.",
    )
    GRAPHML = strawberry.enum_value(
        "graphml", description="GraphML, for graph tools (yEd, Gephi, NetworkX)."
    )
    ARCHIMATE = strawberry.enum_value(
        "archimate", description="The ArchiMate 3.1 Model Exchange File Format."
    )
    PORTFOLIO = strawberry.enum_value(
        "portfolio",
        description="Import only: a sheet of projects and what they serve, by id or exact "
        "title: CSV text in `content`, or a workbook in `files` under a name ending `.xlsx`, "
        "its `content` in base64.",
    )


@strawberry.type(description="One file of an export, as text.")
class ExportFile:
    name: str = strawberry.field(description="The file's name (e.g. `nodes.csv`).")
    content: str = strawberry.field(
        description="The file's text; for XLSX, the workbook's bytes in base64 (RFC 4648)."
    )


@strawberry.type(description="The graph in one format: its files (one, or CSV's four).")
class ExportedGraph:
    format: InterchangeFormat = strawberry.field(
        description="The format the graph was exported in."
    )
    files: list[ExportFile] = strawberry.field(
        description="Every file of the export (one, or CSV's four)."
    )
    content: str = strawberry.field(
        description="The file's text; for CSV, nodes.csv (the rest are in `files`); for "
        "XLSX, the workbook's bytes in base64 (RFC 4648)."
    )


@strawberry.input(description="One file to import, as text.")
class FileInput:
    name: str = strawberry.field(
        description=(
            "The file's name (for CSV: nodes.csv, edges.csv, regions.csv, organisations.csv)."
        )
    )
    content: str = strawberry.field(
        description="The file's text; for XLSX, and for a PORTFOLIO workbook named `*.xlsx`, "
        "the workbook's bytes in base64 (RFC 4648)."
    )


def _bytes(content: str, fmt: InterchangeFormat, name: str) -> bytes:
    """The file ``content`` stands for: its text as UTF-8, or a workbook's base64 (an
    XLSX, or a portfolio sheet given in ``files`` under a name ending ``.xlsx``)."""
    workbook = fmt is InterchangeFormat.XLSX or (
        fmt is InterchangeFormat.PORTFOLIO and name.lower().endswith(".xlsx")
    )
    if not workbook:
        return content.encode("utf-8")
    try:
        return base64.b64decode(content, validate=True)
    except (binascii.Error, ValueError):
        raise ValidationError.one(
            "import-input",
            f"{name}: a workbook's `content` is its bytes in base64 (RFC 4648); this is not base64",
            "content",
        ) from None


def _content(data: bytes, fmt: InterchangeFormat) -> str:
    """A file's bytes as ``content``: text, or a workbook's base64."""
    if fmt is InterchangeFormat.XLSX:
        return base64.b64encode(data).decode("ascii")
    return data.decode("utf-8")


def import_reading(input: ImportGraphInput, ctx: Context) -> Reading:
    """What ``importGraph`` was given, read: the ``document`` as it is, or ``content`` /
    ``files`` in ``format`` read as a file import reads them."""
    given = [n for n in ("document", "content", "files") if getattr(input, n) is not None]
    if len(given) != 1:
        raise ValidationError.one(
            "import-input",
            "give exactly one of `document`, `content` or `files`"
            + (f" (got {', '.join(given)})" if given else ""),
            "document",
        )
    fmt = input.format or InterchangeFormat.JSON
    if input.document is not None:
        if fmt is not InterchangeFormat.JSON:
            raise ValidationError.one(
                "import-input",
                f"`document` is the JSON interchange format; send {fmt.name} as `content`",
                "format",
            )
        return Reading(cast("dict[str, Any]", input.document))  # the service checks it
    if input.content is not None:
        name = "nodes.csv" if fmt is InterchangeFormat.CSV else FILE_NAMES[str(fmt.value)]
        data = {name: _bytes(input.content, fmt, name)}
    else:
        data = {f.name: _bytes(f.content, fmt, f.name) for f in input.files or []}
    portfolio = fmt is InterchangeFormat.PORTFOLIO
    return load_files(
        str(fmt.value),
        data,
        region=input.region,
        existing=ctx.store.nodes() if portfolio else None,
    )


@strawberry.type
class ExchangeQuery:
    @strawberry.field(
        description="The graph (or one region with the national goals) in an open format.",
        metadata=volatile("the JSON export stamps `exported_at`"),
    )
    async def export_graph(
        self,
        info: Ctx,
        format: Annotated[
            InterchangeFormat, strawberry.argument(description="The format to export in.")
        ] = InterchangeFormat.JSON,
        region: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only this region (and the national goals it serves)."),
        ] = None,
        since: Annotated[
            int | None,
            strawberry.argument(
                description="Only what changed after this graph version, with what was "
                "removed (`since_version`, `removed`); JSON only. Importing it brings a copy "
                "that was at that version up to date."
            ),
        ] = None,
    ) -> ExportedGraph | None:
        info.context.known_region(region)
        if format is InterchangeFormat.PORTFOLIO:
            raise ValidationError.one(
                "export-format", "PORTFOLIO is an import format only", "format"
            )
        if since is not None and (since < 0 or format is not InterchangeFormat.JSON):
            raise ValidationError.one(
                "since",
                "`since` is a graph version (0 or more) and a delta is JSON only",
                "since",
            )
        ctx = info.context

        def exported() -> list[ExportFile]:  # the whole graph, written out: off the loop
            doc = ctx.service.export_document(region, ctx.actor, since)
            return [
                ExportFile(name=name, content=_content(data, format))
                for name, data in dump_files(doc, format.value).items()
            ]

        files = await off_loop(ctx.service.store, exported)
        main = next((f for f in files if f.name == "nodes.csv"), files[0])
        return ExportedGraph(format=format, files=files, content=main.content)
