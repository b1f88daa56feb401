"""``strategygraph token …`` and ``strategygraph role …``: API tokens and role grants.

The CLI is the trusted local operator: whoever can run it against the store (its SQLite
file, or the Neo4j credentials) already holds everything, so it acts as a superuser and
needs no token. Tokens and grants are kept in the store itself.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import click

from ..domain.access import ANY_REGION, ApiToken, Role
from ..glossary import Glossary, glossary
from ..service.access import AccessService
from ..service.replay import as_utc
from ..store import GraphStore
from .app import App, pass_app
from .errors import CommandError, group

__all__ = ["DEMO_USER", "demo_token", "parse_expiry", "role", "token"]

DEMO_USER = "demo-admin"
_SPAN = re.compile(r"^(\d{1,5})([mhdw])$")
_UNITS = {"m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_expiry(text: str, now: datetime) -> datetime:
    """``30d``, ``12h``, ``90m``, ``2w`` from ``now``, or an ISO date or time (UTC if bare)."""
    value = text.strip()
    if match := _SPAN.match(value):
        return now + timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is neither a span like 30d, 12h, 90m, 2w nor an ISO date or time",
            param_hint="--expires",
        ) from None
    return as_utc(moment)


def _access(app: App) -> AccessService:
    return AccessService(app.store.access)


def _row(t: ApiToken, now: datetime) -> dict[str, str | None]:
    state = "revoked" if t.revoked_at else ("active" if t.usable(now) else "expired")
    return {
        "id": t.id,
        "user": t.user,
        "state": state,
        "created": t.created_at.isoformat(timespec="seconds"),
        "expires": t.expires_at.isoformat(timespec="seconds") if t.expires_at else None,
        "label": t.label,
    }


@group()
def token() -> None:
    """Create, list and revoke API tokens (stored hashed; a secret is shown once)."""


@token.command("create")
@click.option("--user", required=True, help="Whose token it is (grants are per user).")
@click.option("--expires", default=None, help="30d, 12h, 2w, or an ISO date/time [never].")
@click.option("--label", default="", help="A note to tell tokens apart.")
@pass_app
def token_create(app: App, user: str, expires: str | None, label: str) -> None:
    """Create a token for USER and print its secret (it is not kept: copy it now)."""
    app.may_create()  # the first admin's token, before the first serve
    now = datetime.now(UTC)
    expires_at = parse_expiry(expires, now) if expires else None
    made, secret = _access(app).create_token(user, expires_at, label, now)
    click.echo(secret)
    words = glossary(app.settings.lang)
    until = _until(made.expires_at, words)
    click.echo(words.text("token.created", id=made.id, user=made.user, until=until), err=True)


@token.command("revoke")
@click.argument("token_id")
@pass_app
def token_revoke(app: App, token_id: str) -> None:
    """Revoke the token TOKEN_ID (as `token list` shows it); it stops working at once."""
    revoked = _access(app).revoke_token(token_id)
    words = glossary(app.settings.lang)
    click.echo(words.text("token.revoked", id=revoked.id, user=revoked.user))


@token.command("list")
@click.option("--user", default=None, help="Only this user's tokens.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_app
def token_list(app: App, user: str | None, as_json: bool) -> None:
    """List tokens (never their secrets)."""
    now = datetime.now(UTC)
    tokens = _access(app).tokens(user)
    rows = [_row(t, now) for t in tokens]
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    words = glossary(app.settings.lang)
    if not rows:
        click.echo(words.text("token.none"))
    for t, r in zip(tokens, rows, strict=True):
        state = words.text(f"token.state.{r['state']}")
        line = words.text(
            "token.row",
            id=r["id"],
            user=f"{r['user']:<20}",
            state=f"{state:<11}",
            until=_until(t.expires_at, words),
            label=r["label"],
        )
        click.echo(line.rstrip())


ROLE = click.Choice([r.value for r in Role])


@group()
def role() -> None:
    """Grant, revoke and list roles per region (viewer < planner < approver < admin)."""


@role.command("grant")
@click.argument("user")
@click.argument("role_name", metavar="ROLE", type=ROLE)
@click.argument("region")
@pass_app
def role_grant(app: App, user: str, role_name: str, region: str) -> None:
    """Give USER the ROLE in REGION (`*`: every region; `national`: the national goals)."""
    app.may_create()
    added = _access(app).grant(user, Role(role_name), region)
    words = glossary(app.settings.lang)
    told = words.text("role.granted", **_role(words, user, role_name, region))
    click.echo(told + ("" if added else " " + words.text("role.already")))


@role.command("revoke")
@click.argument("user")
@click.argument("role_name", metavar="ROLE", type=ROLE)
@click.argument("region")
@pass_app
def role_revoke(app: App, user: str, role_name: str, region: str) -> None:
    """Take the ROLE in REGION from USER."""
    removed = _access(app).revoke(user, Role(role_name), region)
    if not removed:
        raise CommandError(f"{user} has no {role_name} role in {region}")
    words = glossary(app.settings.lang)
    click.echo(words.text("role.revoked", **_role(words, user, role_name, region)))


@role.command("list")
@click.option("--user", default=None, help="Only this user's roles.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
@pass_app
def role_list(app: App, user: str | None, as_json: bool) -> None:
    """List the role grants."""
    grants = _access(app).grants(user)
    if as_json:
        rows = [{"user": g.user, "role": g.role.value, "region": g.region} for g in grants]
        click.echo(json.dumps(rows, indent=2))
        return
    words = glossary(app.settings.lang)
    if not grants:
        click.echo(words.text("role.none"))
    for g in grants:
        row = _role(words, f"{g.user:<24}", g.role.value, g.region)
        click.echo(words.text("role.row", **row))


def _until(expires: datetime | None, words: Glossary) -> str:
    """When a token stops working, to the minute, or "never"."""
    return words.moment(expires) if expires else words.text("token.never")


def _role(words: Glossary, user: str, role: str, region: str) -> dict[str, str]:
    """The fields of a role's line: the role by the code the commands take, with its name
    beside it where the language has another (``planner (suunnittelija)``)."""
    name = words.text(f"role.name.{role}")
    return {"user": user, "role": role if name == role else f"{role} ({name})", "region": region}


def demo_token(store: GraphStore, hours: int = 24) -> str:
    """A fresh admin token in every region for ``DEMO_USER``, valid ``hours``: what
    ``strategygraph demo`` prints in development mode so GraphiQL can write."""
    access = AccessService(store.access)
    access.grant(DEMO_USER, Role.ADMIN, ANY_REGION)
    now = datetime.now(UTC)
    _, secret = access.create_token(DEMO_USER, now + timedelta(hours=hours), "demo", now)
    return secret
