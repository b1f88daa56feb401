"""The Neo4j adapter: the whole ``GraphStore`` port through the official driver.

Writes run in managed transactions (``execute_write``) whose functions are safe to retry
(``neo4j_write``); a dry run checks inside an explicit transaction it then rolls back.
Traceability runs as Cypher on the server (``neo4j_trace``, ``neo4j_below``,
``neo4j_analyses``). Every driver error is translated here, at the edge, into
``StoreUnavailable`` with a message a person can act on. No session is kept between
calls: the driver's pool drops broken connections, so the store works again as soon as the
server is back.
"""

from __future__ import annotations

import logging
import random
import re
import threading
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, TypeVar

import neo4j
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from ..collector import collector_paused
from ..domain import (
    DEFAULT_METAMODEL,
    Comment,
    Edge,
    Event,
    Metamodel,
    Node,
    NodeKind,
    NotFound,
    Organisation,
    Region,
    StoreUnavailable,
    ValidationError,
)
from ..domain.answers import (
    Contribution,
    CoverageRow,
    Gap,
    HealthRollup,
    Route,
    TracePage,
    TracePath,
    gap_order,
)
from ..domain.changes import CommitResult, Operation
from ..domain.report_gaps import overdue_reports
from . import neo4j_analyses as analyses
from . import neo4j_below as below
from . import neo4j_cypher as q
from . import neo4j_trace as t
from .access import AccessStore
from .access_neo4j import Neo4jAccess
from .base import Snapshot
from .bulk import BULK
from .neo4j_io import Runner, records
from .neo4j_rows import comment_from_props, edge_from_record, event_from_props, node_from_props
from .neo4j_situation import SITUATION_SCHEMA, SituationCache
from .neo4j_write import Restore, run_commit
from .situation_state import SituationState
from .snapshot import snapshot_operations

__all__ = ["Neo4jStore"]

T = TypeVar("T")

# The driver logs each retry; that is for an application to show, not for lastResort.
logging.getLogger("neo4j").addHandler(logging.NullHandler())

WRITE_ATTEMPTS = 5


class Neo4jStore:
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

    # -- plumbing --------------------------------------------------------------
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
            for attempt in range(1, WRITE_ATTEMPTS + 1):
                try:
                    with self._session() as session:
                        return self._run(session, work, write=True)
                except ConstraintError:
                    # On a server with optimistic transactions (ArcadeDB) a writer that
                    # committed first shows up as a unique-key clash at commit (the next
                    # event number): run the whole unit again, it then sees that write.
                    if attempt == WRITE_ATTEMPTS:
                        raise
                    time.sleep(random.uniform(0.02, 0.1) * attempt)
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

    def refresh(self) -> int:
        return 0  # every read asks the server: nothing is kept to catch up

    # -- reading -------------------------------------------------------------
    def version(self) -> int:
        rows = self._read(q.VERSION, name=q.META)
        return int(rows[0]["version"] or 0) if rows else 0

    def get_node(self, node_id: str) -> Node:
        rows = self._read(q.NODE, id=node_id)
        if not rows:
            raise NotFound("node", node_id)
        return node_from_props(rows[0]["props"])

    def nodes(self, kind: NodeKind | None = None, region: str | None = None) -> list[Node]:
        wanted = {"kind": kind.value if kind else None, "region": region}
        where = " AND ".join(q.NODE_WHERE[k] for k, v in wanted.items() if v is not None)
        query = q.NODES.replace("{where}", f"WHERE {where}" if where else "")
        found = [node_from_props(r["props"]) for r in self._read(query, **wanted)]
        return sorted(found, key=lambda n: n.id)

    def edges(self, node_id: str | None = None) -> list[Edge]:
        if node_id is None:
            rows = self._read(q.EDGES)
        else:
            self.get_node(node_id)
            rows = self._read(q.EDGES_OUT, id=node_id) + self._read(q.EDGES_IN, id=node_id)
        return sorted((edge_from_record(r) for r in rows), key=lambda e: e.key)

    def regions(self) -> list[Region]:
        return [Region(r["id"], r["name"]) for r in self._read(q.REGIONS)]

    def organisations(self) -> list[Organisation]:
        return [Organisation(r["id"], r["name"], r["region"]) for r in self._read(q.ORGANISATIONS)]

    def events(
        self,
        node_id: str | None = None,
        region: str | None = None,
        since: datetime | None = None,
        after: int | None = None,
        limit: int = 100,
        newest_first: bool = False,
    ) -> list[Event]:
        params: dict[str, Any] = {
            "region": region,
            "since": since.isoformat() if since else None,
        }
        if newest_first:
            params["before"] = after if after is not None else 2**63 - 1
        else:
            params["after"] = after or 0
        if node_id is None:
            return self._events(params, limit, newest_first)
        # The node as the event's target or as the other end of an edge event: two
        # indexed lookups, merged in log order.
        found = self._events({**params, "target": node_id}, limit, newest_first)
        found += self._events({**params, "related": node_id}, limit, newest_first)
        merged = sorted({e.seq: e for e in found}.values(), key=lambda e: e.seq)
        return (merged[::-1] if newest_first else merged)[:limit]

    def _events(self, params: dict[str, Any], limit: int, newest_first: bool) -> list[Event]:
        where = " AND ".join(q.EVENT_WHERE[k] for k, v in params.items() if v is not None)
        query = q.EVENTS.replace("{where}", where)
        if newest_first:  # fixed text: the order is not a parameter in Cypher
            query = query.replace("ORDER BY e.seq", "ORDER BY e.seq DESC")
        rows = self._read(query, limit=limit, **params)
        return [event_from_props(r["props"]) for r in rows]

    def comments(self, node_id: str | None = None) -> list[Comment]:
        query = q.COMMENTS.replace("{where}", q.COMMENT_WHERE if node_id is not None else "")
        return [comment_from_props(r["props"]) for r in self._read(query, node_id=node_id)]

    def comment(self, comment_id: str) -> Comment:
        rows = self._read(q.FETCH_COMMENTS, ids=[comment_id])
        if not rows:
            raise NotFound("comment", comment_id)
        return comment_from_props(rows[0]["props"])

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

    # -- traceability --------------------------------------------------------
    def trace_up(self, node_id: str, max_depth: int | None = None) -> list[TracePath]:
        return t.trace_up(self._read, node_id, max_depth)

    def trace_up_page(
        self,
        node_id: str,
        max_depth: int | None = None,
        goal: str | None = None,
        after: Sequence[str] | None = None,
        first: int | None = None,
        visible: Callable[[str], bool] | None = None,
    ) -> TracePage:
        return t.trace_up_page(self._read, node_id, max_depth, goal, after, first, visible)

    def trace_down(
        self,
        node_id: str,
        max_depth: int | None = None,
        kinds: Collection[NodeKind] | None = None,
        visible: Callable[[str], bool] | None = None,
    ) -> list[Contribution]:
        return below.trace_down(self._read, node_id, max_depth, kinds, visible)

    def route(
        self, source: str, target: str, visible: Callable[[str], bool] | None = None
    ) -> Route | None:
        return t.route(self._read, source, target, visible)

    def gaps(self, region: str | None = None, draft_days: int = 90, *, now: datetime) -> list[Gap]:
        found = analyses.gaps(self._read, now, region, draft_days)
        projects = self.nodes(NodeKind.STRATEGIC_PROJECT, region)
        dates = self.situation.last_report_dates()
        overdue = overdue_reports(projects, dates, now.date(), region)
        return sorted(found + overdue, key=gap_order) if overdue else found

    @property
    def situation(self) -> SituationState:
        """Risks, indicators, readings and reports, read afresh when the graph moved."""
        return self._situation.state(self.version())

    def coverage(self, region: str | None = None) -> list[CoverageRow]:
        return analyses.coverage(self._read, region)

    def impact(self, node_id: str) -> list[str]:
        return below.impact(self._read, node_id)

    def rolled_up_health(self, node_id: str) -> HealthRollup:
        return below.rolled_up_health(self._read, node_id)

    # Answers for many nodes at once: each walk as the one-node method walks it, all of them
    # a level per query (the equivalence tests ask thousands of them).
    def trace_up_page_many(
        self,
        node_ids: Sequence[str],
        max_depth: int | None = None,
        goal: str | None = None,
        after: Mapping[str, Sequence[str]] | None = None,
        first: int | None = None,
    ) -> dict[str, TracePage]:
        """``trace_up_page`` of each node; ``after``: each node's cursor, if it has one."""
        return t.trace_up_page_many(self._read, node_ids, max_depth, goal, after, first)

    def trace_down_many(
        self,
        node_ids: Sequence[str],
        max_depth: int | None = None,
        kinds: Collection[NodeKind] | None = None,
    ) -> dict[str, list[Contribution]]:
        return below.trace_down_many(self._read, node_ids, max_depth, kinds)

    def route_many(self, pairs: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Route | None]:
        return t.route_many(self._read, pairs)

    def impact_many(self, node_ids: Sequence[str]) -> dict[str, list[str]]:
        return below.impact_many(self._read, node_ids)

    def rolled_up_health_many(self, node_ids: Sequence[str]) -> dict[str, HealthRollup]:
        return below.rolled_up_health_many(self._read, node_ids)

    def close(self) -> None:
        self._driver.close()


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _first_line(exc: BaseException) -> str:
    """The gist of a driver error: its first line, and the socket's reason if it gave one."""
    text = str(getattr(exc, "message", None) or exc or type(exc).__name__).strip()
    first = text.splitlines()[0].rstrip(" :")
    reason = re.search(r"\(reason (.+?)\)\s*$", text)
    return f"{first}: {reason.group(1)}" if reason and "\n" in text else first
