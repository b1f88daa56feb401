"""The Neo4j adapter's connection: sessions, managed transactions and error translation.

``Neo4jConnection`` is ``Neo4jStore``'s base: how a read or a unit of work reaches the
server (a fresh session per call, the driver's retried managed transactions, one attempt
while the server is known to be down, a re-run when an optimistic server reports a clash at
commit), and how every driver error becomes ``StoreUnavailable`` at the edge. It is its own
module because none of it knows the graph: the reads (``neo4j_reads``) and the writes
(``neo4j.py``) are written against ``_read`` and ``_write`` alone.
"""

from __future__ import annotations

import itertools
import logging
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import (
    AuthError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from ..domain import StoreUnavailable
from . import neo4j_cypher as q
from .neo4j_io import Runner, records
from .neo4j_situation import SITUATION_SCHEMA

__all__ = ["Neo4jConnection"]

T = TypeVar("T")

# The driver logs each retry; that is for an application to show, not for lastResort.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

WRITE_ATTEMPTS = 5


class Neo4jConnection:
    """The driver and how calls go through it; ``Neo4jStore.__init__`` sets the state."""

    url: str
    user: str
    database: str
    _driver: neo4j.Driver
    _ready: bool
    _down: bool  # the last call found the server unreachable: see _run
    _retry_seconds: float  # how long a lost commit is run again (``_write``)
    _lock: threading.Lock

    @contextmanager
    def _translate(self, action: str) -> Iterator[None]:
        """Driver errors become ``StoreUnavailable``; the product's own errors pass."""
        where = f"the Neo4j server at {self.url}"
        try:
            yield
        except AuthError as exc:
            raise StoreUnavailable(
                f"{where} refused the credentials of user '{self.user}' ({exc.message}); "
                "check STRATEGYGRAPH_NEO4J_USER and STRATEGYGRAPH_NEO4J_PASSWORD"
            ) from exc
        except (ServiceUnavailable, SessionExpired, OSError) as exc:
            # OSError: a socket error the driver let through (a reset mid-read).
            self._down = True
            raise StoreUnavailable(
                f"{where} is unavailable, so the store could not {action}: "
                f"{_first_line(exc)}; check that the server is running and reachable"
            ) from exc
        except Neo4jError as exc:
            raise StoreUnavailable(
                f"{where} failed to {action}: {exc.code}: {_first_line(exc)}"
            ) from exc
        except DriverError as exc:
            raise StoreUnavailable(f"{where}: could not {action}: {_first_line(exc)}") from exc

    def _ensure_ready(self) -> None:
        """Create the schema and the version counter once (``IF NOT EXISTS``: idempotent)."""
        if self._ready:
            return
        with self._lock, self._translate("prepare its schema"):
            if self._ready:
                return
            for statement in (*q.SCHEMA, *SITUATION_SCHEMA):
                self._driver.execute_query(statement, database_=self.database)
            with self._session() as session:
                session.execute_write(lambda tx: records(tx, q.ENSURE_META, name=q.META))
            self._ready = True

    def _run_schema(self, statement: str) -> None:
        with self._translate("prepare its schema"):
            self._driver.execute_query(statement, database_=self.database)

    def _session(self) -> neo4j.Session:
        return self._driver.session(
            database=self.database,
            bookmark_manager=self._driver.execute_query_bookmark_manager,
        )

    def _read(self, query: str, **params: Any) -> list[dict[str, Any]]:
        self._ensure_ready()
        with self._translate("read the graph"), self._session() as session:
            return self._run(session, lambda tx: records(tx, query, **params), write=False)

    def _write(self, action: str, work: Callable[[Runner], T]) -> T:
        self._ensure_ready()
        with self._translate(action):
            deadline = time.monotonic() + self._retry_seconds
            for attempt in itertools.count(1):
                try:
                    with self._session() as session:
                        return self._run(session, work, write=True)
                except ConstraintError:
                    # On a server with optimistic transactions (ArcadeDB) a writer that
                    # committed first shows up as a unique-key clash at commit (the next
                    # event number): run the whole unit again, it then sees that write.
                    # As the driver retries a transient failure: for up to
                    # ``retry_seconds``, and at least ``WRITE_ATTEMPTS`` times (several
                    # writers racing on a loaded machine lost five in a row).
                    if attempt >= WRITE_ATTEMPTS and time.monotonic() >= deadline:
                        raise
                    time.sleep(random.uniform(0.02, 0.1) * min(attempt, 5))
        raise AssertionError("unreachable")

    def _run(self, session: neo4j.Session, work: Callable[[Runner], T], write: bool) -> T:
        """``work`` in a managed transaction, which the driver retries with back-off for up
        to ``retry_seconds`` — unless the last call found the server unreachable: then it
        is tried once, so a request made during an outage fails in the time a refused
        connection takes instead of waiting out the back-off for every read it makes (four
        such reads took a client past its 10 s timeout). The first call that gets through
        ends the outage."""
        if not self._down:
            run = session.execute_write if write else session.execute_read
            return run(work)
        with session.begin_transaction() as tx:
            result = work(tx)
            if write:
                tx.commit()
        self._down = False
        return result


def _first_line(exc: BaseException) -> str:
    """The gist of a driver error: its first line, and the socket's reason if it gave one."""
    text = str(getattr(exc, "message", None) or exc or type(exc).__name__).strip()
    first = text.splitlines()[0].rstrip(" :")
    reason = re.search(r"\(reason (.+?)\)\s*$", text)
    return f"{first}: {reason.group(1)}" if reason and "\n" in text else first
