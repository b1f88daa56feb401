"""``strategygraph token`` and ``role`` as an admin runs them, the settings they read, and
the demo's token."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from strategygraph.cli import main
from strategygraph.config import Settings
from strategygraph.domain.access import Role
from strategygraph.service.access import AccessService
from strategygraph.store import EmbeddedStore


def run(db: Path, *args: str, lang: str = "en") -> tuple[int, str, str]:
    env = {"STRATEGYGRAPH_LANG": lang}
    result = CliRunner().invoke(main, ["--store", f"sqlite:///{db}", *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def test_a_token_is_shown_once_listed_without_its_secret_and_revoked(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    code, out, err = run(db, "token", "create", "--user", "alice", "--expires", "30d")
    assert code == 0, err
    secret = out.strip()
    assert secret.startswith("sg_") and "shown once" in err
    code, out, _ = run(db, "token", "list", "--json")
    rows = json.loads(out)
    assert [(r["user"], r["state"]) for r in rows] == [("alice", "active")]
    assert secret not in out
    store = EmbeddedStore(str(db))
    try:
        assert AccessService(store.access).verify_token(secret).user == "alice"
    finally:
        store.close()
    code, out, _ = run(db, "token", "revoke", rows[0]["id"])
    assert (code, out.strip()) == (0, f"revoked token {rows[0]['id']} of alice")
    assert json.loads(run(db, "token", "list", "--json")[1])[0]["state"] == "revoked"
    code, _, err = run(db, "token", "revoke", "nope")
    assert code == 1 and "token 'nope' does not exist" in err


def test_tokens_and_roles_are_listed_in_the_reader_s_language(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    assert run(db, "token", "create", "--user", "alice", lang="fi")[2].startswith(
        "tunnus "
    )  # ... käyttäjälle alice, päättyy ei koskaan; näytetään vain kerran
    assert (
        "päättyy ei koskaan; näytetään vain kerran"
        in run(db, "token", "create", "--user", "bea", lang="fi")[2]
    )
    assert run(db, "role", "list", lang="fi")[1] == "Ei rooleja.\n"
    assert run(db, "role", "grant", "bob", "planner", "etela", lang="fi")[1] == (
        "bob: planner (suunnittelija) alueella etela\n"
    )
    listed = run(db, "token", "list", lang="sv")[1].splitlines()
    assert [line.split()[1:3] for line in listed] == [["alice", "giltig"], ["bea", "giltig"]]
    assert all(line.endswith("upphör aldrig") for line in listed)
    assert run(db, "role", "list", lang="sv")[1].split() == [
        "bob",
        "planner",
        "(planerare)",
        "etela",
    ]
    assert run(db, "role", "list", lang="en")[1].split() == ["bob", "planner", "etela"]


def test_a_bad_expiry_or_user_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    code, _, err = run(db, "token", "create", "--user", "alice", "--expires", "soon")
    assert code == 2 and "'soon' is neither a span" in err
    code, _, err = run(db, "token", "create", "--user", "al ice")
    assert code == 2 and "user 'al ice' is not a valid name" in err
    assert run(db, "token", "list", "--json")[1].strip() == "[]"


def test_roles_are_granted_listed_and_revoked(tmp_path: Path) -> None:
    db = tmp_path / "g.db"
    assert run(db, "role", "grant", "bob", "planner", "etela")[1] == "bob is planner in etela\n"
    assert run(db, "role", "grant", "bob", "planner", "etela")[1].endswith("(already)\n")
    assert run(db, "role", "grant", "bob", "viewer", "national")[0] == 0
    rows = json.loads(run(db, "role", "list", "--json", "--user", "bob")[1])
    assert rows == [
        {"user": "bob", "role": "planner", "region": "etela"},
        {"user": "bob", "role": "viewer", "region": "national"},
    ]
    assert run(db, "role", "revoke", "bob", "planner", "etela")[0] == 0
    code, _, err = run(db, "role", "revoke", "bob", "planner", "etela")
    assert code == 1 and "bob has no planner role in etela" in err
    code, _, err = run(db, "role", "grant", "bob", "boss", "etela")
    assert code == 2 and "'boss' is not one of" in err


def test_the_demo_token_is_an_admin_everywhere_for_a_day(tmp_path: Path) -> None:
    from strategygraph.cli.access import DEMO_USER, demo_token

    store = EmbeddedStore(str(tmp_path / "g.db"))
    try:
        secret = demo_token(store)
        principal = AccessService(store.access).principal_for_token(secret)
        assert principal.name == DEMO_USER and principal.has(Role.ADMIN, "national")
        (token,) = store.access.tokens(DEMO_USER)
        assert token.expires_at is not None
        assert round((token.expires_at - token.created_at).total_seconds()) == 24 * 3600
    finally:
        store.close()


def test_access_settings_from_the_environment() -> None:
    s = Settings.from_env(
        {
            "STRATEGYGRAPH_ANONYMOUS_READ": "true",
            "STRATEGYGRAPH_OIDC_ISSUER": "https://idp",
            "STRATEGYGRAPH_OIDC_AUDIENCE": "sg",
            "STRATEGYGRAPH_OIDC_JWKS_URL": "https://idp/jwks",
        }
    )
    assert (s.anonymous_read, s.oidc, s.oidc_roles_claim) == (True, True, "strategygraph_roles")
    assert (Settings.from_env({}).anonymous_read, Settings.from_env({}).oidc) == (False, False)
    with pytest.raises(ValueError, match="STRATEGYGRAPH_ANONYMOUS_READ must be true or false"):
        Settings.from_env({"STRATEGYGRAPH_ANONYMOUS_READ": "maybe"})
    with pytest.raises(ValueError, match="set STRATEGYGRAPH_OIDC_AUDIENCE"):
        Settings.from_env(
            {"STRATEGYGRAPH_OIDC_ISSUER": "https://idp", "STRATEGYGRAPH_OIDC_JWKS_URL": "x"}
        )
