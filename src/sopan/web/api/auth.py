"""Who is calling: an integration with ``Authorization: Bearer <token>``, or a signed-in browser session.

A request that presents a bearer token is judged by that token alone: a wrong or revoked token is 401 even
when a session cookie comes with it. The session is django-ninja's session authentication with its CSRF check
on unsafe methods, made only for a signed-in user, so an anonymous request gets 401 rather than a CSRF error.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.http import HttpRequest
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBearer
from ninja.security.session import SessionAuth
from ninja.utils import check_csrf

from sopan.web.accounts.models import ApiToken
from sopan.web.api.errors import ApiError

__all__ = ["AUTH", "SignedInSession", "TokenAuth"]

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class TokenAuth(HttpBearer):
    """An API token (from ``createapitoken`` or the administrator's screen); the token is never logged. A
    read-only token gets 403 on every method but GET, HEAD and OPTIONS."""

    def __call__(self, request: HttpRequest) -> AbstractBaseUser | None:
        scheme, _, token = request.headers.get(self.header, "").partition(" ")
        if scheme.lower() != "bearer":
            return None  # no token: the session may still sign the caller in
        return self.authenticate(request, token.strip())

    def authenticate(self, request: HttpRequest, token: str) -> AbstractBaseUser:
        found = ApiToken.valid(token)
        if found is None:
            raise AuthenticationError()  # unknown, revoked, expired, or its user deactivated
        if not found.writes and request.method not in SAFE_METHODS:
            raise ApiError(
                403,
                "read_only_token",
                "Token ini hanya untuk membaca: tidak dapat mengirim perintah atau perubahan.",
                "This token is read-only: it cannot send commands or changes.",
            )
        request.user = found.user  # the access rules read request.user, as on the screens
        return found.user


class SignedInSession(SessionAuth):
    """The browser's Django session; unsafe methods need the CSRF token, as on the screens."""

    def _get_key(self, request: HttpRequest) -> Any:
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request: HttpRequest, key: str | None) -> AbstractBaseUser | None:
        if not request.user.is_authenticated:
            return None
        if self.csrf and not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise HttpError(403, "CSRF check failed")
        return request.user


AUTH = [TokenAuth(), SignedInSession()]
