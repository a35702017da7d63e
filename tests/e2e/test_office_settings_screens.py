"""The office's profile and calendar in Debian's chromium: the administrator sets a local holiday, sees it in the
year's view, and a case opened the evening before is due a day later; the profile takes a logo and refuses hours
it cannot read. Screens at 1366 and 390 px wide."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from sopan.web.accounts.models import Administrator
from sopan.web.catalog.models import CalendarOverride
from tests.e2e.chromium import PASSWORD, login, shot
from tests.factories import WIB
from tests.web.factories import PASSWORD as OFFICER_PASSWORD
from tests.web.factories import Office, open_case

pytestmark = pytest.mark.django_db(transaction=True)

MONDAY_EVENING = dt.datetime(2026, 11, 23, 15, 58, tzinfo=WIB)  # step 1 (5 menit) runs over into the next day


def submit(page, form: str, outcome: str) -> str:
    """Send a form of the page and wait for its message (success or error); the messages' text."""
    page.click(f"{form} button[type=submit]")
    page.wait_for_selector(f".messages li.{outcome}")
    return page.locator(".messages").inner_text()


def test_a_local_holiday_set_in_the_browser_moves_a_cases_due_time(
    live_server, office: Office, browser, tmp_path: Path
) -> None:
    user = User.objects.create_user("pengelola", password=PASSWORD)
    Administrator.objects.create(user=user, organisation=office.organisation)
    before = open_case(office, MONDAY_EVENING)
    assert before.tasks.get(number=1).due_at == dt.datetime(2026, 11, 24, 7, 33, tzinfo=WIB)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    login(page, live_server.url, "pengelola", PASSWORD)
    page.click("header nav a:has-text('Pengelola')")
    page.click("main a:has-text('Kalender')")
    page.wait_for_url("**/pengelola/kec-contoh/kalender/")
    page.goto(f"{live_server.url}/pengelola/kec-contoh/kalender/?tahun=2026")
    assert "Kalender kerja 2026" in page.content() and "2026-12-25" in page.locator("#tahun").inner_text()
    page.select_option("select[name=jenis]", "libur")
    page.fill("#ubah input[name=dari]", "2026-11-24")
    page.fill("#ubah input[name=nama]", "Hari Jadi Kabupaten")
    submit(page, "#ubah", "success")
    row = page.locator("#tahun tr", has_text="2026-11-24").inner_text()
    assert "Libur lokal" in row and "Hari Jadi Kabupaten" in row
    shot(page, "office-calendar-1366")
    # a period that ends before it starts: refused in the browser's language, nothing kept
    page.fill("#ubah input[name=dari]", "2026-12-20")
    page.fill("#ubah input[name=sampai]", "2026-12-10")
    assert "lebih awal dari tanggal awal" in submit(page, "#ubah", "error")
    assert CalendarOverride.objects.count() == 1
    shot(page, "office-calendar-refused-1366")
    after = open_case(office, MONDAY_EVENING)
    assert after.tasks.get(number=1).due_at == dt.datetime(2026, 11, 25, 7, 33, tzinfo=WIB)
    officer = browser.new_page(viewport={"width": 390, "height": 844})
    login(officer, live_server.url, "siti", OFFICER_PASSWORD)
    officer.goto(f"{live_server.url}/kasus/{after.pk}/tugas/1/")
    assert "25 Nov 2026 07:33" in officer.content()
    officer.goto(f"{live_server.url}/kasus/{before.pk}/tugas/1/")
    assert "24 Nov 2026 07:33" in officer.content()  # a task keeps the due time it was given
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    login(phone, live_server.url, "pengelola", PASSWORD)
    phone.goto(f"{live_server.url}/pengelola/kec-contoh/kalender/?tahun=2026")
    shot(phone, "office-calendar-390")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390


def test_the_profile_takes_a_logo_and_refuses_unreadable_hours(live_server, office: Office, browser, tmp_path) -> None:
    from PIL import Image

    user = User.objects.create_user("pengelola", password=PASSWORD)
    Administrator.objects.create(user=user, organisation=office.organisation)
    logo = tmp_path / "logo.png"
    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), (11, 92, 142)).save(buffer, format="PNG")
    logo.write_bytes(buffer.getvalue())
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    login(page, live_server.url, "pengelola", PASSWORD)
    page.goto(f"{live_server.url}/pengelola/kec-contoh/profil/")
    page.set_input_files("#logo input[type=file]", str(logo))
    submit(page, "#logo", "success")
    assert page.locator("img.logo-preview").count() == 1
    page.fill("#profil input[name=alamat]", "Jl. Raya Contoh 1")
    page.fill("#jam-sabtu", "08:00-12:00")
    submit(page, "#profil", "success")
    sources = page.locator("#sumber").inner_text()
    assert sources.count("diubah kantor (menang)") == 2 and "unggahan kantor (menang)" in sources
    shot(page, "office-profile-1366")
    page.fill("#jam-senin", "jam 8 sampai 12")
    page.fill("#profil input[name=nama]", "Nama Tidak Tersimpan")
    assert "jam_kerja.senin" in submit(page, "#profil", "error")
    shot(page, "office-profile-refused-1366")
    office.organisation.refresh_from_db()
    assert office.organisation.name == "Kecamatan Contoh" and office.organisation.address == "Jl. Raya Contoh 1"
    assert office.organisation.office_hours["sabtu"] == "08:00-12:00"
    page.goto(f"{live_server.url}/sop/kec-contoh/surat-keterangan/")
    assert page.locator("img.sop-identity__logo").evaluate("image => image.naturalWidth") == 60
    assert "Jl. Raya Contoh 1" in page.content()
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    login(phone, live_server.url, "pengelola", PASSWORD)
    phone.goto(f"{live_server.url}/pengelola/kec-contoh/profil/?lang=en")
    assert "Organisation profile" in phone.content()
    shot(phone, "office-profile-390")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
