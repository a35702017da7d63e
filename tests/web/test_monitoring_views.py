"""The performance screen, its CSV downloads and the monitoring API, on the hand-made cases."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.test import Client
from django.urls import reverse
from lxml import etree

from sopan.web.accounts.models import ApiToken
from tests.web.factories import Office
from tests.web.hand_made_cases import build_cases

NOVEMBER = {"dari": "2026-11-01", "sampai": "2026-11-30"}


@pytest.fixture
def cases(office: Office) -> Office:
    return build_cases(office)


def signed_in(office: Office) -> Client:
    client = Client()
    client.force_login(office.kasi)
    return client


def page_url(office: Office) -> str:
    return reverse("performance", args=[office.organisation.code, "surat-keterangan"])


def test_the_page_shows_each_table_with_its_chart(cases: Office) -> None:
    response = signed_in(cases).get(page_url(cases), NOVEMBER)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<svg") == 10 and page.count('<table class="list">') == 11  # the deviating cases: no chart
    shown_values = ("<td>37,5</td>", "<td>1410,0</td>", "<td>66,7</td>")  # Indonesian decimals
    conformance = ("Kesesuaian dengan SOP", "Sesuai SOP (%)", "Berkas tidak sah", "Beban kerja per peran")
    for shown in ("Kasus dalam periode", "3. Memproses surat keterangan", "Lewat tenggat", *conformance, *shown_values):
        assert shown in page, shown
    assert "<script>" not in page and "script-src 'self'" in response.headers["Content-Security-Policy"]
    assert "Ani Lestari" not in page and "3508010101010001" not in page
    english = signed_in(cases).get(page_url(cases), {**NOVEMBER, "lang": "en"}).content.decode()
    assert "Working time per step" in english and "Where cases wait now" in english


def test_each_table_downloads_as_csv(cases: Office) -> None:
    client = signed_in(cases)
    url = reverse("performance-csv", args=[cases.organisation.code, "surat-keterangan", "langkah"])
    response = client.get(url, NOVEMBER)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "kec-contoh_surat-keterangan_langkah_2026-11-01_2026-11-30.csv" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][0] == "Langkah" and len(rows) == 6
    assert rows[2] == ["2. Memeriksa kelengkapan berkas", "10 menit", "10.0", "4", "37.5", "60.0", "25.0"]
    assert rows[4][1:] == ["Disesuaikan", "", "2", "165.0", "249.0", ""]
    cases_csv = client.get(url.replace("langkah", "kasus"), NOVEMBER).content.decode("utf-8-sig")
    assert "Selesai tepat waktu (%),50.0" in cases_csv
    assert client.get(url.replace("langkah", "lain"), NOVEMBER).status_code == 404


def test_each_table_downloads_as_xlsx(cases: Office) -> None:
    from openpyxl import load_workbook

    client = signed_in(cases)
    url = reverse("performance-xlsx", args=[cases.organisation.code, "surat-keterangan", "langkah"])
    response = client.get(url, NOVEMBER)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "kec-contoh_surat-keterangan_langkah_2026-11-01_2026-11-30.xlsx" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[2] == ("2. Memeriksa kelengkapan berkas", "10 menit", 10.0, 4, 37.5, 60.0, 25.0)
    waived = load_workbook(io.BytesIO(client.get(url.replace("langkah", "kelengkapan"), NOVEMBER).content)).active
    assert list(waived.values)[1:] == [
        (1, "Fotokopi KTP", 6, "dibawa besok (6)"),
        (1, "Surat pengantar desa", 6, "dibawa besok (6)"),
    ]
    assert client.get(url.replace("langkah", "lain"), NOVEMBER).status_code == 404
    assert Client().get(url).status_code == 302  # signed out: to the login page
    outsider = Client()
    outsider.force_login(cases.outsider)
    assert outsider.get(url, NOVEMBER).status_code == 404


def test_a_bad_date_is_named_not_a_500(cases: Office) -> None:
    response = signed_in(cases).get(page_url(cases), {"dari": "2026-13-01"})
    assert response.status_code == 400
    assert "dari &#x27;2026-13-01&#x27; bukan tanggal" in response.content.decode()
    backwards = signed_in(cases).get(page_url(cases), {"dari": "2026-11-30", "sampai": "2026-11-01", "lang": "en"})
    assert backwards.status_code == 400 and "is before dari" in backwards.content.decode()


OUT_OF_RANGE = [{"sampai": "0001-03-01"}, {"sampai": "9999-12-31"}, {"dari": "0001-01-01"}]


@pytest.mark.parametrize("period", OUT_OF_RANGE)
def test_a_date_outside_the_years_is_named_everywhere_not_a_500(cases: Office, period: dict[str, str]) -> None:
    (name, day), client = next(iter(period.items())), signed_in(cases)
    page = client.get(page_url(cases), period)
    assert page.status_code == 400
    assert f"{name} &#x27;{day}&#x27; di luar rentang tahun 1900-2999" in page.content.decode()
    csv_url = reverse("performance-csv", args=[cases.organisation.code, "surat-keterangan", "langkah"])
    assert client.get(csv_url, period).status_code == 400
    for url in ("/api/pemantauan/kec-contoh/surat-keterangan/kinerja", "/api/pemantauan/kec-contoh/log"):
        response = client.get(url, {**period, "lang": "en"})
        assert response.status_code == 422 and response.json()["code"] == "invalid_period"
        assert f"{name} '{day}' is outside the years 1900-2999" in response.json()["message"]


def test_api_figures_match_the_screen(cases: Office) -> None:
    token = ApiToken.issue(cases.camat, "dasbor")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    response = client.get("/api/pemantauan/kec-contoh/surat-keterangan/kinerja", NOVEMBER)
    assert response.status_code == 200
    body = response.json()
    assert body["cases"]["opened"] == 6 and body["cases"]["on_time_share"] == 0.5
    step5 = body["steps"][4]
    assert (step5["median_minutes"], step5["p90_minutes"], step5["within_share"]) == (810, 1410, 0.5)
    assert [(w["step"], w["open_tasks"]) for w in body["waiting"]] == [(2, 2), (3, 1)]
    assert [(d["step"], d["no_share"]) for d in body["decisions"]] == [(2, 0.25), (4, 0.0)]
    bad = client.get("/api/pemantauan/kec-contoh/surat-keterangan/kinerja", {"sampai": "kemarin"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid_period"
    assert "sampai 'kemarin' bukan tanggal" in bad.json()["message"]
    assert client.get("/api/pemantauan/kec-contoh/tidak-ada/kinerja").status_code == 404
    schema = Client().get("/api/openapi.json").json()
    assert "/api/pemantauan/{organisation}/{key}/kinerja" in schema["paths"]
    assert "/api/pemantauan/{organisation}/log" in schema["paths"]


LOG_STARTS = [("xes", b"<?xml"), ("ocel-json", b'{"objects"'), ("ocel-sqlite", b"SQLite")]


@pytest.mark.parametrize(("fmt", "start"), LOG_STARTS)
def test_api_event_log(cases: Office, fmt: str, start: bytes) -> None:
    response = signed_in(cases).get("/api/pemantauan/kec-contoh/log", {"format": fmt, "sop": "surat-keterangan"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert body.startswith(start)
    assert "attachment" in response["Content-Disposition"]
    if fmt == "xes":
        traces = etree.fromstring(body).findall("{http://www.xes-standard.org/}trace")
        assert len(traces) == 7
    if fmt == "ocel-json":
        assert sum(o["type"] == "permohonan" for o in json.loads(body)["objects"]) == 7


def test_api_event_log_period(cases: Office) -> None:
    response = signed_in(cases).get("/api/pemantauan/kec-contoh/log", NOVEMBER)
    traces = etree.fromstring(b"".join(response.streaming_content)).findall("{http://www.xes-standard.org/}trace")
    assert len(traces) == 6  # G was opened in October
    bad = signed_in(cases).get("/api/pemantauan/kec-contoh/log", {"format": "csv"})
    assert bad.status_code == 422


def test_a_csv_cell_a_spreadsheet_would_run_as_a_formula_is_kept_as_text() -> None:
    from sopan.web.monitoring.views import _csv_text

    assert _csv_text('=HYPERLINK("http://contoh.invalid","klik")') == '\'=HYPERLINK("http://contoh.invalid","klik")'
    assert [_csv_text(text) for text in ("+62811", "@SUM(A1)", "-1+2")] == ["'+62811", "'@SUM(A1)", "'-1+2"]
    assert [_csv_text(value) for value in (-5, 37.5, None, "-", "Berkas tidak sah")] == [
        -5,
        37.5,
        "",
        "-",
        "Berkas tidak sah",
    ]


def test_a_long_table_shows_its_first_rows_and_says_how_many_more_the_downloads_hold(
    cases: Office, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sopan.web.monitoring import views

    monkeypatch.setattr(views, "ROWS_SHOWN", 1)  # the two deviating cases (A, B): one shown, one more
    client = signed_in(cases)
    section = client.get(page_url(cases), NOVEMBER).content.decode().split('id="menyimpang"')[1].split("</section>")[0]
    assert section.count("<tr>") == 2  # the header and one case
    assert "Ditampilkan 1; 1 baris lagi ada di unduhan." in section
    english = client.get(page_url(cases), {**NOVEMBER, "lang": "en"}).content.decode()
    assert "Shown 1; 1 more rows are in the downloads." in english
    url = reverse("performance-csv", args=[cases.organisation.code, "surat-keterangan", "menyimpang"])
    assert len(list(csv.reader(io.StringIO(client.get(url, NOVEMBER).content.decode("utf-8-sig"))))) == 3
