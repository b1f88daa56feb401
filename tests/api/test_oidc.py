"""OpenID Connect access tokens: JWTs signed by a test identity provider's RSA key, its
key set served over HTTP from a tiny local server (and read from a file)."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from strategygraph.config import Settings
from strategygraph.domain import ValidationError
from strategygraph.domain.access import Role
from strategygraph.service.access import AccessService
from tests.clients import HTTP

from .conftest import Served, bearer, graph_document, loaded_store, serve

ISSUER = "https://idp.example.test/realms/kymenlaakso"
AUDIENCE = "strategygraph"
KID = "test-key-1"
CREATE = """mutation ($id: ID!, $region: ID!) { createNode(input: {id: $id,
  kind: STRATEGIC_PROJECT, region: $region, title: "Uusi"}) { node { createdBy } } }"""


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


KEY = new_key()


def key_set(key: rsa.RSAPrivateKey) -> dict[str, Any]:
    jwk = json.loads(RSAAlgorithm.to_jwk(key.public_key()))
    return {"keys": [{**jwk, "kid": KID, "use": "sig", "alg": "RS256"}]}


def access_token(key: rsa.RSAPrivateKey = KEY, **claims: Any) -> str:
    now = int(time.time())
    body = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": "liisa",
        "iat": now,
        "exp": now + 300,
        "strategygraph_roles": ["planner:etela", "someone-elses:role"],
        **claims,
    }
    return jwt.encode(body, key, algorithm="RS256", headers={"kid": KID})


@pytest.fixture(scope="module")
def jwks_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The key set, served over HTTP by a tiny local server."""
    folder = tmp_path_factory.mktemp("idp")
    (folder / "jwks.json").write_text(json.dumps(key_set(KEY)), encoding="utf-8")

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(Quiet, directory=str(folder)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/jwks.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(10)


def oidc_settings(jwks: str) -> Settings:
    return Settings(oidc_issuer=ISSUER, oidc_audience=AUDIENCE, oidc_jwks_url=jwks)


@pytest.fixture
def with_idp(jwks_url: str) -> Iterator[Served]:
    store = loaded_store(graph_document())
    try:
        with serve(store, settings=oidc_settings(jwks_url)) as s:
            yield s
    finally:
        store.close()


def create(served: Served, token: str, node_id: str, region: str = "etela") -> httpx.Response:
    body = {"query": CREATE, "variables": {"id": node_id, "region": region}}
    return HTTP.post(served.url, json=body, headers=bearer(token), timeout=10)


def test_a_good_jwt_signs_in_with_the_roles_of_its_claim(with_idp: Served) -> None:
    answer = create(with_idp, access_token(), "proj-jwt").json()
    assert answer == {"data": {"createNode": {"node": {"createdBy": "oidc:liisa"}}}}
    refused = create(with_idp, access_token(), "proj-jwt2", "pohjoinen").json()
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_grants_in_the_store_add_to_the_claim(with_idp: Served) -> None:
    AccessService(with_idp.store.access).grant("oidc:liisa", Role.PLANNER, "pohjoinen")
    answer = create(with_idp, access_token(strategygraph_roles=[]), "proj-j3", "pohjoinen")
    assert answer.json() == {"data": {"createNode": {"node": {"createdBy": "oidc:liisa"}}}}


def test_a_subject_is_never_the_local_user_of_the_same_name(with_idp: Served) -> None:
    """The provider's subject "admin" gets nothing of the local user admin's grants."""
    access = AccessService(with_idp.store.access)
    access.grant("admin", Role.ADMIN, "*")
    answer = create(with_idp, access_token(sub="admin", strategygraph_roles=[]), "proj-j4")
    error = answer.json()["errors"][0]
    assert error["extensions"]["code"] == "FORBIDDEN"
    assert error["message"].startswith("forbidden: 'oidc:admin' lacks the planner role")
    with pytest.raises(ValidationError, match="belong to the identity provider's users"):
        access.create_token("oidc:admin")


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (
            lambda: access_token(exp=int(time.time()) - 3600),
            "invalid token: Signature has expired",
        ),
        (lambda: access_token(aud="another-app"), "invalid token: Audience doesn't match"),
        (lambda: access_token(iss="https://evil.test"), "invalid token: Invalid issuer"),
        (lambda: access_token(new_key()), "invalid token: Signature verification failed"),
        (
            lambda: jwt.encode({"sub": "x", "iss": ISSUER, "aud": AUDIENCE}, "k" * 32, "HS256"),
            "invalid token: the algorithm 'HS256' is not allowed",
        ),
    ],
    ids=["expired", "wrong-audience", "wrong-issuer", "wrong-signature", "shared-secret"],
)
def test_a_bad_jwt_is_refused(with_idp: Served, token: Any, message: str) -> None:
    before = with_idp.store.version()
    answer = create(with_idp, token(), "proj-bad")
    assert answer.status_code == 401
    assert answer.json()["errors"][0] == {
        "message": message,
        "extensions": {"code": "UNAUTHENTICATED"},
    }
    assert with_idp.store.version() == before


def test_the_key_set_may_be_a_file(tmp_path: Path) -> None:
    path = tmp_path / "jwks.json"
    path.write_text(json.dumps(key_set(KEY)), encoding="utf-8")
    store = loaded_store(graph_document())
    try:
        with serve(store, settings=oidc_settings(path.as_uri())) as served:
            answer = create(served, access_token(), "proj-file").json()
            assert answer == {"data": {"createNode": {"node": {"createdBy": "oidc:liisa"}}}}
            bad = create(served, access_token(new_key()), "proj-file2")
            assert bad.status_code == 401
    finally:
        store.close()
