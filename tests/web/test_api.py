"""The REST API through Django's test client: token and session authentication, each endpoint, engine refusals
as 409, invisible cases as 404, malformed bodies as 422, idempotent commands, the public status."""

from __future__ import annotations

import io
import json
import logging
import re
import uuid
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from sopan.engine import OpenCase
from sopan.web.accounts.models import ApiToken
from sopan.web.cases.models import Case, Event
from sopan.web.cases.services import submit
from tests.factories import ANI, at
from tests.web.factories import NOBODY, Office, make_user

NIK = "3508010101010001"


@pytest.fixture(autouse=True)
def fresh_cache(settings: Any):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast users; no login here
    cache.clear()
    yield
    cache.clear()


def bearer(user: Any, name: str = "tes") -> Client:
    _, raw = ApiToken.issue(user, name)
    return Client(headers={"Authorization": f"Bearer {raw}"})


def post(client: Client, url: str, body: Any, **headers: str) -> Any:
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.post(url, data=data, content_type="application/json", headers=headers)


def new_case(office: Office) -> Case:
    return submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case


def command_url(case: Case, number: int) -> str:
    return f"/api/cases/{case.pk}/tasks/{number}/commands"


# ----- documentation ----------------------------------------------------------------------------------------
def test_docs_load_nothing_from_the_internet(db) -> None:
    page = Client().get("/api/docs")
    html = page.content.decode()
    assert page.status_code == 200 and "swagger" in html.lower()
    sources = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']""", html)
    assert sources and all(source.startswith("/static/") for source in sources), sources
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html)
    settings = json.loads(re.search(r'id="swagger-settings">(.*?)</script>', html, re.S).group(1))
    assert settings["validatorUrl"] is None and settings["url"] == "/api/openapi.json"
    for source in sources:  # and the files are really served
        assert Client().get(source).status_code == 200, source


def test_the_draft_comparison_answers_the_comparison_model(db) -> None:
    schema = Client().get("/api/openapi.json").json()
    answers = schema["paths"]["/api/drafts/{draft_id}/compare"]["get"]["responses"]
    assert answers["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/Comparison")
    assert {"404", "422"} <= set(answers)


def test_openapi_lists_every_endpoint(db) -> None:
    schema = Client().get("/api/openapi.json").json()
    assert {path: sorted(methods) for path, methods in schema["paths"].items()} == {
        "/api/sop": ["get"],
        "/api/sop/{organisation}/{key}": ["get"],
        "/api/sop/{organisation}/{key}/v{number}": ["get"],
        "/api/sop/{organisation}/{key}/compare": ["get"],
        "/api/cases": ["get", "post"],
        "/api/cases/search": ["post"],
        "/api/cases/{case_id}": ["get"],
        "/api/cases/{case_id}/events": ["get"],
        "/api/tasks": ["get"],
        "/api/cases/{case_id}/tasks/{number}/commands": ["post"],
        "/api/status/{code}": ["get"],
        "/api/organisations/{code}/personal-data": ["get"],
        "/api/organisations/{code}/personal-data/anonymise": ["post"],
        "/api/organisations/{code}/personal-data/anonymise-due": ["post"],
        "/api/pemantauan/{organisation}/{key}/kinerja": ["get"],
        "/api/pemantauan/{organisation}/{key}/kesesuaian": ["get"],
        "/api/pemantauan/{organisation}/tabel7/{year}/{half}": ["get"],
        "/api/pemantauan/{organisation}/{key}/evaluasi/{year}/{half}": ["get"],
        "/api/pemantauan/{organisation}/log": ["get"],
        "/api/pemantauan/{organisation}/rekap/{kind}": ["get"],
        "/api/pemantauan/{organisation}/rekap/{kind}/berkas": ["get"],
        "/api/pemantauan/{organisation}/register": ["get"],
        "/api/pemantauan/{organisation}/register/{year}": ["get"],
        "/api/pemantauan/{organisation}/register/{year}/berkas": ["get"],
        "/api/pemantauan/{organisation}/kinerja": ["get"],
        "/api/pemantauan/peristiwa": ["get"],
        "/api/organisations/{code}/profile": ["get", "patch"],
        "/api/organisations/{code}/profile/logo": ["delete", "post"],
        "/api/organisations/{code}/calendar": ["delete", "get", "post"],
        "/api/me": ["get"],
        "/api/organisations/{code}/users": ["get", "post"],
        "/api/organisations/{code}/users/{user_id}": ["put"],
        "/api/organisations/{code}/users/{user_id}/{state}": ["post"],
        "/api/organisations/{code}/assignments": ["get", "post"],
        "/api/organisations/{code}/assignments/{assignment_id}/end": ["post"],
        "/api/sop/{organisation}/{key}/states": ["get"],
        "/api/sop/{organisation}/{key}/revoke": ["post"],
        "/api/reminders": ["get"],
        "/api/drafts/waiting": ["get"],
        "/api/drafts": ["get", "post"],
        "/api/drafts/{draft_id}": ["get", "patch", "put"],
        "/api/drafts/{draft_id}/lint": ["get"],
        "/api/drafts/{draft_id}/compare": ["get"],
        "/api/drafts/{draft_id}/render.{fmt}": ["get"],
        "/api/drafts/{draft_id}/lifecycle": ["get"],
        "/api/drafts/{draft_id}/submit": ["post"],
        "/api/drafts/{draft_id}/approve": ["post"],
        "/api/sop/{organisation}/{key}/v{number}/sign": ["post"],
        "/api/verification/{code}": ["get"],
        "/api/verification": ["post"],
        "/api/drafts/{draft_id}/notes": ["get", "post"],
        "/api/drafts/{draft_id}/notes/{note_id}/answer": ["post"],
        "/api/drafts/{draft_id}/notes/{note_id}/close": ["post"],
        "/api/drafts/{draft_id}/notes/{note_id}/reopen": ["post"],
        "/api/review-minutes": ["get", "post"],
        "/api/review-minutes/{minutes_id}/pdf": ["get"],
    }
    assert set(schema["components"]["securitySchemes"]) == {"TokenAuth", "SignedInSession"}
    public = {path for path, methods in schema["paths"].items() for op in methods.values() if not op.get("security")}
    assert public == {
        "/api/sop",
        "/api/sop/{organisation}/{key}",
        "/api/sop/{organisation}/{key}/v{number}",
        "/api/sop/{organisation}/{key}/compare",
        "/api/sop/{organisation}/{key}/states",
        "/api/status/{code}",
        "/api/verification/{code}",
        "/api/verification",
    }


# ----- catalog ----------------------------------------------------------------------------------------------
def test_catalog_is_public_and_filters_like_the_screen(office: Office) -> None:
    client = Client()
    every = client.get("/api/sop").json()
    assert {(row["organisation"]["code"], row["key"]) for row in every} == {
        ("kec-contoh", "surat-keterangan"),
        ("kec-lain", "surat-keterangan"),
    }
    assert every[0]["latest_version"] == 1 and every[0]["nature"] == "pelayanan"
    mine = client.get("/api/sop", {"q": "surat ketera", "organisasi": "kec-contoh"}).json()
    assert [row["organisation"]["code"] for row in mine] == ["kec-contoh"]
    assert client.get("/api/sop", {"q": "tidakada"}).json() == []
    assert client.get("/api/sop", {"sifat": "rutin"}).json() == []
    assert len(client.get("/api/sop", {"sifat": "pelayanan"}).json()) == 2


def test_sop_detail_has_the_versions_and_the_definition(office: Office) -> None:
    client = Client()
    latest = client.get("/api/sop/kec-contoh/surat-keterangan")
    body = latest.json()
    assert latest.status_code == 200 and body["title"] == "Pelayanan Surat Keterangan"
    assert body["version"]["number"] == 1 and [v["number"] for v in body["versions"]] == [1]
    assert body["definition"]["langkah"][0]["kegiatan"].startswith("Mengajukan permohonan")
    assert body["version"]["content_hash"] == office.version.content_hash
    assert client.get("/api/sop/kec-contoh/surat-keterangan/v1").json() == body
    missing = client.get("/api/sop/kec-contoh/surat-keterangan/v2")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    assert client.get("/api/sop/kec-contoh/surat-keterangan/v0").status_code == 404  # not the latest
    assert client.get("/api/sop/kec-contoh/tidak-ada").status_code == 404
    assert client.get("/api/sop/kec-contoh/surat-keterangan/vdua").status_code == 422  # not a version number


# ----- authentication ---------------------------------------------------------------------------------------
def test_tokens_are_stored_hashed_and_shown_once(office: Office) -> None:
    out, err = io.StringIO(), io.StringIO()
    call_command("createapitoken", "siti", "sistem-arsip", stdout=out, stderr=err)
    raw = out.getvalue().strip()
    assert raw.startswith("sopan_") and "tidak dapat ditampilkan lagi" in err.getvalue()
    token = ApiToken.objects.get(user=office.loket, name="sistem-arsip")
    assert token.digest == ApiToken.hash(raw) and raw not in json.dumps(list(ApiToken.objects.values()), default=str)
    assert token.last_used_at is None
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    assert client.get("/api/cases").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None
    with pytest.raises(CommandError, match="tidak ada"):
        call_command("createapitoken", "tidak-ada", "x", stdout=io.StringIO(), stderr=io.StringIO())
    call_command("revokeapitoken", "siti", "sistem-arsip", stdout=io.StringIO())
    assert client.get("/api/cases").status_code == 401
    with pytest.raises(CommandError):
        call_command("revokeapitoken", "siti", "sistem-arsip", stdout=io.StringIO())


def test_token_authentication(office: Office) -> None:
    token, raw = ApiToken.issue(office.loket, "tes")
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/tasks").status_code == 200
    for header in (f"Bearer {raw}x", "Bearer sopan_salah", "Bearer ", f"Bearer {raw[:-1]}"):
        answer = Client(headers={"Authorization": header}).get("/api/tasks")
        assert answer.status_code == 401 and answer.json()["code"] == "unauthorized", header
    assert Client().get("/api/tasks").status_code == 401
    assert Client(headers={"Authorization": f"Basic {raw}"}).get("/api/tasks").status_code == 401
    token.revoked = True
    token.save()
    assert Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/tasks").status_code == 401
    _, other = ApiToken.issue(office.kasi, "tes")
    office.kasi.is_active = False
    office.kasi.save()
    assert Client(headers={"Authorization": f"Bearer {other}"}).get("/api/tasks").status_code == 401


def test_a_wrong_token_is_not_rescued_by_a_session(office: Office) -> None:
    client = Client(headers={"Authorization": "Bearer sopan_salah"})
    client.force_login(office.loket)
    assert client.get("/api/tasks").status_code == 401


def test_the_session_works_and_needs_csrf_for_commands(office: Office) -> None:
    case = new_case(office)
    client = Client(enforce_csrf_checks=True)
    client.force_login(office.loket)
    assert client.get(f"/api/cases/{case.pk}").status_code == 200
    refused = post(client, command_url(case, 1), {"command": "claim"})
    assert refused.status_code == 403 and refused.json()["code"] == "csrf_failed"
    client.get("/")  # the screens set the CSRF cookie
    csrf = client.cookies["csrftoken"].value
    done = post(client, command_url(case, 1), {"command": "claim"}, **{"X-CSRFToken": csrf})
    assert done.status_code == 200 and [e["kind"] for e in done.json()["events"]] == ["task_claimed"]
    # a token needs no CSRF token: it is not sent by browsers on their own
    assert post(bearer(office.kasi), command_url(case, 1), {"command": "claim"}).json()["code"] == "claimed_by_other"


def test_anonymous_gets_401_except_on_public_endpoints(office: Office) -> None:
    case = new_case(office)
    client = Client()
    for url in ("/api/cases", f"/api/cases/{case.pk}", f"/api/cases/{case.pk}/events", "/api/tasks"):
        answer = client.get(url)
        assert answer.status_code == 401 and answer.json()["code"] == "unauthorized", url
    assert post(client, "/api/cases", {"organisation": "kec-contoh", "sop": "surat-keterangan"}).status_code == 401
    assert post(client, command_url(case, 1), {"command": "claim"}).status_code == 401
    english = client.get("/api/tasks", headers={"Accept-Language": "en-GB,en;q=0.9"}).json()
    assert english["message"].startswith("Login or an API token")


# ----- cases ------------------------------------------------------------------------------------------------
def test_case_list_shows_visible_cases_masked(office: Office) -> None:
    case = new_case(office)
    rows = bearer(office.loket).get("/api/cases").json()
    assert [row["id"] for row in rows] == [str(case.pk)]
    assert rows[0]["applicant"] == {"name": "A** L******", "nik": "••••••••••••0001", "phone": None, "address": None}
    assert rows[0]["sop"] == {
        "organisation": "kec-contoh",
        "key": "surat-keterangan",
        "title": "Pelayanan Surat Keterangan",
        "version": 1,
    }
    assert rows[0]["current_task"] == 1 and rows[0]["status"] == "open"
    assert bearer(office.outsider).get("/api/cases").json() == []
    assert bearer(office.loket).get("/api/cases", {"status": "finished"}).json() == []
    assert bearer(office.loket).get("/api/cases", {"status": "meledak"}).status_code == 422
    assert bearer(office.loket).get("/api/cases", {"limit": 0}).status_code == 422


def test_case_detail_masks_the_applicant_unless_the_caller_handles_it(office: Office) -> None:
    case = new_case(office)
    loket = bearer(office.loket).get(f"/api/cases/{case.pk}").json()
    assert loket["personal_data"] is True and loket["applicant"]["nik"] == NIK
    assert loket["my_roles"] == ["loket"] and loket["tasks"][0]["activity"].startswith("Mengajukan")
    assert [item["key"] for item in loket["tasks"][0]["requirements"]] == ["1", "2"]
    camat = bearer(office.camat).get(f"/api/cases/{case.pk}").json()
    assert camat["personal_data"] is False and camat["applicant"]["name"] == "A** L******"
    assert NIK not in json.dumps(camat)


def test_a_case_the_user_may_not_see_is_404_like_an_unknown_one(office: Office) -> None:
    case = new_case(office)
    client = bearer(office.outsider)
    for url in (f"/api/cases/{case.pk}", f"/api/cases/{case.pk}/events", f"/api/cases/{uuid.uuid4()}"):
        answer = client.get(url)
        assert answer.status_code == 404 and answer.json()["code"] == "not_found", url
    hidden = post(client, command_url(case, 1), {"command": "claim"})
    unknown = post(client, f"/api/cases/{uuid.uuid4()}/tasks/1/commands", {"command": "claim"})
    assert hidden.status_code == unknown.status_code == 404 and hidden.json() == unknown.json()
    assert bearer(office.loket).get("/api/cases/bukan-uuid").status_code == 422


def test_events_are_the_log_with_the_applicant_masked_where_the_screens_mask_it(office: Office) -> None:
    case = new_case(office)
    loket = bearer(office.loket).get(f"/api/cases/{case.pk}/events").json()
    assert [(e["seq"], e["kind"]) for e in loket] == [(1, "case_opened"), (2, "task_activated")]
    assert loket[0]["actor"] == "siti" and loket[0]["data"]["applicant"]["nik"] == NIK
    camat = bearer(office.camat).get(f"/api/cases/{case.pk}/events").json()
    assert camat[0]["data"]["applicant"]["nik"] == "••••••••••••0001" and NIK not in json.dumps(camat)


def test_opening_a_case(office: Office, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    client = bearer(office.loket)
    body = {
        "organisation": "kec-contoh",
        "sop": "surat-keterangan",
        "applicant": {"name": "Ani Lestari", "nik": NIK, "phone": "0812"},
        "ticked": ["1"],
    }
    created = post(client, "/api/cases", body)
    answer = created.json()
    assert created.status_code == 201 and not answer["replayed"]
    assert [e["kind"] for e in answer["events"]] == ["case_opened", "task_activated", "requirement_ticked"]
    case = Case.objects.get(pk=answer["case"]["id"])
    assert case.state["applicant"]["nik"] == NIK and case.state["tasks"][0]["ticked"] == {"1": "siti"}
    assert answer["case"]["tracking_code"] == case.tracking_code and answer["case"]["applicant"]["nik"] == NIK
    assert "Location" not in created.headers
    # refusals of the engine
    wrong_nik = post(client, "/api/cases", {**body, "applicant": {"name": "Ani", "nik": "12345"}})
    assert wrong_nik.status_code == 409 and wrong_nik.json()["code"] == "invalid_applicant"
    no_name = post(client, "/api/cases", {"organisation": "kec-contoh", "sop": "surat-keterangan"})
    assert no_name.status_code == 409 and no_name.json()["code"] == "applicant_required"
    unknown_item = post(client, "/api/cases", {**body, "ticked": ["99"]})
    assert unknown_item.status_code == 409 and unknown_item.json()["code"] == "unknown_item"
    outsider = post(bearer(office.outsider), "/api/cases", body)
    assert outsider.status_code == 409 and outsider.json()["code"] == "wrong_role"
    nobody = post(bearer(make_user("tanpa-peran", office.organisation)), "/api/cases", body)
    assert nobody.status_code == 409 and nobody.json()["message"].startswith("Anda tidak memegang peran")
    missing = post(client, "/api/cases", {**body, "sop": "tidak-ada"})
    assert missing.status_code == 404
    phone = post(client, "/api/cases", {**body, "applicant": {"name": "Ani", "phone": "abc<script>"}})
    assert phone.status_code == 422 and "phone" in phone.text  # the schema's pattern names the field
    assert Case.objects.count() == 1
    # personal data is never logged, not even for refused or malformed requests
    post(client, "/api/cases", {**body, "applicant": {"name": "Ani Lestari", "nik": NIK + "9"}})
    post(client, "/api/cases", {**body, "applicant": {"name": "Ani Lestari", "nik": NIK, "umur": 3}})
    assert "Ani" not in caplog.text and NIK not in caplog.text


def test_opening_is_idempotent_per_key_and_per_caller(office: Office) -> None:
    client = bearer(office.loket)
    body = {"organisation": "kec-contoh", "sop": "surat-keterangan", "applicant": {"name": "Ani Lestari"}}
    first = post(client, "/api/cases", body, **{"Idempotency-Key": "permohonan-17"})
    again = post(client, "/api/cases", body, **{"Idempotency-Key": "permohonan-17"})
    assert (first.status_code, again.status_code) == (201, 200) and again.json()["replayed"]
    assert first.json()["case"]["id"] == again.json()["case"]["id"] and Case.objects.count() == 1
    in_body = post(client, "/api/cases", {**body, "command_id": "permohonan-17"})
    assert in_body.status_code == 200 and Case.objects.count() == 1  # the header and the field are one key
    # another caller's same key is another command
    other = post(bearer(office.kasi), "/api/cases", body, **{"Idempotency-Key": "permohonan-17"})
    assert other.status_code == 201 and Case.objects.count() == 2
    clash = post(client, "/api/cases", {**body, "command_id": "a"}, **{"Idempotency-Key": "b"})
    assert clash.status_code == 422 and clash.json()["code"] == "invalid_request"


def test_inbox_lists_the_tasks_of_the_users_roles_oldest_due_first(office: Office) -> None:
    older = new_case(office)
    newer = submit(office.loket, OpenCase(actor=NOBODY, at=at(3, 8), applicant=ANI), version=office.version).case
    rows = bearer(office.loket).get("/api/tasks").json()
    assert [row["case_id"] for row in rows] == [str(older.pk), str(newer.pk)]
    assert rows[0]["task"] == 1 and rows[0]["outside"] and rows[0]["applicant"]["name"] == "A** L******"
    assert rows[0]["due_at"] < rows[1]["due_at"]
    assert bearer(office.outsider).get("/api/tasks").json() == []
    assert len(bearer(office.loket).get("/api/tasks", {"limit": 1}).json()) == 1


# ----- commands ---------------------------------------------------------------------------------------------
def test_working_a_case_through_the_api(office: Office) -> None:
    case = new_case(office)
    loket, kasi, camat = bearer(office.loket), bearer(office.kasi), bearer(office.camat)

    def run(client: Client, number: int, body: dict[str, Any], status: int = 200) -> dict[str, Any]:
        answer = post(client, command_url(case, number), body)
        assert answer.status_code == status, answer.content
        return answer.json()

    ticked = run(loket, 1, {"command": "tick", "item": "1"})
    assert [e["kind"] for e in ticked["events"]] == ["task_claimed", "requirement_ticked"]
    assert run(loket, 1, {"command": "untick", "item": "1"})["events"][0]["kind"] == "requirement_unticked"
    assert run(loket, 1, {"command": "waive", "item": "1", "reason": "menyusul"})["events"][0]["data"]["reason"] == (
        "menyusul"
    )
    assert run(kasi, 1, {"command": "claim"}, 409)["code"] == "claimed_by_other"
    run(loket, 1, {"command": "release"})
    run(loket, 1, {"command": "claim"})
    outside = run(loket, 1, {"command": "outside", "waivers": {"2": "menyusul"}, "note": "diantar"})
    assert outside["case"]["current_step"] == 2 and outside["case"]["current_task"] == 2
    no = run(loket, 2, {"command": "decide", "answer": False, "reason": "Foto buram"})
    assert [e["kind"] for e in no["events"]] == ["task_claimed", "decision_made", "task_activated"]
    assert no["case"]["current_step"] == 1 and no["events"][1]["data"]["answer"] == "tidak"
    run(loket, 3, {"command": "outside", "waivers": {"1": "a", "2": "b"}})
    run(loket, 4, {"command": "decide", "answer": True, "waivers": {"1": "dicek lisan"}})
    output = run(kasi, 5, {"command": "output", "name": "konsep surat", "value": "470/12/2026"})
    assert output["events"][-1]["data"]["name"] == "Konsep surat"
    run(kasi, 5, {"command": "complete"})
    run(camat, 6, {"command": "decide", "answer": True})
    done = run(loket, 7, {"command": "complete", "note": "diambil sendiri"})
    assert done["case"]["status"] == "finished" and done["case"]["current_task"] is None
    detail = loket.get(f"/api/cases/{case.pk}").json()
    assert detail["loops"] == {"2": 1} and detail["register_entries"][0]["register"] == "Register Surat Keterangan"
    assert detail["tasks"][4]["outputs"][0]["value"] == "470/12/2026"
    assert run(loket, 7, {"command": "complete"}, 409)["code"] == "case_closed"


def test_refusals_are_409_with_the_engine_code_in_the_callers_language(office: Office) -> None:
    case = new_case(office)
    client = bearer(office.kasi)
    refused = post(client, command_url(case, 1), {"command": "outside"})
    assert refused.status_code == 409
    assert refused.json()["code"] == "missing_requirements" and refused.json()["message"].startswith(
        "Kelengkapan belum lengkap"
    )
    english = post(client, command_url(case, 1), {"command": "outside"}, **{"Accept-Language": "en-US,en;q=0.8"})
    assert english.json()["message"].startswith("Kelengkapan not complete")
    indonesian = post(client, command_url(case, 1), {"command": "outside"}, **{"Accept-Language": "id,en;q=0.5"})
    assert indonesian.json()["message"].startswith("Kelengkapan belum lengkap")
    assert post(client, command_url(case, 1), {"command": "decide", "answer": True}).json()["code"] == (
        "not_a_decision"
    )
    camat_only = post(bearer(office.camat), command_url(case, 1), {"command": "reject", "reason": "x"})
    assert camat_only.status_code == 200  # any officer of the SOP handles the Pemohon's step
    after = post(client, command_url(case, 1), {"command": "reject", "reason": "x"})
    assert after.status_code == 409 and after.json()["code"] == "case_closed"
    assert post(client, command_url(case, 9), {"command": "claim"}).status_code == 404
    assert post(client, command_url(case, 0), {"command": "claim"}).status_code == 404


def test_a_resent_command_is_carried_out_once(office: Office) -> None:
    case = new_case(office)
    client = bearer(office.loket)
    body = {"command": "outside", "waivers": {"1": "a", "2": "b"}, "command_id": str(uuid.uuid4())}
    first = post(client, command_url(case, 1), body)
    again = post(client, command_url(case, 1), body)
    assert first.status_code == again.status_code == 200
    assert not first.json()["replayed"] and again.json()["replayed"]
    assert first.json()["events"] == again.json()["events"]
    assert Event.objects.filter(case=case, kind="step_completed").count() == 1
    by_header = post(client, command_url(case, 2), {"command": "claim"}, **{"Idempotency-Key": "k-1"})
    assert post(client, command_url(case, 2), {"command": "claim"}, **{"Idempotency-Key": "k-1"}).json()["replayed"]
    assert by_header.status_code == 200
    other = new_case(office)
    reused = post(client, command_url(other, 1), {"command": "claim"}, **{"Idempotency-Key": "k-1"})
    assert reused.status_code == 409 and reused.json()["code"] == "command_id_reused"
    assert not Event.objects.filter(case=other, kind="task_claimed").exists()


def test_malformed_bodies_are_422_with_a_clear_message(office: Office) -> None:
    case = new_case(office)
    client = bearer(office.loket)
    url = command_url(case, 1)
    broken = post(client, url, "{not json")
    assert broken.status_code == 422 and broken.json()["code"] == "invalid_json"
    cases = {
        "unknown command": {"command": "meledak"},
        "no command": {"item": "1"},
        "tick without item": {"command": "tick"},
        "decide without answer": {"command": "decide"},
        "answer not a boolean": {"command": "decide", "answer": "mungkin"},
        "a field of another command": {"command": "claim", "reason": "x"},
        "a list": [1, 2],
        "an output that is true": {"command": "output", "name": "x", "value": True},
    }
    for what, body in cases.items():
        answer = post(client, url, body)
        assert answer.status_code == 422, what
        assert answer.json()["code"] == "invalid_request" and answer.json()["message"].startswith(
            "Permintaan tidak sah"
        ), what
    assert post(client, url, {}).status_code == 422
    not_a_number = post(client, url, '{"command": "output", "name": "x", "value": NaN}')
    assert not_a_number.status_code == 422, not_a_number.content
    empty = client.post(url, content_type="application/json")
    assert empty.status_code == 422
    english = post(client, url, {"command": "tick"}, **{"Accept-Language": "en"})
    assert "item" in english.json()["message"] and english.json()["message"].startswith("Invalid request")
    secret = post(
        client, "/api/cases", {"organisation": "kec-contoh", "sop": "x", "applicant": {"name": 5, "nik": NIK}}
    )
    assert secret.status_code == 422 and NIK not in secret.content.decode()  # the input is not echoed back
    case.refresh_from_db()
    assert case.version == 2


# ----- public status ----------------------------------------------------------------------------------------
def test_public_status_shows_nothing_personal(office: Office) -> None:
    case = new_case(office)
    client = Client()
    answer = client.get(f"/api/status/{case.tracking_code.lower().replace('-', '')}")
    body = answer.json()
    assert answer.status_code == 200 and body["tracking_code"] == case.tracking_code
    assert body["sop"] == "Pelayanan Surat Keterangan" and body["organisation"] == "Kecamatan Contoh"
    assert body["current_step"] == 1 and body["current_activity"].startswith("Mengajukan permohonan")
    assert body["status"] == "open" and body["status_label"] == "Berjalan"
    assert body["late"] == (timezone.now() > case.due_at)
    assert set(body) == {
        "tracking_code",
        "sop",
        "organisation",
        "status",
        "status_label",
        "current_step",
        "current_activity",
        "opened_at",
        "due_at",
        "closed_at",
        "late",
        "reason",  # of a rejection or cancellation, scrubbed of personal data: none while open
    }
    assert body["reason"] is None
    assert "Ani" not in answer.content.decode() and "3508" not in answer.content.decode()
    assert "siti" not in answer.content.decode()
    english = client.get(f"/api/status/{case.tracking_code}", headers={"Accept-Language": "en"}).json()
    assert english["status_label"] == "Open"
    wrong = case.tracking_code[:-1] + ("0" if case.tracking_code[-1] != "0" else "1")
    assert client.get(f"/api/status/{wrong}").json()["code"] == "invalid_code"
    from sopan.engine.tracking import new_code

    unknown = client.get(f"/api/status/{new_code()}")
    assert unknown.status_code == 404 and unknown.json()["message"].startswith("Kode tidak ditemukan")


def test_public_status_shares_the_pages_rate_limit(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    case = new_case(office)
    moment = timezone.now()
    monkeypatch.setattr(timezone, "now", lambda: moment)  # the limit counts per minute: stay in one
    client = Client()
    for _ in range(10):
        assert client.get(f"/status/{case.tracking_code}/").status_code == 200
    codes = [client.get(f"/api/status/{case.tracking_code}").status_code for _ in range(12)]
    assert codes == [200] * 10 + [429] * 2
    limited = client.get(f"/api/status/{case.tracking_code}")
    assert limited.json()["code"] == "rate_limited"
    assert client.get(f"/status/{case.tracking_code}/").status_code == 429
    assert Client(REMOTE_ADDR="10.0.0.9").get(f"/api/status/{case.tracking_code}").status_code == 200
