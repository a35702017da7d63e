"""Waiting for the applicant on the screens and in the API: the hold from the task page, shown on the case and the
status page, the resumption, and the list of holds older than the office's limit."""

from __future__ import annotations

import datetime as dt
import json
import uuid

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sopan.engine import HoldForApplicant, RecordOutsideStep
from sopan.web.accounts.models import ApiToken
from sopan.web.cases.models import Case, Task
from sopan.web.cases.services import submit
from tests.factories import at
from tests.web.factories import NOBODY, Office, client_for, open_case


def at_step_2(office: Office, when: dt.datetime | None = None) -> Case:
    case = open_case(office, when)
    moment = (when or case.opened_at) + dt.timedelta(minutes=5)
    submit(office.loket, RecordOutsideStep(actor=NOBODY, at=moment, task=1, waivers={"1": "a", "2": "b"}), case=case)
    case.refresh_from_db()
    return case


def press(client: Client, case: Case, **fields):
    body = {"command_id": str(uuid.uuid4()), **fields}
    return client.post(reverse("task-action", args=[case.pk, 2]), body)


def test_hold_and_resume_from_the_task_page(office: Office) -> None:
    case = at_step_2(office, timezone.now() - dt.timedelta(hours=1))
    client = client_for(office.loket)
    page = client.get(reverse("task", args=[case.pk, 2])).content.decode()
    assert 'value="hold"' in page and "Formulir permohonan" in page  # the unticked items are offered as missing
    press(client, case, action="hold", kurang="Surat kuasa\n\nFotokopi KK Ani Lestari")
    case.refresh_from_db()
    assert case.typed_state.hold["missing"] == ["Surat kuasa", "Fotokopi KK Ani Lestari"]
    page = client.get(reverse("task", args=[case.pk, 2])).content.decode()
    assert 'value="resume"' in page and 'value="complete"' not in page and 'value="ya"' not in page
    shown = client.get(reverse("case", args=[case.pk])).content.decode()
    assert "Menunggu pemohon" in shown and "Surat kuasa" in shown
    status = Client().get(reverse("public-status-code", args=[case.tracking_code])).content.decode()
    assert "Menunggu berkas dari Anda" in status and "Surat kuasa" in status and "Ani" not in status
    due_before = Task.objects.get(case=case, number=2).due_at
    press(client, case, action="resume", catatan="Dibawa pemohon")
    case.refresh_from_db()
    assert case.typed_state.hold is None
    assert Task.objects.get(case=case, number=2).due_at == case.typed_state.task(2).due_at
    assert case.typed_state.task(2).due_at >= due_before
    english = client.get(reverse("case", args=[case.pk]), {"lang": "en"}).content.decode()
    assert "Waiting for the applicant" in english and "Documents brought, resumed" in english


def test_a_case_waiting_for_its_applicant_is_not_late_meanwhile(office: Office) -> None:
    now = timezone.now()
    case = at_step_2(office, now - dt.timedelta(hours=1))
    submit(
        office.loket,
        HoldForApplicant(actor=NOBODY, at=now - dt.timedelta(minutes=30), task=2, missing=("KTP",)),
        case=case,
    )
    Case.objects.filter(pk=case.pk).update(due_at=now - dt.timedelta(minutes=10))  # passed while it waited
    status = Client().get(reverse("public-status-code", args=[case.tracking_code])).content.decode()
    assert "tepat waktu" in status and "terlambat" not in status
    assert Client().get(f"/api/status/{case.tracking_code}").json()["late"] is False
    Case.objects.filter(pk=case.pk).update(due_at=now - dt.timedelta(minutes=40))  # late before it began to wait
    assert Client().get(f"/api/status/{case.tracking_code}").json()["late"] is True


def test_holds_older_than_the_office_limit_are_listed(office: Office) -> None:
    long_ago = timezone.now() - dt.timedelta(days=20)
    old = at_step_2(office, long_ago)
    submit(
        office.loket,
        HoldForApplicant(actor=NOBODY, at=long_ago + dt.timedelta(hours=1), task=2, missing=("KTP",)),
        case=old,
    )
    recent = at_step_2(office, timezone.now() - dt.timedelta(days=2))
    submit(
        office.loket,
        HoldForApplicant(actor=NOBODY, at=timezone.now() - dt.timedelta(days=1), task=2, missing=("KK",)),
        case=recent,
    )
    client = client_for(office.loket)
    page = client.get(reverse("held-cases")).content.decode()
    assert old.tracking_code in page and recent.tracking_code not in page and "KTP" in page
    office.organisation.definition = {**office.organisation.definition, "batas_tunggu_pemohon": 30}
    office.organisation.save()
    assert old.tracking_code not in client.get(reverse("held-cases")).content.decode()
    assert old.tracking_code not in client_for(office.outsider).get(reverse("held-cases")).content.decode()


def test_hold_and_resume_through_the_api(office: Office) -> None:
    case = at_step_2(office, timezone.now() - dt.timedelta(hours=1))
    _, raw = ApiToken.issue(office.loket, "tes")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    url = f"/api/cases/{case.pk}/tasks/2/commands"

    def post(body: dict):
        return api.post(url, data=json.dumps(body), content_type="application/json")

    assert post({"command": "hold", "missing": []}).status_code == 422
    held = post({"command": "hold", "missing": ["Surat kuasa"]})
    assert held.status_code == 200 and held.json()["events"][-1]["kind"] == "case_held"
    assert post({"command": "complete"}).json()["code"] == "on_hold"
    resumed = post({"command": "resume", "note": "dibawa"})
    assert resumed.status_code == 200 and resumed.json()["events"][-1]["kind"] == "case_resumed"
    assert post({"command": "resume"}).json()["code"] == "not_on_hold"
    schema = api.get("/api/openapi.json").json()
    assert "HoldIn" in schema["components"]["schemas"] and "ResumeIn" in schema["components"]["schemas"]


def test_the_inbox_does_not_call_a_case_waiting_over_a_weekend_late(office: Office) -> None:
    """Held on Friday 6 November before step 2 was due, still waiting weeks later: the clock stopped on Friday."""
    case = at_step_2(office, at(6, 8))
    due = case.typed_state.task(2).due_at
    assert due is not None and due < timezone.now()  # without the hold, long overdue
    held = HoldForApplicant(actor=NOBODY, at=at(6, 8, 10), task=2, missing=("Surat kuasa",))
    submit(office.loket, held, case=case)
    page = client_for(office.loket).get(reverse("inbox")).content.decode()
    assert case.tracking_code in page
    assert "terlambat" not in page and "overdue" not in page and "Menunggu pemohon" in page
    english = client_for(office.loket).get(reverse("inbox"), {"lang": "en"}).content.decode()
    assert "overdue" not in english and "Waiting for the applicant" in english
    _, raw = ApiToken.issue(office.loket, "kotak-masuk")
    [row] = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/tasks").json()
    assert row["late"] is False and row["on_hold"] is True


def test_the_inbox_still_calls_a_case_late_when_it_was_late_before_the_hold(office: Office) -> None:
    case = at_step_2(office, at(6, 8))
    due = case.typed_state.task(2).due_at
    later = HoldForApplicant(actor=NOBODY, at=due + dt.timedelta(hours=1), task=2, missing=("Surat kuasa",))
    submit(office.loket, later, case=case)
    page = client_for(office.loket).get(reverse("inbox")).content.decode()
    assert "terlambat" in page and "Menunggu pemohon" in page
    _, raw = ApiToken.issue(office.loket, "kotak-masuk")
    [row] = Client(headers={"Authorization": f"Bearer {raw}"}).get("/api/tasks").json()
    assert row["late"] is True and row["on_hold"] is True
