"""New request ids: version-4 UUID text, distinct within a process and between a process
and a child it forks (which draws its own random part)."""

from __future__ import annotations

import os
import uuid

from strategygraph.api.request_id import new_request_id


def test_ids_are_distinct_version_4_uuids() -> None:
    ids = [new_request_id() for _ in range(10_000)]
    assert len(set(ids)) == len(ids)
    for text in ids[:100]:
        parsed = uuid.UUID(text)
        assert (parsed.version, parsed.variant) == (4, uuid.RFC_4122)
        assert str(parsed) == text


def test_a_forked_child_draws_ids_of_its_own() -> None:
    mine = new_request_id()
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # the child: send one id back, then leave at once
        os.write(write, new_request_id().encode())
        os._exit(0)
    os.close(write)
    theirs = os.read(read, 100).decode()
    os.close(read)
    os.waitpid(child, 0)
    assert uuid.UUID(theirs).version == 4
    assert theirs[:24] != mine[:24]  # another random part, not the next of the same count
