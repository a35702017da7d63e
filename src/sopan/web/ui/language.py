"""The interface language: Bahasa Indonesia by default, English on request (``?lang=en``, kept in a cookie).

Texts are written in both languages where they are used (``{% t "…" "…" %}``), like the command line's
messages, so no compiled translation catalogue is needed.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from sopan.i18n import t

__all__ = ["COOKIE", "LanguageMiddleware", "text"]

COOKIE = "sopan_lang"


def text(request: HttpRequest, id_text: str, en_text: str) -> str:
    return t(id_text, en_text, getattr(request, "lang", "id"))


class LanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        asked = request.GET.get("lang")
        lang = asked if asked in ("id", "en") else request.COOKIES.get(COOKIE, "id")
        request.lang = lang if lang in ("id", "en") else "id"  # type: ignore[attr-defined]
        with translation.override(request.lang):  # type: ignore[attr-defined]  # month names in dates follow the page
            response = self.get_response(request)
        if asked in ("id", "en"):
            response.set_cookie(
                COOKIE,
                asked,
                max_age=365 * 24 * 3600,
                samesite="Lax",
                httponly=True,
                secure=settings.LANGUAGE_COOKIE_SECURE,  # True in production, like the session and CSRF cookies
            )
        response.headers.setdefault("Content-Language", request.lang)  # type: ignore[attr-defined]
        return response
