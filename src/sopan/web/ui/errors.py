"""Error pages in the interface's language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sopan.web.ui.language import text


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
