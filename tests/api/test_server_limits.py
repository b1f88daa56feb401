"""``strategygraph serve`` (one process, and ``--workers``) drops what a slow or
half-sent request holds: headers and body have deadlines, connections a cap, and a
client that goes away mid-body costs one log line, not a traceback."""

from __future__ import annotations

import socket
import time
from pathlib import Path

import pytest

from tests.clients import HTTP

from .processes import Instance, serving, wait_for_log

LIMITS = {
    "STRATEGYGRAPH_HEADER_TIMEOUT": "1",
    "STRATEGYGRAPH_BODY_TIMEOUT": "2",
    "STRATEGYGRAPH_MAX_CONNECTIONS": "60",
}
HALF_HEADERS = b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: appl"
HALF_BODY = (
    b"POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
    b'Content-Length: 200\r\n\r\n{"query": "{ graph'
)


def _half_sent(instance: Instance, head: bytes, count: int) -> list[socket.socket]:
    port = int(instance.base.rsplit(":", 1)[1])
    held = []
    for _ in range(count):
        sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        sock.sendall(head)
        held.append(sock)
    return held


def _closed_by_server(sock: socket.socket) -> bytes:
    """What the server sent before it closed ``sock`` (raises if it held it for 10 s)."""
    received = b""
    while chunk := sock.recv(4096):
        received += chunk
    sock.close()
    return received


def _healthz(instance: Instance) -> int:
    return HTTP.get(f"{instance.base}/healthz", timeout=10).status_code


@pytest.mark.parametrize("workers", [1, 2])
def test_half_sent_requests_are_dropped_after_the_deadline_while_others_are_answered(
    tmp_path: Path, workers: int
) -> None:
    log = tmp_path / "serve.log"
    with serving(f"sqlite:///{tmp_path / 'g.db'}", log, workers, LIMITS) as instance:
        headers = _half_sent(instance, HALF_HEADERS, 20)
        bodies = _half_sent(instance, HALF_BODY, 20)
        assert _healthz(instance) == 200  # while the 40 are held
        assert {_closed_by_server(s) for s in headers} == {b""}  # nothing was asked yet
        answers = {_closed_by_server(s).split(b"\r\n", 1)[0] for s in bodies}
        assert answers == {b"HTTP/1.1 408 Request Timeout"}
        assert _healthz(instance) == 200
    text = log.read_text()
    assert "Traceback" not in text
    assert text.count("request headers not received within 1 s") == 20
    assert text.count("request body not received within 2 s") == 20


def test_connections_over_the_cap_are_refused_until_the_held_ones_are_dropped(
    tmp_path: Path,
) -> None:
    with serving(f"sqlite:///{tmp_path / 'g.db'}", tmp_path / "serve.log", 1, LIMITS) as instance:
        held = _half_sent(instance, HALF_HEADERS, 60)
        assert _healthz(instance) == 503  # the cap: 60 open at once
        for sock in held:
            _closed_by_server(sock)
        assert _healthz(instance) == 200


def test_a_client_leaving_mid_body_logs_one_line_and_no_traceback(tmp_path: Path) -> None:
    log = tmp_path / "serve.log"
    with serving(f"sqlite:///{tmp_path / 'g.db'}", log, 1, LIMITS) as instance:
        for sock in _half_sent(instance, HALF_BODY, 3):
            sock.close()
        wait_for_log(log, "went away before its request body arrived", 3)
        assert _healthz(instance) == 200
    text = log.read_text()
    assert "Traceback" not in text and "Exception" not in text
    assert text.count("the client went away before its request body arrived") == 3


def test_the_read_deadline_is_from_the_first_byte_not_per_chunk(tmp_path: Path) -> None:
    """A body dripping a byte at a time is cut at the deadline, however steady the drip."""
    with serving(f"sqlite:///{tmp_path / 'g.db'}", tmp_path / "serve.log", 1, LIMITS) as instance:
        [sock] = _half_sent(instance, HALF_BODY, 1)
        started = time.monotonic()
        answer = b""
        sock.settimeout(0.2)
        while time.monotonic() - started < 10:
            try:
                sock.sendall(b" ")
                chunk = sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                break
            if not chunk:
                break
            answer += chunk
        sock.close()
        assert answer.startswith(b"HTTP/1.1 408 ")
        assert b'"code":"REQUEST_TIMEOUT"' in answer
