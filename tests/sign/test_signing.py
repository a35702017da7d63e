"""A seed SOP's official PDF signed as PAdES by a local certificate or a remote service, checked by pyHanko and
pdfsig, with its visible signature inside the identity page's box; a changed byte fails the check."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import shutil
import subprocess
from pathlib import Path

import pytest

from sopan.io.library import load_library
from sopan.sign.appearance import Appearance
from sopan.sign.authority import Authority, make_authority
from sopan.sign.document import pdf_to_sign
from sopan.sign.errors import SigningError
from sopan.sign.local import LocalSigner
from sopan.sign.pades import Placement
from sopan.sign.remote import RemoteSigner
from sopan.sign.signer import SignRequest
from sopan.sign.verify import verify
from tests.factories import LIBRARY, page_text
from tests.sign.esign_service import running

PASSPHRASE = "kunci-Rahasia-77"
NIK = "3304010101700001"
DAY = dt.date(2026, 12, 5)
URL = "https://sopan.example.go.id/v/K7Q2M9XD"
poppler = pytest.mark.skipif(not shutil.which("pdfsig") or not shutil.which("pdftoppm"), reason="needs poppler-utils")


@pytest.fixture(scope="module")
def authority() -> Authority:
    return make_authority("Uji CA sopan")


@pytest.fixture(scope="module")
def pkcs12(authority: Authority) -> bytes:
    return authority.issue_pkcs12("ANTON RISDIANTO", PASSPHRASE)


@pytest.fixture(scope="module")
def request_() -> SignRequest:
    library = load_library([LIBRARY / "kec-bawang"])
    item = next(i for i in library.sops if i.sop.title == "Pembuatan KTP")
    pdf, placement = pdf_to_sign(item.sop, library.organisations["kec-bawang"], DAY)
    appearance = Appearance("Camat Bawang", "ANTON RISDIANTO, S.STP. M.Si", "197001011990011001", DAY, URL)
    return SignRequest(pdf, appearance, placement, nik=NIK, location="Banjarnegara")


@pytest.fixture(scope="module")
def signed(request_: SignRequest, pkcs12: bytes) -> bytes:
    return LocalSigner(pkcs12).sign(request_, PASSPHRASE)


def test_the_signature_is_intact_covers_the_file_and_names_the_signer(signed: bytes, authority: Authority) -> None:
    result = verify(signed, [authority.pem])
    assert result.ok and result.intact and result.valid and result.trusted and result.whole_file
    assert result.signer == "ANTON RISDIANTO"
    assert result.signing_time is not None
    assert abs(result.signing_time - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=10)
    assert result.problem is None


def test_one_changed_byte_fails(signed: bytes, authority: Authority) -> None:
    for where in (len(signed) // 4, len(signed) - 200):
        changed = bytearray(signed)
        changed[where] ^= 0x01
        result = verify(bytes(changed), [authority.pem])
        assert not result.ok and result.problem is not None


def test_a_signature_from_another_authority_is_not_trusted(signed: bytes) -> None:
    result = verify(signed, [make_authority("Lain").pem])
    assert result.intact and not result.trusted and not result.ok
    assert "otoritas" in result.problem.id  # type: ignore[union-attr]


def test_unsigned_and_non_pdf_files_are_refused_without_raising(request_: SignRequest, authority: Authority) -> None:
    assert not verify(request_.pdf, [authority.pem]).signed
    assert not verify(b"PK\x03\x04 not a pdf", [authority.pem]).ok
    assert not verify(b"%PDF-1.7\n garbage %%EOF", [authority.pem]).ok


def test_the_identity_page_carries_the_signing_date_before_signing(request_: SignRequest, tmp_path: Path) -> None:
    path = tmp_path / "unsigned.pdf"
    path.write_bytes(request_.pdf)
    assert "5 Desember 2026" in page_text(path, 1)


def test_a_wrong_passphrase_signs_nothing_and_is_never_logged(
    request_: SignRequest, pkcs12: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(SigningError) as raised:
        LocalSigner(pkcs12).sign(request_, "salah-" + PASSPHRASE)
    assert raised.value.code == "TTE-PASSPHRASE"
    assert "Passphrase salah" in raised.value.text("id") and "Wrong passphrase" in raised.value.text("en")
    assert PASSPHRASE not in caplog.text and PASSPHRASE not in repr(LocalSigner(pkcs12))


@poppler
def test_pdfsig_finds_the_signature_valid(signed: bytes, tmp_path: Path) -> None:
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    report = subprocess.run(["pdfsig", str(path)], capture_output=True, text=True, check=False).stdout
    assert "Signature Validation: Signature is Valid." in report
    assert "Total document signed" in report
    assert "ANTON RISDIANTO" in report


@poppler
def test_the_visible_signature_sits_in_the_box_not_over_text(
    signed: bytes, request_: SignRequest, tmp_path: Path
) -> None:
    """Rasterised, the box is blank before signing and inked after; outside the box nothing changed."""
    from PIL import Image, ImageChops

    pages = {}
    for name, pdf in (("before", request_.pdf), ("after", signed)):
        (tmp_path / f"{name}.pdf").write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", "72", "-f", "1", "-l", "1", "-png", "-singlefile", f"{name}.pdf", name],
            cwd=tmp_path,
            check=True,
        )
        pages[name] = Image.open(tmp_path / f"{name}.png").convert("L")
    before, after = pages["before"], pages["after"]
    place: Placement = request_.placement
    height = before.size[1]
    box = (int(place.x), int(height - place.y - place.height), int(place.x + place.width), int(height - place.y))
    assert before.crop(box).getextrema()[0] > 200  # blank room before signing
    assert after.crop(box).getextrema()[0] < 60  # ink after
    difference = ImageChops.difference(before, after)
    ink_outside = difference.copy()
    ink_outside.paste(0, (box[0] - 1, box[1] - 1, box[2] + 1, box[3] + 1))
    assert ink_outside.getbbox() is None, "the signature changed the page outside its box"
    assert "Ditandatangani secara elektronik" in page_text(tmp_path / "after.pdf", 1)


def test_a_remote_service_signs_with_nik_and_passphrase_in_the_body(
    request_: SignRequest, pkcs12: bytes, authority: Authority, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with running({NIK: (pkcs12, PASSPHRASE)}) as service:
        signed = RemoteSigner(service.url).sign(request_, PASSPHRASE)
        with pytest.raises(SigningError) as wrong:
            RemoteSigner(service.url).sign(request_, "bukan-itu")
        with pytest.raises(SigningError) as unknown:
            RemoteSigner(service.url).sign(
                SignRequest(request_.pdf, request_.appearance, request_.placement, nik="1" * 16), PASSPHRASE
            )
    assert verify(signed, [authority.pem]).ok
    assert wrong.value.code == "TTE-PASSPHRASE" and unknown.value.code == "TTE-NIK"
    assert "NIK" in unknown.value.text("id") and "not registered" in unknown.value.text("en")
    assert all(PASSPHRASE not in path and NIK not in path for path in service.paths)
    assert PASSPHRASE not in caplog.text and "bukan-itu" not in caplog.text
    assert PASSPHRASE not in str(wrong.value) and PASSPHRASE not in repr(wrong.value)


def test_an_unreachable_service_gets_a_clear_message(request_: SignRequest) -> None:
    with pytest.raises(SigningError) as failed:
        RemoteSigner("http://127.0.0.1:9/api/sign/pdf", timeout=2).sign(request_, PASSPHRASE)
    assert failed.value.code == "TTE-LAYANAN" and "Coba lagi" in failed.value.text("id")


def test_checking_works_inside_a_running_event_loop(signed: bytes, authority: Authority) -> None:
    """pyHanko's blocking calls use asyncio.run; an async caller (or a browser test) must not break them."""

    async def inside() -> bool:
        return verify(signed, [authority.pem]).ok

    assert asyncio.run(inside())
