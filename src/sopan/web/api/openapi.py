"""The published OpenAPI document states every error an operation can answer, each as ``{code, message}``."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from sopan.web.api.edge import MAX_QUERY
from sopan.web.api.schemas import Error

__all__ = ["ERRORS", "SopanApi", "document_errors"]

ERROR_REF = {"$ref": "#/components/schemas/Error"}
UNSAFE = ("post", "put", "patch", "delete")

# what each error means in this API (the OpenAPI description of the answer)
ERRORS = {
    400: "Bad request: a NUL character in the address, or a request that cannot be read",
    401: 'Not authenticated: no, an unknown, a revoked or an expired token (WWW-Authenticate: Bearer realm="sopan")',
    403: "Forbidden: a read-only token sending a change, a session without its CSRF token, or a role missing",
    404: "Not found, or not visible to the caller (no hint that it exists)",
    409: "Refused by the rules: the engine's refusal code, or a conflicting state",
    413: "The request body is too large",
    414: f"The query string is longer than {MAX_QUERY} characters",
    422: "A parameter or the body does not validate: an unknown filter, a value out of range, a field missing",
    429: "Too many requests: wait the seconds of the Retry-After header",
}


def _codes(method: str, operation: dict[str, Any]) -> set[int]:
    """The errors any operation of this shape can answer, from its security, parameters and body."""
    codes = {400, 414}
    parameters = operation.get("parameters", [])
    has_body = "requestBody" in operation
    if operation.get("security"):
        codes.add(401)
        if method in UNSAFE:
            codes.add(403)
    if any(parameter.get("in") == "path" for parameter in parameters):
        codes.add(404)
    if has_body:
        codes.add(413)
    if parameters or has_body:
        codes.add(422)
    return codes


def document_errors(schema: dict[str, Any]) -> dict[str, Any]:
    """Add the errors each operation can answer to its responses, and describe every error answer."""
    schemas = schema.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", Error.model_json_schema(ref_template="#/components/schemas/{model}"))
    for operations in schema.get("paths", {}).values():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            for status in _codes(method, operation) - {int(code) for code in responses}:
                responses[status] = {"content": {"application/json": {"schema": ERROR_REF}}}
            for status, answer in responses.items():
                if int(status) in ERRORS:
                    answer["description"] = ERRORS[int(status)]
    return schema


class SopanApi(NinjaAPI):
    """django-ninja's API whose OpenAPI document lists every operation's errors, whichever router added it."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        return document_errors(super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params))
