"""The applicant's NIK kept in a column of its own (``Case.applicant_nik``): written when the case is opened, the
same as in the state, never by a later command, cleared when the case is anonymised, and filled from the states
by the migration that brought it."""

from __future__ import annotations

import importlib

from django.apps import apps

from sopan.engine import OpenCase, RecordOutsideStep
from sopan.web.cases.models import Case
from sopan.web.cases.personal_data import anonymise_case
from sopan.web.cases.services import submit
from tests.factories import ANI, at
from tests.web.factories import NOBODY, Office, open_case
from tests.web.personal_data_cases import LATER, administrator, finished_case


def test_a_case_opened_with_an_applicant_keeps_the_nik_of_its_state(office: Office) -> None:
    case = open_case(office)
    assert case.applicant_nik == ANI.nik == case.typed_state.applicant["nik"]
    submit(office.loket, RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"}), case=case)
    assert Case.objects.get(pk=case.pk).applicant_nik == ANI.nik


def test_a_case_without_a_nik_has_none(office: Office) -> None:
    nameless = ANI.__class__(name="Tanpa NIK")
    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=nameless), version=office.version).case
    assert Case.objects.get(pk=case.pk).applicant_nik is None


def test_anonymising_clears_it(office: Office) -> None:
    case = finished_case(office)
    assert case.applicant_nik
    anonymise_case(administrator(office), case, now=LATER)
    assert Case.objects.get(pk=case.pk).applicant_nik is None


def test_the_migration_fills_it_from_the_states(office: Office) -> None:
    with_nik, nameless = open_case(office), open_case(office)
    Case.objects.filter(pk=nameless.pk).update(state={**nameless.state, "applicant": {"name": "X", "nik": ""}})
    Case.objects.update(applicant_nik=None)
    importlib.import_module("sopan.web.cases.migrations.0017_applicant_nik_column").fill(apps, None)
    found = dict(Case.objects.values_list("pk", "applicant_nik"))
    assert found == {with_nik.pk: ANI.nik, nameless.pk: None}
