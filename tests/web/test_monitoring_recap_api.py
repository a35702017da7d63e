"""The recaps and register books in the API on the hand-made cases of tests/web/recap_cases.py: the JSON figures,
the files, the 404 and 422 answers, and their place in the OpenAPI document."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from sopan.web.accounts.models import ApiToken
from sopan.web.cases.models import Case
from tests.web.factories import Office, client_for
from tests.web.recap_cases import NOVEMBER, build_recap_cases

REGISTER = "Register Surat Keterangan"


@pytest.fixture
def cases(office: Office) -> dict[str, Case]:
    return build_recap_cases(office)


def bearer(office: Office) -> Client:
    _, raw = ApiToken.issue(office.camat, "rekap")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_the_monthly_recap_as_json(office: Office, cases: dict[str, Case]) -> None:
    answer = bearer(office).get("/api/pemantauan/kec-contoh/rekap/bulanan", {"periode": "2026-11"})
    body = answer.json()
    assert answer.status_code == 200 and (body["period"], body["start"], body["end"]) == (
        "2026-11",
        "2026-11-01",
        "2026-11-30",
    )
    total = body["total"]
    assert {name: total[name] for name in NOVEMBER} == NOVEMBER and total["sop"] is None
    assert (total["average_working_minutes"], total["average_working_hours"], total["average_working_days"]) == (
        661.67,
        11.03,
        1.47,
    )
    assert [line["sop"] for line in body["lines"]] == ["surat-keterangan"] and body["working_day_minutes"] == 450


def test_the_daily_recap_of_one_sop_as_json(office: Office, cases: dict[str, Case]) -> None:
    query = {"periode": "2026-11-05", "sop": "surat-keterangan"}
    total = bearer(office).get("/api/pemantauan/kec-contoh/rekap/harian", query).json()["total"]
    assert (total["opened"], total["finished"], total["late"], total["held"]) == (2, 1, 1, 1)


def test_the_recap_files(office: Office, cases: dict[str, Case]) -> None:
    client = bearer(office)
    xlsx = client.get("/api/pemantauan/kec-contoh/rekap/bulanan/berkas", {"periode": "2026-11"})
    assert xlsx["Content-Disposition"] == 'attachment; filename="rekap-bulanan_kec-contoh_2026-11.xlsx"'
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert next(row for row in rows if row[1] == "Jumlah")[2:11] == (6, 3, 2, 1, 1, 1, 0, 11.03, 1.47)
    pdf = client.get("/api/pemantauan/kec-contoh/rekap/harian/berkas", {"periode": "2026-11-05", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == 'attachment; filename="rekap-harian_kec-contoh_2026-11-05.pdf"'


@pytest.mark.parametrize(
    ("url", "query", "status", "code"),
    [
        ("/api/pemantauan/kec-contoh/rekap/bulanan", {"periode": "2026-13"}, 422, "invalid_period"),
        ("/api/pemantauan/kec-contoh/rekap/harian", {"periode": "kemarin"}, 422, "invalid_period"),
        ("/api/pemantauan/kec-contoh/rekap/mingguan", {}, 422, None),
        ("/api/pemantauan/kec-contoh/rekap/bulanan", {"sop": "tidak-ada"}, 404, "not_found"),
        ("/api/pemantauan/kec-lain/rekap/bulanan", {}, 404, "not_found"),
        ("/api/pemantauan/kec-contoh/rekap/bulanan/berkas", {"format": "doc"}, 422, None),
        ("/api/pemantauan/kec-contoh/register/2026", {"nama": "Tidak ada"}, 404, "not_found"),
        ("/api/pemantauan/kec-contoh/register/2026", {}, 422, None),
        ("/api/pemantauan/kec-contoh/register/99999", {"nama": REGISTER}, 422, "invalid_year"),
        ("/api/pemantauan/kec-contoh/register/2026", {"nama": REGISTER, "halaman": "0"}, 422, None),
        ("/api/pemantauan/kec-contoh/register/2026", {"nama": REGISTER, "halaman": "9" * 30}, 422, None),
    ],
)
def test_bad_requests_are_answered_in_json(office: Office, url: str, query: dict, status: int, code: str) -> None:
    answer = bearer(office).get(url, query)
    assert answer.status_code == status and answer["Content-Type"].startswith("application/json")
    body = answer.json()
    assert body["message"] and (code is None or body["code"] == code)


def test_the_register_book_as_json(office: Office, cases: dict[str, Case]) -> None:
    client = bearer(office)
    assert client.get("/api/pemantauan/kec-contoh/register").json() == [{"name": REGISTER, "years": [2026]}]
    body = client.get("/api/pemantauan/kec-contoh/register/2026", {"nama": REGISTER}).json()
    assert (body["name"], body["total"], body["pages"], body["page"]) == (REGISTER, 3, 1, 1)
    first = body["entries"][0]
    assert (first["row"], first["number"], first["date"], first["tracking_code"]) == (
        1,
        "0001/2026",
        "2026-11-02",
        cases["P"].tracking_code,
    )
    assert first["applicant"] == "A** L****** (••••••••••••0001)"  # the camat does not handle the applicant
    loket = client_for(office.loket).get("/api/pemantauan/kec-contoh/register/2026", {"nama": REGISTER}).json()
    assert loket["entries"][0]["applicant"] == "Ani Lestari (3508010101010001)"
    past = client.get("/api/pemantauan/kec-contoh/register/2026", {"nama": REGISTER, "halaman": 5}).json()
    assert past["page"] == 1 and len(past["entries"]) == 3  # kept within the book
    xlsx = client.get("/api/pemantauan/kec-contoh/register/2026/berkas", {"nama": REGISTER})
    rows = list(load_workbook(io.BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert [row[1] for row in rows if isinstance(row[0], int)] == ["0001/2026", "0002/2026", "0003/2026"]
    pdf = client.get("/api/pemantauan/kec-contoh/register/2026/berkas", {"nama": REGISTER, "format": "pdf"})
    assert pdf.content.startswith(b"%PDF")


def test_the_openapi_document_states_the_kinds_and_formats(db) -> None:
    schema = Client().get("/api/openapi.json").json()
    recap = schema["paths"]["/api/pemantauan/{organisation}/rekap/{kind}"]["get"]
    kind = next(p for p in recap["parameters"] if p["name"] == "kind")
    assert kind["schema"]["enum"] == ["harian", "bulanan"]
    assert {"200", "401", "404", "422"} <= set(recap["responses"])  # every answer an integrator may get is listed
    files = schema["paths"]["/api/pemantauan/{organisation}/register/{year}/berkas"]["get"]
    formats = next(p for p in files["parameters"] if p["name"] == "format")
    assert formats["schema"]["enum"] == ["xlsx", "pdf"]
