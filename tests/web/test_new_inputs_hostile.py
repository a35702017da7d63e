"""One huge and one malformed value in each form and API body the office, settings, search and monitoring accept:
a clear refusal (4xx, or the page again with its message), never a 500, and nothing saved."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sopan.web.accounts.models import ApiToken, AuditEntry
from sopan.web.catalog.models import CalendarOverride, Organisation
from tests.web.factories import Office

HUGE = "x" * 1_000_000
MALFORMED = "\x00{'[<script>"


def _screen(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _api(user: User) -> Client:
    return Client(headers={"Authorization": f"Bearer {ApiToken.issue(user, 'uji')[1]}"})


@pytest.mark.parametrize("value", [HUGE, MALFORMED], ids=["huge", "malformed"])
def test_screens_refuse_without_a_500_and_save_nothing(office: Office, pengelola: User, value: str) -> None:
    org = office.organisation.code
    users, audits, days = User.objects.count(), AuditEntry.objects.count(), CalendarOverride.objects.count()
    client = _screen(pengelola)
    posts = [
        (reverse("office-user-add", args=[org]), {"username": value, "nama": value, "nip": value, "email": value}),
        (reverse("office-role-assign", args=[org]), {"pengguna": value, "peran": value, "jenis": value}),
        (reverse("office-profile", args=[org]), {"aksi": "profil", "nama": value, "zona_waktu": value}),
        (reverse("office-calendar", args=[org]), {"aksi": "ubah", "jenis": value, "dari": value, "nama": value}),
        (reverse("personal-data", args=[org]), {"aksi": "permintaan", "kode": value, "alasan": value}),
        (reverse("case-list"), {"nama": value, "nik": value, "kode": value}),
    ]
    for url, data in posts:
        response = client.post(url, data)
        assert response.status_code in (200, 302, 400, 404, 422), (url, response.status_code)
    gets = [
        reverse("case-list") + "?halaman=" + value[:5000],
        reverse("office-users", args=[org]) + "?q=" + value[:5000],
        reverse("office-calendar", args=[org]) + "?tahun=" + value[:5000],
        reverse("performance", args=[org, "surat-keterangan"]) + "?dari=" + value[:5000],
    ]
    for url in gets:
        response = client.get(url)
        assert response.status_code in (200, 400, 404, 422), (url[:80], response.status_code)
    assert (User.objects.count(), CalendarOverride.objects.count()) == (users, days)
    assert AuditEntry.objects.count() == audits
    assert Organisation.objects.get(code=org).name == "Kecamatan Contoh"


@pytest.mark.parametrize("value", [HUGE, MALFORMED], ids=["huge", "malformed"])
def test_api_bodies_are_refused_as_json_never_500(office: Office, pengelola: User, value: str) -> None:
    org = office.organisation.code
    client = _api(pengelola)
    bodies = [
        ("post", f"/api/organisations/{org}/users", {"username": value, "name": value}),
        ("post", f"/api/organisations/{org}/assignments", {"user_id": value, "role": value}),
        ("patch", f"/api/organisations/{org}/profile", {"nama": value}),
        ("post", f"/api/organisations/{org}/calendar", {"kind": value, "start": value}),
        ("post", "/api/cases/search", {"name": value, "nik": value}),
    ]
    for method, url, body in bodies:
        response = getattr(client, method)(url, json.dumps(body), content_type="application/json")
        assert 400 <= response.status_code < 500, (url, response.status_code)
        assert "code" in response.json(), url
        raw = getattr(client, method)(url, value[:100_000], content_type="application/json")
        assert 400 <= raw.status_code < 500, (url, "raw", raw.status_code)
    listed = client.get("/api/cases", {"status": value[:5000]})
    assert 400 <= listed.status_code < 500 and "code" in listed.json()
    assert User.objects.filter(username__startswith="x").count() == 0
