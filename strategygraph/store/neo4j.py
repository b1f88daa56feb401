"""The Neo4j adapter: the whole ``GraphStore`` port through the official driver.

Writes run in managed transactions (``execute_write``) whose functions are safe to retry
(``neo4j_write``); a dry run checks inside an explicit transaction it then rolls back.
Traceability runs as Cypher on the server (``neo4j_trace``, ``neo4j_below``,
``neo4j_analyses``), asked by the reads in ``neo4j_reads``. Every driver error is
translated at the edge, in ``neo4j_connection``, into ``StoreUnavailable`` with a message a
person can act on. No session is kept between calls: the driver's pool drops broken
connections, so the store works again as soon as the server is back.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

import neo4j
from neo4j.exceptions import ConfigurationError

from ..collector import collector_paused
from ..domain import DEFAULT_METAMODEL, Metamodel, ValidationError
from ..domain.changes import CommitResult, Operation
from .access import AccessStore
from .access_neo4j import Neo4jAccess
from .base import Snapshot
from .bulk import BULK
from .neo4j_reads import Neo4jReads
from .neo4j_situation import SituationCache
from .neo4j_write import Restore, run_commit
from .snapshot import snapshot_operations

__all__ = ["Neo4jStore"]


class Neo4jStore(Neo4jReads):
    """``GraphStore`` on a Neo4j 5 (or Bolt- and Cypher-compatible) server.

    ``retry_seconds`` bounds how long the driver retries a transaction after a transient
    failure (a lost connection, a write conflict) before the error reaches the caller.
    """

    def __init__(
        self,
        url: str,
        user: str = "neo4j",
        password: str = "",
        database: str = "neo4j",
        metamodel: Metamodel = DEFAULT_METAMODEL,
        retry_seconds: float = 5.0,
    ) -> None:
        self.metamodel = metamodel
        self.url = url
        self.user = user
        self.database = database
        self._ready = False
        self._down = False  # the last call found the server unreachable: see _run
        self._lock = threading.Lock()
        self._retry_seconds = retry_seconds
        self.clock: Callable[[], datetime] = _utc_now
        try:
            self._driver = neo4j.GraphDatabase.driver(
                url,
                auth=(user, password),
                max_transaction_retry_time=retry_seconds,
                connection_timeout=retry_seconds,
                connection_acquisition_timeout=2 * retry_seconds,
            )
        except (ConfigurationError, ValueError) as exc:
            raise ValidationError.one(
                "store-url", f"cannot use the Neo4j URL {url!r}: {exc}", "store"
            ) from exc
        self.access: AccessStore = Neo4jAccess(self._read, self._write, self._run_schema)
        self._situation = SituationCache(self._read)
        try:
            self._ensure_ready()
        except BaseException:
            self._driver.close()
            raise

    def refresh(self) -> int:
        return 0  # every read asks the server: nothing is kept to catch up

    # -- writing -------------------------------------------------------------
    def commit(
        self,
        operations: Sequence[Operation],
        actor: str,
        dry_run: bool = False,
        request_id: str | None = None,
    ) -> CommitResult:
        now = self.clock()
        ops = list(operations)
        if not dry_run:
            with collector_paused(len(ops) >= BULK):
                return self._write(
                    "commit the change",
                    lambda tx: run_commit(
                        tx, self.metamodel, ops, actor, now, write=True, request_id=request_id
                    ),
                )
        self._ensure_ready()
        with self._translate("check the change"), self._session() as session:
            tx = session.begin_transaction()
            try:
                return run_commit(tx, self.metamodel, ops, actor, now, write=False)
            finally:
                tx.rollback()
                tx.close()

    def restore(self, snapshot: Snapshot, replace: bool = False) -> int:
        now = self.clock()
        ops = snapshot_operations(snapshot)
        plan = Restore(snapshot, replace)
        result = self._write(
            "restore the graph",
            lambda tx: run_commit(tx, self.metamodel, ops, "restore", now, True, plan),
        )
        return result.version

    def close(self) -> None:
        self._driver.close()


def _utc_now() -> datetime:
    return datetime.now(UTC)
