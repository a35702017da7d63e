"""Clicks per step, counted in Debian's chromium: one officer holding every role walks a 9-step case without a
checklist from the inbox to the end, and the count stays within 2 clicks per step (issue 16, item 2)."""

from __future__ import annotations

import pytest

from sopan.engine import SIGNED_IN, Applicant, OpenCase
from sopan.model.sop import Sop as SopModel
from sopan.web.cases.models import Case
from sopan.web.cases.services import submit
from sopan.web.catalog.publishing import publish_sop
from tests.e2e.chromium import PASSWORD
from tests.web.factories import Office, make_user

pytestmark = pytest.mark.django_db(transaction=True)

STEPS = [
    "Menerima berkas permohonan",
    "Mencatat permohonan di register",
    "Memeriksa kelengkapan berkas",
    "Memverifikasi data pemohon",
    "Mengetik konsep surat",
    "Memeriksa konsep surat",
    "Memaraf konsep surat",
    "Mencetak surat",
    "Menyerahkan surat kepada pemohon",
]
NINE_STEPS = {
    "organisasi": "kec-contoh",
    "nama": "Legalisasi Surat Keterangan",
    "sifat": "pelayanan",
    "pelaksana": [{"kode": "pemohon", "nama": "Pemohon", "pihak_luar": True}, {"kode": "petugas", "nama": "Petugas"}],
    "langkah": [
        {"kegiatan": activity, "pelaksana": "petugas", "waktu": "10 menit"}
        | ({"keputusan": {"pertanyaan": "Berkas lengkap?", "tidak": 1}} if number == 3 else {})
        for number, activity in enumerate(STEPS, start=1)
    ],
}
MOST_CLICKS_PER_STEP = 2


class CountingPage:
    """A browser tab that counts the clicks an officer makes."""

    def __init__(self, page) -> None:
        self.page = page
        self.clicks = 0

    def click(self, selector: str) -> None:
        self.clicks += 1
        self.page.click(selector)
        self.page.wait_for_load_state()


def test_a_nine_step_case_takes_at_most_two_clicks_per_step(live_server, office: Office, browser) -> None:
    sop = SopModel.model_validate(NINE_STEPS)
    sop.id = "legalisasi"
    version, _ = publish_sop(office.organisation, sop)
    officer = make_user("serba-bisa", office.organisation, "petugas")
    officer.set_password(PASSWORD)
    officer.save()
    opened = submit(
        officer, OpenCase(actor=SIGNED_IN, at=version.published_at, applicant=Applicant("Ani")), version=version
    )
    code = opened.case.tracking_code

    tab = browser.new_page(viewport={"width": 1280, "height": 900})
    tab.goto(f"{live_server.url}/masuk/")
    tab.fill("#id_username", "serba-bisa")
    tab.fill("#id_password", PASSWORD)
    tab.click("main button[type=submit]")
    tab.wait_for_url(f"{live_server.url}/tugas/")  # signing in is not part of a step

    page = CountingPage(tab)
    per_step = []
    page.click(f"tr:has-text('{code}') td a")  # the case's first task, from the inbox
    for number, activity in enumerate(STEPS, start=1):
        before = page.clicks if number > 1 else 0
        assert activity in tab.content(), (number, tab.url)
        if number == 3:
            assert tab.locator("button[value=ya]").inner_text() == "Lengkap"
            assert tab.locator("button[value=tidak]").inner_text() == "Tidak lengkap"
            page.click("button[value=ya]")
        else:
            page.click("button[value=complete]")
        per_step.append(page.clicks - before)
    case = Case.objects.get(pk=opened.case.pk)
    assert case.status == "finished", case.state
    assert all(clicks <= MOST_CLICKS_PER_STEP for clicks in per_step), per_step
    assert page.clicks <= MOST_CLICKS_PER_STEP * len(STEPS)
    assert page.clicks == len(STEPS) + 1  # one to open the first task, then one per step: the next task follows
    assert "/tugas/" in tab.url and "berikutnya" not in tab.content()  # back in the inbox; nothing left to do
