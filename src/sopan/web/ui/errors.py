"""Error pages in the interface's language."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sopan.web.ui.language import text

__all__ = ["NotFoundBecause", "csrf_failure", "page_not_found", "too_many_requests"]


class NotFoundBecause(Http404):
    """A 404 whose page says why, in Indonesian and English (e.g. the period of the address is out of range)."""

    def __init__(self, message_id: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message_id = message_id
        self.message_en = message_en


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The 404 page; with the reason a ``NotFoundBecause`` gives."""
    reason = None
    if isinstance(exception, NotFoundBecause):
        reason = text(request, exception.message_id, exception.message_en)
    return render(request, "404.html", {"reason": reason}, status=404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A stale or forged form: say how to recover, without the technical reason."""
    return render(request, "403_csrf.html", status=403)


def too_many_requests(request: HttpRequest, template: str, context: dict, retry_after: int) -> HttpResponse:
    """A public page asked too often from one address: the page itself with a bilingual message, 429 and
    ``Retry-After``."""
    context["error"] = text(
        request, "Terlalu banyak permintaan. Coba lagi sebentar lagi.", "Too many requests. Try again shortly."
    )
    response = render(request, template, context, status=429)
    response["Retry-After"] = str(retry_after)
    return response
