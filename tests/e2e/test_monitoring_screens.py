"""Monitoring in Debian's chromium at 1366 px: the camat opens the SOP's performance view from the SOP page; the
organisation's evaluator fills and signs Tabel 7 for July-December 2026 and prints it. At 390 px the charts and
Tabel 7's notes stay legible."""

from __future__ import annotations

import subprocess

import pytest
from django.contrib.auth.models import User

from sopan.web.accounts.models import Administrator
from sopan.web.monitoring.models import MonitoringForm
from tests.e2e.chromium import PASSWORD, SHOTS
from tests.web.factories import Office
from tests.web.hand_made_cases import build_cases

pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, url: str, username: str) -> None:
    page.goto(f"{url}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{url}/tugas/")


def _evaluator(office: Office) -> User:
    """Rina, the organisation's administrator who evaluates its SOPs."""
    evaluator = User.objects.create_user("penilai", password=PASSWORD, first_name="Rina", last_name="Penilai")
    Administrator.objects.create(user=evaluator, organisation=office.organisation)
    return evaluator


def test_a_leader_sees_the_figures_and_an_evaluator_signs_tabel_7(live_server, office: Office, browser) -> None:
    build_cases(office)
    office.camat.set_password(PASSWORD)
    office.camat.save()
    evaluator = _evaluator(office)
    url = live_server.url

    page = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, url, "camat")
    page.goto(f"{url}/sop/kec-contoh/surat-keterangan/")
    page.click("a:has-text('Kinerja')")
    page.wait_for_url("**/pemantauan/kec-contoh/surat-keterangan/")
    page.fill("input[name=dari]", "2026-11-01")
    page.fill("input[name=sampai]", "2026-11-30")
    page.click("form.search button")
    page.wait_for_selector("#kesesuaian")
    content = page.content()
    assert "Kesesuaian dengan SOP" in content and "Berkas tidak sah" in content and "Ani Lestari" not in content
    assert page.locator("svg.chart").count() == 10
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/performance-1366.png", full_page=True)
    page.close()

    page = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, url, "penilai")
    page.click("header nav a:has-text('Pemantauan')")
    page.click("a:has-text('Kecamatan Contoh')")
    page.click("#tabel7-periods a:has-text('Juli-Desember 2026')")
    page.wait_for_url("**/pemantauan/kec-contoh/tabel7/2026-2/")
    note = page.locator("textarea[name^=note-]")
    assert note.input_value().startswith("1 dari 2 permohonan selesai tepat waktu; langkah 2 melewati mutu baku")
    assert page.locator("input[value=tidak]").is_checked()  # suggested by the default thresholds
    note.fill(note.input_value() + " Antrean pagi di loket.")
    page.fill("textarea[name^=action-]", "Tambah satu petugas loket pada pagi hari")
    page.fill("textarea[name=observations]", "Wawancara dengan dua petugas loket.")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/tabel7-edit-1366.png", full_page=True)
    page.click("button[value=paraf]")
    page.wait_for_selector("#paraf")
    assert "Diparaf oleh Rina Penilai" in page.content() and page.locator("textarea").count() == 0
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/tabel7-signed-1366.png", full_page=True)
    pdf = page.request.get(url + (page.locator("a:has-text('Cetak PDF')").get_attribute("href") or ""))
    assert pdf.ok and pdf.headers["content-type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=pdf.body(), capture_output=True, check=True)
    printed = text.stdout.decode()
    assert "MONITORING PELAKSANAAN SOP AP" in printed and "Tambah satu petugas" in printed and "Rina Penilai" in printed
    form = MonitoringForm.objects.get()
    assert form.signed_by == evaluator and form.rows.get().action == "Tambah satu petugas loket pada pagi hari"

    page.click("a:has-text('Semua periode dan SOP')")
    page.click("a[href$='/surat-keterangan/evaluasi/2026-2/']")
    page.wait_for_url("**/pemantauan/kec-contoh/surat-keterangan/evaluasi/2026-2/")
    assert "1 dari 2 selesai tepat waktu (50%)" in page.content()
    for radio in page.locator("input[type=radio][value=ya]").all():
        radio.check()
    page.check("input[name=conclusion][value=tetap]")
    page.fill("textarea[name=catatan-kinerja]", "Langkah 2 perlu perhatian")
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/evaluation-edit-1366.png", full_page=True)
    page.click("button[value=paraf]")
    page.wait_for_selector("#paraf")
    assert "Diparaf oleh Rina Penilai" in page.content() and "Tetap" in page.content()


LEGIBLE = """() => ({
    labels: Math.min(...[...document.querySelectorAll('svg.chart text')].map(t => t.getBoundingClientRect().height)),
    notes: Math.min(...[...document.querySelectorAll('textarea')].map(t => t.getBoundingClientRect().width)),
})"""


def test_the_figures_and_tabel_7_stay_legible_on_a_phone(live_server, office: Office, browser) -> None:
    """At 390 px a chart keeps its labels' size (it scrolls in its figure) and Tabel 7's notes stay writable."""
    build_cases(office)
    _evaluator(office)
    url = live_server.url
    page = browser.new_page(viewport={"width": 390, "height": 844})
    sign_in(page, url, "penilai")
    page.goto(f"{url}/pemantauan/kec-contoh/surat-keterangan/?dari=2026-11-01&sampai=2026-11-30&lang=en")
    assert page.locator("svg.chart").count() == 10
    assert page.evaluate(LEGIBLE)["labels"] >= 11  # 12 px text, not the 7 px of a 600 px chart shrunk to 360
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/performance-390-en.png", full_page=True)
    page.goto(f"{url}/pemantauan/kec-contoh/tabel7/2026-2/?lang=id")
    assert page.evaluate(LEGIBLE)["notes"] >= 180
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    if SHOTS:
        page.screenshot(path=f"{SHOTS}/tabel7-edit-390.png", full_page=True)
