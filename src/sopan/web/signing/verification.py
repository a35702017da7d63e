"""Checking an uploaded PDF: is it, byte for byte, a document sopan issued, and does its signature hold."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.http import HttpRequest

from sopan.problems import Message
from sopan.sign.verify import Verification, verify
from sopan.web.signing.models import SignedDocument
from sopan.web.signing.setup import all_trust_roots, trust_roots_of
from sopan.web.throttle.limits import address_retry_after

__all__ = ["MAX_UPLOAD", "UploadCheck", "check_pdf", "over_limit", "refusal"]

MAX_UPLOAD = 20 * 1024 * 1024  # a signed SOP is well under 1 MB; a book of SOPs stays under this


@dataclass(frozen=True)
class UploadCheck:
    ok: bool
    message: Message
    sha256: str = ""
    document: SignedDocument | None = None
    verification: Verification | None = None


def refusal(size: int, head: bytes) -> Message | None:
    """Why an upload is not checked at all (too big, not a PDF), or None."""
    if size > MAX_UPLOAD:
        return Message(
            f"Berkas terlalu besar ({size // (1024 * 1024)} MB; paling besar {MAX_UPLOAD // (1024 * 1024)} MB).",
            f"The file is too large ({size // (1024 * 1024)} MB; at most {MAX_UPLOAD // (1024 * 1024)} MB).",
        )
    if not head.startswith(b"%PDF-"):
        return Message("Berkas ini bukan PDF.", "This file is not a PDF.")
    return None


def check_pdf(data: bytes) -> UploadCheck:
    """``data`` against the documents sopan issued (by SHA-256) and the signature against the trust roots."""
    refused = refusal(len(data), data[:8])
    if refused is not None:
        return UploadCheck(False, refused)
    digest = hashlib.sha256(data).hexdigest()
    document = SignedDocument.objects.select_related("version__sop__organisation").filter(sha256=digest).first()
    roots = trust_roots_of(document.version.sop.organisation) if document else all_trust_roots()
    result = verify(data, roots)
    if document is not None and result.ok:
        sop = document.version.sop
        message = Message(
            f"Dokumen asli dan utuh: {sop.title} versi {document.version.number}, {sop.organisation.name}, "
            f"ditandatangani {document.position}.",
            f"An unaltered document issued by sopan: {sop.title} version {document.version.number}, "
            f"{sop.organisation.name}, signed by {document.position}.",
        )
        return UploadCheck(True, message, digest, document, result)
    if document is None and result.ok:
        message = Message(
            "Tanda tangannya utuh, tetapi berkas ini bukan dokumen yang diterbitkan sopan.",
            "Its signature holds, but this file is not a document issued by sopan.",
        )
    else:
        reason = result.problem or Message("", "")
        message = Message(
            f"Bukan dokumen asli dari sopan: berkas telah diubah atau tidak diterbitkan sopan. {reason.id}".strip(),
            f"Not an original sopan document: the file was changed or not issued by sopan. {reason.en}".strip(),
        )
    return UploadCheck(False, message, digest, document, result)


def over_limit(request: HttpRequest) -> int | None:
    """Seconds to wait when this address checked too often (``verify-address`` in ``settings.THROTTLE_LIMITS``)."""
    return address_retry_after("verify-address", request)
