"""The API's edges: every error is JSON ``{code, message}`` (unknown path, wrong method, body too large, address too
long, a crash), 401 says how to authenticate, and the OpenAPI document lists each operation's errors."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from django.test import Client

from sopan.web.accounts.models import ApiToken
from sopan.web.api.edge import MAX_QUERY
from sopan.web.ui.logs import WithoutExceptionText
from tests.web.factories import Office

NIK = "3508010101010001"


def bearer(office: Office) -> Client:
    _, raw = ApiToken.issue(office.loket, "tepi")
    return Client(headers={"Authorization": f"Bearer {raw}"}, raise_request_exception=False)


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert body["code"] == code and body["message"], body
    return body


def test_an_unknown_api_path_is_a_json_404_in_both_languages(office: Office) -> None:
    client = bearer(office)
    assert_error(client.get("/api/tidak-ada"), 404, "not_found")
    english = assert_error(client.get("/api/tidak/ada", headers={"Accept-Language": "en"}), 404, "not_found")
    assert english["message"] == "Unknown API address."
    page = Client().get("/tidak-ada/")  # outside the API the HTML page stays
    assert page.status_code == 404 and not page["Content-Type"].startswith("application/json")


def test_a_method_the_path_does_not_offer_is_a_json_405_with_allow(office: Office) -> None:
    answer = bearer(office).delete("/api/tasks")
    assert_error(answer, 405, "method_not_allowed")
    assert "GET" in answer["Allow"]


def test_a_body_over_the_limit_is_a_json_413(office: Office, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps({"organisation": "kec-contoh", "sop": "surat-keterangan", "trigger": "x" * 2000})
    answer = bearer(office).post("/api/cases", data=body, content_type="application/json")
    assert_error(answer, 413, "too_large")


def test_a_query_string_over_the_limit_is_a_json_414(office: Office) -> None:
    client = bearer(office)
    assert_error(client.get("/api/cases", {"code": "A" * (MAX_QUERY + 1)}), 414, "uri_too_long")
    assert client.get("/api/cases", {"code": "A" * 100}).status_code == 422  # below it, the filter answers


def test_401_carries_www_authenticate(db) -> None:
    for client in (Client(), Client(headers={"Authorization": "Bearer sopan_salah"})):
        answer = client.get("/api/tasks")
        assert_error(answer, 401, "unauthorized")
        assert answer["WWW-Authenticate"] == 'Bearer realm="sopan"'
    assert "WWW-Authenticate" not in Client().get("/api/sop")  # a public answer asks for nothing


def test_a_crash_is_a_json_500_logged_without_its_text(
    office: Office, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def crash(user: Any) -> Any:
        raise RuntimeError(f"duplicate key value (nik)=({NIK})")

    monkeypatch.setattr("sopan.web.api.cases.inbox_tasks", crash)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        answer = bearer(office).get("/api/tasks", headers={"Accept-Language": "en"})
    body = assert_error(answer, 500, "server_error")
    assert NIK not in json.dumps(body) and "RuntimeError" not in json.dumps(body)
    record = next(record for record in caplog.records if record.getMessage().startswith("Internal Server Error"))
    console = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(found, WithoutExceptionText) for found in handler.filters)
    ]
    assert console, "the console handler drops exception texts"
    assert console[0].filter(record)
    logged = console[0].format(record)
    assert "builtins.RuntimeError" in logged and "crash" in logged  # the type and the frames stay
    assert NIK not in logged


def test_the_openapi_document_lists_each_operations_errors(db) -> None:
    schema = Client().get("/api/openapi.json").json()
    paths = schema["paths"]
    command = paths["/api/cases/{case_id}/tasks/{number}/commands"]["post"]["responses"]
    assert {"400", "401", "403", "404", "409", "413", "414", "422"} <= set(command)
    assert command["401"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Error"}
    assert "WWW-Authenticate" in command["401"]["description"]
    public = paths["/api/status/{code}"]["get"]["responses"]
    assert "429" in public and "401" not in public and "Retry-After" in public["429"]["description"]
    assert "403" not in paths["/api/cases"]["get"]["responses"]  # a read answers no read-only refusal
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"code", "message"}


def test_the_openapi_document_states_enums_and_the_idempotency_rules(db) -> None:
    schema = Client().get("/api/openapi.json").json()
    components = schema["components"]["schemas"]
    assert components["CaseStatus"]["enum"] == ["open", "finished", "cancelled", "rejected"]
    assert "case_held" in components["EventKind"]["enum"]
    filters = {parameter["name"]: parameter for parameter in schema["paths"]["/api/cases"]["get"]["parameters"]}
    assert filters["late"]["schema"]["enum"] == ["", "late", "on_time"]
    opening = {parameter["name"]: parameter for parameter in schema["paths"]["/api/cases"]["post"]["parameters"]}
    rules = opening["Idempotency-Key"]["description"]
    assert "replayed" in rules and "201" in rules and "422" in rules


@pytest.mark.parametrize(
    ("query", "said_id", "said_en"),
    [
        ({"limit": "0"}, "query.limit: harus paling sedikit 1", "query.limit: Input should be greater than or equal"),
        (
            {"limit": "banyak"},
            "query.limit: harus berupa bilangan bulat",
            "query.limit: Input should be a valid integer",
        ),
        ({"status": "meledak"}, "query.status: nilai tidak dikenal; yang diizinkan: ", "query.status: Input should be"),
        ({"after": "x" * 201}, "query.after: paling panjang 200 karakter", "query.after: String should have at"),
    ],
)
def test_a_request_that_does_not_validate_is_said_in_each_language(
    office: Office, query: dict[str, str], said_id: str, said_en: str
) -> None:
    """The Indonesian message names the place and the problem in Indonesian (pydantic writes English only)."""
    client = bearer(office)
    indonesian = assert_error(client.get("/api/cases", query), 422, "invalid_request")["message"]
    english = assert_error(client.get("/api/cases", query, headers={"Accept-Language": "en"}), 422, "invalid_request")
    assert indonesian.startswith("Permintaan tidak sah: ") and said_id in indonesian, indonesian
    assert "Input should" not in indonesian and "String should" not in indonesian
    assert english["message"].startswith("Invalid request: ") and said_en in english["message"], english


def test_a_missing_field_and_an_unknown_command_are_said_in_indonesian(office: Office) -> None:
    from tests.web.factories import open_case

    case = open_case(office)
    url = f"/api/cases/{case.pk}/tasks/1/commands"
    client = bearer(office)
    unknown = client.post(url, json.dumps({"command": "meledak"}), content_type="application/json")
    assert "jenisnya tidak dikenal; yang dikenal: " in assert_error(unknown, 422, "invalid_request")["message"]
    assert "meledak" not in unknown.json()["message"]  # what was sent is not echoed back
    missing = client.post(url, json.dumps({"command": "tick"}), content_type="application/json")
    assert ".item: wajib diisi" in assert_error(missing, 422, "invalid_request")["message"]


def test_a_problem_without_indonesian_words_keeps_pydantics_own() -> None:
    from sopan.web.api.validation_text import indonesian

    assert indonesian({"type": "some_new_type", "msg": "Something new"}) == "Something new"
    assert indonesian({"type": "greater_than_equal", "msg": "Input should be >= 1"}) == "Input should be >= 1"
    assert indonesian({"type": "greater_than_equal", "ctx": {"ge": 1}, "msg": "x"}) == "harus paling sedikit 1"
