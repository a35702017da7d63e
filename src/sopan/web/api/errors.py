"""One error shape for the whole API, ``{"code": ..., "message": ...}``, in the caller's language.

Engine refusals keep the engine's code (409); cases a caller may not see are 404 without a hint that they
exist; bodies that do not parse or validate are 422. Messages are Bahasa Indonesia unless English is asked
for (``Accept-Language: en`` or ``?lang=en``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation.trans_real import parse_accept_lang_header
from ninja.errors import AuthenticationError, HttpError, ValidationError

from sopan.engine import Refusal
from sopan.web.api.validation_text import indonesian

if TYPE_CHECKING:
    from ninja import NinjaAPI

__all__ = ["ApiError", "install_error_handlers", "language", "not_found", "rate_limited"]


def language(request: HttpRequest) -> str:
    """``?lang=`` first, then the first of id/en in Accept-Language, then the screens' cookie; id by default."""
    if request.GET.get("lang") in ("id", "en"):
        return request.GET["lang"]
    for tag, _ in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        primary = tag.split("-")[0].lower()
        if primary in ("id", "in"):
            return "id"
        if primary == "en":
            return "en"
    return getattr(request, "lang", "id")


class ApiError(Exception):
    """An answer other than success, with a stable code and a message in both languages."""

    def __init__(
        self, status: int, code: str, message_id: str, message_en: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(f"{status} {code}: {message_en}")
        self.headers = headers or {}  # e.g. Retry-After on 429
        self.status = status
        self.code = code
        self.message_id = message_id
        self.message_en = message_en

    def text(self, lang: str) -> str:
        return self.message_en if lang == "en" else self.message_id


def not_found(what_id: str = "Kasus", what_en: str = "Case") -> ApiError:
    return ApiError(404, "not_found", f"{what_id} tidak ditemukan.", f"{what_en} not found.")


def rate_limited(retry_after: int) -> ApiError:
    """429 with ``Retry-After``: this address asked too often."""
    return ApiError(
        429,
        "rate_limited",
        "Terlalu banyak permintaan. Coba lagi sebentar lagi.",
        "Too many requests. Try again shortly.",
        headers={"Retry-After": str(retry_after)},
    )


def _body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "message": message, **extra}


def _validation_summary(errors: list[dict[str, Any]]) -> tuple[str, str]:
    """'body.applicant.name: wajib diisi' ('Field required') for the first few errors, without echoing the input
    back."""
    places = [".".join(str(part) for part in error.get("loc", ())) for error in errors[:5]]
    listed_id = "; ".join(f"{where}: {indonesian(error)}" for where, error in zip(places, errors, strict=False))
    listed_en = "; ".join(f"{where}: {error.get('msg', '')}" for where, error in zip(places, errors, strict=False))
    return f"Permintaan tidak sah: {listed_id}", f"Invalid request: {listed_en}"


# django-ninja's own errors: (status answered, code, message in Indonesian, in English)
_HTTP_ERRORS = {
    401: (
        401,
        "unauthorized",
        "Perlu masuk atau token API (Authorization: Bearer <token>).",
        "Login or an API token is needed (Authorization: Bearer <token>).",
    ),
    # the only 400 django-ninja raises is a body that is not JSON: malformed, like a body that does not validate
    400: (422, "invalid_json", "Isi permintaan bukan JSON yang sah.", "The body is not valid JSON."),
    403: (
        403,
        "csrf_failed",
        "Pemeriksaan CSRF gagal: kirim header X-CSRFToken bersama sesi.",
        "CSRF check failed: send the X-CSRFToken header with the session.",
    ),
}


def install_error_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, payload: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, payload, status=status)

    @api.exception_handler(ApiError)
    def api_error(request: HttpRequest, exc: ApiError) -> HttpResponse:
        response = respond(request, exc.status, _body(exc.code, exc.text(language(request))))
        for header, value in exc.headers.items():
            response[header] = value
        return response

    @api.exception_handler(Http404)
    def missing(request: HttpRequest, exc: Http404) -> HttpResponse:
        message = "Not found." if language(request) == "en" else "Tidak ditemukan."
        return respond(request, 404, _body("not_found", message))

    @api.exception_handler(RequestDataTooBig)
    def too_large(request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
        message = "The request body is too large." if language(request) == "en" else "Isi permintaan terlalu besar."
        return respond(request, 413, _body("too_large", message))

    @api.exception_handler(Refusal)
    def refusal(request: HttpRequest, exc: Refusal) -> HttpResponse:
        return respond(request, 409, _body(str(exc.code), exc.text(language(request))))

    @api.exception_handler(ValidationError)
    def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        # the input is left out of the details: it may hold an applicant's personal data
        details = [
            {key: value for key, value in error.items() if key not in ("input", "ctx", "url")} for error in exc.errors
        ]
        message_id, message_en = _validation_summary(list(exc.errors))  # the limits in ctx, never the input
        lang = language(request)
        return respond(
            request, 422, _body("invalid_request", message_en if lang == "en" else message_id, detail=details)
        )

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = 401 if isinstance(exc, AuthenticationError) else exc.status_code
        known = _HTTP_ERRORS.get(status)
        if known is None:
            return respond(request, status, _body("error", str(exc)))
        answer, code, message_id, message_en = known
        return respond(request, answer, _body(code, message_en if language(request) == "en" else message_id))
