"""The situational picture on the Neo4j adapter: risks, indicators, measurements and status
reports as ``:Risk``, ``:Indicator``, ``:Measurement`` and ``:Report`` nodes (their JSON in
``data``, the keys a query needs beside it), written in the commit's own transaction.

A commit fetches exactly the records its operations touch into the scratch workspace
(``fetch_situation``), so the embedded store's applier checks them with the same rules and
words; ``write_situation`` then puts the outcome. Reading loads the whole picture into a
``SituationState`` kept until the graph version moves (``SituationCache``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any

import orjson

from ..domain.changes import DeleteNode
from ..domain.situation_changes import (
    AddMeasurement,
    DeleteRisk,
    FileReport,
    PutIndicator,
    PutRisk,
)
from ..domain.situation_states import (
    indicator_from_state,
    measurement_from_state,
    report_from_state,
    risk_from_state,
    situation_state,
)
from .neo4j_io import Runner, chunks, records
from .situation_state import SituationState

__all__ = [
    "SITUATION_ANYTHING",
    "SITUATION_SCHEMA",
    "SITUATION_WIPE",
    "SituationCache",
    "fetch_situation",
    "write_situation",
]

SITUATION_SCHEMA = (
    "CREATE CONSTRAINT sg_risk_id IF NOT EXISTS FOR (r:Risk) REQUIRE r.id IS UNIQUE",
    "CREATE CONSTRAINT sg_indicator_id IF NOT EXISTS FOR (i:Indicator) REQUIRE i.id IS UNIQUE",
    "CREATE CONSTRAINT sg_report_id IF NOT EXISTS FOR (r:Report) REQUIRE r.id IS UNIQUE",
    "CREATE INDEX sg_indicator_node IF NOT EXISTS FOR (i:Indicator) ON (i.node)",
    "CREATE INDEX sg_measurement_indicator IF NOT EXISTS FOR (m:Measurement) ON (m.indicator)",
)
SITUATION_WIPE = (
    "MATCH (n:Risk) DETACH DELETE n",
    "MATCH (n:Indicator) DETACH DELETE n",
    "MATCH (n:Measurement) DETACH DELETE n",
    "MATCH (n:Report) DETACH DELETE n",
)
SITUATION_ANYTHING = ("MATCH (r:Risk) RETURN r.id AS id LIMIT 1",)

FETCH_RISKS = "UNWIND $ids AS id MATCH (r:Risk {id: id}) RETURN r.data AS data"
FETCH_INDICATORS = "UNWIND $ids AS id MATCH (i:Indicator {id: id}) RETURN i.data AS data"
FETCH_NODE_INDICATORS = (
    "UNWIND $ids AS node MATCH (i:Indicator) WHERE i.node = node RETURN i.data AS data"
)
FETCH_READINGS = (
    "UNWIND $ids AS ind MATCH (m:Measurement) WHERE m.indicator = ind RETURN m.data AS data"
)
FETCH_REPORTS = "UNWIND $ids AS id MATCH (r:Report {id: id}) RETURN r.data AS data"
FETCH_HOLDING = (
    "UNWIND $ids AS node MATCH (r:Risk) WHERE node IN r.threatens RETURN r.data AS data",
    "UNWIND $ids AS node MATCH (r:Report) WHERE r.project = node RETURN r.data AS data",
)
"""The risks and reports that refer to nodes about to be deleted."""
PUT = {
    "risks": "UNWIND $rows AS row MERGE (r:Risk {id: row.id}) "
    "SET r.data = row.data, r.threatens = row.threatens",
    "indicators": "UNWIND $rows AS row MERGE (i:Indicator {id: row.id}) "
    "SET i.data = row.data, i.node = row.node",
    "reports": "UNWIND $rows AS row MERGE (r:Report {id: row.id}) "
    "SET r.data = row.data, r.project = row.project",
    "measurements": "UNWIND $rows AS row MERGE (m:Measurement {key: row.id}) "
    "SET m.data = row.data, m.indicator = row.indicator",
}
DELETE = {
    "risks": "UNWIND $ids AS id MATCH (r:Risk {id: id}) DETACH DELETE r",
    "indicators": "UNWIND $ids AS id MATCH (i:Indicator {id: id}) DETACH DELETE i",
    "reports": "UNWIND $ids AS id MATCH (r:Report {id: id}) DETACH DELETE r",
    "measurements": "UNWIND $ids AS id MATCH (m:Measurement {key: id}) DETACH DELETE m",
}
ALL = {
    "risks": "MATCH (r:Risk) RETURN r.data AS data",
    "indicators": "MATCH (i:Indicator) RETURN i.data AS data",
    "measurements": "MATCH (m:Measurement) RETURN m.data AS data",
    "reports": "MATCH (r:Report) RETURN r.data AS data",
}


def _load(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [orjson.loads(r["data"]) for r in rows]


def fetch_situation(tx: Runner, operations: Sequence[object], state: SituationState) -> set[str]:
    """Fill ``state`` with what ``operations`` touch; return the node ids they refer to
    (the caller fetches those nodes with the rest)."""
    risk_ids: set[str] = set()
    indicator_ids: set[str] = set()
    report_ids: set[str] = set()
    nodes: set[str] = set()
    doomed = sorted({op.node_id for op in operations if isinstance(op, DeleteNode)})
    for batch in chunks(doomed):
        risks, reports = (_load(records(tx, q, ids=list(batch))) for q in FETCH_HOLDING)
        for data in risks:
            state.put_risk(risk_from_state(data))
        for data in reports:
            state.add_report(report_from_state(data))
        for data in _load(records(tx, FETCH_NODE_INDICATORS, ids=list(batch))):
            state.put_indicator(indicator_from_state(data))
    for op in operations:
        if isinstance(op, PutRisk):
            risk_ids.add(op.risk.id)
            nodes.update(op.risk.threatens)
        elif isinstance(op, DeleteRisk):
            risk_ids.add(op.risk_id)
        elif isinstance(op, PutIndicator):
            indicator_ids.add(op.indicator.id)
            nodes.add(op.indicator.node)
        elif isinstance(op, AddMeasurement):
            indicator_ids.add(op.measurement.indicator)
        elif isinstance(op, FileReport):
            report_ids.add(op.report.id)
            risk_ids.update(op.report.risks)
            nodes.add(op.report.project)
    if not (risk_ids or indicator_ids or report_ids):
        return nodes
    for batch in chunks(sorted(risk_ids)):
        for data in _load(records(tx, FETCH_RISKS, ids=list(batch))):
            state.put_risk(risk_from_state(data))
    for batch in chunks(sorted(report_ids)):
        for data in _load(records(tx, FETCH_REPORTS, ids=list(batch))):
            state.add_report(report_from_state(data))
    for batch in chunks(sorted(indicator_ids)):
        for data in _load(records(tx, FETCH_INDICATORS, ids=list(batch))):
            nodes.add(data["node"])
    # A reading may set its node's health from all the node's indicators: fetch them all,
    # with their readings (the duplicate-date check needs those of the indicator read).
    measured = sorted(nodes)
    for batch in chunks(measured):
        for data in _load(records(tx, FETCH_NODE_INDICATORS, ids=list(batch))):
            state.put_indicator(indicator_from_state(data))
    for batch in chunks(sorted(state.indicators)):
        for data in _load(records(tx, FETCH_READINGS, ids=list(batch))):
            state.add_reading(measurement_from_state(data))
    return nodes


def write_situation(
    run: Callable[[str, list[Any], str], None], rows: list[tuple[str, str, Any]]
) -> None:
    """Put (or delete, for None) the rows a commit changed, a batch per table."""
    puts: dict[str, list[dict[str, Any]]] = {t: [] for t in PUT}
    deletes: dict[str, list[str]] = {t: [] for t in DELETE}
    for table, found, row in rows:
        key = found.replace("\x00", "|")  # a measurement's key: indicator|date
        if row is None:
            deletes[table].append(key)
            continue
        state = situation_state(row)
        entry: dict[str, Any] = {"id": key, "data": orjson.dumps(state).decode()}
        if table == "indicators":
            entry["node"] = state["node"]
        elif table == "risks":
            entry["threatens"] = state["threatens"]
        elif table == "reports":
            entry["project"] = state["project"]
        elif table == "measurements":
            entry["indicator"] = state["indicator"]
        puts[table].append(entry)
    for table, ids in deletes.items():
        if ids:
            run(DELETE[table], ids, "ids")
    for table, entries in puts.items():
        if entries:
            run(PUT[table], entries, "rows")


class SituationCache:
    """The whole picture as read from the server, kept until the graph version moves."""

    def __init__(self, read: Callable[..., list[dict[str, Any]]]) -> None:
        self._read = read
        self._lock = threading.Lock()
        self._kept: tuple[int, SituationState] | None = None

    def state(self, version: int) -> SituationState:
        with self._lock:
            if self._kept is not None and self._kept[0] == version:
                return self._kept[1]
            state = SituationState()
            for data in _load(self._read(ALL["risks"])):
                state.put_risk(risk_from_state(data))
            for data in _load(self._read(ALL["indicators"])):
                state.put_indicator(indicator_from_state(data))
            for data in _load(self._read(ALL["measurements"])):
                state.add_reading(measurement_from_state(data))
            for data in _load(self._read(ALL["reports"])):
                state.add_report(report_from_state(data))
            self._kept = (version, state)
            return state
