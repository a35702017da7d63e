"""The local calendar as a page and over the API: everything `sopan kalender` does (the year, local holidays,
changed hours, days kept open, undo), refusals in both languages with nothing half-saved, and due times that move."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sopan.web.accounts.models import Administrator, ApiToken
from sopan.web.catalog.models import CalendarOverride, Organisation
from tests.factories import WIB
from tests.web.factories import Office, client_for, open_case

pytestmark = pytest.mark.django_db


def page(client: Client, year: int = 2026) -> str:
    return client.get(reverse("office-calendar", args=["kec-contoh"]) + f"?tahun={year}").content.decode()


def post(client: Client, **fields: str) -> object:
    return client.post(reverse("office-calendar", args=["kec-contoh"]) + "?tahun=2026", fields)


def test_the_year_view_shows_national_holidays_and_the_offices_changes(office: Office, pengelola: User) -> None:
    client = client_for(pengelola)
    before = page(client)
    assert "2026-12-25" in before and "Libur nasional" in before and "Hari Jadi Kabupaten</td>" not in before
    response = post(client, aksi="ubah", jenis="libur", dari="2026-12-15", nama="Hari Jadi Kabupaten")
    assert response.status_code == 302 and response["Location"].endswith("?tahun=2026")
    post(client, aksi="ubah", jenis="jam", dari="2026-12-16", sampai="2026-12-17", jam="08:00-12:00", nama="Rapat")
    post(client, aksi="ubah", jenis="buka", dari="2026-12-24", nama="Pelayanan tetap buka")
    shown = page(client)
    assert '<tr class="local-holiday"><td>2026-12-15</td><td>selasa</td><td>Libur lokal</td>' in shown
    assert shown.count('<tr class="hours">') == 2 and "08:00-12:00" in shown
    assert '<tr class="open"><td>2026-12-24</td>' in shown
    kinds = dict(CalendarOverride.objects.values_list("date", "kind"))
    assert kinds == {
        dt.date(2026, 12, 15): "holiday",
        dt.date(2026, 12, 16): "hours",
        dt.date(2026, 12, 17): "hours",
        dt.date(2026, 12, 24): "open",
    }
    response = post(client, aksi="hapus", dari="2026-12-16", sampai="2026-12-24")
    assert response.status_code == 302 and CalendarOverride.objects.count() == 1
    assert "3 perubahan dibatalkan" in page(client)
    assert "<h1>Kalender kerja 2000</h1>" in page(client, 1999)  # years outside 2000-2100 are clamped


def test_a_local_holiday_moves_a_cases_due_time(office: Office, pengelola: User) -> None:
    monday = dt.datetime(2026, 11, 23, 15, 58, tzinfo=WIB)
    assert open_case(office, monday).tasks.get(number=1).due_at == dt.datetime(2026, 11, 24, 7, 33, tzinfo=WIB)
    post(client_for(pengelola), aksi="ubah", jenis="libur", dari="2026-11-24", nama="Hari Jadi Kabupaten")
    assert open_case(office, monday).tasks.get(number=1).due_at == dt.datetime(2026, 11, 25, 7, 33, tzinfo=WIB)


@pytest.mark.parametrize(
    ("fields", "indonesian", "english"),
    [
        ({"jenis": "libur", "dari": "2026-12-20", "sampai": "2026-12-10"}, "lebih awal dari", "is before"),
        ({"jenis": "jam", "dari": "2026-12-10", "jam": "9-12"}, "tidak terbaca", "9-12"),
        ({"jenis": "jam", "dari": "2026-12-10"}, "perlu jamnya", "need the hours"),
        ({"jenis": "buka", "dari": "2026-12-24", "sampai": "2026-12-26"}, "bukan hari kerja", "not a working day"),
        ({"jenis": "libur", "dari": "15-12-2026"}, "Dari tanggal: tidak sah", "From: invalid"),
        ({"jenis": "cuti", "dari": "2026-12-10"}, "Jenis: pilihan tidak dikenal", "Kind: unknown choice"),
    ],
    ids=["ends-before-it-starts", "hours-unreadable", "hours-missing", "open-on-a-weekend", "not-a-date", "kind"],
)
def test_bad_changes_are_refused_in_both_languages_and_change_nothing(
    office: Office, pengelola: User, fields: dict[str, str], indonesian: str, english: str
) -> None:
    client = client_for(pengelola)
    response = post(client, aksi="ubah", **fields)
    assert response.status_code == 400 and indonesian in response.content.decode()
    client.cookies["sopan_lang"] = "en"
    assert english in post(client, aksi="ubah", **fields).content.decode()
    assert not CalendarOverride.objects.exists()


def test_every_change_is_recorded_without_personal_data(
    office: Office, pengelola: User, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="sopan.audit"):
        post(client_for(pengelola), aksi="ubah", jenis="libur", dari="2026-12-15", nama="Hari Jadi")
        post(client_for(pengelola), aksi="ubah", jenis="libur", dari="2026-12-20", sampai="2026-12-10")  # refused
    records = [record.getMessage() for record in caplog.records if record.name == "sopan.audit"]
    assert records == [f"kec-contoh kalender by user {pengelola.pk}: 2026-12-15"]


def test_the_api_keeps_the_calendar_as_the_page_does(office: Office, pengelola: User) -> None:
    token = ApiToken.issue(pengelola, "sdm")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    base = "/api/organisations/kec-contoh/calendar"
    body = {"kind": "jam", "start": "2026-12-16", "end": "2026-12-17", "hours": "08:00-12:00", "name": "Rapat"}
    response = client.post(base, json.dumps(body), content_type="application/json")
    assert response.status_code == 200 and response.json() == {"dates": ["2026-12-16", "2026-12-17"]}
    year = client.get(base, {"year": 2026}).json()
    assert {"date": "2026-12-16", "what": "hours", "name": "Rapat", "hours": "08:00-12:00"} in year
    assert any(day["what"] == "national" and day["date"] == "2026-12-25" for day in year)
    wrong = {**body, "start": "2026-12-20", "end": "2026-12-10"}
    refused = client.post(base, json.dumps(wrong), content_type="application/json", headers={"Accept-Language": "en"})
    assert refused.status_code == 422 and refused.json()["code"] == "invalid_calendar"
    assert "is before" in refused.json()["message"]
    assert client.delete(f"{base}?start=2026-12-16&end=2026-12-17").json() == {"removed": 2}
    assert client.get(base, {"year": 1900}).status_code == 422
    other = User.objects.create_user("pengelola-lain")
    Administrator.objects.create(user=other, organisation=Organisation.objects.get(code="kec-lain"))
    stranger = Client(headers={"Authorization": f"Bearer {ApiToken.issue(other, 'sdm')[1]}"})
    assert stranger.get(base, {"year": 2026}).status_code == 404
    assert stranger.post(base, json.dumps(body), content_type="application/json").status_code == 404
    assert not CalendarOverride.objects.exists()
