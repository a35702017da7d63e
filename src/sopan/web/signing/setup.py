"""The office's signer and trust roots from its ``SigningSetup``; a demo certificate for the demo offices."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.conf import settings

from sopan.sign.authority import make_authority
from sopan.sign.errors import SigningError
from sopan.sign.local import LocalSigner
from sopan.sign.remote import RemoteSigner
from sopan.sign.signer import Signer
from sopan.web.catalog.models import Organisation
from sopan.web.signing.models import SigningSetup

__all__ = ["all_trust_roots", "ensure_demo_setup", "signer_for", "trust_roots_of"]


def _not_set_up() -> SigningError:
    return SigningError(
        "TTE-BELUM",
        "Kantor ini belum mengatur tanda tangan elektronik (sertifikat atau layanan TTE): hubungi pengelola.",
        "This office has not set up electronic signatures (a certificate or a signing service): ask its administrator.",
    )


def signer_for(organisation: Organisation) -> Signer:
    setup = SigningSetup.objects.filter(organisation=organisation).first()
    if setup is None:
        raise _not_set_up()
    if setup.kind == SigningSetup.Kind.REMOTE:
        if not setup.service_url:
            raise _not_set_up()
        return RemoteSigner(setup.service_url)
    try:
        return LocalSigner(Path(setup.pkcs12_path).read_bytes())
    except OSError:
        raise _not_set_up() from None


def _pem_blocks(text: str) -> list[bytes]:
    return [block.encode() for block in text.split("-----END CERTIFICATE-----") if "BEGIN CERTIFICATE" in block]


def trust_roots_of(organisation: Organisation) -> list[bytes]:
    setup = SigningSetup.objects.filter(organisation=organisation).first()
    return [block + b"-----END CERTIFICATE-----\n" for block in _pem_blocks(setup.trust_roots)] if setup else []


def all_trust_roots() -> list[bytes]:
    """Every office's roots: for a PDF that matches no document sopan issued."""
    roots: set[bytes] = set()
    for text in SigningSetup.objects.exclude(trust_roots="").values_list("trust_roots", flat=True):
        roots.update(block + b"-----END CERTIFICATE-----\n" for block in _pem_blocks(text))
    return sorted(roots)


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as handle:
        handle.write(data)
    path.chmod(0o600)


def ensure_demo_setup(organisation: Organisation, home: Path | None = None) -> str | None:
    """A demo CA and signing certificate for ``organisation`` under ``.sopan/tte/`` (0600) and its setup; the
    certificate's passphrase is returned for the demo accounts file (never printed or logged). None when the
    office already has a setup (it is kept)."""
    if SigningSetup.objects.filter(organisation=organisation).exists():
        return None
    home = home or Path(settings.HOME)
    passphrase = "tte-" + secrets.token_urlsafe(9)
    authority = make_authority(f"sopan demo CA {organisation.code}"[:64], organisation=organisation.name[:64])
    path = home / "tte" / f"{organisation.code}.p12"
    _write_private(path, authority.issue_pkcs12(f"Demo TTE {organisation.name}"[:64], passphrase))
    SigningSetup.objects.create(organisation=organisation, pkcs12_path=str(path), trust_roots=authority.pem.decode())
    return passphrase
