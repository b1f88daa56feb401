"""Sign-in: who is asking, from the ``Authorization: Bearer <token>`` header (HTTP) or the
``Authorization`` entry of the WebSocket ``connection_init`` payload.

A token is an API token (``sg_…``, created with ``strategygraph token create``) or, when
an identity provider is configured, an OpenID Connect access token (a JWT), whose user is
``oidc:<subject>``: never the same as a local user, whatever its subject. The roles of
the principal are the grants kept in the store for its user, plus, for a JWT, those in
its roles claim. No token: the anonymous principal, who may read APPROVED content only
when ``STRATEGYGRAPH_ANONYMOUS_READ`` is on. A bad token is refused with 401 (HTTP) or by
closing the WebSocket (4403), never downgraded to anonymous.

It plugs into Starlette's ``AuthenticationMiddleware``: ``request.user`` is a ``SignedIn``
carrying the ``Principal``.
"""

from __future__ import annotations

from collections.abc import Mapping

from starlette.authentication import AuthCredentials, AuthenticationBackend, AuthenticationError
from starlette.authentication import BaseUser as StarletteUser
from starlette.concurrency import run_in_threadpool
from starlette.requests import HTTPConnection
from starlette.responses import JSONResponse, Response

from ..config import Settings
from ..domain import StoreUnavailable
from ..domain.access import InvalidToken, Principal, parse_role_claim
from ..service.access import OIDC_PREFIX, TOKEN_PREFIX, AccessService
from .oidc import OidcVerifier

__all__ = ["AUTHORIZATION", "SignIn", "SignedIn", "TokenBackend", "authorization", "refuse"]

AUTHORIZATION = "Authorization"


class SignedIn(StarletteUser):
    """Starlette's user object for a principal (anonymous included)."""

    def __init__(self, principal: Principal) -> None:
        self.principal = principal

    @property
    def is_authenticated(self) -> bool:
        return self.principal.signed_in

    @property
    def display_name(self) -> str:
        return self.principal.name


class SignIn:
    """Turns a presented token into a ``Principal`` (or ``InvalidToken``)."""

    def __init__(self, settings: Settings, access: AccessService) -> None:
        self.settings = settings
        self.access = access
        self.oidc = OidcVerifier(settings) if settings.oidc else None

    def anonymous(self) -> Principal:
        return Principal.anonymous(self.settings.anonymous_read)

    async def principal(self, authorization: str | None) -> Principal:
        if authorization is None or not authorization.strip():
            return self.anonymous()
        scheme, _, token = authorization.strip().partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise InvalidToken("invalid token: send the header 'Authorization: Bearer <token>'")
        if token.startswith(TOKEN_PREFIX):
            known = self.access.remembered_principal(token)
            if known is not None:  # verified before, nothing changed since: no store query
                return known
            return await run_in_threadpool(self.access.principal_for_token, token)
        if self.oidc is None:
            raise InvalidToken(
                "invalid token: not an API token, and no identity provider is configured"
            )
        # Fetching the key set may wait on the network: off the event loop.
        claims = await run_in_threadpool(self.oidc.claims, token)
        # Namespaced: a subject "admin" of the provider is not the local user "admin".
        user = OIDC_PREFIX + str(claims[self.oidc.user_claim])
        roles = parse_role_claim(claims.get(self.oidc.roles_claim))
        return await run_in_threadpool(self.access.principal, user, roles, "oidc")

    async def from_payload(self, payload: Mapping[str, object]) -> Principal | None:
        """The principal of a ``connection_init`` payload, or None when it has no token."""
        value = next((v for k, v in payload.items() if k.lower() == AUTHORIZATION.lower()), None)
        if value is None:
            return None
        if not isinstance(value, str):
            raise InvalidToken("invalid token: 'Authorization' must be 'Bearer <token>'")
        return await self.principal(value)


def authorization(payload: Mapping[str, object]) -> str | None:
    """The ``Authorization`` entry of a ``connection_init`` payload, if it is text."""
    value = next((v for k, v in payload.items() if k.lower() == AUTHORIZATION.lower()), None)
    return value if isinstance(value, str) else None


class TokenBackend(AuthenticationBackend):
    def __init__(self, signin: SignIn) -> None:
        self.signin = signin

    async def authenticate(self, conn: HTTPConnection) -> tuple[AuthCredentials, SignedIn]:
        try:
            principal = await self.signin.principal(conn.headers.get(AUTHORIZATION))
        except InvalidToken as exc:
            raise AuthenticationError(exc.message) from exc
        except StoreUnavailable as exc:  # the token could not be checked: not the client's fault
            raise SignInUnavailable(exc) from exc
        scopes = ["authenticated"] if principal.signed_in else []
        return AuthCredentials(scopes), SignedIn(principal)


class SignInUnavailable(AuthenticationError):
    """The store that keeps the tokens cannot be reached (``StoreUnavailable``)."""

    def __init__(self, error: StoreUnavailable) -> None:
        super().__init__(error.message)
        self.error = error


def refuse(conn: HTTPConnection, exc: AuthenticationError) -> Response:
    """401 for a bad token, as a GraphQL-shaped error with code ``UNAUTHENTICATED``;
    503 with the store's own error (``STORE_UNAVAILABLE``) when tokens cannot be checked."""
    if isinstance(exc, SignInUnavailable):
        error = {"message": exc.error.message, "extensions": {"code": exc.error.code}}
        return JSONResponse({"errors": [error]}, status_code=503)
    return JSONResponse(
        {"errors": [{"message": str(exc), "extensions": {"code": "UNAUTHENTICATED"}}]},
        status_code=401,
        headers={"WWW-Authenticate": 'Bearer error="invalid_token"'},
    )
