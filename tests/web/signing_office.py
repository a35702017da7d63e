"""Kec. Bawang's library published, its Camat and a clerk, and a signing setup with a throwaway CA made here."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth.models import User

from sopan.sign.authority import Authority, make_authority
from sopan.web.accounts.models import Staff
from sopan.web.catalog.models import Organisation, SopVersion
from sopan.web.catalog.publishing import publish_library
from sopan.web.signing.models import SigningSetup
from tests.factories import LIBRARY
from tests.web.factories import make_user

PASSPHRASE = "Kunci-TTE-camat-2026"
KTP = "pembuatan-ktp"  # "Disahkan Oleh: Camat Bawang"; the office has a role "Camat"


@dataclass
class SigningOffice:
    organisation: Organisation
    version: SopVersion
    camat: User
    clerk: User  # holds the SOP's other roles: the unit that wrote it
    authority: Authority


def make_signing_office(folder: Path) -> SigningOffice:
    publish_library([LIBRARY / "kec-bawang"])
    organisation = Organisation.objects.get(code="kec-bawang")
    version = SopVersion.objects.get(sop__organisation=organisation, sop__key=KTP)
    camat = make_user("anton", organisation, "camat")
    camat.first_name, camat.last_name = "ANTON", "RISDIANTO, S.STP. M.Si"
    camat.save()
    Staff.objects.create(user=camat, organisation=organisation, nip="197001011990011001")
    clerk = make_user("petugas", organisation, "petugas-informasi", "penerima-berkas")
    authority = make_authority("Uji CA Kecamatan Bawang")
    path = folder / "camat.p12"
    path.write_bytes(authority.issue_pkcs12("ANTON RISDIANTO", PASSPHRASE))
    SigningSetup.objects.create(organisation=organisation, pkcs12_path=str(path), trust_roots=authority.pem.decode())
    return SigningOffice(organisation, version, camat, clerk, authority)
