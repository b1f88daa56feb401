"""A small asyncio HTTP/1.1 load generator for ``bench_http``: keep-alive connections that
each send one prepared request at a time, timed one by one or as closed loops.

It reads only what uvicorn sends back (a status line, headers with ``Content-Length``, a
body), which keeps it fast enough to load a server on the same machine.
"""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from typing import Any

__all__ = ["Client", "Connection", "Request", "check", "loaded", "percentile", "sequential"]


@dataclass
class Request:
    """One prepared HTTP/1.1 request."""

    raw: bytes
    label: str


class Connection:
    """A keep-alive HTTP/1.1 connection that sends one request at a time."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        return cls(reader, writer)

    async def send(self, request: Request) -> tuple[int, bytes]:
        self.writer.write(request.raw)
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = None
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                length = int(value)
            elif name.strip().lower() == "transfer-encoding":
                raise RuntimeError("a chunked response: the load generator reads Content-Length")
        body = await self.reader.readexactly(length or 0)
        return status, body

    def close(self) -> None:
        self.writer.close()


class Client:
    """Builds the requests: JSON over POST for GraphQL, GET for the floor."""

    def __init__(self, port: int, token: str) -> None:
        self.port = port
        self.headers = f"Host: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"

    def graphql(self, query: str, label: str, **variables: Any) -> Request:
        body = json.dumps({"query": query, "variables": variables or None}).encode()
        head = (
            f"POST /graphql HTTP/1.1\r\n{self.headers}Content-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        return Request(head.encode() + body, label)

    def get(self, path: str, label: str) -> Request:
        return Request(f"GET {path} HTTP/1.1\r\n{self.headers}\r\n".encode(), label)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def check(status: int, body: bytes, label: str) -> dict[str, Any]:
    answer: dict[str, Any] = json.loads(body)
    if status != 200 or "errors" in answer:
        raise RuntimeError(f"{label}: HTTP {status}: {body[:500]!r}")
    return answer


async def sequential(port: int, requests: list[Request]) -> list[float]:
    """Latency of each request, one at a time on one connection (unloaded)."""
    conn = await Connection.open(port)
    times = []
    try:
        for request in requests:
            start = time.perf_counter()
            status, body = await conn.send(request)
            times.append(time.perf_counter() - start)
            check(status, body, request.label)
    finally:
        conn.close()
    return times


async def loaded(
    port: int, requests: list[Request], connections: int, seconds: float
) -> tuple[float, list[float]]:
    """``connections`` closed loops for ``seconds``: (requests per second, latencies)."""
    times: list[float] = []
    conns = [await Connection.open(port) for _ in range(connections)]
    deadline = time.perf_counter() + seconds

    async def loop(conn: Connection, offset: int) -> None:
        i = offset
        while time.perf_counter() < deadline:
            request = requests[i % len(requests)]
            i += 1
            start = time.perf_counter()
            status, body = await conn.send(request)
            times.append(time.perf_counter() - start)
            if status != 200 or b'"errors"' in body:  # a refusal is no answer
                raise RuntimeError(f"{request.label}: HTTP {status}: {body[:300]!r}")

    start = time.perf_counter()
    try:
        await asyncio.gather(*(loop(c, k * 97) for k, c in enumerate(conns)))
    finally:
        for c in conns:
            c.close()
    return len(times) / (time.perf_counter() - start), times
