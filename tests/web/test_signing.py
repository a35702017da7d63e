"""Approval and signature of a published version by the official its "Disahkan Oleh" names, the signed PDF kept
with its hash and public code, the audit entry, and the public verification page with its upload check."""

from __future__ import annotations

import hashlib
import json
import logging
import stat
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import pkcs12
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sopan.sign.verify import verify
from sopan.web.accounts.models import Administrator, ApiToken, AuditEntry, RoleAssignment
from sopan.web.catalog.models import Organisation, Role
from sopan.web.catalog.publishing import publish_sop
from sopan.web.catalog.runtime import process_for
from sopan.web.lifecycle.services import revoke
from sopan.web.signing import verification
from sopan.web.signing.approver import approver_role, may_sign
from sopan.web.signing.models import SignedDocument, SigningSetup
from sopan.web.signing.setup import ensure_demo_setup
from sopan.web.signing.state import version_state
from tests.factories import page_text
from tests.sign.esign_service import running
from tests.web.factories import client_for, make_user
from tests.web.signing_office import KTP, PASSPHRASE, SigningOffice, make_signing_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def bawang(db: object, tmp_path: Path, empty_cache: None) -> SigningOffice:
    return make_signing_office(tmp_path)


def _sign_url(office: SigningOffice) -> str:
    return reverse("sign-version", args=["kec-bawang", KTP, office.version.number])


def _sign(office: SigningOffice, passphrase: str = PASSPHRASE) -> SignedDocument:
    response = client_for(office.camat).post(_sign_url(office), {"passphrase": passphrase})
    assert response.status_code == 302, response.content.decode()[:2000]
    return SignedDocument.objects.get(version=office.version)


def test_the_camat_role_approves_camat_bawang(bawang: SigningOffice) -> None:
    assert approver_role(bawang.version) == Role.objects.get(organisation=bawang.organisation, code="camat")
    assert may_sign(bawang.camat, bawang.version) and not may_sign(bawang.clerk, bawang.version)


def test_only_the_approver_sees_the_button_and_the_form(bawang: SigningOffice) -> None:
    page = reverse("sop-version", args=["kec-bawang", KTP, bawang.version.number])
    assert "Setujui dan tanda tangani" in client_for(bawang.camat).get(page).content.decode()
    assert "Setujui dan tanda tangani" not in client_for(bawang.clerk).get(page).content.decode()
    assert "Setujui dan tanda tangani" not in Client().get(page).content.decode()
    assert client_for(bawang.camat).get(_sign_url(bawang)).status_code == 200
    assert client_for(bawang.clerk).get(_sign_url(bawang)).status_code == 404
    assert client_for(bawang.clerk).post(_sign_url(bawang), {"passphrase": PASSPHRASE}).status_code == 404
    assert not SignedDocument.objects.exists()


def test_the_office_names_another_role_when_none_matches(bawang: SigningOffice) -> None:
    sekcam = Role.objects.get(organisation=bawang.organisation, code="sekcam-kasi-tapem")
    SigningSetup.objects.filter(organisation=bawang.organisation).update(approver_role=sekcam)
    bawang.version.sop.organisation.refresh_from_db()
    version = type(bawang.version).objects.get(pk=bawang.version.pk)
    assert approver_role(version) == sekcam and not may_sign(bawang.camat, version)


def test_a_wrong_passphrase_signs_nothing_and_is_kept_nowhere(
    bawang: SigningOffice, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "salah-" + PASSPHRASE
    response = client_for(bawang.camat).post(_sign_url(bawang), {"passphrase": wrong})
    body = response.content.decode()
    assert response.status_code == 400 and "Passphrase salah" in body and "TTE-PASSPHRASE" in body
    assert wrong not in body and PASSPHRASE not in body
    assert not SignedDocument.objects.exists() and not AuditEntry.objects.filter(action="sop.sign").exists()
    assert wrong not in caplog.text


def test_signing_keeps_the_pdf_its_hash_and_an_audit_entry(
    bawang: SigningOffice, caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    caplog.set_level(logging.DEBUG)
    document = _sign(bawang)
    pdf = bytes(document.pdf)
    assert hashlib.sha256(pdf).hexdigest() == document.sha256
    assert len(document.code) == 10 and document.code.isalnum()
    result = verify(pdf, [bawang.authority.pem])
    assert result.ok and result.signer == "ANTON RISDIANTO"
    assert document.position == "Camat Bawang" and document.signer_name == "ANTON RISDIANTO, S.STP. M.Si"
    assert document.signer_nip == "197001011990011001"
    entry = AuditEntry.objects.get(action="sop.sign")
    assert entry.actor == bawang.camat and entry.after["code"] == document.code
    assert PASSPHRASE not in str(entry.before) + str(entry.after) + entry.target
    assert PASSPHRASE not in caplog.text
    (tmp_path / "signed.pdf").write_bytes(pdf)
    text = page_text(tmp_path / "signed.pdf", 1)
    assert "Ditandatangani secara elektronik" in text and "197001011990011001" in text
    # a second attempt is refused: one signature per version
    again = client_for(bawang.camat).get(_sign_url(bawang))
    assert again.status_code == 302 and again.headers["Location"].endswith(f"/v/{document.code}/")


def test_a_plt_signs_as_plt(bawang: SigningOffice) -> None:
    plt = make_user("plt-camat", bawang.organisation)
    RoleAssignment.objects.create(
        user=plt, role=Role.objects.get(organisation=bawang.organisation, code="camat"), kind="plt"
    )
    response = client_for(plt).post(_sign_url(bawang), {"passphrase": PASSPHRASE})
    assert response.status_code == 302
    assert SignedDocument.objects.get().position == "Plt. Camat Bawang"


def test_the_verification_page_shows_the_document_and_its_state(bawang: SigningOffice) -> None:
    document = _sign(bawang)
    url = reverse("verification", args=[document.code])
    page = Client().get(url).content.decode()
    for expected in (
        "Pembuatan KTP",
        "Kecamatan Bawang",
        "BERLAKU",
        "Camat Bawang",
        "ANTON RISDIANTO",
        document.sha256,
    ):
        assert expected in page
    assert Client().get(reverse("verification-pdf", args=[document.code])).content == bytes(document.pdf)
    sop = process_for(bawang.version).sop.model_copy(update={"title": "Pembuatan KTP Elektronik"})
    sop.id = KTP
    newer, created = publish_sop(bawang.organisation, sop)
    assert created and version_state(bawang.version) == "DIGANTIKAN" and version_state(newer) == "BERLAKU"
    assert "DIGANTIKAN" in Client().get(url).content.decode()
    assert Client().get(reverse("verification", args=["TIDAKADA22"])).status_code == 404


def test_the_verification_page_says_dicabut_once_the_signed_version_is_revoked(bawang: SigningOffice) -> None:
    document = _sign(bawang)
    admin = make_user("pengelola-bawang", bawang.organisation)
    Administrator.objects.create(user=admin, organisation=bawang.organisation)
    revoke(admin, bawang.version, reason="Diganti peraturan baru", decree="188/12/2026")
    assert version_state(bawang.version) == "DICABUT"
    page = Client().get(reverse("verification", args=[document.code])).content.decode()
    assert "DICABUT" in page and "BERLAKU" not in page


def test_a_version_no_longer_in_force_is_not_signed(bawang: SigningOffice) -> None:
    sop = process_for(bawang.version).sop.model_copy(update={"title": "Pembuatan KTP Elektronik"})
    sop.id = KTP
    publish_sop(bawang.organisation, sop)
    assert version_state(bawang.version) == "DIGANTIKAN"
    page = reverse("sop-version", args=["kec-bawang", KTP, bawang.version.number])
    assert "Setujui dan tanda tangani" not in client_for(bawang.camat).get(page).content.decode()
    response = client_for(bawang.camat).post(_sign_url(bawang), {"passphrase": PASSPHRASE})
    assert "Hanya versi yang berlaku yang dapat ditandatangani" in response.content.decode()
    assert not SignedDocument.objects.exists()


def _upload(url: str, data: bytes, name: str = "sop.pdf") -> tuple[int, str]:
    response = Client().post(url, {"berkas": SimpleUploadedFile(name, data, "application/pdf")})
    return response.status_code, response.content.decode()


def test_the_upload_check_tells_an_unaltered_document_from_a_changed_one(
    bawang: SigningOffice, monkeypatch: pytest.MonkeyPatch
) -> None:
    document = _sign(bawang)
    url = reverse("verification", args=[document.code])
    pdf = bytes(document.pdf)
    status, page = _upload(url, pdf)
    assert status == 200 and "Dokumen asli dan utuh" in page and "✔" in page
    changed = bytearray(pdf)
    changed[len(changed) // 3] ^= 0x01
    status, page = _upload(url, bytes(changed))
    assert status == 200 and "Bukan dokumen asli" in page and "✘" in page
    status, page = _upload(url, b"PK\x03\x04 a zip file", "sop.docx")
    assert status == 400 and "bukan PDF" in page
    monkeypatch.setattr(verification, "MAX_UPLOAD", 2048)
    status, page = _upload(url, b"%PDF-1.7\n" + b"0" * 4096)
    assert status == 413 and "terlalu besar" in page


def test_the_verification_page_is_rate_limited(bawang: SigningOffice, settings: object) -> None:
    settings.THROTTLE_LIMITS = {**settings.THROTTLE_LIMITS, "verify-address": (3, 60)}  # type: ignore[attr-defined]
    client = Client()
    codes = [client.get(reverse("verification", args=["ABCDEFGHJK"])).status_code for _ in range(4)]
    assert codes == [404, 404, 404, 429]


def _api_sign(office: SigningOffice, client: Client, passphrase: str) -> tuple[int, dict]:
    url = f"/api/sop/kec-bawang/{KTP}/v{office.version.number}/sign"
    response = client.post(url, json.dumps({"passphrase": passphrase}), content_type="application/json")
    assert passphrase not in response.content.decode()
    return response.status_code, response.json()


def test_the_api_signs_for_the_approver_only_and_verifies(bawang: SigningOffice, settings: Any) -> None:
    camat = Client(headers={"Authorization": f"Bearer {ApiToken.issue(bawang.camat, 'tte')[1]}"})
    clerk = Client(headers={"Authorization": f"Bearer {ApiToken.issue(bawang.clerk, 'tte')[1]}"})
    assert _api_sign(bawang, clerk, PASSPHRASE)[0] == 404
    status, body = _api_sign(bawang, camat, "bukan-kunci-9")
    assert status == 422 and body["code"] == "TTE-PASSPHRASE" and "Passphrase salah" in body["message"]
    status, body = _api_sign(bawang, camat, PASSPHRASE)
    assert status == 201 and body["state"] == "BERLAKU" and body["position"] == "Camat Bawang"
    document = SignedDocument.objects.get(code=body["code"])
    assert body["sha256"] == document.sha256 and body["verification_url"].endswith(f"/v/{document.code}/")
    assert _api_sign(bawang, camat, PASSPHRASE)[0] == 409
    settings.PUBLIC_BASE_URL = "https://sop.example.go.id/"
    shown = Client().get(f"/api/verification/{document.code}").json()
    assert shown["verification_url"] == f"https://sop.example.go.id/v/{document.code}/"
    assert shown["sop"] == "Pembuatan KTP" and shown["signer"] == "ANTON RISDIANTO, S.STP. M.Si"
    assert Client().get("/api/verification/ZZZZZZZZZZ").status_code == 404
    pdf = bytes(document.pdf)
    checked = Client().post("/api/verification", {"berkas": SimpleUploadedFile("a.pdf", pdf)}).json()
    assert checked["ok"] and checked["document"]["code"] == document.code
    changed = bytearray(pdf)
    changed[len(changed) // 2] ^= 0x01
    failed = Client().post("/api/verification", {"berkas": SimpleUploadedFile("a.pdf", bytes(changed))})
    assert failed.status_code == 200 and not failed.json()["ok"] and failed.json()["document"] is None
    refused = Client().post("/api/verification", {"berkas": SimpleUploadedFile("a.txt", b"hello")})
    assert refused.status_code == 422 and refused.json()["code"] == "not_a_pdf"


def test_a_demo_office_gets_a_private_certificate_once(tmp_path: Path) -> None:
    organisation = Organisation.objects.create(code="kec-demo", name="Kecamatan Demo")
    passphrase = ensure_demo_setup(organisation, tmp_path)
    assert passphrase is not None and ensure_demo_setup(organisation, tmp_path) is None
    setup = SigningSetup.objects.get(organisation=organisation)
    path = Path(setup.pkcs12_path)
    assert path.parent == tmp_path / "tte" and stat.S_IMODE(path.stat().st_mode) == 0o600
    assert pkcs12.load_key_and_certificates(path.read_bytes(), passphrase.encode())[0] is not None
    assert "BEGIN CERTIFICATE" in setup.trust_roots and passphrase not in setup.trust_roots + setup.pkcs12_path


def test_the_administrator_names_the_approving_role_and_the_roots(bawang: SigningOffice) -> None:
    admin = make_user("pengelola-bawang", bawang.organisation)
    Administrator.objects.create(user=admin, organisation=bawang.organisation)
    url = reverse("office-signing", args=["kec-bawang"])
    assert client_for(bawang.camat).get(url).status_code == 404
    page = client_for(admin).get(url)
    assert page.status_code == 200 and "Sesuai jabatan" in page.content.decode()
    sekcam = Role.objects.get(organisation=bawang.organisation, code="sekcam-kasi-tapem")
    roots = bawang.authority.pem.decode()
    bad = client_for(admin).post(url, {"peran": sekcam.pk, "jenis": "local", "akar": "bukan sertifikat"})
    assert bad.status_code == 400 and "PEM" in bad.content.decode()
    elsewhere = Organisation.objects.create(code="kec-lain", name="Kecamatan Lain")
    other = Role.objects.create(organisation=elsewhere, code="camat", name="Camat")
    assert client_for(admin).post(url, {"peran": other.pk, "jenis": "local", "akar": roots}).status_code == 400
    assert client_for(admin).post(url, {"peran": "", "jenis": "remote", "akar": roots}).status_code == 400
    saved = client_for(admin).post(url, {"peran": sekcam.pk, "jenis": "local", "akar": roots})
    assert saved.status_code == 302
    assert approver_role(type(bawang.version).objects.get(pk=bawang.version.pk)) == sekcam
    entry = AuditEntry.objects.get(action="signing.setup")
    assert entry.before["approver_role"] is None and entry.after["approver_role"] == "sekcam-kasi-tapem"
    assert entry.after["trust_roots"] == 1


def test_an_office_signs_through_a_remote_service_with_nik_and_passphrase(
    bawang: SigningOffice, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    nik = "3304010101700001"
    holder = bawang.authority.issue_pkcs12("ANTON RISDIANTO", PASSPHRASE)
    with running({nik: (holder, PASSPHRASE)}) as service:
        SigningSetup.objects.filter(organisation=bawang.organisation).update(kind="remote", service_url=service.url)
        client = client_for(bawang.camat)
        assert 'name="nik"' in client.get(_sign_url(bawang)).content.decode()
        missing = client.post(_sign_url(bawang), {"passphrase": PASSPHRASE})
        assert missing.status_code == 400 and "NIK 16 angka" in missing.content.decode()
        unknown = client.post(_sign_url(bawang), {"passphrase": PASSPHRASE, "nik": "1" * 16})
        assert unknown.status_code == 400 and "TTE-NIK" in unknown.content.decode()
        signed = client.post(_sign_url(bawang), {"passphrase": PASSPHRASE, "nik": nik})
    assert signed.status_code == 302
    document = SignedDocument.objects.get()
    assert verify(bytes(document.pdf), [bawang.authority.pem]).ok
    for response in (missing, unknown, signed):
        assert PASSPHRASE not in response.content.decode() and nik not in response.content.decode()
    assert PASSPHRASE not in caplog.text and nik not in caplog.text
    assert all(nik not in path for path in service.paths)
