"""Open file formats: the JSON interchange format (v1)."""

from .json_format import (
    FORMAT_VERSION,
    Document,
    dump_document,
    load_document,
    parse_document,
    schema,
)

__all__ = [
    "FORMAT_VERSION",
    "Document",
    "dump_document",
    "load_document",
    "parse_document",
    "schema",
]
