"""A store file written before suspect links, comments and request ids opens, keeps its
graph and log, and takes the new columns and table."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from strategygraph.service import StrategyService
from strategygraph.store import EmbeddedStore

OLD_SCHEMA = """
CREATE TABLE regions (id TEXT PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE organisations (id TEXT PRIMARY KEY, name TEXT NOT NULL, region TEXT NOT NULL);
CREATE TABLE nodes (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE edges (
    source TEXT NOT NULL, target TEXT NOT NULL, relation TEXT NOT NULL,
    inferred INTEGER NOT NULL DEFAULT 0, note TEXT, PRIMARY KEY (source, target));
CREATE TABLE events (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, actor TEXT NOT NULL,
    operation TEXT NOT NULL, target TEXT NOT NULL, region TEXT,
    before TEXT, after TEXT, related TEXT);
"""


def test_an_old_file_opens_and_takes_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    db = sqlite3.connect(path)
    db.executescript(OLD_SCHEMA)
    db.execute("INSERT INTO regions VALUES ('national', 'Suomi')")
    db.execute(
        "INSERT INTO events (at, actor, operation, target, region, after) VALUES "
        "('2018-03-01T09:00:00+00:00', 'loader', 'put_region', 'national', 'national', "
        '\'{"id": "national", "name": "Suomi"}\')'
    )
    db.commit()
    db.close()
    store = EmbeddedStore(str(path))
    try:
        assert [r.id for r in store.regions()] == ["national"]
        [event] = store.events()
        assert (event.operation, event.request_id) == ("put_region", None)
        assert store.comments() == []
        service = StrategyService(store)
        service.create_node(
            {"id": "goal", "kind": "NATIONAL_GOAL", "region": "national", "title": "G"}, "me"
        )
        comment = service.add_comment("goal", "works", "me")
        assert store.comment(comment.id) == comment
    finally:
        store.close()
    db = sqlite3.connect(path)
    columns = {row[1] for row in db.execute("PRAGMA table_info(edges)")}
    db.close()
    assert {"suspect_at", "suspect_by"} <= columns
