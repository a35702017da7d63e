"""The daily and monthly recaps and the register book on the hand-made cases of tests/web/recap_cases.py, against
numbers worked out by hand: figures, the day boundary in the office's time zone, XLSX, PDF, masking and paging."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
import subprocess
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from sopan.model.sop import Sop as SopModel
from sopan.web.cases.models import Case, RegisterEntry
from sopan.web.catalog import version_states
from sopan.web.catalog.publishing import publish_sop
from sopan.web.monitoring.letterhead import BLANK, letterhead
from sopan.web.monitoring.performance import PeriodError
from sopan.web.monitoring.recap import DAILY, MONTHLY, RecapPeriod, recap
from sopan.web.monitoring.register_book import book_page
from tests.factories import SERVICE_SOP, page_text
from tests.web.factories import Office, client_for, make_user
from tests.web.recap_cases import AVERAGE_MINUTES, NOVEMBER, build_recap_cases, when

TODAY = dt.date(2026, 12, 4)
REGISTER = "Register Surat Keterangan"


@pytest.fixture
def cases(office: Office) -> dict[str, Case]:
    return build_recap_cases(office)


def figures(line) -> dict[str, int]:
    return {name: getattr(line, name) for name in NOVEMBER}


def day(office: Office, number: int):
    return recap(office.organisation, RecapPeriod.parse(DAILY, f"2026-11-{number:02d}", TODAY)).total


def test_the_cases_are_as_worked_out_by_hand(cases: dict[str, Case]) -> None:
    p, q, h = cases["P"], cases["Q"], cases["H"]
    assert (p.due_at, q.due_at) == (when(4, 9, 15), when(4, 10, 15))
    assert h.due_at == when(11, 9, 45)  # Mon 9 Nov 09:15 moved by the 1050 minutes held
    assert h.typed_state.held_minutes == 1050
    assert (p.closed_at, q.closed_at, h.closed_at) == (when(2, 11, 15), when(5, 10), when(9, 11, 20))


def test_monthly_recap(office: Office, cases: dict[str, Case]) -> None:
    found = recap(office.organisation, RecapPeriod.parse(MONTHLY, "2026-11", TODAY))
    assert found.period.period.start == dt.date(2026, 11, 1) and found.period.period.end == dt.date(2026, 11, 30)
    assert [line.key for line in found.lines] == ["surat-keterangan"]
    assert figures(found.total) == NOVEMBER == figures(found.lines[0])
    assert found.total.average_minutes() == pytest.approx(AVERAGE_MINUTES)
    assert (found.hours(found.total.average_minutes()), found.days(found.total.average_minutes())) == (11.03, 1.47)
    one_sop = recap(office.organisation, RecapPeriod.parse(MONTHLY, "2026-11", TODAY), office.version.sop)
    assert figures(one_sop.total) == NOVEMBER
    october = recap(office.organisation, RecapPeriod.parse(MONTHLY, "2026-10", TODAY))
    assert figures(october.total) == dict.fromkeys(NOVEMBER, 0) and october.total.average_minutes() is None


def test_daily_recaps_and_the_day_boundary_in_the_office_time_zone(office: Office, cases: dict[str, Case]) -> None:
    monday = day(office, 2)
    assert figures(monday) | {"avg": monday.average_minutes()} == {
        **dict.fromkeys(NOVEMBER, 0),
        "opened": 2,
        "finished": 1,
        "on_time": 1,
        "avg": 195,
    }
    # B1 at 23:50 WIB belongs to Wednesday, B2 at 00:10 WIB to Thursday, though both are Wednesday in UTC
    assert day(office, 4).opened == 1
    thursday = day(office, 5)
    assert (thursday.opened, thursday.finished, thursday.late, thursday.on_time, thursday.held) == (2, 1, 1, 0, 1)
    assert thursday.average_minutes() == 1590
    hold_resumed = day(office, 9)  # finished on time: its due time moved by the wait
    assert (hold_resumed.finished, hold_resumed.on_time, hold_resumed.late, hold_resumed.held) == (1, 1, 0, 0)
    assert hold_resumed.average_minutes() == 200
    rejected = day(office, 10)
    assert (rejected.opened, rejected.rejected, rejected.finished) == (1, 1, 0)


@pytest.mark.parametrize(
    ("kind", "text", "word"),
    [("bulanan", "2026-13", "bulan"), ("harian", "5-11-2026", "tanggal"), ("harian", "3001-01-01", "tanggal")],
)
def test_an_unreadable_period_is_refused_in_both_languages(kind: str, text: str, word: str) -> None:
    with pytest.raises(PeriodError) as refused:
        RecapPeriod.parse(kind, text, TODAY)
    assert refused.value.text_id.startswith(word) and text[:20] in refused.value.text_en


def test_an_empty_period_is_today_or_this_month() -> None:
    assert RecapPeriod.parse(DAILY, "", TODAY).text == "2026-12-04"
    assert RecapPeriod.parse(MONTHLY, None, TODAY).text == "2026-12"
    assert RecapPeriod.parse(MONTHLY, "2024-02", TODAY).period.end == dt.date(2024, 2, 29)


def test_the_monthly_recap_page_in_both_languages(office: Office, cases: dict[str, Case]) -> None:
    client = client_for(office.camat)
    page = client.get("/pemantauan/kec-contoh/rekap/bulanan/", {"bulan": "2026-11"}).content.decode()
    assert "Rekapitulasi Bulanan Layanan" in page and "November 2026" in page and "Jumlah" in page
    cells = re.findall(r"<th>([^<]*)</th>", page.split("<tfoot>")[1])
    assert cells == ["", "Jumlah", "6", "3", "2", "1", "1", "1", "0", "11,03", "1,47"]  # Indonesian decimals
    english = client.get("/pemantauan/kec-contoh/rekap/bulanan/", {"bulan": "2026-11", "lang": "en"})
    text = english.content.decode()
    assert "Monthly Service Recap" in text and "Put on hold for the applicant" in text and "Rekapitulasi" not in text
    daily = client.get("/pemantauan/kec-contoh/rekap/harian/", {"tanggal": "2026-11-05", "lang": "id"}).content.decode()
    assert "Rekapitulasi Harian Layanan" in daily and "5 November 2026" in daily


def test_a_bad_period_or_sop_on_the_screens(office: Office, cases: dict[str, Case]) -> None:
    client = client_for(office.camat)
    bad = client.get("/pemantauan/kec-contoh/rekap/bulanan/", {"bulan": "2026-13"})
    assert bad.status_code == 400 and "bulan &#x27;2026-13&#x27; tidak terbaca" in bad.content.decode()
    assert client.get("/pemantauan/kec-contoh/rekap/bulanan.xlsx", {"bulan": "x"}).status_code == 400
    assert client.get("/pemantauan/kec-contoh/rekap/mingguan/").status_code == 404
    assert client.get("/pemantauan/kec-contoh/rekap/bulanan/", {"sop": "tidak-ada"}).status_code == 404


def test_the_monthly_recap_as_xlsx(office: Office, cases: dict[str, Case]) -> None:
    response = client_for(office.camat).get("/pemantauan/kec-contoh/rekap/bulanan.xlsx", {"bulan": "2026-11"})
    assert response["Content-Disposition"] == 'attachment; filename="rekap-bulanan_kec-contoh_2026-11.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell for cell in row] for row in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == "KECAMATAN CONTOH" and rows[1][0] == "Rekapitulasi Bulanan Layanan"
    assert rows[2][0] == "November 2026"
    header = next(i for i, row in enumerate(rows) if row[1] == "SOP")
    sop_row, total = rows[header + 1], rows[header + 2]
    assert sop_row[:11] == [1, "Pelayanan Surat Keterangan", 6, 3, 2, 1, 1, 1, 0, 11.03, 1.47]
    assert total[1:11] == ["Jumlah", 6, 3, 2, 1, 1, 1, 0, 11.03, 1.47]
    closing = [row[1] for row in rows[header + 3 :] if row and row[1]]
    assert closing[0].endswith(", 4 Desember 2026") or re.search(r", \d+ \w+ \d{4}$", closing[0])
    assert "Kepala Kecamatan Contoh" in closing


def test_the_daily_recap_as_pdf(office: Office, cases: dict[str, Case], tmp_path: Path) -> None:
    response = client_for(office.camat).get("/pemantauan/kec-contoh/rekap/harian.pdf", {"tanggal": "2026-11-05"})
    assert response["Content-Type"] == "application/pdf"
    path = tmp_path / "rekap.pdf"
    path.write_bytes(response.content)
    text = page_text(path, 1, "-layout")
    assert "KECAMATAN CONTOH" in text and "REKAPITULASI HARIAN LAYANAN" in text and "5 November 2026" in text
    total = next(line for line in text.splitlines() if "Jumlah" in line)
    assert total.split() == ["Jumlah", "2", "1", "0", "1", "1", "0", "0", "26,5", "3,53"]
    assert "Kepala Kecamatan Contoh" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-l", "1", str(path), str(tmp_path / "page")], check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 5000


def test_the_register_book(office: Office, cases: dict[str, Case]) -> None:
    book = book_page(office.camat, office.organisation, REGISTER, 2026, 1, "id", 100)
    assert (book.total, book.pages) == (3, 1)
    got = [(line.row, line.number, line.day, line.tracking_code, line.remark) for line in book.lines]
    assert got == [
        (1, "0001/2026", dt.date(2026, 11, 2), cases["P"].tracking_code, "Selesai"),
        (2, "0002/2026", dt.date(2026, 11, 2), cases["Q"].tracking_code, "Selesai"),
        (3, "0003/2026", dt.date(2026, 11, 9), cases["H"].tracking_code, "Selesai"),
    ]
    assert {line.sop for line in book.lines} == {"Pelayanan Surat Keterangan"}
    # the camat does not handle the applicant: masked; the loket (reception) sees the name and NIK
    assert book.lines[0].applicant == "A** L****** (••••••••••••0001)"
    loket = book_page(office.loket, office.organisation, REGISTER, 2026, 1, "en", 100)
    assert loket.lines[0].applicant == "Ani Lestari (3508010101010001)" and loket.lines[0].remark == "Finished"


def test_the_register_book_pages(office: Office, cases: dict[str, Case]) -> None:
    second = book_page(office.camat, office.organisation, REGISTER, 2026, 2, "id", 2)
    assert (second.pages, second.page, [line.row for line in second.lines]) == (2, 2, [3])
    beyond = book_page(office.camat, office.organisation, REGISTER, 2026, 99, "id", 2)
    assert beyond.page == 2
    client = client_for(office.camat)
    page = client.get("/pemantauan/kec-contoh/register/2026/", {"register": REGISTER}).content.decode()
    assert "Buku Register: Register Surat Keterangan Tahun 2026" in page and cases["H"].tracking_code in page
    assert "Ani Lestari" not in page and "3508010101010001" not in page
    other_year = client.get("/pemantauan/kec-contoh/register/2025/", {"register": REGISTER})
    assert other_year.status_code == 200 and "Tidak ada entri." in other_year.content.decode()
    assert client.get("/pemantauan/kec-contoh/register/2026/", {"register": "Tidak ada"}).status_code == 404


def test_the_register_book_as_xlsx_and_pdf(office: Office, cases: dict[str, Case], tmp_path: Path) -> None:
    client = client_for(office.loket)
    response = client.get("/pemantauan/kec-contoh/register/2026.xlsx", {"register": REGISTER})
    assert 'filename="register_kec-contoh_register-surat-keterangan_2026.xlsx"' in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "No. urut")
    assert [row[:4] for row in rows[header + 1 :]] == [
        (1, "0001/2026", "2026-11-02", cases["P"].tracking_code),
        (2, "0002/2026", "2026-11-02", cases["Q"].tracking_code),
        (3, "0003/2026", "2026-11-09", cases["H"].tracking_code),
    ]
    pdf = client.get("/pemantauan/kec-contoh/register/2026.pdf", {"register": REGISTER})
    path = tmp_path / "register.pdf"
    path.write_bytes(pdf.content)
    text = page_text(path, 1)
    assert "BUKU REGISTER: REGISTER SURAT KETERANGAN TAHUN 2026" in text and cases["Q"].tracking_code in text


def test_no_recap_or_register_book_for_another_office(office: Office, cases: dict[str, Case]) -> None:
    client = client_for(office.outsider)
    assert client.get("/pemantauan/kec-contoh/rekap/bulanan/").status_code == 404
    assert client.get("/pemantauan/kec-contoh/register/2026/", {"register": REGISTER}).status_code == 404
    citizen = make_user("warga", office.organisation)
    assert client_for(citizen).get("/pemantauan/kec-contoh/rekap/harian.pdf").status_code == 404


def test_the_recap_costs_the_same_queries_whatever_the_number_of_cases(office: Office, cases: dict[str, Case]) -> None:
    def queries(month: str) -> int:
        with CaptureQueriesContext(connection) as seen:
            recap(office.organisation, RecapPeriod.parse(MONTHLY, month, TODAY))
        return len(seen.captured_queries)

    assert queries("2026-11") == queries("2026-10") <= 7


def test_the_register_book_costs_the_same_queries_at_3_and_30_rows(office: Office, cases: dict[str, Case]) -> None:
    def queries(viewer) -> tuple[int, list[str]]:
        with CaptureQueriesContext(connection) as seen:
            book = book_page(viewer, office.organisation, REGISTER, 2026, 1, "id", 100)
        return len(seen.captured_queries), [line.applicant for line in book.lines]

    book_page(office.loket, office.organisation, REGISTER, 2026, 1, "id", 100)  # the versions' processes cached
    few, shown = queries(office.loket)
    assert len(shown) == 3 and shown[0] == "Ani Lestari (3508010101010001)"
    first = RegisterEntry.objects.filter(register=REGISTER).order_by("number").first()
    for number in range(4, 31):
        RegisterEntry.objects.create(
            organisation=office.organisation, register=REGISTER, year=2026, number=number, case=first.case, at=first.at
        )
    many, shown = queries(office.loket)
    assert len(shown) == 30 and set(shown) == {"Ani Lestari (3508010101010001)"}
    assert many == few <= 3
    masked, shown = queries(office.camat)
    assert masked == few and shown[29] == "A** L****** (••••••••••••0001)"


@pytest.mark.parametrize(
    "query",
    [
        {"bulan": "9" * 5000},
        {"bulan": "2026-02-30"},
        {"bulan": "０２０２６-11"},
        {"bulan": "-1"},
        {"sop": "x" * 5000},
        {"sop": "../../etc"},
        {"bulan": "2026-11", "sop": ""},
    ],
)
def test_odd_recap_addresses_get_a_clear_answer(office: Office, query: dict) -> None:
    client = client_for(office.camat)
    for suffix in ("/", ".xlsx", ".pdf"):
        answer = client.get(f"/pemantauan/kec-contoh/rekap/bulanan{suffix}", query)
        assert answer.status_code in (200, 400, 404), (suffix, query, answer.status_code)


@pytest.mark.parametrize(
    "query",
    [
        {"register": REGISTER, "halaman": "-5"},
        {"register": REGISTER, "halaman": "9" * 400},
        {"register": REGISTER, "halaman": "dua"},
        {"register": "R" * 5000},
        {"register": ""},
    ],
)
def test_odd_register_addresses_get_a_clear_answer(office: Office, cases: dict[str, Case], query: dict) -> None:
    client = client_for(office.camat)
    for suffix in ("/", ".xlsx"):
        answer = client.get(f"/pemantauan/kec-contoh/register/2026{suffix}", query)
        assert answer.status_code in (200, 404), (suffix, query, answer.status_code)
    assert client.get("/pemantauan/kec-contoh/register/1999/").status_code == 404  # outside the years kept


def test_the_signature_block_names_the_head_of_the_office(office: Office) -> None:
    nip = "196607101992021007"
    place = office.organisation
    assert (letterhead(place).position, letterhead(place).name) == ("Kepala Kecamatan Contoh", BLANK)
    place.definition = {
        "induk": ["Pemerintah Kabupaten Contoh"],
        "keputusan": [
            {"tanggal": "2020-01-02", "tempat": "Contoh", "ditandatangani_oleh": {"jabatan": "Camat Contoh"}},
            {
                "tanggal": "2018-02-25",
                "ditandatangani_oleh": {"jabatan": "Camat Contoh", "nama": "Drs. Sutrisno", "nip": nip},
            },
            {"tanggal": "2019-05-01", "judul": "tanpa penanda tangan"},
        ],
    }
    place.address = "Jl. Raya Contoh 1"
    head = letterhead(place)
    assert head.lines == ["PEMERINTAH KABUPATEN CONTOH", "KECAMATAN CONTOH", "Jl. Raya Contoh 1"]
    # the newest place named; the newest signatory with a name, though an unnamed one signed later
    assert (head.place, head.position, head.name, head.nip) == ("Contoh", "Camat Contoh", "Drs. Sutrisno", nip)


def _publish(office: Office, key: str, signatory: dict | None) -> None:
    data = copy.deepcopy(SERVICE_SOP)
    if signatory is not None:
        data["disahkan_oleh"] = signatory
    data["nama"] = f"{data['nama']} {key} {signatory}"  # a new version each time
    sop = SopModel.model_validate(data)
    sop.id = key
    assert publish_sop(office.organisation, sop)[1]


@pytest.mark.parametrize("recorded", [True, False], ids=["lifecycle-states", "no-states"])
def test_the_signature_block_takes_the_sop_version_in_force(office: Office, monkeypatch, recorded: bool) -> None:
    if not recorded:
        monkeypatch.setattr(version_states, "_reader", None)
    old = {"jabatan": "Camat Contoh", "nama": "Drs. Lama"}
    _publish(office, "surat-keterangan", old)
    _publish(office, "surat-keterangan", None)  # version 3 in force, without a signatory
    head = letterhead(office.organisation)
    assert (head.position, head.name) == ("Kepala Kecamatan Contoh", BLANK)  # not the superseded version's
    _publish(office, "surat-lain", {"jabatan": "Camat Contoh", "nama": "Drs. Baru", "nip": "1"})
    _publish(office, "surat-keterangan", {"jabatan": "Camat Contoh", "nama": "Drs. Lama Lagi"})
    _publish(office, "surat-keterangan", None)
    assert letterhead(office.organisation).name == "Drs. Baru"
