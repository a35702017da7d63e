"""Error pages in the interface's language."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A stale or forged form: say how to recover, without the technical reason."""
    return render(request, "403_csrf.html", status=403)
