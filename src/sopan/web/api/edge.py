"""The API's answers django-ninja never builds (unknown path, wrong method, long address, crash) as JSON errors."""

from __future__ import annotations

from collections.abc import Callable
from http import HTTPStatus

from django.http import HttpRequest, HttpResponse, JsonResponse

from sopan.web.api.errors import language

__all__ = ["API_PREFIX", "MAX_QUERY", "WWW_AUTHENTICATE", "ApiEdgeMiddleware", "error_answer"]

API_PREFIX = "/api/"
DOCS = "/api/docs"  # Swagger UI: an HTML page, left as it is
MAX_QUERY = 2048  # characters of a query string; the longest honest filter list is far shorter
WWW_AUTHENTICATE = 'Bearer realm="sopan"'
KEPT_HEADERS = ("Allow", "Retry-After", "WWW-Authenticate")

# status: (code, message in Indonesian, in English)
_ANSWERS = {
    400: ("bad_request", "Permintaan tidak dapat dibaca.", "The request cannot be read."),
    401: (
        "unauthorized",
        "Perlu masuk atau token API (Authorization: Bearer <token>).",
        "Login or an API token is needed (Authorization: Bearer <token>).",
    ),
    403: ("forbidden", "Tidak diizinkan.", "Not allowed."),
    404: ("not_found", "Alamat API tidak dikenal.", "Unknown API address."),
    405: ("method_not_allowed", "Metode ini tidak tersedia di alamat ini.", "This method is not offered here."),
    413: (
        "too_large",
        "Isi permintaan terlalu besar.",
        "The request body is too large.",
    ),
    414: (
        "uri_too_long",
        f"Alamat terlalu panjang (query paling banyak {MAX_QUERY} karakter).",
        f"The address is too long (a query string holds at most {MAX_QUERY} characters).",
    ),
    500: (
        "server_error",
        "Terjadi kesalahan di server; kesalahan ini sudah dicatat.",
        "Something went wrong on the server; it has been logged.",
    ),
}


def error_answer(request: HttpRequest, status: int) -> JsonResponse:
    """``{code, message}`` for an HTTP status, in the caller's language."""
    phrase = HTTPStatus(status).phrase if status in HTTPStatus._value2member_map_ else "Error"
    code, message_id, message_en = _ANSWERS.get(status, ("error", phrase, phrase))
    message = message_en if language(request) == "en" else message_id
    return JsonResponse({"code": code, "message": message}, status=status)


class ApiEdgeMiddleware:
    """For every path under /api/: a query string over ``MAX_QUERY`` is 414; any error answered with something
    other than JSON (Django's 404 and 500 pages, django-ninja's 405) becomes ``{code, message}``, keeping the
    Allow, Retry-After and WWW-Authenticate headers; every 401 says how to authenticate."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX) or request.path.startswith(DOCS):
            return self.get_response(request)
        if len(request.META.get("QUERY_STRING", "")) > MAX_QUERY:
            return error_answer(request, 414)
        response = self.get_response(request)
        if response.status_code >= 400 and not response.get("Content-Type", "").startswith("application/json"):
            replaced = error_answer(request, response.status_code)
            for header in KEPT_HEADERS:
                if header in response:
                    replaced[header] = response[header]
            response = replaced
        if response.status_code == 401 and "WWW-Authenticate" not in response:
            response["WWW-Authenticate"] = WWW_AUTHENTICATE
        return response
