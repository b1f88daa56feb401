"""A real Bolt server for the Neo4j adapter's tests: ArcadeDB, as DESIGN.md §5 says.

It comes from the ``arcadedb-embedded`` package (the ``dev`` extra) with its own Java
runtime; nothing is installed here. Each server gets a fresh data folder and free ports,
answers ``RETURN 1`` before it is handed out, and is stopped by its PID.
"""

from __future__ import annotations

import importlib.util
import os
import signal
import socket
import subprocess
import time
from contextlib import ExitStack
from pathlib import Path
from typing import IO

import neo4j
from neo4j.exceptions import Neo4jError, ServiceUnavailable, SessionExpired

__all__ = ["BoltServer", "package_folder"]

PACKAGE = "arcadedb_embedded"
REQUIREMENT = "arcadedb-embedded==26.10.2.post1"
MAIN_CLASS = "com.arcadedb.server.ArcadeDBServer"
JVM_FLAGS = ("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC")
"""A test server lives for minutes on a 2-core machine: the quick JIT compiler only (C2's
optimising compiles never paid back), one GC thread. Measured at load 6-8: start 3.7 ->
2.2 s of server CPU, the demo's equivalence answers 8.2 -> 2.2 s, the 5,000-node graph's
load and answers 19.7 -> 11.0 s."""


def package_folder() -> Path:
    """The installed package's folder, holding ``jre/bin/java`` and ``jars/``."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            f"the Neo4j adapter's tests need {REQUIREMENT}, which is not installed; "
            "run scripts/setup.sh --test (it installs the dev extra)"
        )
    folder = Path(next(iter(spec.submodule_search_locations)))
    for part in ("jre/bin/java", "jars"):
        if not (folder / part).exists():
            raise RuntimeError(f"{REQUIREMENT} at {folder} has no {part}; reinstall it")
    return folder


def free_ports(count: int) -> list[int]:
    """``count`` different ports free now. Every socket stays bound until all are, so the
    system cannot hand out one port twice (two calls of one socket each could, and then
    the server's Bolt and HTTP listeners asked for the same port and it did not start)."""
    with ExitStack() as held:
        sockets = [held.enter_context(socket.socket()) for _ in range(count)]
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [int(s.getsockname()[1]) for s in sockets]


class BoltServer:
    """One ArcadeDB server on 127.0.0.1, database ``neo4j``, user ``root``."""

    user = "root"
    database = "neo4j"

    def __init__(
        self,
        folder: Path,
        heap: str = "512m",
        password: str = "sg-test-secret",
        jvm_flags: tuple[str, ...] = JVM_FLAGS,
    ) -> None:
        """``jvm_flags``: the tests' quick start; a benchmark of a long load passes ()."""
        self.folder = folder
        self.heap = heap
        self.jvm_flags = jvm_flags
        self.password = password
        self.bolt_port, self.http_port = free_ports(2)
        self.process: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self.driver = neo4j.GraphDatabase.driver(
            self.url, auth=(self.user, password), max_transaction_retry_time=0.0
        )

    @property
    def url(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def log_path(self) -> Path:
        return self.folder / "server.log"

    def command(self) -> list[str]:
        home = package_folder()
        root = self.folder
        return [
            str(home / "jre/bin/java"),
            *self.jvm_flags,
            f"-Xmx{self.heap}",
            f"-Darcadedb.server.rootPath={root}",
            f"-Darcadedb.server.databaseDirectory={root / 'databases'}",
            f"-Darcadedb.server.rootPassword={self.password}",
            f"-Darcadedb.server.defaultDatabases={self.database}[root]",
            "-Darcadedb.server.httpIncomingHost=127.0.0.1",
            f"-Darcadedb.server.httpIncomingPort={self.http_port}",
            "-Darcadedb.server.plugins=Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
            "-Darcadedb.bolt.host=127.0.0.1",
            f"-Darcadedb.bolt.port={self.bolt_port}",
            "-cp",
            f"{home / 'jars'}/*",
            MAIN_CLASS,
        ]

    def start(self, timeout: float = 90.0) -> BoltServer:
        """Start the server (again, on the same port and data folder after a stop)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command(),
            cwd=self.folder,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        last: Exception | None = None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                self._reap()
                raise RuntimeError(
                    f"the ArcadeDB test server exited with code {self.process.returncode} "
                    f"before answering; its log:\n{self.log_tail()}"
                )
            try:
                self.driver.execute_query("RETURN 1 AS one", database_=self.database)
                return self
            except (ServiceUnavailable, SessionExpired, Neo4jError, OSError) as exc:
                last = exc  # the Bolt port opens first; "No database available" for a while
                time.sleep(0.25)
        self.stop()
        raise RuntimeError(
            f"the ArcadeDB test server did not answer RETURN 1 on {self.url} within "
            f"{timeout:.0f} s ({last}); its log:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        """Stop gracefully by PID (SIGTERM), forcefully if it does not go within 30 s."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        self._reap()

    def kill(self) -> None:
        """Kill the server by PID without warning, as a crash would."""
        if self.process is not None and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        self._reap()

    def close(self) -> None:
        self.stop()
        self.driver.close()

    def _reap(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.splitlines()[-lines:])

    def wipe(self) -> None:
        """Empty the database, keeping its schema: each test starts from nothing."""
        self.driver.execute_query("MATCH (n) DETACH DELETE n", database_=self.database)
