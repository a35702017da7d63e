"""Personal data duties: retention, anonymisation (no value left in any table), and the append-only event table."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from sopan.cli import app
from sopan.engine import (
    CaseState,
    OpenCase,
)
from sopan.engine.personal import MARKER
from sopan.model.sop import Sop as SopModel
from sopan.web.accounts.models import Administrator, ApiToken
from sopan.web.cases.access import can_administer
from sopan.web.cases.models import Anonymisation, Case
from sopan.web.cases.models import Event as EventRow
from sopan.web.cases.personal_data import (
    AnonymisationRefused,
    anonymise_case,
    anonymise_due,
    case_retention_months,
    due_cases,
    retention_ends,
)
from sopan.web.cases.services import submit
from sopan.web.catalog.publishing import publish_sop
from tests.factories import SERVICE_SOP, WIB, at
from tests.web.factories import NOBODY, Office, make_user
from tests.web.personal_data_cases import (
    APPLICANT,
    KK,
    LATER,
    NIK,
    PERSONAL,
    administrator,
    every_text_in_the_database,
    finished_case,
    replayed,
    timings,
)


def test_anonymising_leaves_no_personal_value_in_any_table_and_the_log_replays(office: Office) -> None:
    case = finished_case(office)
    before = every_text_in_the_database()
    assert all(value in before for value in PERSONAL)  # the search can find them
    figures, state_before = timings(case), CaseState.from_json(case.state)
    user = administrator(office)
    case = anonymise_case(user, case, now=LATER)
    text = every_text_in_the_database()
    for value in PERSONAL:
        assert value not in text, value
    state = CaseState.from_json(case.state)
    assert state.applicant == {"name": MARKER, "nik": MARKER, "phone": MARKER, "address": MARKER}
    assert replayed(case) == state and case.version == case.events.count() == state_before.version + 1
    assert timings(case) == figures
    for old, new in zip(state_before.tasks, state.tasks, strict=True):
        assert (old.activated_at, old.due_at, old.completed_at, old.elapsed_minutes, old.answer) == (
            new.activated_at, new.due_at, new.completed_at, new.elapsed_minutes, new.answer,
        )  # fmt: skip
    last = case.events.order_by("-seq").first()
    assert (last.kind, last.actor, last.at) == ("case_anonymised", user, LATER)
    audit = Anonymisation.objects.get(case=case)
    assert audit.by == user and audit.finished_at is not None and not audit.on_request
    assert case.anonymised_at == LATER


def test_due_cases_follow_the_organisation_the_office_and_the_sop(office: Office) -> None:
    case = finished_case(office)
    assert case_retention_months(case) == 60
    assert [due.case for due in due_cases(office.organisation, LATER)] == [case]
    assert due_cases(office.organisation, case.closed_at + dt.timedelta(days=365)) == []
    office.organisation.definition = {**office.organisation.definition, "retensi_data": "1 tahun"}
    office.organisation.save()
    assert [due.case.pk for due in due_cases(office.organisation, case.closed_at + dt.timedelta(days=366))] == [case.pk]
    office.organisation.retention_months = 24  # the office's own setting comes before its file
    office.organisation.save()
    case = Case.objects.select_related("sop_version", "organisation").get(pk=case.pk)
    assert case_retention_months(case) == 24
    assert retention_ends(dt.datetime(2026, 8, 31, tzinfo=WIB), 6) == dt.datetime(2027, 2, 28, tzinfo=WIB)
    assert [c.pk for c in anonymise_due(administrator(office), office.organisation, LATER)] == [case.pk]
    assert due_cases(office.organisation, LATER) == []


def test_an_sop_whose_pencatatan_says_otherwise_keeps_its_own_period(office: Office) -> None:
    sop = SopModel.model_validate({**SERVICE_SOP, "retensi_data": "2 bulan"})
    sop.id = "surat-keterangan-singkat"
    version, _ = publish_sop(office.organisation, sop)
    own, usual = finished_case(office, version), finished_case(office)
    assert case_retention_months(own) == 2 and case_retention_months(usual) == 60
    three_months = own.closed_at + dt.timedelta(days=92)
    assert [(due.case.pk, due.months) for due in due_cases(office.organisation, three_months)] == [(own.pk, 2)]


def test_refusals_open_not_due_without_request_and_other_organisations(office: Office) -> None:
    user = administrator(office)
    running = submit(
        office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=APPLICANT), version=office.version
    ).case
    with pytest.raises(AnonymisationRefused, match="case_open"):
        anonymise_case(user, running, now=LATER)
    case = finished_case(office)
    soon = case.closed_at + dt.timedelta(days=30)
    with pytest.raises(AnonymisationRefused, match="not_due"):
        anonymise_case(user, case, now=soon)
    with pytest.raises(AnonymisationRefused, match="reason_required"):
        anonymise_case(user, case, now=soon, on_request=True)
    for stranger in (office.outsider, office.loket):  # another office's administrator-like user, a plain officer
        with pytest.raises(AnonymisationRefused, match="not_permitted"):
            anonymise_case(stranger, case, now=LATER)
    other = make_user("pengelola-lain", office.organisation)
    Administrator.objects.create(user=other, organisation=office.outsider.role_assignments.first().role.organisation)
    assert not can_administer(other, office.organisation)
    with pytest.raises(AnonymisationRefused, match="not_permitted"):
        anonymise_case(other, case, now=LATER)
    assert Case.objects.get(pk=case.pk).anonymised_at is None and not Anonymisation.objects.exists()
    anonymise_case(user, case, now=soon, on_request=True, reason=f"Surat permohonan {APPLICANT.name} 12/2026")
    assert Anonymisation.objects.get().reason == f"Surat permohonan {MARKER} 12/2026"
    with pytest.raises(AnonymisationRefused, match="already_anonymised"):
        anonymise_case(user, case, now=LATER)


def test_a_raw_update_or_delete_of_an_event_is_refused_by_the_database(office: Office) -> None:
    case = finished_case(office)
    table = connection.ops.quote_name(EventRow._meta.db_table)
    event = case.events.order_by("seq").first()
    statements = [
        (f"UPDATE {table} SET kind = %s WHERE id = %s", ["case_cancelled", event.pk]),
        (f"UPDATE {table} SET data = %s WHERE id = %s", ["{}", event.pk]),
        (f"DELETE FROM {table} WHERE id = %s", [event.pk]),
        (f"DELETE FROM {table}", []),
    ]
    for sql, params in statements:
        with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)
    assert case.events.count() == case.version and case.events.get(pk=event.pk).data == event.data
    # the anonymiser's audit row opens the way for that case's data only, and closed it stays
    user = administrator(office)
    anonymise_case(user, case, now=LATER)
    audit = connection.ops.quote_name(Anonymisation._meta.db_table)
    for sql, params in [
        (f"UPDATE {table} SET data = %s WHERE id = %s", ["{}", event.pk]),
        (f"UPDATE {audit} SET reason = %s", ["x"]),
        (f"UPDATE {audit} SET finished_at = NULL", []),
        (f"DELETE FROM {audit}", []),
    ]:
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, params)


def test_the_anonimkan_command_lists_then_anonymises_due_cases(office: Office) -> None:
    case = finished_case(office)  # closed in November 2026: due under a one-month period
    office.organisation.retention_months = 1
    office.organisation.save()
    user = administrator(office)
    runner = CliRunner()
    listed = runner.invoke(app, ["anonimkan", "kec-contoh", "--oleh", user.username, "--uji", "--lang", "en"])
    assert listed.exit_code == 0 and case.tracking_code in listed.output and "1 cases due" in listed.output
    assert APPLICANT.name not in listed.output and Case.objects.get(pk=case.pk).anonymised_at is None
    assert runner.invoke(app, ["anonimkan", "--oleh", office.loket.username]).exit_code == 2  # no administrator
    assert runner.invoke(app, ["anonimkan", "kec-tidak-ada", "--oleh", user.username]).exit_code == 2
    done = runner.invoke(app, ["anonimkan", "--oleh", user.username])
    assert done.exit_code == 0 and "1 dari 1 kasus dianonimkan" in done.output
    assert Case.objects.get(pk=case.pk).anonymised_at is not None


def test_the_administrators_screen_lists_due_cases_and_anonymises_them(office: Office) -> None:
    due, asked = finished_case(office), finished_case(office)
    office.organisation.retention_months = 1  # closed in November 2026: due now
    office.organisation.save()
    user = administrator(office)
    client = Client()
    client.force_login(user)
    url = reverse("personal-data", args=["kec-contoh"])
    assert client.get(reverse("administration")).headers["Location"] == reverse("office", args=["kec-contoh"])
    page = client.get(url + "?lang=en").content.decode()
    assert due.tracking_code in page and asked.tracking_code in page and "Cases due (2)" in page
    assert APPLICANT.name not in page and NIK not in page
    client.post(url, {"aksi": "satu", "kasus": str(due.pk)})
    refused = client.post(url, {"aksi": "permintaan", "kode": asked.tracking_code, "alasan": ""}, follow=True)
    assert "Give the tracking code" in refused.content.decode() and Case.objects.get(pk=asked.pk).anonymised_at is None
    client.post(url, {"aksi": "permintaan", "kode": asked.tracking_code.lower(), "alasan": "Surat 7/2026"})
    assert Case.objects.filter(anonymised_at__isnull=False).count() == 2
    saved = client.post(url, {"aksi": "retensi", "bulan": "36"}, follow=True)
    assert "Retention period saved" in saved.content.decode()
    office.organisation.refresh_from_db()
    assert office.organisation.retention_months == 36
    assert "a number of months" in client.post(url, {"aksi": "retensi", "bulan": "0"}, follow=True).content.decode()
    for stranger in (office.loket, office.outsider):  # an officer of the office, and of another office
        other = Client()
        other.force_login(stranger)
        assert other.get(url).status_code == 404 and other.post(url, {"aksi": "semua"}).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page


def test_the_api_lists_and_anonymises_for_administrators_only(office: Office) -> None:
    case = finished_case(office)
    user = administrator(office)
    client = Client(headers={"Authorization": f"Bearer {ApiToken.issue(user, 'test')[1]}"})
    base = "/api/organisations/kec-contoh/personal-data"
    listed = client.get(base).json()
    assert listed["retention_months"] == 60 and listed["due"] == []
    early = client.post(f"{base}/anonymise", {"case_id": str(case.pk)}, content_type="application/json")
    assert early.status_code == 409 and early.json()["code"] == "not_due"
    body = {"tracking_code": case.tracking_code, "on_request": True, "reason": "Surat 8/2026"}
    done = client.post(f"{base}/anonymise", body, content_type="application/json")
    assert done.status_code == 200 and done.json()["tracking_code"] == case.tracking_code
    assert client.post(f"{base}/anonymise-due").json() == []
    outsider = Client(headers={"Authorization": f"Bearer {ApiToken.issue(office.outsider, 'x')[1]}"})
    assert outsider.get(base).status_code == 404 and outsider.post(f"{base}/anonymise-due").status_code == 404
    assert Client().get(base).status_code == 401
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {base.replace("kec-contoh", "{code}") + tail for tail in ("", "/anonymise", "/anonymise-due")} <= set(paths)


def test_free_text_nik_is_masked_for_viewers_without_personal_data_and_the_marker_shows_as_is(office: Office) -> None:
    case = finished_case(office)
    camat = Client()
    camat.force_login(office.camat)  # sees the case; the case is closed, so not its applicant in full
    page = camat.get(reverse("case", args=[case.pk])).content.decode()
    assert NIK not in page and "••••••••••••9876" in page
    events = json.dumps(camat.get(f"/api/cases/{case.pk}/events").json(), ensure_ascii=False)
    assert NIK not in events and KK not in events and "••••••••••••7777" in events
    detail = camat.get(f"/api/cases/{case.pk}").json()
    assert detail["tasks"][1]["reason"] == "KTP ••••••••••••9876 buram"
    anonymise_case(administrator(office), case, now=LATER)
    page = camat.get(reverse("case", args=[case.pk])).content.decode()
    assert MARKER in page and "Data pribadi dianonimkan" in page
