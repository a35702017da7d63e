"""Commands against stored cases: one transaction each, refusals write nothing, retries are idempotent."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from sopan.engine import (
    Actor,
    CaseState,
    ClaimTask,
    CompleteStep,
    Decide,
    Event,
    OpenCase,
    RecordOutsideStep,
    Refusal,
    RefusalCode,
    TickRequirement,
    replay,
)
from sopan.web.cases.models import Case, RegisterEntry, Task
from sopan.web.cases.models import Event as EventRow
from sopan.web.cases.services import submit
from sopan.web.catalog.models import CalendarOverride
from tests.factories import ANI, WIB, at
from tests.web.factories import NOBODY, Office, open_case, task_role_codes


def stored_state(case: Case) -> CaseState:
    case.refresh_from_db()
    return CaseState.from_json(case.state)


def test_open_case_writes_case_events_and_task(office: Office) -> None:
    case = open_case(office)
    assert case.status == "open" and case.current_step == 1 and case.version == 2
    assert len(case.tracking_code) == 13
    assert list(case.events.values_list("kind", flat=True)) == ["case_opened", "task_activated"]
    task = Task.objects.get(case=case)
    assert task.is_open and task.outside
    assert task_role_codes(task) == {"loket", "kasi", "camat"}  # anyone inside records the Pemohon
    assert case.due_at == dt.datetime(2026, 11, 4, 9, 15, tzinfo=WIB)


def test_a_case_runs_through_a_tidak_decision_and_back_to_the_end(office: Office) -> None:
    case = open_case(office)
    submit(office.loket, RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"}), case=case)
    submit(office.loket, Decide(actor=NOBODY, at=at(2, 10), task=2, answer=False, reason="KTP buram"), case=case)
    submit(office.loket, RecordOutsideStep(actor=NOBODY, at=at(2, 11), task=3, waivers={"1": "a", "2": "b"}), case=case)
    submit(office.loket, TickRequirement(actor=NOBODY, at=at(2, 11, 30), task=4, item="1"), case=case)
    submit(office.loket, Decide(actor=NOBODY, at=at(2, 12), task=4, answer=True), case=case)
    submit(office.kasi, CompleteStep(actor=NOBODY, at=at(2, 13), task=5), case=case)
    submit(office.camat, Decide(actor=NOBODY, at=at(3, 9), task=6, answer=True), case=case)
    result = submit(office.loket, CompleteStep(actor=NOBODY, at=at(3, 10), task=7), case=case)
    case = result.case
    assert case.status == "finished" and case.current_step is None
    state = stored_state(case)
    assert state.loops == {"2": 1}
    # the stored state is the fold of the stored events
    events = [
        Event.from_json({"kind": e.kind, "at": e.at.isoformat(), "actor": e.actor_name, "data": e.data})
        for e in case.events.order_by("seq")
    ]
    assert replay(events) == state
    assert case.version == len(events) == case.events.count()
    # task rows carry the working time taken, for reports
    tasks = list(Task.objects.filter(case=case).order_by("number"))
    assert [t.step for t in tasks] == [1, 2, 1, 2, 3, 4, 5]
    assert not any(t.is_open for t in tasks)
    assert tasks[1].answer == "tidak" and tasks[0].elapsed_minutes == 60
    assert tasks[5].completed_by == office.camat
    entry = RegisterEntry.objects.get(case=case)
    assert (entry.register, entry.year, entry.number, entry.step) == ("Register Surat Keterangan", 2026, 1, 3)


def test_a_refused_command_writes_nothing(office: Office) -> None:
    case = open_case(office)
    before = (case.version, case.events.count(), dict(stored_state(case).to_json()))
    with pytest.raises(Refusal) as caught:
        submit(office.kasi, RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1), case=case)  # kelengkapan missing
    assert caught.value.code == RefusalCode.MISSING_REQUIREMENTS
    assert (case.version, case.events.count(), stored_state(case).to_json()) == before


def test_a_task_without_a_row_of_its_own_gets_one_when_a_command_touches_it(office: Office) -> None:
    """Task rows are what inboxes read: a task the case's state holds whose row is missing is written whole by the
    next command on it (on PostgreSQL in the UPDATE's own statement, sent with the COMMIT)."""
    case = open_case(office)
    Task.objects.filter(case=case, number=1).delete()
    record = RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"})
    submit(office.loket, record, case=case)
    task = Task.objects.get(case=case, number=1)
    assert (task.is_open, task.completed_at, task.step, task.outside) == (False, at(2, 9), 1, True)


def test_roles_of_another_organisation_do_not_count(office: Office) -> None:
    case = open_case(office)
    with pytest.raises(Refusal) as caught:
        submit(office.outsider, TickRequirement(actor=NOBODY, at=at(2, 9), task=1, item="1"), case=case)
    assert caught.value.code == RefusalCode.WRONG_ROLE
    with pytest.raises(Refusal):
        submit(office.outsider, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version)


def test_a_caller_cannot_name_its_own_actor(office: Office) -> None:
    case = open_case(office)
    claimed = Actor(office.kasi.get_username(), frozenset({"kasi"}))
    with pytest.raises(ValueError, match="SIGNED_IN"):
        submit(office.loket, ClaimTask(actor=claimed, at=at(2, 9), task=1), case=case)


def test_retrying_a_command_id_is_idempotent(office: Office) -> None:
    case = open_case(office)
    command_id = uuid.uuid4()
    command = RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"})
    first = submit(office.loket, command, case=case, command_id=command_id)
    again = submit(office.loket, command, case=case, command_id=command_id)
    assert not first.replayed and again.replayed
    assert [(e.case_id, e.seq, e.kind) for e in first.events] == [(e.case_id, e.seq, e.kind) for e in again.events]
    assert EventRow.objects.filter(case=case, kind="step_completed").count() == 1
    opening = uuid.uuid4()
    one = submit(
        office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version, command_id=opening
    )
    two = submit(
        office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version, command_id=opening
    )
    assert one.case.pk == two.case.pk and Case.objects.count() == 2


def test_unknown_case_is_refused(office: Office) -> None:
    with pytest.raises(Refusal) as caught:
        submit(office.loket, CompleteStep(actor=NOBODY, at=at(2, 9), task=1), case=uuid.uuid4())
    assert caught.value.code == RefusalCode.NO_CASE


def test_local_holiday_from_the_database_moves_due_times(office: Office) -> None:
    CalendarOverride.objects.create(
        organisation=office.organisation, date=dt.date(2026, 11, 3), kind="holiday", name="Hari Jadi Kabupaten"
    )
    CalendarOverride.objects.create(
        organisation=office.organisation, date=dt.date(2026, 11, 4), kind="hours", hours="07:30-12:00"
    )
    case = open_case(office)
    # 2 days + 75 minutes from Monday 08:00, Tuesday off: Thursday 08:00 + 75 minutes
    assert case.due_at == dt.datetime(2026, 11, 5, 9, 15, tzinfo=WIB)


def test_register_numbers_run_per_register_and_year(office: Office) -> None:
    numbers = []
    for year_day in (at(2, 8), at(2, 8), at(2, 8)):
        case = open_case(office, year_day)
        submit(
            office.loket, RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"}), case=case
        )
        submit(office.loket, Decide(actor=NOBODY, at=at(2, 10), task=2, answer=True, waivers={"1": "ada"}), case=case)
        submit(office.kasi, CompleteStep(actor=NOBODY, at=at(2, 11), task=3), case=case)
        numbers.append(RegisterEntry.objects.get(case=case).number)
    assert numbers == [1, 2, 3]
    case = open_case(office, dt.datetime(2027, 1, 4, 8, tzinfo=WIB))
    submit(
        office.loket,
        RecordOutsideStep(
            actor=NOBODY, at=dt.datetime(2027, 1, 4, 9, tzinfo=WIB), task=1, waivers={"1": "a", "2": "b"}
        ),
        case=case,
    )
    submit(
        office.loket,
        Decide(actor=NOBODY, at=dt.datetime(2027, 1, 4, 10, tzinfo=WIB), task=2, answer=True, waivers={"1": "a"}),
        case=case,
    )
    submit(office.kasi, CompleteStep(actor=NOBODY, at=dt.datetime(2027, 1, 4, 11, tzinfo=WIB), task=3), case=case)
    entry = RegisterEntry.objects.get(case=case)
    assert (entry.year, entry.number) == (2027, 1)


def _failing(times: int, sqlstate: str = "40P01"):
    """A ``_submit_once`` that fails ``times`` times as PostgreSQL's driver error wrapped by Django, then runs."""
    from django.db import OperationalError

    from sopan.web.cases import services

    real, calls = services._submit_once, []

    def attempt(*args: object, **kwargs: object):
        calls.append(1)
        if len(calls) <= times:
            error = OperationalError("deadlock detected")
            error.__cause__ = type("DriverError", (Exception,), {"sqlstate": sqlstate})()
            raise error
        return real(*args, **kwargs)

    return attempt, calls


def test_a_deadlock_victim_runs_again(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    from sopan.web.cases import services

    attempt, calls = _failing(1)
    monkeypatch.setattr(services, "_submit_once", attempt)
    case = open_case(office)
    assert len(calls) == 2 and case.status == Case.Status.OPEN


def test_a_command_deadlocking_each_time_is_a_conflict(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    from sopan.web.cases import services

    attempt, _calls = _failing(99)
    monkeypatch.setattr(services, "_submit_once", attempt)
    with pytest.raises(Refusal) as refused:
        open_case(office)
    assert refused.value.code == RefusalCode.CONFLICT and not Case.objects.exists()


def test_another_database_error_is_not_retried(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import OperationalError

    from sopan.web.cases import services

    attempt, calls = _failing(1, sqlstate="53100")  # disk full
    monkeypatch.setattr(services, "_submit_once", attempt)
    with pytest.raises(OperationalError):
        open_case(office)
    assert len(calls) == 1
