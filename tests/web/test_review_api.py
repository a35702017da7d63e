"""Review notes and the Berita Acara over JSON: the same rules as the screens (reviewers add and close, the unit
answers and fixes, others 404), coded refusals in the caller's language, the PDF of a Berita Acara."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User

from sopan.web.accounts.models import ApiToken
from sopan.web.authoring.models import Draft
from sopan.web.authoring.services import new_draft
from sopan.web.review.models import Minutes
from tests.web.factories import Office, client_for

pytestmark = pytest.mark.usefixtures("empty_cache")


@pytest.fixture
def draft(office: Office, writer: User) -> Draft:
    return new_draft(office.organisation, writer, start="revisi", version=office.version)


def _post(user: User, url: str, body: dict[str, object], lang: str = "id"):
    return client_for(user).post(url, body, content_type="application/json", headers={"Accept-Language": lang})


def test_notes_over_the_api(draft, analyst, writer, office) -> None:
    base = f"/api/drafts/{draft.pk}/notes"
    made = _post(analyst, base, {"text": "Waktu langkah ini?", "step": 2})
    assert made.status_code == 201, made.content
    note = made.json()
    assert (note["kind"], note["step"], note["place"], note["status"]) == ("langkah", 2, "Langkah 2", "terbuka")
    field = _post(analyst, base, {"text": "Nama kurang jelas", "field": "nama"}).json()
    assert field["place"] == "Nama SOP"
    assert _post(writer, base, {"text": "saya"}).json()["code"] == "forbidden"
    assert _post(office.outsider, base, {"text": "x"}).status_code == 404
    refused = _post(analyst, base, {"text": "a\u0007b"}, "en")
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_text"
    assert refused.json()["message"].startswith("catatan: control character")
    unknown = _post(analyst, base, {"text": "x", "step": 40})
    assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_step"

    fixed = _post(writer, f"{base}/{field['id']}/answer", {"text": "Sudah diganti", "fixed": True})
    assert fixed.status_code == 200 and fixed.json()["status"] == "diperbaiki"
    assert [e["action"] for e in fixed.json()["entries"]] == ["diperbaiki"]
    denied = _post(writer, f"{base}/{field['id']}/close", {})
    assert denied.status_code == 403 and denied.json()["code"] == "forbidden"
    closed = _post(analyst, f"{base}/{field['id']}/close", {"text": "Baik"})
    assert closed.status_code == 200 and closed.json()["status"] == "selesai"
    assert _post(writer, f"{base}/{field['id']}/answer", {"text": "lagi"}).status_code == 409
    assert _post(analyst, f"{base}/{note['id']}/reopen", {}).status_code == 409  # still open
    assert _post(analyst, f"{base}/{field['id']}/reopen", {}).json()["status"] == "terbuka"
    assert _post(analyst, f"/api/drafts/{draft.pk}/notes/999999/close", {}).status_code == 404

    listed = client_for(writer).get(base)
    assert listed.status_code == 200 and [n["id"] for n in listed.json()] == [note["id"], field["id"]]
    assert client_for(office.outsider).get(base).status_code == 404
    _, raw = ApiToken.issue(writer, "lesen", scope=ApiToken.Scope.READ)
    read_only = client_for(writer).post(base, {"text": "x"}, content_type="application/json",
                                        headers={"Authorization": f"Bearer {raw}"})  # fmt: skip
    assert read_only.status_code == 403


def test_berita_acara_over_the_api(draft, analyst, writer, office, biro) -> None:
    _post(analyst, f"/api/drafts/{draft.pk}/notes", {"text": "Waktu?", "step": 2})
    body = {
        "date": "2026-12-04",
        "place": "Banjarbaru",
        "evaluator": {"name": "Rina Kartika", "position": "Analis", "nip": "198001012005012001"},
        "officer": {"name": "Ahmad Fauzi"},
        "sops": [{"draft": str(draft.pk), "verdict": "perlu_perbaikan"}],
    }
    assert _post(writer, "/api/review-minutes", body).json()["code"] == "forbidden"
    made = _post(analyst, "/api/review-minutes", body)
    assert made.status_code == 201, made.content
    minutes = made.json()
    assert minutes["number"] == "001/BA-TELAAH-SOP/BIRO-ORGANISASI-CONTOH/2026" and minutes["unit"] == "kec-contoh"
    assert minutes["sops"][0]["verdict"] == "perlu_perbaikan" and minutes["sops"][0]["notes"][0]["text"] == "Waktu?"
    assert _post(analyst, "/api/review-minutes", {**body, "date": "1200-01-01"}).json()["code"] == "bad_date"
    assert _post(analyst, "/api/review-minutes", {**body, "sops": []}).status_code == 422
    listed = client_for(analyst).get("/api/review-minutes", {"organisation": biro.code})
    assert [m["number"] for m in listed.json()] == [minutes["number"]]
    assert client_for(writer).get("/api/review-minutes", {"organisation": biro.code}).status_code == 404
    pdf = client_for(writer).get(f"/api/review-minutes/{minutes['id']}/pdf")  # the unit reads its own
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client_for(office.outsider).get(f"/api/review-minutes/{minutes['id']}/pdf").status_code == 404
    assert Minutes.objects.count() == 1
