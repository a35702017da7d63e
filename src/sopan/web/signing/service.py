"""Approving and signing a published version: render it effective today, sign it, keep it, audit it."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from sopan.sign.appearance import Appearance
from sopan.sign.document import pdf_to_sign
from sopan.sign.errors import SigningError
from sopan.sign.signer import SignRequest
from sopan.web.accounts.models import RoleAssignment, Staff, holding
from sopan.web.catalog.models import SopVersion
from sopan.web.catalog.profile import organisation_model
from sopan.web.catalog.runtime import process_for
from sopan.web.office.audit import record
from sopan.web.signing.approver import approver_role, may_sign, named_position
from sopan.web.signing.models import SignedDocument
from sopan.web.signing.setup import signer_for
from sopan.web.signing.state import BERLAKU, version_state

__all__ = ["CODE_ALPHABET", "not_allowed", "sign_version"]

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read from paper
CODE_LENGTH = 10


def not_allowed() -> SigningError:
    return SigningError(
        "TTE-BUKAN-PEJABAT",
        "Hanya pemegang jabatan yang tertulis pada 'Disahkan Oleh' yang dapat menyetujui dan menandatangani SOP ini.",
        "Only the holder of the position named in 'Disahkan Oleh' may approve and sign this SOP.",
    )


def already_signed() -> SigningError:
    return SigningError("TTE-SUDAH", "Versi ini sudah ditandatangani.", "This version is already signed.")


def not_in_force(state: str) -> SigningError:
    return SigningError(
        "TTE-TIDAK-BERLAKU",
        f"Hanya versi yang berlaku yang dapat ditandatangani; versi ini {state}.",
        f"Only the version in force can be signed; this version is {state}.",
    )


def _code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def _position(user: AbstractBaseUser, version: SopVersion) -> str:
    """The jabatan as signed: "Plt." or "Plh." before it when the signer holds the role for a period."""
    role = approver_role(version)
    position = named_position(version) or (role.name if role else "")
    kinds = set(RoleAssignment.objects.filter(holding(), user=user, role=role).values_list("kind", flat=True))
    if RoleAssignment.Kind.DEFINITIF in kinds or not kinds:
        return position
    prefix = "Plt." if RoleAssignment.Kind.PLT in kinds else "Plh."
    return f"{prefix} {position}"


def sign_version(
    user: AbstractBaseUser, version: SopVersion, passphrase: str, verification_url: Callable[[str], str], nik: str = ""
) -> SignedDocument:
    """Sign ``version`` as ``user`` with the office's signer; ``verification_url(code)`` is the QR code's target.
    ``SigningError`` (coded, bilingual) when not allowed, already signed or the signer refuses."""
    if not may_sign(user, version):
        raise not_allowed()
    if SignedDocument.objects.filter(version=version).exists():
        raise already_signed()
    state = version_state(version)
    if state != BERLAKU:
        raise not_in_force(state)
    organisation = version.sop.organisation
    role = approver_role(version)
    assert role is not None  # may_sign saw it
    signer = signer_for(organisation)
    today = timezone.localdate()
    code = _code()
    staff = Staff.objects.filter(user=user).first()
    name = user.get_full_name() or user.get_username()  # type: ignore[attr-defined]
    appearance = Appearance(_position(user, version), name, staff.nip if staff and staff.nip else None, today,
                            verification_url(code))  # fmt: skip
    pdf, placement = pdf_to_sign(process_for(version).sop, organisation_model(organisation), today)
    location = organisation.address or organisation.name
    signed = signer.sign(SignRequest(pdf, appearance, placement, nik=nik, location=location[:200]), passphrase)
    digest = hashlib.sha256(signed).hexdigest()
    try:
        with transaction.atomic():
            document = SignedDocument.objects.create(
                version=version,
                code=code,
                pdf=signed,
                sha256=digest,
                signed_at=timezone.now(),
                signed_by=user,
                role=role,
                position=appearance.position,
                signer_name=name,
                signer_nip=appearance.nip or "",
            )
            record(
                user,
                organisation,
                "sop.sign",
                f"{version.sop.key} v{version.number}",
                after={"code": code, "sha256": digest, "role": role.code, "position": appearance.position},
            )
    except IntegrityError:
        raise already_signed() from None
    return document
