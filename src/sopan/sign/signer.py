"""The ``Signer`` interface: a PDF and where its signature goes in, the signed PDF out."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from .appearance import Appearance
from .pades import Placement

__all__ = ["SignRequest", "Signer"]


@dataclass(frozen=True)
class SignRequest:
    """One document to sign: the PDF, what its visible signature shows and where; the signer's NIK for a remote
    service (a local certificate does not need it)."""

    pdf: bytes
    appearance: Appearance
    placement: Placement
    nik: str = ""
    reason: str = "Pengesahan SOP"
    location: str = ""


class Signer(Protocol):
    """Signs a request with the passphrase of the signer's key, or raises ``SigningError``. The passphrase is
    used for this call only: never kept, logged or sent anywhere but to the key or the signing service."""

    def sign(self, request: SignRequest, passphrase: str) -> bytes: ...
