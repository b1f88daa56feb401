"""``node_from_kept`` (``domain/codec_kept.py``) builds the node ``node_from_trusted``
builds from every record the store writes: a node's full JSON (an event's before and
after) and the same without its empty fields (a row), field for field and type for type,
and leaves the record as it was."""

from __future__ import annotations

import copy
from typing import Any

import orjson
from hypothesis import given, settings
from hypothesis import strategies as st

from strategygraph.domain import Node, NodeKind
from strategygraph.domain.codec import node_from_dict, node_to_dict
from strategygraph.domain.codec_kept import node_from_kept, node_from_trusted
from strategygraph.domain.model import PROJECT_FIELDS
from strategygraph.store.sqlite_write import _node_row
from tests.unit.test_fast_builders import records


@settings(max_examples=400, deadline=None)
@given(record=records(wrong=False), compact=st.booleans())
def test_a_kept_record_builds_the_trusted_node(record: dict[str, Any], compact: bool) -> None:
    if record["kind"] != NodeKind.STRATEGIC_PROJECT.value:
        record = {k: v for k, v in record.items() if k not in PROJECT_FIELDS}
    node = node_from_dict(record)
    # As an event keeps it, or as a row does (its empty fields left out).
    kept = orjson.loads(_node_row(node) if compact else orjson.dumps(node_to_dict(node)))
    before = copy.deepcopy(kept)
    built, trusted = node_from_kept(kept), node_from_trusted(copy.deepcopy(kept))
    assert kept == before
    assert built == trusted
    for name in Node.__slots__:
        assert type(getattr(built, name)) is type(getattr(trusted, name)), name
