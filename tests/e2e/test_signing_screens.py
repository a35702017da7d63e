"""Approval and signature in Debian's chromium: Kec. Bawang's Camat signs a published SOP version, opens /v/<code>
and sees BERLAKU; the signed PDF validates with pyHanko and pdfsig; uploading it passes, a copy with one byte
changed fails; after a newer version the page says DIGANTIKAN. Screenshots: the /v/ page and the signed identity
page rendered by pdftoppm."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from sopan.sign.verify import verify
from sopan.web.catalog.publishing import publish_sop
from sopan.web.catalog.runtime import process_for
from sopan.web.signing.models import SignedDocument
from tests.e2e.chromium import SHOTS, shot, sign_in
from tests.e2e.screens import upload
from tests.web.factories import PASSWORD
from tests.web.signing_office import KTP, PASSPHRASE, make_signing_office

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(not shutil.which("pdfsig") or not shutil.which("pdftoppm"), reason="needs poppler-utils")
def test_the_camat_signs_and_anyone_verifies(live_server, browser, tmp_path: Path) -> None:
    office = make_signing_office(tmp_path)
    base = live_server.url
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    sign_in(page, base, "anton", PASSWORD)
    page.goto(f"{base}/sop/kec-bawang/{KTP}/")
    page.click("main a:has-text('Setujui dan tanda tangani')")
    page.wait_for_url(f"**/sop/kec-bawang/{KTP}/v{office.version.number}/tandatangan/")
    assert page.get_attribute("#id_passphrase", "type") == "password"
    page.fill("#id_passphrase", "bukan-" + PASSPHRASE)
    page.click("#tandatangan button[type=submit]")
    assert "Passphrase salah" in page.locator("#kesalahan").inner_text()
    assert page.input_value("#id_passphrase") == ""  # never echoed
    shot(page, "tte-passphrase-salah-1366")
    page.fill("#id_passphrase", PASSPHRASE)
    page.click("#tandatangan button[type=submit]")
    page.wait_for_url("**/v/*/", timeout=60_000)
    assert page.locator("#status").inner_text() == "BERLAKU"
    assert "ANTON RISDIANTO" in page.content() and "Camat Bawang" in page.content()
    assert PASSPHRASE not in page.url
    shot(page, "tte-verifikasi-1366")

    document = SignedDocument.objects.get()
    assert page.locator("#sha256").inner_text() == document.sha256
    link = page.get_attribute("main a:has-text('Unduh PDF bertanda tangan')", "href")
    signed = page.request.get(f"{base}{link}").body()
    assert signed == bytes(document.pdf)
    result = verify(signed, [office.authority.pem])
    assert result.ok and result.signer == "ANTON RISDIANTO" and result.signing_time is not None
    pdf = tmp_path / "ttd.pdf"
    pdf.write_bytes(signed)
    report = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, check=False).stdout
    assert "Signature Validation: Signature is Valid." in report and "Total document signed" in report
    picture = Path(SHOTS) / "tte-halaman-identitas" if SHOTS else tmp_path / "identitas"
    subprocess.run(["pdftoppm", "-r", "100", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf), str(picture)],
                   check=True)  # fmt: skip
    assert picture.with_suffix(".png").stat().st_size > 10_000

    anyone = browser.new_page(viewport={"width": 390, "height": 844})
    anyone.goto(f"{base}/v/{document.code}/")
    assert "Dokumen asli dan utuh" in upload(anyone, pdf)
    shot(anyone, "tte-unggah-asli-390")
    changed = bytearray(signed)
    changed[len(changed) // 3] ^= 0x01
    altered = tmp_path / "diubah.pdf"
    altered.write_bytes(bytes(changed))
    assert "Bukan dokumen asli" in upload(anyone, altered)
    shot(anyone, "tte-unggah-diubah-390")

    sop = process_for(office.version).sop.model_copy(update={"title": "Pembuatan KTP Elektronik"})
    sop.id = KTP
    publish_sop(office.organisation, sop)
    anyone.goto(f"{base}/v/{document.code}/")
    assert anyone.locator("#status").inner_text() == "DIGANTIKAN"
