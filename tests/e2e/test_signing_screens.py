"""Approval and signature in Debian's chromium: Kec. Bawang's Camat signs a published SOP version, opens /v/<code>
and sees BERLAKU; the signed PDF validates with pyHanko and pdfsig; uploading it passes, a copy with one byte
changed fails; after a newer version the page says DIGANTIKAN. Screenshots: the /v/ page and the signed identity
page rendered by pdftoppm."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sopan.sign.verify import verify
from sopan.web.catalog.publishing import publish_sop
from sopan.web.catalog.runtime import process_for
from sopan.web.signing.models import SignedDocument
from tests.e2e.chromium import shot, sign_in
from tests.e2e.screens import check_pdf, check_uploads, download_signed, open_signing, sign
from tests.web.factories import PASSWORD
from tests.web.signing_office import KTP, PASSPHRASE, make_signing_office

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(not shutil.which("pdfsig") or not shutil.which("pdftoppm"), reason="needs poppler-utils")
def test_the_camat_signs_and_anyone_verifies(live_server, browser, tmp_path: Path) -> None:
    office = make_signing_office(tmp_path)
    base = live_server.url
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, base, "anton", PASSWORD)
    open_signing(page, base, f"kec-bawang/{KTP}", office.version.number)
    assert page.get_attribute("#id_passphrase", "type") == "password"
    page.fill("#id_passphrase", "bukan-" + PASSPHRASE)
    page.click("#tandatangan button[type=submit]")
    assert "Passphrase salah" in page.locator("#kesalahan").inner_text()
    assert page.input_value("#id_passphrase") == ""  # never echoed
    shot(page, "tte-passphrase-salah-1366")
    sign(page, PASSPHRASE)
    assert page.locator("#status").inner_text() == "BERLAKU"
    assert "ANTON RISDIANTO" in page.content() and "Camat Bawang" in page.content()
    assert PASSPHRASE not in page.url
    shot(page, "tte-verifikasi-1366")

    document = SignedDocument.objects.get()
    assert page.locator("#sha256").inner_text() == document.sha256
    signed = download_signed(page, base)
    assert signed == bytes(document.pdf)
    result = verify(signed, [office.authority.pem])
    assert result.ok and result.signer == "ANTON RISDIANTO" and result.signing_time is not None
    pdf = tmp_path / "ttd.pdf"
    pdf.write_bytes(signed)
    check_pdf(pdf, "tte-halaman-identitas")

    anyone = browser.new_page(viewport={"width": 390, "height": 844})
    anyone.goto(f"{base}/v/{document.code}/")
    check_uploads(anyone, pdf, "tte")

    sop = process_for(office.version).sop.model_copy(update={"title": "Pembuatan KTP Elektronik"})
    sop.id = KTP
    publish_sop(office.organisation, sop)
    anyone.goto(f"{base}/v/{document.code}/")
    assert anyone.locator("#status").inner_text() == "DIGANTIKAN"
