"""A user whose password was given by someone else (new, or reset) is sent to change it before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from sopan.web.accounts.models import Staff

__all__ = ["MustChangePasswordMiddleware"]

OPEN_PATHS = ("/static/", "/api/", "/keluar/", "/status/")


class MustChangePasswordMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            target = reverse("password-change")
            elsewhere = request.path != target and not request.path.startswith(OPEN_PATHS)
            if elsewhere and Staff.objects.filter(user=user, must_change_password=True).exists():
                return redirect(f"{target}?wajib=1")
        return self.get_response(request)
