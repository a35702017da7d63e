"""Database fixtures: a small service SOP published for a made-up kecamatan, with officers for its roles."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User

from sopan.engine import SIGNED_IN
from sopan.model.organisation import Organisation as OrganisationModel
from sopan.model.sop import Sop as SopModel
from sopan.web.accounts.models import RoleAssignment
from sopan.web.catalog.models import Organisation, Role, SopVersion
from sopan.web.catalog.publishing import publish_sop
from tests.engine.conftest import SERVICE_SOP

NOBODY = SIGNED_IN  # the service binds it to the signed-in user's roles


@dataclass
class Office:
    organisation: Organisation
    version: SopVersion
    loket: User
    kasi: User
    camat: User
    outsider: User  # an officer of another organisation holding a role with the same code


def make_user(name: str, organisation: Organisation, *codes: str) -> User:
    user = User.objects.create_user(name, password="rahasia-sekali-123")
    for code in codes:
        RoleAssignment.objects.create(user=user, role=Role.objects.get(organisation=organisation, code=code))
    return user


@pytest.fixture
def office(db) -> Office:
    model = OrganisationModel.model_validate({"kode": "kec-contoh", "nama": "Kecamatan Contoh"})
    organisation = Organisation.objects.create(code=model.code, name=model.name, definition=model.to_file_data())
    sop = SopModel.model_validate(SERVICE_SOP)
    sop.id = "surat-keterangan"
    version, _ = publish_sop(organisation, sop)
    other = Organisation.objects.create(code="kec-lain", name="Kecamatan Lain")
    publish_sop(other, sop)
    return Office(
        organisation=organisation,
        version=version,
        loket=make_user("siti", organisation, "loket"),
        kasi=make_user("budi", organisation, "kasi"),
        camat=make_user("camat", organisation, "camat"),
        outsider=make_user("orang-lain", other, "loket", "kasi", "camat"),
    )
