"""Checking a signed PDF: intact, covering the whole file, by whom and when, trusted against given roots only.

Trust roots are passed explicitly (PEM or DER): pyHanko's system trust goes through oscrypto, which fails on
this OpenSSL, and an office trusts its own CA or BSrE's, not the machine's list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from io import BytesIO
from typing import Any

from sopan.problems import Message

from .outside_loop import blocking

__all__ = ["Verification", "readable_roots", "verify"]


@dataclass(frozen=True)
class Verification:
    """What a PDF's (last) signature says. ``problem`` explains why it is not ``ok``."""

    signed: bool
    intact: bool = False
    valid: bool = False
    trusted: bool = False
    whole_file: bool = False
    signer: str = ""
    signing_time: dt.datetime | None = None
    problem: Message | None = None

    @property
    def ok(self) -> bool:
        return self.signed and self.intact and self.valid and self.trusted and self.whole_file


def _certificates(roots: Iterable[bytes]) -> list[Any]:
    from asn1crypto import pem, x509

    found: list[Any] = []
    for data in roots:
        if pem.detect(data):
            found.extend(x509.Certificate.load(der) for _, _, der in pem.unarmor(data, multiple=True))
        else:
            found.append(x509.Certificate.load(data))
    return found


def readable_roots(roots: Iterable[bytes]) -> list[Any]:
    """The certificates of ``roots`` (PEM or DER) that can be read; the others are left out."""
    found: list[Any] = []
    for data in roots:
        try:
            certificates = _certificates([data])
            for certificate in certificates:
                certificate.subject.human_friendly  # noqa: B018 - parsed now, not when first used
        except (ValueError, TypeError, KeyError):
            continue
        found.extend(certificates)
    return found


def _common_name(certificate) -> str:  # type: ignore[no-untyped-def]
    native = certificate.subject.native
    return str(native.get("common_name") or certificate.subject.human_friendly)


def _unreadable() -> Verification:
    return Verification(
        signed=False,
        problem=Message("Berkas bukan PDF yang dapat dibaca.", "The file is not a readable PDF."),
    )


def verify(pdf: bytes, trust_roots: Iterable[bytes]) -> Verification:
    """The last signature of ``pdf`` checked against ``trust_roots``; never raises on a damaged or hostile file."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    if not pdf.startswith(b"%PDF-"):
        return _unreadable()
    context = ValidationContext(trust_roots=readable_roots(trust_roots), allow_fetching=False)
    try:
        reader = PdfFileReader(BytesIO(pdf), strict=False)
        signatures = reader.embedded_signatures
        if not signatures:
            return Verification(
                signed=False,
                problem=Message(
                    "PDF ini tidak ditandatangani secara elektronik.", "This PDF has no electronic signature."
                ),
            )
        status = blocking(lambda: validate_pdf_signature(signatures[-1], signer_validation_context=context))
    except Exception:  # any failure to read an uploaded file means "not a valid signed PDF"
        return Verification(
            signed=True,
            problem=Message(
                "Tanda tangan atau isi PDF rusak: dokumen telah diubah.",
                "The signature or the PDF's content is damaged: the document was altered.",
            ),
        )
    whole = status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    problem = None
    if not (status.intact and status.valid):
        problem = Message(
            "Tanda tangan tidak cocok dengan isi: dokumen telah diubah setelah ditandatangani.",
            "The signature does not match the content: the document was changed after it was signed.",
        )
    elif not whole:
        problem = Message(
            "Ada perubahan yang ditambahkan setelah tanda tangan.",
            "Changes were added to the document after it was signed.",
        )
    elif not status.trusted:
        problem = Message(
            "Sertifikat penanda tangan tidak dikenal (bukan dari otoritas yang dipercaya kantor).",
            "The signer's certificate is not from an authority the office trusts.",
        )
    return Verification(
        signed=True,
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        whole_file=whole,
        signer=_common_name(status.signing_cert),
        signing_time=status.signer_reported_dt,
        problem=problem,
    )
