"""The office's administration in Debian's chromium: the pengelola adds a user and gives them Plh of a role for a
period; the user logs in, changes the one-time password, sees that role's inbox and completes a task; after the
period the same task is refused. Every new screen is also looked at 1366 and 390 px wide (nothing wider than the
phone's screen, and no button cut off at its right edge, even inside a table that scrolls)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from sopan.engine import Decide, RecordOutsideStep, TickRequirement
from sopan.web.accounts.models import Administrator, RoleAssignment
from sopan.web.cases.models import Case, Task
from sopan.web.cases.services import submit
from sopan.web.catalog.models import Sop
from tests.e2e.chromium import PASSWORD, SHOTS
from tests.factories import at
from tests.web.factories import NOBODY, Office, open_case

pytestmark = pytest.mark.django_db(transaction=True)

NEW_PASSWORD = "Matahari-terbit-2026"


def _at_kasi(office: Office) -> Case:
    case = open_case(office)
    submit(office.loket, RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"}), case=case)
    submit(office.loket, TickRequirement(actor=NOBODY, at=at(2, 9, 30), task=2, item="1"), case=case)
    submit(office.loket, Decide(actor=NOBODY, at=at(2, 10), task=2, answer=True), case=case)
    case.refresh_from_db()
    return case


def _login(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/masuk/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def _pengelola(office: Office) -> User:
    user = User.objects.create_user("pengelola", password=PASSWORD, first_name="Pengelola Contoh")
    Administrator.objects.create(user=user, organisation=office.organisation)
    return user


def test_a_plh_added_in_the_browser_works_the_roles_inbox_only_in_its_period(
    live_server, office: Office, browser
) -> None:
    first, second = _at_kasi(office), _at_kasi(office)
    _pengelola(office)
    base = live_server.url
    admin = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    _login(admin, base, "pengelola", PASSWORD)
    admin.click("header nav a:has-text('Pengelola')")
    admin.wait_for_url("**/pengelola/kec-contoh/")
    admin.click("main a:has-text('Pengguna')")
    admin.click("main a:has-text('Tambah pengguna')")
    admin.fill("input[name=username]", "rina")
    admin.fill("input[name=nama]", "Rina Wati")
    admin.fill("input[name=nip]", "1987")  # too short: refused, nothing saved
    admin.click("main button[type=submit]")
    assert "NIP harus 18 angka" in admin.locator(".messages").inner_text()
    assert not User.objects.filter(username="rina").exists()
    admin.fill("input[name=nip]", "198701012010011001")
    admin.click("main button[type=submit]")
    one_time = admin.locator("#rahasia").inner_text().strip()
    admin.click("main a:has-text('Lanjut')")
    admin.wait_for_url("**/pengguna/*/")
    today = timezone.localdate()
    admin.select_option("select[name=peran]", label="Kasi Pelayanan")
    admin.select_option("select[name=jenis]", value="plh")
    admin.fill("input[name=mulai]", today.isoformat())
    admin.fill("input[name=sampai]", (today + dt.timedelta(days=6)).isoformat())
    admin.click("form.card button:has-text('Beri peran')")
    admin.wait_for_selector(".messages li.success")
    assert "Plh (pelaksana harian)" in admin.content() and "memegang" in admin.content()

    user = browser.new_context(viewport={"width": 390, "height": 844}).new_page()
    _login(user, base, "rina", one_time)
    user.wait_for_url("**/akun/sandi/?wajib=1")  # the one-time password must be changed first
    user.fill("input[name=lama]", one_time)
    user.fill("input[name=baru]", NEW_PASSWORD)
    user.fill("input[name=ulang]", NEW_PASSWORD)
    user.click("main button[type=submit]")
    user.wait_for_url(f"{base}/tugas/")
    inbox = user.content()
    assert first.tracking_code in inbox and second.tracking_code in inbox
    user.locator("tr", has_text=first.tracking_code).locator("td a").first.click()
    user.click("button[value=complete]")
    user.wait_for_load_state()
    assert not Task.objects.get(case=first, number=3).is_open
    assert Task.objects.get(case=first, number=3).completed_by.username == "rina"

    user.goto(f"{base}/tugas/")
    user.locator("tr", has_text=second.tracking_code).locator("td a").first.click()
    user.wait_for_selector("button[value=complete]")
    # the period ends while the task page is open: the same task is refused when the command runs
    RoleAssignment.objects.filter(user__username="rina").update(
        valid_from=today - dt.timedelta(days=9), valid_until=today - dt.timedelta(days=2)
    )
    user.click("button[value=complete]")
    user.wait_for_load_state()
    assert Task.objects.get(case=second, number=3).is_open
    user.goto(f"{base}/tugas/")
    assert second.tracking_code not in user.content()


SCREENS = (
    "",
    "pengguna/",
    "pengguna/baru/",
    "pengguna/{user}/",
    "peran/",
    "penyusun/",
    "pengguna/token/",
    "pengguna/audit/",
)
# the screens beside the office's that a pengelola uses on a phone: the case search has a select of SOP titles
ELSEWHERE = ("/kasus/", "/")
LONG_TITLE = "Pelayanan Penerbitan Surat Keterangan Pindah Antar Kecamatan dalam Satu Kabupaten Banjarnegara"
CUT_BUTTONS = """w => [...document.querySelectorAll('main button, main .button, main select')]
    .filter(b => b.getBoundingClientRect().width > 0 && b.getBoundingClientRect().right > w)
    .map(b => b.textContent.trim().slice(0, 30) || b.name)"""


def test_every_administration_screen_fits_1366_and_390_px(live_server, office: Office, browser) -> None:
    admin = _pengelola(office)
    RoleAssignment.objects.filter(user=office.camat).update(ended_at=timezone.now())  # a role with no holder
    Sop.objects.filter(pk=office.version.sop_id).update(title=LONG_TITLE)
    for width, height in ((1366, 900), (390, 844)):
        page = browser.new_context(viewport={"width": width, "height": height}).new_page()
        _login(page, live_server.url, "pengelola", PASSWORD)
        office_screens = [f"/pengelola/kec-contoh/{path.format(user=office.kasi.pk)}" for path in SCREENS]
        for path in [*office_screens, *ELSEWHERE]:
            url = f"{live_server.url}{path}"
            answer = page.goto(url)
            assert answer is not None and answer.status == 200, url
            wide = page.evaluate("document.documentElement.scrollWidth")
            assert wide <= width, f"{url} at {width} px is {wide} px wide"
            assert page.evaluate(CUT_BUTTONS, width) == [], f"{url} at {width} px cuts these off"
            if SHOTS:
                name = path.strip("/").replace("/", "-") or "katalog"
                page.screenshot(path=f"{SHOTS}/office-{name}-{width}.png", full_page=True)
        page.goto(f"{live_server.url}/akun/sandi/")
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/office-password-{width}.png", full_page=True)
    assert admin.is_active
