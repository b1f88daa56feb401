"""The test Bolt server's two listeners get two different free ports (``tests/arcadedb.py``):
asked one socket at a time, the system once handed out the same port twice and the server
did not start."""

from __future__ import annotations

import socket

from tests.arcadedb import free_ports


def test_the_ports_asked_together_are_different_and_free() -> None:
    for _ in range(50):
        ports = free_ports(4)
        assert len(set(ports)) == 4
        with socket.socket() as s:  # free again once handed out
            s.bind(("127.0.0.1", ports[0]))
