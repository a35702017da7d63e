"""Signing with a local certificate: a PKCS#12 file (key and certificate chain) opened with the passphrase."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import bad_certificate, wrong_passphrase
from .pades import sign_pdf
from .signer import SignRequest

__all__ = ["LocalSigner", "pkcs12_signer"]


def pkcs12_signer(pkcs12: bytes, passphrase: str):  # type: ignore[no-untyped-def]
    """pyHanko's signer for a PKCS#12 archive; ``SigningError`` for a wrong passphrase or an unreadable file."""
    from cryptography.hazmat.primitives.serialization import pkcs12 as p12
    from pyhanko.sign import signers

    try:
        p12.load_key_and_certificates(pkcs12, passphrase.encode("utf-8"))
    except ValueError as error:
        if "password" in str(error).lower() or "mac" in str(error).lower():
            raise wrong_passphrase() from None
        raise bad_certificate() from None
    signer = signers.SimpleSigner.load_pkcs12_data(pkcs12, other_certs=[], passphrase=passphrase.encode("utf-8"))
    if signer is None:
        raise bad_certificate()
    return signer


@dataclass(frozen=True)
class LocalSigner:
    """A PKCS#12 file's bytes; the passphrase comes with each signature and is not kept."""

    pkcs12: bytes = field(repr=False)

    def sign(self, request: SignRequest, passphrase: str) -> bytes:
        signer = pkcs12_signer(self.pkcs12, passphrase)
        return sign_pdf(
            request.pdf,
            signer,
            request.appearance,
            request.placement,
            reason=request.reason,
            location=request.location,
        )
