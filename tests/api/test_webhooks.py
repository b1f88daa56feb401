"""Webhooks end to end: a real receiver (an HTTP server in the test) gets every committed
change once, in order, signed, retried after it fails; deliveries resume after a restart;
only what the owner may see; admins only; bad URLs refused."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from strategygraph.cli import main
from strategygraph.config import Settings
from strategygraph.domain import ValidationError
from strategygraph.domain.access import Role
from strategygraph.service import StrategyService
from strategygraph.service.webhooks import check_url
from strategygraph.store import EmbeddedStore
from tests.api.conftest import LOADER, Served, graph_document, serve, wait_until

FAST = Settings(mode="development", webhook_retry_seconds=0.05)
ADD = """mutation Add($url: String!, $region: ID) {
  addWebhook(url: $url, region: $region) { secret webhook { id owner deliveredVersion } }
}"""
DELIVERIES = """query Log($id: ID) {
  webhookDeliveries(hookId: $id) { graphVersion attempt status outcome }
}"""


@dataclass
class Received:
    body: bytes
    headers: dict[str, str]
    answered: int

    @property
    def json(self) -> dict[str, Any]:
        parsed: dict[str, Any] = json.loads(self.body)
        return parsed


@dataclass
class Receiver:
    """A loopback HTTP server that answers 500 to its first ``failures`` requests."""

    failures: int = 0
    got: list[Received] = field(default_factory=list)
    url: str = ""

    @property
    def delivered(self) -> list[Received]:
        return [r for r in self.got if r.answered == 200]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            with lock:
                status = 500 if found.failures > 0 else 200
                found.failures -= 1
                found.got.append(Received(body, dict(self.headers.items()), status))
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    found.url = f"http://127.0.0.1:{server.server_address[1]}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield found
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(str(tmp_path / "g.db"))
    StrategyService(store).import_document(graph_document(), LOADER)
    try:
        yield store
    finally:
        store.close()


def valid(secret: str, received: Received) -> bool:
    expected = "sha256=" + hmac.new(secret.encode(), received.body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, received.headers["X-StrategyGraph-Signature"])


def commit_three(served: Served) -> list[int]:
    service = served.service
    service.update_node("proj-a", {"progress": 30}, None, LOADER)
    first = served.store.version()
    service.update_node("proj-b", {"progress": 40}, None, LOADER)
    second = served.store.version()
    service.delete_node("proj-skip", LOADER, cascade=True)
    return [first, second, served.store.version()]


def test_every_change_once_in_order_signed_and_retried(
    store: EmbeddedStore, receiver: Receiver
) -> None:
    receiver.failures = 2
    with serve(store, settings=FAST) as served:
        admin = served.api("hook-admin")
        added = admin(ADD, url=receiver.url)["addWebhook"]
        secret, hook = added["secret"], added["webhook"]
        assert secret.startswith("whsec_") and hook["owner"] == "hook-admin"
        versions = commit_three(served)
        wait_until(lambda: len(receiver.delivered) == 3, timeout=15)
        log = admin(DELIVERIES, id=hook["id"])["webhookDeliveries"]
    assert [r.json["graphVersion"] for r in receiver.delivered] == versions
    assert [r.json["graphVersion"] for r in receiver.got] == [versions[0]] * 3 + versions[1:]
    assert all(valid(secret, r) for r in receiver.got)
    ids = [r.headers["X-StrategyGraph-Delivery"] for r in receiver.got]
    assert ids[:3] == [f"{hook['id']}:{versions[0]}"] * 3  # the same id on every retry
    first, second, third = (r.json for r in receiver.delivered)
    assert [(n["id"], n["progress"]) for n in second["nodes"]] == [("proj-b", 40)]
    assert [(n["id"], n["progress"]) for n in first["nodes"]] == [("proj-a", 30)]
    assert first["hook"] == hook["id"] and first["actor"] == LOADER
    assert third["removedNodes"] == ["proj-skip"]
    assert [e["target"] for e in third["removedEdges"]] == ["line"]
    assert [(d["graphVersion"], d["attempt"], d["status"], d["outcome"]) for d in log] == [
        (versions[0], 1, 500, "failed"),
        (versions[0], 2, 500, "failed"),
        (versions[0], 3, 200, "delivered"),
        (versions[1], 1, 200, "delivered"),
        (versions[2], 1, 200, "delivered"),
    ]


def test_deliveries_resume_after_a_restart(store: EmbeddedStore, receiver: Receiver) -> None:
    with serve(store, settings=FAST) as served:
        admin = served.api("hook-admin")
        admin(ADD, url=receiver.url)
        served.service.update_node("proj-a", {"progress": 31}, None, LOADER)
        wait_until(lambda: len(receiver.delivered) == 1, timeout=15)
    service = StrategyService(store)  # the server is down: these wait in the log
    service.update_node("proj-a", {"progress": 32}, None, LOADER)
    service.update_node("proj-b", {"progress": 33}, None, LOADER)
    with serve(store, settings=FAST):
        wait_until(lambda: len(receiver.delivered) == 3, timeout=15)
    progress = [r.json["nodes"][0]["progress"] for r in receiver.delivered]
    assert progress == [31, 32, 33]  # each once, in order, none sent again


def test_a_region_hook_gets_only_what_its_owner_may_see(
    store: EmbeddedStore, receiver: Receiver
) -> None:
    with serve(store, settings=FAST) as served:
        north = served.api("north-admin", [(Role.ADMIN, "pohjoinen")])
        hook = north(ADD, url=receiver.url, region="pohjoinen")["addWebhook"]["webhook"]
        served.service.update_node("proj-a", {"progress": 50}, None, LOADER)  # etela
        served.service.update_node("proj-lonely", {"progress": 5}, None, LOADER)  # pohjoinen
        wait_until(lambda: len(receiver.delivered) == 1, timeout=15)
        wait_until(
            lambda: (
                north("{ webhooks { deliveredVersion } }")["webhooks"][0]["deliveredVersion"]
                == served.store.version()
            )
        )
        refused = north.error(ADD, url=receiver.url)  # the whole graph: admin in every region
        planner = served.api("planner", [(Role.PLANNER, "pohjoinen")])
        not_admin = planner.error(ADD, url=receiver.url, region="pohjoinen")
        hooks_seen = planner("{ webhooks { id } }")["webhooks"]
    (only,) = receiver.delivered
    assert [n["id"] for n in only.json["nodes"]] == ["proj-lonely"]
    assert only.json["hook"] == hook["id"]
    assert refused["extensions"]["code"] == "FORBIDDEN"
    assert refused["message"] == (
        "forbidden: 'north-admin' lacks the admin role in region '*' (to add a webhook)"
    )
    assert not_admin["message"] == (
        "forbidden: 'planner' lacks the admin role in region 'pohjoinen' (to add a webhook)"
    )
    assert hooks_seen == []


def test_urls_that_are_not_http_or_point_inside_are_refused(served: Served) -> None:
    admin = served.api("hook-admin")
    error = admin.error(ADD, url="file:///etc/passwd")
    assert (
        error["message"] == "webhook URL 'file:///etc/passwd' must start with http:// or https://"
    )
    assert admin("{ webhooks { id } }")["webhooks"] == []  # nothing was kept
    for url, address in [
        ("http://127.0.0.1:8000/x", "127.0.0.1"),
        ("http://10.1.2.3/x", "10.1.2.3"),
        ("http://[::1]/x", "::1"),
        ("http://169.254.169.254/latest/meta-data", "169.254.169.254"),
    ]:
        with pytest.raises(ValidationError) as exc:
            check_url(url, allow_private=False)
        assert exc.value.problems[0].message == (
            f"webhook URL {url!r} resolves to {address}, a private or local address; "
            "deliveries go to public addresses only (set STRATEGYGRAPH_WEBHOOK_PRIVATE=true "
            "to allow them)"
        )
    assert check_url("http://127.0.0.1:8000/x", allow_private=True) == "http://127.0.0.1:8000/x"
    assert not Settings(mode="production").webhooks_may_call_private
    assert Settings(mode="development").webhooks_may_call_private


def test_a_hook_added_from_the_cli_is_delivered_by_the_server(
    tmp_path: Path, receiver: Receiver
) -> None:
    path = tmp_path / "cli.db"
    setup = EmbeddedStore(str(path))
    StrategyService(setup).import_document(graph_document(), LOADER)
    setup.close()
    run = CliRunner()
    store_option = ["--store", f"sqlite:///{path}"]
    added = run.invoke(main, [*store_option, "webhook", "add", receiver.url, "--region", "etela"])
    assert added.exit_code == 0, added.output
    secret = added.stdout.strip()
    assert secret.startswith("whsec_")
    refused = run.invoke(main, [*store_option, "webhook", "add", "ftp://example.org/x"])
    assert refused.exit_code == 2
    assert "webhook URL 'ftp://example.org/x' must start with http:// or https://" in (
        refused.output
    )
    listed = json.loads(run.invoke(main, [*store_option, "webhook", "list", "--json"]).stdout)
    assert [(h["url"], h["region"], h["everything"]) for h in listed] == [
        (receiver.url, "etela", True)
    ]
    store = EmbeddedStore(str(path))
    try:
        with serve(store, settings=FAST) as served:
            served.service.update_node("proj-a", {"progress": 61}, None, LOADER)
            wait_until(lambda: len(receiver.delivered) == 1, timeout=15)
            wait_until(lambda: store.webhooks.hooks()[0].delivered == store.version())
    finally:
        store.close()
    assert valid(secret, receiver.delivered[0])
    log = json.loads(run.invoke(main, [*store_option, "webhook", "log", "--json"]).stdout)
    assert [(r["attempt"], r["status"], r["outcome"]) for r in log] == [(1, 200, "delivered")]
    hook_id = listed[0]["id"]
    fi, en = (
        CliRunner(env={"STRATEGYGRAPH_LANG": "fi"}),
        CliRunner(env={"STRATEGYGRAPH_LANG": "en"}),
    )
    version, owner = store.version(), listed[0]["owner"]
    assert fi.invoke(main, [*store_option, "webhook", "list"]).output == (
        f"{hook_id}  {receiver.url}  omistaja {owner}  alue etela  toimitettu versioon "
        f"{version} asti\n"
    )
    assert en.invoke(main, [*store_option, "webhook", "list"]).output == (
        f"{hook_id}  {receiver.url}  owner {owner}  region etela  delivered up to {version}\n"
    )
    at = log[0]["at"]
    assert fi.invoke(main, [*store_option, "webhook", "log"]).output == (
        f"{at}  {hook_id}  versio {version}  yritys 1  toimitettu  {log[0]['detail']}\n"
    )
    assert en.invoke(main, [*store_option, "webhook", "log"]).output == (
        f"{at}  {hook_id}  version {version}  attempt 1  delivered  {log[0]['detail']}\n"
    )
    removed = fi.invoke(main, [*store_option, "webhook", "remove", hook_id])
    assert removed.output == f"webhook {hook_id} ({receiver.url}) poistettu\n"
    assert fi.invoke(main, [*store_option, "webhook", "list"]).output == "Ei webhookeja.\n"
    assert en.invoke(main, [*store_option, "webhook", "log"]).output == "No delivery attempts.\n"
    assert json.loads(run.invoke(main, [*store_option, "webhook", "list", "--json"]).stdout) == []
