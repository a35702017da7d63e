"""The recaps and the register book in Debian's chromium at 1366 px (and 390 px, a phone): the camat opens the
monthly recap of November 2026 from the monitoring page, reads the totals, downloads the XLSX and opens the register
book."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from tests.e2e.chromium import PASSWORD, SHOTS, sign_in
from tests.web.factories import Office
from tests.web.recap_cases import NOVEMBER, build_recap_cases

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_monthly_recap_is_shown_and_downloaded(live_server, office: Office, browser, tmp_path) -> None:
    cases = build_recap_cases(office)
    office.camat.set_password(PASSWORD)
    office.camat.save()
    url = live_server.url
    page = browser.new_page(viewport={"width": 1366, "height": 900}, accept_downloads=True)
    sign_in(page, url, "camat")
    page.click("header nav a:has-text('Pemantauan')")
    page.click("a:has-text('Kecamatan Contoh')")
    page.click("#recaps a:has-text('Rekapitulasi bulanan')")
    page.wait_for_url("**/pemantauan/kec-contoh/rekap/bulanan/")
    page.fill("input[name=bulan]", "2026-11")
    page.click("#recap-choice button")
    page.wait_for_url("**/rekap/bulanan/?bulan=2026-11*")
    totals = page.locator("#recap-table tfoot th").all_inner_texts()
    assert totals == ["", "Jumlah", "6", "3", "2", "1", "1", "1", "0", "11,03", "1,47"]
    assert "Rekapitulasi Bulanan Layanan" in page.content() and "Ani Lestari" not in page.content()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/recap-monthly-1366.png", full_page=True)
    with page.expect_download() as download:
        page.click("#recap-xlsx")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name == "rekap-bulanan_kec-contoh_2026-11.xlsx"
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    total = next(row for row in rows if row[1] == "Jumlah")
    assert list(total[2:9]) == [NOVEMBER[name] for name in ("opened", "finished", "on_time", "late", "held")] + [
        NOVEMBER["rejected"],
        NOVEMBER["cancelled"],
    ]
    page.goto(f"{url}/pemantauan/kec-contoh/")
    page.click("#recaps a:has-text('Buku register')")
    page.click("#registers a:has-text('2026')")
    page.wait_for_selector("#register-table")
    assert page.locator("#register-table tbody tr").count() == 3
    assert cases["H"].tracking_code in page.content() and "Ani Lestari" not in page.content()
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/register-book-1366.png", full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})  # a phone: wide tables scroll in their own box
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/register-book-390.png", full_page=True)
    page.goto(f"{url}/pemantauan/kec-contoh/rekap/bulanan/?bulan=2026-11")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/recap-monthly-390.png", full_page=True)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{url}/pemantauan/kec-contoh/rekap/harian/?tanggal=2026-11-05&lang=en")
    assert page.locator("h1").inner_text() == "Daily Service Recap"
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/recap-daily-en-1366.png", full_page=True)
    page.close()
