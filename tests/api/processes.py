"""Real processes on one store: ``strategygraph serve`` (one or several workers) and the
CLI, each a subprocess of the test, as a deployment runs them."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.clients import HTTP

CLI = [sys.executable, "-m", "strategygraph"]

UPDATE = """mutation ($id: ID!, $v: Int!, $title: String!) {
  updateNode(input: {id: $id, expectedVersion: $v, title: $title}) { node { id version } } }"""
LINK = """mutation ($s: ID!, $t: ID!) {
  link(input: {source: $s, relation: DEPENDS_ON, target: $t}) { relationship { sourceId } } }"""
VERSION = "query ($id: ID!) { node(id: $id) { version title } graphVersion }"
COUNT = "query ($region: ID!) { nodes(region: $region, first: 1) { totalCount } }"


RETRIES = 20
"""Times a write refused as retryable is sent again by the tests of several processes."""


def retryable(answer: dict[str, Any]) -> bool:
    """The write was refused as one to send again, having changed nothing
    (``extensions.retryable``: the store busy, another writer holding the file's lock)."""
    errors = answer.get("errors") or []
    return bool(errors) and bool(errors[0].get("extensions", {}).get("retryable"))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Instance:
    """One ``strategygraph serve`` process (with its workers), on a free port."""

    base: str
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def url(self) -> str:
        return f"{self.base}/graphql"

    @property
    def ws_url(self) -> str:
        return self.url.replace("http://", "ws://")

    def kill(self) -> None:
        """``kill -9`` of the whole process group, mid-whatever it is doing."""
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)


def _accepts(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@contextmanager
def serving(
    store_url: str,
    log: Path,
    workers: int = 1,
    env: Mapping[str, str] | None = None,
) -> Iterator[Instance]:
    port = free_port()
    command = [*CLI, "--store", store_url, "serve", "--port", str(port), "--workers", str(workers)]
    environment = {**os.environ, **(env or {})}
    with log.open("wb") as out:
        process = subprocess.Popen(
            command, stdout=out, stderr=subprocess.STDOUT, env=environment, start_new_session=True
        )
    instance = Instance(f"http://127.0.0.1:{port}", process, log)
    try:
        deadline = time.monotonic() + 90
        # Started, and listening: uvicorn says "startup complete" before it binds the port,
        # which another process may have taken since free_port() (then serve exits).
        while log.read_text(errors="replace").count(
            "Application startup complete"
        ) < workers or not _accepts(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"serve did not start:\n{log.read_text(errors='replace')}")
            time.sleep(0.02)
        yield instance
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(10)


def graphql(url: str, token: str, query: str, **variables: Any) -> dict[str, Any]:
    """The JSON answer of one operation (errors included, never raised)."""
    answer = HTTP.post(
        url,
        json={"query": query, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    found: dict[str, Any] = answer.json()
    return found


def cli(store_url: str, *args: str, env: Mapping[str, str] | None = None) -> str:
    done = subprocess.run(
        [*CLI, "--store", store_url, *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def document_file(path: Path, nodes: list[dict[str, Any]]) -> Path:
    """An interchange document of ``nodes`` (no edges), written to ``path``."""
    doc = {"format": "strategygraph", "format_version": 1, "nodes": nodes, "edges": []}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def wait_for_log(log: Path, text: str, count: int = 1, timeout: float = 10) -> None:
    """Until ``text`` is in ``log`` ``count`` times (fails after ``timeout`` seconds)."""
    deadline = time.monotonic() + timeout
    while log.read_text(errors="replace").count(text) < count:
        if time.monotonic() > deadline:
            raise AssertionError(f"{text!r} not {count} times in the log:\n{log.read_text()}")
        time.sleep(0.05)


def write_through_a_kill(
    writers: list[tuple[Instance, str, int | None]],
    rounds: int,
    send: Callable[[Instance, str, int], bool],
) -> None:
    """Each writer ``(instance, key, kill_after)`` sends ``rounds`` writes one after another
    on its own thread (``send(instance, key, n)``: True when acknowledged, False when the
    server died under it, which ends that writer); a writer with ``kill_after`` has its
    server killed (``kill -9``) 5 ms into write number ``kill_after``, mid-request."""
    killed = threading.Event()

    def write(instance: Instance, key: str, kill_after: int | None) -> None:
        for n in range(rounds):
            if kill_after is not None and n == kill_after:
                threading.Timer(0.005, instance.kill).start()
                killed.set()
            if not send(instance, key, n):
                return

    threads = [threading.Thread(target=write, args=w, daemon=True) for w in writers]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
        assert not t.is_alive(), "a writer did not finish within 120 s"
    assert killed.is_set()
