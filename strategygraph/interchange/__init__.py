"""Open file formats: the JSON interchange format (v2; v1 read), CSV, xlsx, GraphML,
ArchiMate exchange, and a portfolio sheet (read only).

One registry (``content.REGISTRY``) holds a ``Format`` per format: ``dump(document) ->
files`` and ``load(files) -> Reading``. ``dump_files`` / ``load_files`` use it on contents
in memory (the GraphQL API), ``open_path`` / ``write_path`` on files and folders (the
CLI). Each format's own functions stay in its module (``csv_format``, ``graphml``, …).

Readers never write to a store: they return the interchange dict, which the service's
``import_document`` validates and commits all or nothing.
"""

from .content import FILE_NAMES, REGISTRY, Format, dump_files, load_files
from .formats import FORMATS, READ_FORMATS, guess_format, open_path, write_path
from .json_checks import FORMAT_VERSION, READ_VERSIONS, schema
from .json_document import Document
from .json_format import dump_document, parse_document, read_document
from .portfolio import PortfolioReading
from .reading import MAX_BYTES, Reading

__all__ = [
    "FILE_NAMES",
    "FORMATS",
    "FORMAT_VERSION",
    "MAX_BYTES",
    "READ_FORMATS",
    "READ_VERSIONS",
    "REGISTRY",
    "Document",
    "Format",
    "PortfolioReading",
    "Reading",
    "dump_document",
    "dump_files",
    "guess_format",
    "load_files",
    "open_path",
    "parse_document",
    "read_document",
    "schema",
    "write_path",
]
