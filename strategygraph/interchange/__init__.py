"""Open file formats: the JSON interchange format (v2; v1 read), CSV, GraphML, ArchiMate exchange,
and a portfolio sheet; ``formats.read_path`` / ``write_path`` dispatch between them.

Readers never write to a store: they return the interchange dict, which the service's
``import_document`` validates and commits all or nothing.
"""

from .archimate import dump_archimate, write_archimate
from .archimate_read import load_archimate, read_archimate
from .content import FILE_NAMES, dump_files, load_files, load_json
from .csv_format import dump_csv, load_csv, read_csv, write_csv
from .formats import (
    FORMATS,
    READ_FORMATS,
    guess_format,
    open_path,
    read_json,
    read_path,
    write_json,
    write_path,
)
from .graphml import dump_graphml, load_graphml, read_graphml, write_graphml
from .json_format import (
    FORMAT_VERSION,
    READ_VERSIONS,
    Document,
    dump_document,
    load_document,
    parse_document,
    read_document,
    schema,
)
from .portfolio import PortfolioReading, Unmatched, load_portfolio, read_portfolio
from .reading import MAX_BYTES, Reading

__all__ = [
    "FILE_NAMES",
    "FORMATS",
    "FORMAT_VERSION",
    "MAX_BYTES",
    "READ_FORMATS",
    "READ_VERSIONS",
    "Document",
    "PortfolioReading",
    "Reading",
    "Unmatched",
    "dump_archimate",
    "dump_csv",
    "dump_document",
    "dump_files",
    "dump_graphml",
    "guess_format",
    "load_archimate",
    "load_csv",
    "load_document",
    "load_files",
    "load_graphml",
    "load_json",
    "load_portfolio",
    "open_path",
    "parse_document",
    "read_archimate",
    "read_csv",
    "read_document",
    "read_graphml",
    "read_json",
    "read_path",
    "read_portfolio",
    "schema",
    "write_archimate",
    "write_csv",
    "write_graphml",
    "write_json",
    "write_path",
]
