"""A refusal costs the server nothing: an import from someone who may not write is refused
before its document is read, and a caller without a token cannot send a large body."""

from __future__ import annotations

from strategygraph.domain.access import Role
from tests.clients import HTTP

from .conftest import Served, bearer

IMPORT = """mutation ($doc: JSON!) { importGraph(input: {document: $doc, dryRun: true}) {
  added unchanged } }"""


def test_an_import_from_a_reader_is_refused_before_its_document_is_read(served: Served) -> None:
    reader = served.token("ville", [(Role.VIEWER, "etela"), (Role.VIEWER, "pohjoinen")])
    # Not an interchange document at all: read, it would be refused as VALIDATION.
    junk = {"nodes": [{"id": f"x{i}", "kind": "NOPE"} for i in range(20_000)]}
    answer = HTTP.post(
        served.url,
        json={"query": IMPORT, "variables": {"doc": junk}},
        headers=bearer(reader),
        timeout=30,
    ).json()
    [error] = answer["errors"]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["message"] == (
        "forbidden: 'ville' lacks the planner role in region '*' (to import into any region)"
    )
    assert "unchanged" not in str(answer.get("data"))


def test_a_caller_without_a_token_cannot_send_a_large_body(production: Served) -> None:
    big = {"query": IMPORT, "variables": {"doc": {"nodes": ["x" * 100] * 10_000}}}
    answer = HTTP.post(production.url, json=big, timeout=30)
    assert answer.status_code == 413
    assert answer.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"
    small = HTTP.post(production.url, json={"query": "{ regions { id } }"}, timeout=30)
    assert small.status_code != 413  # a small one is read (and refused for the missing token)
    signed_in = HTTP.post(
        production.url, json=big, headers=bearer(production.token("root")), timeout=30
    )
    assert signed_in.status_code == 200  # read, then judged as any import
