"""uvicorn, set up with the limits a public server needs (README, *Security*).

uvicorn holds a connection whose request headers never finish for as long as the client
likes (5,000 half-sent requests were all still held after 20 s), and its keep-alive
timeout starts only after a first answer. ``HeaderDeadline`` closes a connection whose
request line and headers have not all arrived within ``header_timeout`` seconds of its
first byte (or of the connection, for one that sends nothing); the request body has its
own deadline (``body_deadline.py``); ``max_connections`` caps what is open at once
(uvicorn answers 503 beyond it).
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.supervisors import Multiprocess

from ..config import Settings

__all__ = ["HeaderDeadline", "ServerConfig", "run"]

log = logging.getLogger("uvicorn.error")


class ServerConfig(uvicorn.Config):
    """uvicorn's configuration, with the header deadline ``HeaderDeadline`` reads."""

    def __init__(self, app: Any, header_timeout: float, **kwargs: Any) -> None:
        super().__init__(app, **kwargs)
        self.header_timeout = header_timeout


class HeaderDeadline(HttpToolsProtocol):
    """uvicorn's HTTP protocol (httptools), closing a connection whose request headers
    are late: one line in the log, no answer (nothing was asked yet)."""

    _late: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self._late is None:  # a next request on a kept-alive connection
            self._arm()

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        seconds = float(getattr(self.config, "header_timeout", 0) or 0)
        if seconds > 0:
            self._late = self.loop.call_later(seconds, self._headers_late, seconds)

    def _disarm(self) -> None:
        if self._late is not None:
            self._late.cancel()
            self._late = None

    def _headers_late(self, seconds: float) -> None:
        self._late = None
        if not self.transport.is_closing():
            where = f"{self.client[0]}:{self.client[1]} " if self.client else ""
            log.warning("%sclosed: request headers not received within %g s", where, seconds)
            self.transport.close()


def run(app: Any, settings: Settings, workers: int = 1) -> None:
    """Serve ``app`` (an ASGI app, or with ``workers`` > 1 the import string of a factory)
    on ``settings``' address with its limits, until interrupted."""
    config = ServerConfig(
        app,
        header_timeout=settings.header_timeout,
        factory=workers > 1,
        workers=workers,
        host=settings.host,
        port=settings.port,
        loop="auto",
        http=HeaderDeadline,
        log_level="info",
        timeout_keep_alive=settings.keep_alive,
        limit_concurrency=settings.max_connections,
    )
    try:
        if workers > 1:
            Multiprocess(config, sockets=[config.bind_socket()]).run()
        else:
            uvicorn.Server(config).run()
    except KeyboardInterrupt:  # Ctrl+C: a normal end
        pass
