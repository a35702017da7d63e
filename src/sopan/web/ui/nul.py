"""Refuse a request whose query string holds a NUL character: no database stores it (PostgreSQL refuses it)."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse

from sopan.web.ui.language import text

__all__ = ["RefuseNulMiddleware"]


class RefuseNulMiddleware:
    """Form fields refuse NUL through Django's validators; query parameters are read as they come, so they are
    checked here once, for every page and API call, before a view can pass one to a query."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in key or any("\x00" in value for value in values) for key, values in request.GET.lists()):
            message = text(request, "Alamat berisi karakter NUL.", "The address holds a NUL character.")
            if request.path.startswith("/api/"):
                return JsonResponse({"code": "invalid_query", "message": message}, status=400)
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
