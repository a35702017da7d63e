"""The public verification address printed in the QR code: ``SOPAN_BASE_URL`` when set, else the request's host."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse

__all__ = ["verification_url"]


def verification_url(request: HttpRequest, code: str) -> str:
    path = reverse("verification", args=[code])
    base = getattr(settings, "PUBLIC_BASE_URL", "")
    return base.rstrip("/") + path if base else request.build_absolute_uri(path)
