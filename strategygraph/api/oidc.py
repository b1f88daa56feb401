"""OpenID Connect access tokens: JWTs checked with PyJWT against the configured issuer,
audience and key set (``STRATEGYGRAPH_OIDC_*``), so a region can plug in its own
identity provider. The key set is fetched from its URL (and cached by ``PyJWKClient``) or
read from a ``file://`` path.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import jwt

from ..config import Settings
from ..domain.access import InvalidToken

__all__ = ["ALGORITHMS", "OidcVerifier"]

ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA"]
"""Asymmetric algorithms only: a shared-secret (HS*) or ``none`` token is refused."""
LEEWAY_SECONDS = 30


class OidcVerifier:
    def __init__(self, settings: Settings) -> None:
        self.issuer = settings.oidc_issuer
        self.audience = settings.oidc_audience
        self.user_claim = settings.oidc_user_claim
        self.roles_claim = settings.oidc_roles_claim
        url = settings.oidc_jwks_url
        self._client: jwt.PyJWKClient | None = None
        self._keys: jwt.PyJWKSet | None = None
        if url.startswith("file://"):
            path = Path(unquote(urlparse(url).path))
            self._keys = jwt.PyJWKSet.from_json(path.read_text(encoding="utf-8"))
        else:
            self._client = jwt.PyJWKClient(url, cache_keys=True, lifespan=300, timeout=10)

    def _key(self, token: str) -> Any:
        if self._client is not None:
            return self._client.get_signing_key_from_jwt(token).key
        kid = jwt.get_unverified_header(token).get("kid")
        assert self._keys is not None
        for key in self._keys.keys:
            if kid is None or key.key_id == kid:
                return key.key
        raise InvalidToken(f"invalid token: no key {kid!r} in the identity provider's key set")

    def claims(self, token: str) -> dict[str, Any]:
        """The verified claims, or ``InvalidToken`` saying what was wrong."""
        try:
            algorithm = jwt.get_unverified_header(token).get("alg")
        except jwt.InvalidTokenError as exc:
            raise InvalidToken(f"invalid token: {exc}") from exc
        if algorithm not in ALGORITHMS:
            raise InvalidToken(f"invalid token: the algorithm {algorithm!r} is not allowed")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._key(token),
                algorithms=ALGORITHMS,
                audience=self.audience,
                issuer=self.issuer,
                leeway=LEEWAY_SECONDS,
                options={"require": ["exp", "iss", "aud", self.user_claim]},
            )
        except jwt.PyJWKClientError as exc:
            raise InvalidToken(f"invalid token: cannot get the signing key: {exc}") from exc
        except jwt.InvalidTokenError as exc:
            raise InvalidToken(f"invalid token: {exc}") from exc
        if not isinstance(claims.get(self.user_claim), str) or not claims[self.user_claim]:
            raise InvalidToken(f"invalid token: the claim {self.user_claim!r} names no user")
        return claims
