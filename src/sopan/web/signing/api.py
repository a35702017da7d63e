"""Approval and signature of a version, and verification by code or by an uploaded PDF, over JSON.

Signing is for the version's approver only (anyone else 404, no hint who approves); the passphrase travels in
the JSON body and is never echoed, logged or kept. Verification is public and rate-limited per address.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from ninja import Field, File, Router, Schema, Status
from ninja.files import UploadedFile

from sopan.sign.errors import SigningError
from sopan.web.api.errors import ApiError, language, not_found, rate_limited
from sopan.web.api.schemas import Error
from sopan.web.catalog.models import SopVersion
from sopan.web.signing.approver import may_sign
from sopan.web.signing.forms import PASSPHRASE_MAX
from sopan.web.signing.links import verification_url
from sopan.web.signing.models import SignedDocument
from sopan.web.signing.service import sign_version
from sopan.web.signing.state import version_state
from sopan.web.signing.verification import check_pdf, over_limit, refusal

__all__ = ["router"]

router = Router(tags=["signing"])
REFUSED_STATUS = {
    "TTE-BUKAN-PEJABAT": 404,
    "TTE-SUDAH": 409,
    "TTE-TIDAK-BERLAKU": 409,
    "TTE-BELUM": 409,
    "TTE-PASSPHRASE": 422,
    "TTE-NIK": 422,
}


class SignIn(Schema):
    passphrase: str = Field(min_length=1, max_length=PASSPHRASE_MAX, description="Never echoed, logged or kept")
    nik: str = Field(default="", pattern=r"^([0-9]{16})?$", description="The signer's NIK, for a remote service")


class SignedOut(Schema):
    code: str = Field(description="The public code: /v/<code>")
    sop: str
    organisation: str
    version: int
    state: str = Field(description="BERLAKU, DIGANTIKAN or DICABUT")
    position: str = Field(description="Jabatan as signed")
    signer: str
    signed_at: dt.datetime
    sha256: str
    verification_url: str
    pdf_url: str


class CheckOut(Schema):
    ok: bool = Field(description="An unaltered document issued by sopan, with a valid, trusted signature")
    message: str
    sha256: str
    document: SignedOut | None = Field(description="The issued document it matches, if any")


def _limited(request: HttpRequest) -> None:
    if (retry_after := over_limit(request)) is not None:
        raise rate_limited(retry_after)


def _signed(request: HttpRequest, document: SignedDocument) -> dict[str, Any]:
    version = document.version
    return {
        "code": document.code,
        "sop": version.sop.title,
        "organisation": version.sop.organisation.name,
        "version": version.number,
        "state": version_state(version),
        "position": document.position,
        "signer": document.signer_name,
        "signed_at": document.signed_at,
        "sha256": document.sha256,
        "verification_url": verification_url(request, document.code),
        "pdf_url": request.build_absolute_uri(reverse("verification-pdf", args=[document.code])),
    }


@router.post(
    "/sop/{organisation}/{key}/v{number}/sign",
    response={201: SignedOut, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error, 502: Error},
    summary="Approve and sign a published version (PAdES, visible signature) as the official its 'Disahkan Oleh' "
    "names; Tanggal Efektif becomes the signing date",
)
def sign(request: HttpRequest, organisation: str, key: str, number: int, body: SignIn) -> Status:
    version = (
        SopVersion.objects.select_related("sop__organisation")
        .filter(sop__organisation__code=organisation, sop__key=key, number=number)
        .first()
    )
    if version is None or not may_sign(request.auth, version):  # type: ignore[arg-type]
        raise not_found("Versi SOP", "SOP version")
    try:
        document = sign_version(
            request.auth,  # type: ignore[arg-type]
            version,
            body.passphrase,
            lambda public: verification_url(request, public),
            nik=body.nik,
        )
    except SigningError as error:
        status = REFUSED_STATUS.get(error.code, 502)
        raise ApiError(status, error.code, error.message.id, error.message.en) from None
    return Status(201, _signed(request, document))


@router.get(
    "/verification/{code}",
    response={200: SignedOut, 404: Error, 429: Error},
    auth=None,
    summary="A signed document by its public code: SOP, version, state, signer, date, SHA-256 (rate-limited)",
)
def by_code(request: HttpRequest, code: str) -> dict[str, Any]:
    _limited(request)
    document = (
        SignedDocument.objects.select_related("version__sop__organisation").filter(code=code.upper()[:20]).first()
    )
    if document is None:
        raise not_found("Dokumen", "Document")
    return _signed(request, document)


@router.post(
    "/verification",
    response={200: CheckOut, 413: Error, 422: Error, 429: Error},
    auth=None,
    summary="Check an uploaded PDF: an unaltered document issued by sopan (hash) with a valid signature, and which",
)
def check(request: HttpRequest, berkas: File[UploadedFile]) -> dict[str, Any]:
    _limited(request)
    refused = refusal(berkas.size or 0, berkas.read(8))
    if refused is not None:
        status = 413 if (berkas.size or 0) > 1024 else 422
        raise ApiError(status, "not_a_pdf" if status == 422 else "too_large", refused.id, refused.en)
    berkas.seek(0)
    result = check_pdf(berkas.read())
    return {
        "ok": result.ok,
        "message": result.message.text(language(request)),
        "sha256": result.sha256,
        "document": _signed(request, result.document) if result.document else None,
    }
