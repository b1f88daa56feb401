"""The situational picture's rows in the embedded store's SQLite file: one JSON row per
risk, indicator, measurement and status report (``SCHEMA`` in ``sqlite.py`` creates the
tables), written in the same transaction as their event rows, and read back whole."""

from __future__ import annotations

import sqlite3
from typing import Any

import orjson

from ..domain.situation_states import (
    indicator_from_state,
    measurement_from_state,
    report_from_state,
    risk_from_state,
    situation_state,
)
from .situation_state import SituationState

__all__ = ["SITUATION_SCHEMA", "SITUATION_TABLE_NAMES", "load_situation", "write_situation_row"]

SITUATION_SCHEMA = """
CREATE TABLE IF NOT EXISTS risks (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS indicators (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS measurements (
    indicator TEXT NOT NULL, day TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (indicator, day));
CREATE TABLE IF NOT EXISTS reports (id TEXT PRIMARY KEY, data TEXT NOT NULL);
"""

SITUATION_TABLE_NAMES = ("risks", "indicators", "measurements", "reports")


def write_situation_row(db: sqlite3.Connection, table: str, key: str, row: Any) -> None:
    """Put (or, for None, delete) one row; the table names are fixed text."""
    if table == "measurements":
        indicator, day = key.split("\x00")
        if row is None:
            db.execute("DELETE FROM measurements WHERE indicator = ? AND day = ?", (indicator, day))
        else:
            data = orjson.dumps(situation_state(row)).decode()
            db.execute(
                "INSERT OR REPLACE INTO measurements VALUES (?, ?, ?)", (indicator, day, data)
            )
    elif row is None:
        db.execute(f"DELETE FROM {table} WHERE id = ?", (key,))  # noqa: S608 (fixed names)
    else:
        data = orjson.dumps(situation_state(row)).decode()
        db.execute(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", (key, data))  # noqa: S608


def load_situation(db: sqlite3.Connection) -> SituationState:
    """Everything the file holds, indexed."""
    state = SituationState()
    for (data,) in db.execute("SELECT data FROM risks"):
        state.put_risk(risk_from_state(orjson.loads(data)))
    for (data,) in db.execute("SELECT data FROM indicators"):
        state.put_indicator(indicator_from_state(orjson.loads(data)))
    readings = state.readings
    for (data,) in db.execute("SELECT data FROM measurements ORDER BY indicator, day"):
        m = measurement_from_state(orjson.loads(data))
        readings[m.indicator].append(m)  # already in date order
    for (data,) in db.execute("SELECT data FROM reports"):
        state.add_report(report_from_state(orjson.loads(data)))
    return state
