"""What every administration screen shares: the organisation the signed-in user administers, and showing a refusal."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from sopan.web.cases.access import administered_organisations
from sopan.web.catalog.models import Organisation
from sopan.web.office.refusal import Refused

__all__ = ["administered_or_404", "refuse", "secret_page"]


def administered_or_404(request: HttpRequest, code: str) -> Organisation:
    """The organisation, if the user administers it; 404 otherwise, with no hint that it exists."""
    found = administered_organisations(request.user).filter(code=code).first()
    if found is None:
        raise Http404("organisation")
    return found


def refuse(request: HttpRequest, refusal: Refused) -> None:
    messages.error(request, refusal.text(getattr(request, "lang", "id")))


def secret_page(
    request: HttpRequest, organisation: Organisation, title: tuple[str, str], label: str, secret: str, back: str
) -> HttpResponse:
    """A password or token shown once: never cached, never in a URL or a log."""
    response = render(
        request,
        "office/secret.html",
        {"organisation": organisation, "title": title, "label": label, "secret": secret, "back": back},
    )
    add_never_cache_headers(response)
    return response
