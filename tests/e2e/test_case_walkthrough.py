"""A real case of a seed SOP walked through in Debian's chromium: intake at the loket with the receipt, a
'tidak' that sends the file back to the applicant, then every officer in turn, and the public status page.

Penerbitan Akta Kematian (Dukcapil Lumajang): Pemohon -> Petugas Loket (lengkap?) -> Operator/Kasi/Kabid
(benar?) -> Kepala Dinas -> Petugas Pengambilan -> Pemohon.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from sopan.web.accounts.models import RoleAssignment
from sopan.web.cases.models import Case
from sopan.web.catalog.models import Role
from sopan.web.catalog.publishing import publish_library
from tests.e2e.chromium import PASSWORD, SHOTS
from tests.factories import LIBRARY

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def officers() -> dict[str, User]:
    publish_library([LIBRARY / "dukcapil-lumajang"])
    users = {}
    for code in ("petugas-loket", "petugas-operator", "kadin", "petugas-pengambilan"):
        user = User.objects.create_user(f"uji.{code}", password=PASSWORD, first_name=code)
        RoleAssignment.objects.create(
            user=user, role=Role.objects.get(organisation__code="dukcapil-lumajang", code=code)
        )
        users[code] = user
    return users


class Screen:
    """One officer's browser tab, with a screenshot of each step when asked."""

    def __init__(self, browser, base: str) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.base = base
        self.count = 0

    def shot(self, name: str) -> None:
        if SHOTS:
            self.count += 1
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)

    def login(self, username: str) -> None:
        self.page.goto(f"{self.base}/masuk/")
        self.page.fill("#id_username", username)
        self.page.fill("#id_password", PASSWORD)
        self.page.click("main button[type=submit]")
        self.page.wait_for_url(f"{self.base}/tugas/")

    def logout(self) -> None:
        self.page.click("header form button")
        self.page.wait_for_url(f"{self.base}/")

    def open_task(self, code: str) -> None:
        self.page.goto(f"{self.base}/tugas/")
        self.page.locator("tr", has_text=code).locator("td a").first.click()
        self.page.wait_for_url("**/kasus/*/tugas/*/")
        self.page.wait_for_load_state()

    def tick_all(self) -> None:
        """Tick every box: the ticks go with whichever button of the step's form is pressed next."""
        self.page.wait_for_selector("form#langkah", state="attached")
        boxes = self.page.locator("ul.checklist input[type=checkbox]")
        for index in range(boxes.count()):
            boxes.nth(index).check()

    def expect_saved(self) -> None:
        self.page.wait_for_load_state()
        self.page.wait_for_selector(".messages li.success", timeout=15000)
        assert self.page.locator(".messages li.success").count() == 1, self.page.content()[:3000]


def test_a_case_from_intake_through_a_send_back_to_the_public_status(live_server, officers, browser) -> None:
    screen = Screen(browser, live_server.url)
    page = screen.page
    screen.login("uji.petugas-loket")

    # the loket: choose the service, record the applicant, tick what was brought
    page.goto(f"{live_server.url}/loket/")
    screen.shot("01-loket")
    page.locator("tr", has_text="Akta Kematian").locator("a").click()
    page.fill("#nama", "Siti Aminah")
    page.fill("#nik", "12345")
    page.click("main button[type=submit]")
    assert "NIK harus 16 angka" in page.content()
    page.fill("#nik", "3508014107800001")
    page.fill("#telepon", "081234567890")
    page.fill("#alamat", "Jl. Kenanga 5, Lumajang")
    page.check("#item-1")
    page.check("#item-2")
    screen.shot("02-intake")
    page.click("main button[type=submit]")
    assert "Kasus dibuat" in page.content()
    case = Case.objects.get()
    code = case.tracking_code
    assert code in page.content()
    screen.shot("03-case")

    # the receipt
    receipt = page.request.get(f"{live_server.url}/kasus/{case.pk}/tanda-terima.pdf")
    assert receipt.ok and receipt.headers["content-type"] == "application/pdf"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-", "-"], input=receipt.body(), capture_output=True, check=True).stdout
        assert code in text.decode() and "Penerbitan Akta Kematian" in text.decode()

    # step 1 (Pemohon) recorded by the loket, then the check says 'tidak': back to the applicant
    screen.open_task(code)
    screen.tick_all()
    page.click("button[value=outside]")
    screen.open_task(code)
    assert "memeriksa kelengkapan berkas" in page.content()
    page.click("button[value=tidak]")
    assert "perlu alasan" in page.content()
    page.fill("#alasan-tidak", "Surat keterangan kematian dari desa belum ada")
    screen.shot("04-tidak")
    page.click("button[value=tidak]")
    case.refresh_from_db()
    assert case.current_step == 1 and case.state["loops"] == {"2": 1}

    # the applicant brings the letter; the check now says 'ya'
    screen.open_task(code)
    screen.tick_all()
    page.click("button[value=outside]")
    screen.open_task(code)
    screen.tick_all()
    page.click("button[value=ya]")
    case.refresh_from_db()
    assert case.current_step == 3
    screen.logout()

    # the operator checks and prints (a decision), the head of the office signs, the pickup hands it over
    current = None
    for username, kind in (
        ("uji.petugas-operator", "ya"),
        ("uji.kadin", "complete"),
        ("uji.petugas-pengambilan", "complete"),
        ("uji.petugas-pengambilan", "outside"),  # the applicant receives the akta, recorded by the pickup officer
    ):
        if username != current:
            if current is not None:
                screen.logout()
            screen.login(username)
            current = username
        screen.open_task(code)
        screen.shot(f"05-{username}-{kind}")
        screen.tick_all()
        page.click(f"button[value={kind}]")
        page.wait_for_load_state()
        screen.expect_saved()
    case.refresh_from_db()
    assert case.status == "finished", case.state
    page.goto(f"{live_server.url}/kasus/{case.pk}/")
    assert "Kasus selesai" in page.content() and "Keputusan" in page.content()
    screen.shot("06-finished")
    screen.logout()

    # the citizen, not logged in, checks the status by the code on the receipt
    page.goto(f"{live_server.url}/status/")
    page.fill("input[name=kode]", code.lower())
    page.click("form.search button")
    page.wait_for_url(f"**/status/{code}/")  # the typed code comes back in its printed form
    page.wait_for_load_state()
    content = page.content()
    assert "Selesai" in content and "Penerbitan Akta Kematian" in content
    assert "Siti Aminah" not in content and "3508014107800001" not in content
    screen.shot("07-status")
