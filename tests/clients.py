"""HTTP clients of the tests, without the cost of making one.

``httpx.Client()`` (and so ``httpx.post``, gql's ``HTTPXTransport``) builds a TLS context
and loads the CA certificates into it: about 35 ms of CPU a client, against 0.1 ms with a
context made once. The tests speak plain HTTP to loopback and never use it, but over the
hundreds of clients of the suite it added up to many seconds.
"""

from __future__ import annotations

import httpx

TLS = httpx.create_ssl_context()
"""The one TLS context every test client is given (``verify=TLS``)."""

HTTP = httpx.Client(timeout=30, verify=TLS)
"""The one HTTP client of the tests' single calls (thread-safe; a connection per thread at
once, kept alive): ``HTTP.post(...)`` where ``httpx.post(...)`` would make a client a call."""
