"""Publishing the library: organisations, roles, SOPs, and immutable versions that cases keep."""

from __future__ import annotations

import pytest

from sopan.engine import OpenCase
from sopan.web.cases.models import Event
from sopan.web.cases.services import submit
from sopan.web.catalog.models import Organisation, Role, Sop, SopVersion
from sopan.web.catalog.publishing import publish_library, publish_sop
from sopan.web.immutable import ImmutableError
from tests.factories import ANI, LIBRARY, at
from tests.web.factories import NOBODY, Office


@pytest.mark.django_db
def test_the_whole_library_publishes_once() -> None:
    report = publish_library([LIBRARY])
    assert report.problems == []
    assert (report.organisations, report.sops, report.new_versions) == (5, 93, 93)
    assert Organisation.objects.count() == 5 and Sop.objects.count() == 93
    assert Organisation.objects.get(code="biro-organisasi-kalsel").timezone == "Asia/Makassar"
    lumajang = Organisation.objects.get(code="dukcapil-lumajang")
    assert Role.objects.filter(organisation=lumajang, external=True).exists()
    again = publish_library([LIBRARY])
    assert (again.new_versions, again.unchanged) == (0, 93)
    assert SopVersion.objects.count() == 93


def test_a_changed_definition_is_a_new_version_and_running_cases_keep_theirs(office: Office) -> None:
    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case
    from sopan.model.sop import Sop as SopModel
    from tests.factories import SERVICE_SOP

    changed = SopModel.model_validate({**SERVICE_SOP, "nama": "Pelayanan Surat Keterangan Domisili"})
    changed.id = "surat-keterangan"
    version, created = publish_sop(office.organisation, changed)
    assert created and version.number == 2
    assert office.version.sop.latest == version
    case.refresh_from_db()
    assert case.sop_version == office.version and case.sop_version.number == 1


def test_versions_and_events_cannot_be_changed(office: Office) -> None:
    office.version.definition = {}
    with pytest.raises(ImmutableError):
        office.version.save()
    with pytest.raises(ImmutableError):
        office.version.delete()
    office.version.refresh_from_db()
    assert office.version.definition["nama"] == "Pelayanan Surat Keterangan"
    submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version)
    event = Event.objects.first()
    event.kind = "case_finished"
    with pytest.raises(ImmutableError):
        event.save()
