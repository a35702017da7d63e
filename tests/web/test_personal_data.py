"""Personal data duties: retention, anonymisation (no value left in any table), and the append-only event table."""

from __future__ import annotations

import contextlib
import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from typer.testing import CliRunner

from sopan.cli import app
from sopan.engine import (
    Applicant,
    CaseState,
    OpenCase,
)
from sopan.engine.personal import MARKER
from sopan.model.sop import Sop as SopModel
from sopan.web import startup_lock
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


@pytest.mark.parametrize("name", ["Ida", "Ade"])
def test_a_short_name_is_replaced_only_as_a_whole_word_in_free_text_and_the_upload_goes(
    office: Office, name: str, settings: object, tmp_path: object, django_capture_on_commit_callbacks: object
) -> None:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    relative = "cases/9ade1c2e/ktp-scan.pdf"  # "ade" inside the stored path
    upload = tmp_path / relative  # type: ignore[operator]
    upload.parent.mkdir(parents=True)
    upload.write_bytes(b"%PDF")
    case = finished_case(office, applicant=Applicant(name=name, nik=NIK), file=relative)
    before = CaseState.from_json(case.state)
    with django_capture_on_commit_callbacks(execute=True):  # type: ignore[operator]
        case = anonymise_case(administrator(office), case, now=LATER)
    state = CaseState.from_json(case.state)
    assert [task.answer for task in state.tasks] == [task.answer for task in before.tasks]
    assert "tidak" in [task.answer for task in state.tasks]
    assert state.loops == before.loops == {"2": 1} and replayed(case) == state
    assert list(case.events.filter(kind="decision_made").values_list("data__answer", flat=True)) == [
        "tidak", "ya", "ya",
    ]  # fmt: skip
    output = state.tasks[4].outputs[0]
    assert (output["value"], output["file"]) == (f"Surat untuk {MARKER}", None)
    assert not upload.exists()


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
    assert [c.pk for c in anonymise_due(administrator(office), office.organisation, LATER).done] == [case.pk]
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


APPEND_ONLY_TRIGGERS = {
    "sqlite": (
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'cases_event'",
        {"sopan_event_no_delete", "sopan_event_no_update"},
    ),
    "postgresql": (
        "SELECT tgname FROM pg_trigger WHERE tgrelid = 'cases_event'::regclass AND NOT tgisinternal",
        {"sopan_event_append_only"},
    ),
}


def test_after_migrate_the_event_table_has_its_append_only_triggers(office: Office) -> None:
    """A flush, a restore or a hand-made table could lose them silently: they are looked for by name."""
    call_command("migrate", verbosity=0)
    query, expected = APPEND_ONLY_TRIGGERS[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(query)
        assert {row[0] for row in cursor.fetchall()} == expected
    event = finished_case(office).events.order_by("seq").first()
    table = connection.ops.quote_name(EventRow._meta.db_table)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET at = at WHERE id = %s", [event.pk])


def test_the_anonimkan_command_migrates_under_the_startup_lock(office: Office, monkeypatch) -> None:
    entered = []

    @contextlib.contextmanager
    def recording() -> object:
        entered.append("lock")
        yield

    monkeypatch.setattr(startup_lock, "startup_lock", recording)
    user = administrator(office)
    result = CliRunner().invoke(app, ["anonimkan", "kec-contoh", "--oleh", user.username, "--uji"])
    assert result.exit_code == 0 and entered == ["lock"]


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
    assert client.post(f"{base}/anonymise-due").json() == {"done": 0, "refused": 0, "anonymised": [], "refusals": []}
    outsider = Client(headers={"Authorization": f"Bearer {ApiToken.issue(office.outsider, 'x')[1]}"})
    assert outsider.get(base).status_code == 404 and outsider.post(f"{base}/anonymise-due").status_code == 404
    assert Client().get(base).status_code == 401
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {base.replace("kec-contoh", "{code}") + tail for tail in ("", "/anonymise", "/anonymise-due")} <= set(paths)


def _one_anonymised_meanwhile(monkeypatch: pytest.MonkeyPatch, office: Office) -> Case:
    """Three due cases; the first is anonymised by another administrator once the list of due cases is read."""
    cases = [finished_case(office) for _ in range(3)]
    office.organisation.retention_months = 1
    office.organisation.save()
    listed, other = due_cases, make_user("pengelola2", office.organisation)
    Administrator.objects.create(user=other, organisation=office.organisation)

    def racing(*args: object, **kwargs: object) -> list:
        found = listed(*args, **kwargs)
        anonymise_case(other, cases[0])
        return found

    monkeypatch.setattr("sopan.web.cases.personal_data.due_cases", racing)
    return cases[0]


def test_anonymising_all_due_goes_on_past_a_refused_case_on_the_screen(office: Office, monkeypatch) -> None:
    first = _one_anonymised_meanwhile(monkeypatch, office)
    client = Client()
    client.force_login(administrator(office))
    url = reverse("personal-data", args=["kec-contoh"])
    page = client.post(url + "?lang=en", {"aksi": "semua"}, follow=True).content.decode()
    assert "2 cases anonymised, 1 refused" in page
    assert f"{first.tracking_code}: This case has already been anonymised." in page
    assert Case.objects.filter(anonymised_at__isnull=False).count() == 3


def test_anonymising_all_due_goes_on_past_a_refused_case_over_the_api(office: Office, monkeypatch) -> None:
    first = _one_anonymised_meanwhile(monkeypatch, office)
    client = Client(headers={"Authorization": f"Bearer {ApiToken.issue(administrator(office), 'test')[1]}"})
    response = client.post("/api/organisations/kec-contoh/personal-data/anonymise-due")
    assert response.status_code == 200
    body = response.json()
    assert (body["done"], body["refused"], len(body["anonymised"])) == (2, 1, 2)
    assert body["refusals"] == [
        {
            "case_id": str(first.pk),
            "tracking_code": first.tracking_code,
            "code": "already_anonymised",
            "message": "Kasus ini sudah dianonimkan.",
        }
    ]


def test_free_text_nik_is_masked_for_viewers_without_personal_data_and_the_marker_shows_as_is(office: Office) -> None:
    case = finished_case(office)
    camat = Client()
    camat.force_login(office.camat)  # sees the case; the case is closed, so not its applicant in full
    page = camat.get(reverse("case", args=[case.pk])).content.decode()
    assert NIK not in page and "••••••••••••9876" in page
    assert KK not in page and "catatan: diantar anaknya; KK ••••••••••••7777" in page  # the officer's note, shown
    for number in (1, 2):  # a note with a family-card number, a reason with the NIK: the task pages mask them too
        task_page = camat.get(reverse("task", args=[case.pk, number])).content.decode()
        assert task_page.count("<") > 50 and NIK not in task_page and KK not in task_page
    events = json.dumps(camat.get(f"/api/cases/{case.pk}/events").json(), ensure_ascii=False)
    assert NIK not in events and KK not in events and "••••••••••••7777" in events
    detail = camat.get(f"/api/cases/{case.pk}").json()
    assert detail["tasks"][1]["reason"] == "KTP ••••••••••••9876 buram"
    anonymise_case(administrator(office), case, now=LATER)
    page = camat.get(reverse("case", args=[case.pk])).content.decode()
    assert MARKER in page and "Data pribadi dianonimkan" in page


def test_the_trigger_is_masked_on_the_case_page_the_api_and_the_inbox_without_personal_data(office: Office) -> None:
    trigger, masked = f"Surat RT NIK {NIK}", "Surat RT NIK ••••••••••••9876"
    sop = SopModel.model_validate({**SERVICE_SOP, "sifat": "penugasan"})  # started by an order, no applicant
    sop.id = "disposisi"
    version, _ = publish_sop(office.organisation, sop)
    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), trigger=trigger), version=version).case
    camat = Client()
    camat.force_login(office.camat)  # sees the case but not its personal data
    page = camat.get(reverse("case", args=[case.pk])).content.decode()
    assert NIK not in page and masked in page
    task_page = camat.get(reverse("task", args=[case.pk, 1])).content.decode()
    assert NIK not in task_page and masked in task_page
    detail = camat.get(f"/api/cases/{case.pk}").json()
    assert (detail["personal_data"], detail["trigger"]) == (False, masked)
    loket = Client()
    loket.force_login(office.loket)
    assert loket.get(f"/api/cases/{case.pk}").json()["trigger"] == trigger  # the officer serving it sees it whole
    inbox = loket.get(reverse("inbox")).content.decode()
    assert NIK not in inbox and masked in inbox
