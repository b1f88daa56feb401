"""``strategygraph import`` and ``strategygraph export``: every open format, from the CLI.

    strategygraph import uusimaa.json --dry-run       # what would be added, changed, left
    strategygraph import export/                      # a CSV folder (nodes.csv, edges.csv)
    strategygraph import model.xml --region uusimaa   # ArchiMate; skipped elements reported
    strategygraph import hankesalkku.csv --format portfolio --region kymenlaakso
    strategygraph import hankkeet.xlsx --format portfolio --column title="Hankkeen nimi"
    strategygraph export --format csv -o export/      # -o names a folder for CSV
    strategygraph export --format csv --dialect fi -o export/   # ; 1.4.2018 TOSI 40 %

The app (store, service, settings) comes from the click context (``strategygraph.cli.app.App``).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from ..domain import ValidationError
from ..domain.changes import UpdateNode
from ..glossary import Glossary, glossary
from ..interchange import (
    FORMATS,
    MAX_BYTES,
    READ_FORMATS,
    dump_files,
    guess_format,
    open_path,
    write_path,
)
from ..interchange.values import DIALECTS
from ..service import ImportOutcome, StrategyService
from ..service.import_mirror import mirror_scope
from ..store import EmbeddedStore, sqlite_file
from . import tables
from .app import App, json_option, pass_app
from .errors import CommandError, command

__all__ = ["export", "import_", "import_report"]

SHOWN = 25
"""At most this many ids are listed per group in the human-readable report."""


def import_report(outcome: ImportOutcome, report: list[str]) -> dict[str, Any]:
    """The outcome as data: counts, the ids in each group, changed fields, skipped items."""
    plan = outcome.plan
    fields = {
        op.node_id: sorted(op.changes) for op in plan.operations if isinstance(op, UpdateNode)
    }
    return {
        **tables.import_summary(outcome),
        "added": plan.added,
        "changed": [{"id": i, "fields": fields.get(i, [])} for i in plan.changed],
        "unchanged": plan.unchanged,
        "edges_changed": plan.edges_changed,
        "mirror": plan.mirror,
        "deleted": plan.deleted,
        "retired": plan.retired,
        "edges_removed": plan.edges_removed,
        "report": report,
    }


def _listed(words: Glossary, key: str, items: list[str], every: bool = False) -> None:
    """One group of ids under the glossary's ``key``; ``every`` lists them all (deletions
    are never cut short)."""
    if not items:
        return
    shown = len(items) if every else SHOWN
    more = " " + words.text("import.more", count=len(items) - shown) if len(items) > shown else ""
    click.echo(f"  {words.text(key)} ({len(items)}): {', '.join(items[:shown])}{more}")


def _print(summary: dict[str, Any], words: Glossary) -> None:
    """The report for a person, in the configured language (``--json`` is for scripts)."""
    dry = summary["dry_run"]
    tail = ".dry" if dry else ""
    if dry:
        click.echo(words.text("import.dry_run"))
    counts = (
        "nodes_added",
        "edges_added",
        "nodes_changed",
        "nodes_unchanged",
        "edges_unchanged",
        "version",
    )
    click.echo(words.text(f"import.summary{tail}", **{k: summary[k] for k in counts}))
    _listed(words, f"import.added{tail}", summary["added"])
    changed = [f"{c['id']} ({', '.join(c['fields'])})" for c in summary["changed"]]
    _listed(words, f"import.changed{tail}", changed)
    _listed(words, f"import.unchanged{tail}", summary["unchanged"])
    _listed(words, f"import.edges_changed{tail}", summary["edges_changed"])
    if summary["records_added"] or summary["records_changed"] or summary["records_unchanged"]:
        click.echo(
            "  "
            + words.text(
                f"import.records{tail}",
                added=len(summary["records_added"]),
                changed=len(summary["records_changed"]),
                unchanged=summary["records_unchanged"],
            )
        )
        _listed(words, f"import.changed{tail}", summary["records_changed"])
    if summary["mirror"] is not None:
        click.echo("  " + words.text("import.mirror", region=summary["mirror"]))
        _listed(words, f"import.deleted{tail}", summary["deleted"], every=True)
        _listed(words, f"import.retired{tail}", summary["retired"], every=True)
        _listed(words, f"import.edges_removed{tail}", summary["edges_removed"], every=True)
    for line in summary["report"]:
        click.echo("  " + words.text("import.note", text=line))


def _dry_service(url: str) -> StrategyService | None:
    """For a dry run into a store file that does not exist yet: an empty store in memory,
    so that checking a file creates no store file."""
    path = sqlite_file(url)
    if path is not None and not Path(path).exists():
        return StrategyService(EmbeddedStore(":memory:"))
    return None


@command("import")
@click.argument("file", type=click.Path(exists=True, file_okay=True, dir_okay=True, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(READ_FORMATS),
    default=None,
    help="File format [default: from the file name, or the folder's nodes.csv/edges.csv].",
)
@click.option("--dry-run", is_flag=True, help="Check and report what would change; change nothing.")
@click.option(
    "--region", default=None, help="Region of elements that name none (GraphML, ArchiMate, sheet)."
)
@click.option(
    "--max-mb",
    type=click.IntRange(1),
    default=MAX_BYTES // (1024 * 1024),
    show_default=True,
    help="Refuse files larger than this many megabytes (MiB) before reading them.",
)
@click.option(
    "--mirror",
    metavar="REGION",
    default=None,
    help="The file is the whole truth for REGION: its nodes and edges missing from the file "
    "are deleted (drafts) or retired (try --dry-run first; needs approver in REGION).",
)
@click.option(
    "--column",
    "column_pairs",
    multiple=True,
    metavar="FIELD=HEADER",
    help="Portfolio: read FIELD (title, serves, health, ...) from the column HEADER.",
)
@click.option(
    "--mapping",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help='Portfolio: a JSON file of FIELD: HEADER pairs, e.g. {"title": "Hankkeen nimi"}.',
)
@click.option("--sheet", default=None, help="Portfolio workbook: the sheet to read [first].")
@json_option
@pass_app
def import_(
    app: App,
    file: Path,
    fmt: str | None,
    dry_run: bool,
    region: str | None,
    max_mb: int,
    mirror: str | None,
    column_pairs: tuple[str, ...],
    mapping: Path | None,
    sheet: str | None,
    as_json: bool,
) -> None:
    """Import a file or CSV folder, all or nothing; every problem is told with its place."""
    if not dry_run:
        app.may_create()
    service = _dry_service(app.settings.store) if dry_run else None
    service = service or app.service
    columns = column_mapping(column_pairs, mapping)
    if mirror is not None:
        service.require_mirror(app.settings.actor, mirror)  # before reading
    words = glossary(app.settings.lang)
    with tables.progress(words.text("import.progress", file=file.name)) as step:
        step(words.text("import.reading"))
        fmt = fmt or guess_format(file)
        existing = service.store.nodes() if fmt == "portfolio" else None
        limit = max_mb * 1024 * 1024
        reading = open_path(
            file,
            fmt,
            region=region,
            existing=existing,
            max_bytes=limit,
            columns=columns,
            sheet=sheet,
        )
        step(words.text("import.checking" if dry_run else "import.committing"))
        outcome = reading.import_with(
            lambda doc: service.import_document(
                doc, app.settings.actor, dry_run, mirror, mirror_scope(reading, mirror)
            )
        )
    summary = import_report(outcome, reading.report)
    if as_json:
        click.echo(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        _print(summary, words)


def column_mapping(pairs: tuple[str, ...], file: Path | None) -> dict[str, str] | None:
    """The portfolio column mapping of ``--mapping FILE`` and ``--column FIELD=HEADER``
    (these win); None when neither is given."""
    found: dict[str, str] = {}
    if file is not None:
        try:
            loaded = json.loads(file.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValidationError.one(
                "column-mapping", f"cannot read the column mapping: {exc}", "mapping", file.name
            ) from None
        if not isinstance(loaded, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in loaded.items()
        ):
            raise ValidationError.one(
                "column-mapping",
                'the column mapping must be a JSON object of texts: {"title": "Hankkeen nimi"}',
                "mapping",
                file.name,
            )
        found.update(loaded)
    for pair in pairs:
        field, sep, header = pair.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise ValidationError.one(
                "column-mapping", f"--column {pair!r}: write FIELD=HEADER", "column"
            )
        found[field.strip()] = header.strip()
    return found or None


def _check_output(fmt: str, output: Path | None, since: int | None) -> None:
    """Refuse an export the options cannot give: a delta in a format other than JSON, a
    CSV export without a folder, a file where a folder is needed or the other way."""
    if since is not None and fmt != "json":
        raise ValidationError.one(
            "since-format",
            f"a delta (--since) is written as json only: {fmt} cannot list what was removed",
            "format",
        )
    if output is None:
        if fmt == "csv":
            raise ValidationError.one(
                "output", "a CSV export is a folder: name it with -o FOLDER", "output"
            )
        return
    if fmt == "csv" and output.exists() and not output.is_dir():
        raise ValidationError.one(
            "output", f"{output} is a file; a CSV export needs a folder", "output"
        )
    if fmt != "csv" and output.is_dir():
        raise ValidationError.one(
            "output", f"{output} is a folder; name the file to write", "output"
        )


@command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="json", show_default=True)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="File to write (a folder for csv); default standard output (not for csv).",
)
@click.option("--region", default=None, help="Only this region (and the national goals).")
@click.option(
    "--since",
    type=click.IntRange(0),
    default=None,
    metavar="VERSION",
    help="Only what changed after this graph version, and what was removed (JSON only).",
)
@click.option(
    "--dialect",
    "--csv-dialect",
    type=click.Choice([*DIALECTS, "excel-fi"]),
    default="standard",
    show_default=True,
    help="CSV: 'fi' (or 'excel-fi') writes ';', 1.4.2018, TOSI/EPÄTOSI, 40 %, keltainen.",
)
@pass_app
def export(
    app: App, fmt: str, output: Path | None, region: str | None, since: int | None, dialect: str
) -> None:
    """Export the graph in an open format: json, csv (a folder), xlsx, graphml or archimate."""
    options = {"dialect": "fi" if dialect == "excel-fi" else dialect} if fmt == "csv" else {}
    _check_output(fmt, output, since)  # the command as written, before the store is opened
    try:
        app.service.known_region(region)
        doc = app.service.export_document(region, since=since)
        if output is None:
            sys.stdout.buffer.write(next(iter(dump_files(doc, fmt).values())))
            sys.stdout.buffer.flush()
            return
        written = write_path(doc, output, fmt, **options)
    except OSError as exc:
        raise CommandError(f"cannot write {exc.filename}: {exc.strerror}") from exc
    words = glossary(app.settings.lang)
    for path in written:
        click.echo(words.text("export.wrote", path=path), err=True)
