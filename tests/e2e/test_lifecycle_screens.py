"""An SOP's states in Debian's chromium: a second version is published and the first shows DIGANTIKAN; the
office's administrator revokes the SOP from its history page, the catalog shows DICABUT and the loket refuses a
new case of it, in both languages. Screens at 1366 and 390 px wide."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from sopan.model.sop import Sop as SopModel
from sopan.web.accounts.models import Administrator
from sopan.web.catalog.models import Organisation, SopVersion
from sopan.web.catalog.publishing import publish_sop
from sopan.web.lifecycle.review import review_sop_for
from sopan.web.lifecycle.services import current_state
from tests.e2e.chromium import PASSWORD, login, shot
from tests.e2e.screens import fits_as_cards
from tests.factories import SERVICE_SOP
from tests.web.factories import PASSWORD as OFFICER_PASSWORD
from tests.web.factories import Office

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_superseded_version_and_a_revoked_sop_in_the_browser(live_server, office: Office, browser) -> None:
    base = live_server.url
    sop = SopModel.model_validate({**SERVICE_SOP, "nama": "Pelayanan Surat Keterangan Domisili"})
    sop.id = "surat-keterangan"
    second, _ = publish_sop(office.organisation, sop)
    reader = browser.new_page(viewport={"width": 1366, "height": 900})
    reader.goto(f"{base}/sop/kec-contoh/surat-keterangan/v1/")
    assert reader.locator("h1 .badge").inner_text() == "Digantikan"
    reader.goto(f"{base}/sop/kec-contoh/surat-keterangan/")
    assert reader.locator("h1 .badge").inner_text() == "Berlaku"
    reader.click("main a:has-text('Riwayat status')")
    reader.wait_for_url("**/riwayat/")
    assert [reader.locator(f"#versi tr[data-version='{n}'] .badge").inner_text() for n in (2, 1)] == [
        "Berlaku",
        "Digantikan",
    ]
    assert "Digantikan versi baru" in reader.locator("#riwayat").inner_text()
    shot(reader, "lifecycle-history-superseded-1366")

    user = User.objects.create_user("pengelola", password=PASSWORD)
    Administrator.objects.create(user=user, organisation=office.organisation)
    admin = browser.new_page(viewport={"width": 390, "height": 844})
    login(admin, base, "pengelola", PASSWORD)
    admin.goto(f"{base}/sop/kec-contoh/surat-keterangan/riwayat/")
    admin.click("#cabut button[type=submit]")  # empty: the browser's own check keeps the form here
    assert current_state(second) == "BERLAKU"
    admin.fill("#cabut input[name=nomor_keputusan]", "188/45/KPTS/2026")
    admin.fill("#cabut textarea[name=alasan]", "Layanan dialihkan ke Mal Pelayanan Publik")
    admin.click("#cabut button[type=submit]")
    admin.wait_for_selector(".messages li.success")
    history = admin.locator("#riwayat").inner_text()
    assert "188/45/KPTS/2026" in history and "Mal Pelayanan Publik" in history and "(pengelola)" in history
    assert admin.locator("#versi tr[data-version='2'] .badge").inner_text() == "Dicabut"
    assert admin.locator("#cabut").count() == 0  # nothing in force is left to revoke
    shot(admin, "lifecycle-revoked-390")
    assert fits_as_cards(admin, "#riwayat") == "Nomor keputusan"
    assert current_state(second) == "DICABUT"

    reader.goto(f"{base}/")
    row = reader.locator("tr", has_text="Pelayanan Surat Keterangan Domisili").first.inner_text()
    assert "Dicabut" in row
    reader.goto(f"{base}/sop/kec-contoh/surat-keterangan/?lang=en")
    assert reader.locator("h1 .badge").inner_text() == "Revoked"
    shot(reader, "lifecycle-sop-revoked-en-1366")

    loket = browser.new_page(viewport={"width": 1366, "height": 900})
    login(loket, base, "siti", OFFICER_PASSWORD)
    loket.goto(f"{base}/loket/")
    assert "Dicabut" in loket.locator("main table").inner_text()
    loket.goto(f"{base}/loket/kec-contoh/surat-keterangan/")
    loket.wait_for_url(f"{base}/loket/")
    assert "SOP ini telah dicabut" in loket.locator(".messages li.error").inner_text()
    shot(loket, "lifecycle-loket-refuses-1366")
    loket.goto(f"{base}/loket/kec-contoh/surat-keterangan/?lang=en")
    assert "This SOP has been revoked" in loket.locator(".messages li.error").inner_text()


def test_the_review_sop_and_the_reminders_in_the_browser(live_server, office: Office, browser) -> None:
    base = live_server.url
    biro = Organisation.objects.create(code="biro-organisasi-kalsel", name="Biro Organisasi Setda Kalsel")
    review = SopModel.model_validate({**SERVICE_SOP, "organisasi": biro.code, "nama": "Asistensi Penyusunan SOP"})
    review.id = "asistensi-penyusunan-sop"
    publish_sop(biro, review)
    SopVersion.objects.filter(pk=office.version.pk).update(published_at=timezone.now().replace(year=2024))
    user = User.objects.create_user("pengelola", password=PASSWORD)
    Administrator.objects.create(user=user, organisation=office.organisation)
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    login(page, base, "pengelola", PASSWORD)
    page.goto(f"{base}/pengelola/kec-contoh/")
    page.click("main a:has-text('SOP yang mengatur telaah SOP')")
    assert "Telaah Rancangan Standar Operasional Prosedur" in page.locator("#sekarang").inner_text()
    page.select_option("select[name=sop]", "biro-organisasi-kalsel/asistensi-penyusunan-sop")
    page.click("main form button[type=submit]")
    page.wait_for_selector(".messages li.success")
    assert "Asistensi Penyusunan SOP" in page.locator("#sekarang").inner_text()
    shot(page, "lifecycle-review-sop-1366")
    assert review_sop_for(office.organisation).sop is not None
    page.goto(f"{base}/pengelola/kec-contoh/")
    page.click("main a:has-text('Pengingat telaah dan evaluasi SOP')")
    row = page.locator("#pengingat tbody tr").first.inner_text()
    assert "Pelayanan Surat Keterangan" in row and "Belum dievaluasi dalam setahun" in row
    shot(page, "lifecycle-reminders-1366")


FITS = """() => [document.documentElement.scrollWidth,
  ...[...document.querySelectorAll('.document .sop-identity, .document .sop-identity table')]
    .map(e => e.scrollWidth - e.clientWidth)]"""


def test_the_identity_table_of_the_document_view_keeps_to_a_390_px_screen(live_server, office: Office, browser) -> None:
    """The screen view wraps the identity's long labels and headings (PERALATAN/PERLENGKAPAN) inside the table;
    the official print keeps the document's own stylesheet."""
    phone = browser.new_page(viewport={"width": 390, "height": 844})
    for lang in ("id", "en"):
        phone.goto(f"{live_server.url}/sop/kec-contoh/surat-keterangan/?lang={lang}")
        assert "PERALATAN/PERLENGKAPAN" in phone.inner_text(".document").upper()
        shot(phone, f"lifecycle-identity-390-{lang}")
        width, *overflows = phone.evaluate(FITS)
        assert width <= 390 and overflows == [0, 0, 0], (lang, width, overflows)
