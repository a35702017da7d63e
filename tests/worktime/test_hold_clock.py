"""A case waiting for the applicant stops the working-time clock of its step and of the case: a hold over a weekend
and a local holiday, with the minutes worked out by hand.

Office hours are the default (Mon-Thu 07:30-16:00, Fri 07:30-16:30); Monday 9 November 2026 is a local holiday.
Opened Friday 6 Nov 08:00; step 1 (Pemohon) recorded 08:05, so step 2 (10 menit) is due 08:15. The loket puts the
case on hold at 08:10 (5 minutes worked) and the applicant comes back Tuesday 10 Nov 08:00.
Held: Fri 08:10-16:30 = 500, Sat, Sun, Mon 0, Tue 07:30-08:00 = 30: 530 working minutes.
Step 2 answered at Tue 08:05: 505 + 35 = 540 minutes since it started, less 530 held = 10 minutes, and its due
time moves from Fri 08:15 by 530 working minutes to Tue 08:05: on time.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sopan.engine import (
    Applicant,
    CaseState,
    Context,
    Decide,
    EventKind,
    HoldForApplicant,
    MemoryRegisters,
    OpenCase,
    Process,
    RecordOutsideStep,
    Refusal,
    RefusalCode,
    RejectCase,
    ResumeCase,
    TickRequirement,
    execute,
    replay,
)
from sopan.model.sop import Sop
from sopan.worktime import WorkCalendar
from tests.factories import LOKET, SERVICE_SOP, at

CALENDAR = WorkCalendar(extra_holidays={dt.date(2026, 11, 9): "Hari Jadi Kabupaten"})


@pytest.fixture
def ctx() -> Context:
    return Context(process=Process(Sop.model_validate(SERVICE_SOP)), calendar=CALENDAR, registers=MemoryRegisters())


def at_step_2(ctx: Context) -> tuple[CaseState, list]:
    opening = OpenCase(actor=LOKET, at=at(6, 8), case_id="c", tracking_code="T", applicant=Applicant("Ani"))
    state, log = execute(None, opening, ctx)
    state, new = execute(
        state, RecordOutsideStep(actor=LOKET, at=at(6, 8, 5), task=1, waivers={"1": "a", "2": "b"}), ctx
    )
    return state, log + new


def refused(state: CaseState, command, ctx: Context, code: RefusalCode) -> None:
    with pytest.raises(Refusal) as caught:
        execute(state, command, ctx)
    assert caught.value.code == code and caught.value.text("id") and caught.value.text("en")


def test_a_hold_over_a_weekend_and_a_holiday_stops_the_clock(ctx: Context) -> None:
    state, log = at_step_2(ctx)
    promised = state.due_at
    assert state.task(2).due_at == at(6, 8, 15)
    refused(
        state,
        HoldForApplicant(actor=LOKET, at=at(6, 8, 10), task=2, missing=(" ",)),
        ctx,
        RefusalCode.MISSING_NOT_NAMED,
    )
    hold = HoldForApplicant(actor=LOKET, at=at(6, 8, 10), task=2, missing=("Surat kuasa", "Fotokopi KK"))
    state, new = execute(state, hold, ctx)
    log += new
    assert state.hold is not None and state.hold["missing"] == ["Surat kuasa", "Fotokopi KK"]
    assert new[-1].kind == EventKind.CASE_HELD
    # while it waits, nothing moves the step on
    refused(state, TickRequirement(actor=LOKET, at=at(6, 9), task=2, item="1"), ctx, RefusalCode.ON_HOLD)
    refused(state, Decide(actor=LOKET, at=at(6, 9), task=2, answer=True, waivers={"1": "x"}), ctx, RefusalCode.ON_HOLD)
    refused(state, HoldForApplicant(actor=LOKET, at=at(6, 9), task=2, missing=("x",)), ctx, RefusalCode.ON_HOLD)
    refused(state, ResumeCase(actor=LOKET, at=at(6, 8), task=2), ctx, RefusalCode.NOT_IN_PAST)

    state, new = execute(state, ResumeCase(actor=LOKET, at=at(10, 8), task=2, note="Berkas dibawa"), ctx)
    log += new
    assert state.hold is None and new[-1].data["held_minutes"] == 530
    assert state.held_minutes == 530 and state.task(2).held_minutes == 530
    assert state.task(2).due_at == at(10, 8, 5)
    assert state.due_at == CALENDAR.add_minutes(promised, 530) and state.due_at > promised
    refused(state, ResumeCase(actor=LOKET, at=at(10, 8), task=2), ctx, RefusalCode.NOT_ON_HOLD)

    state, new = execute(state, Decide(actor=LOKET, at=at(10, 8, 5), task=2, answer=True, waivers={"1": "x"}), ctx)
    log += new
    assert state.task(2).elapsed_minutes == 10
    assert state.task(2).completed_at <= state.task(2).due_at  # the wait does not make it late
    assert replay(log) == state
    assert CaseState.from_json(state.to_json()) == state


def test_only_service_cases_wait_and_a_waiting_case_can_still_be_rejected(ctx: Context) -> None:
    state, _ = at_step_2(ctx)
    state, _ = execute(state, HoldForApplicant(actor=LOKET, at=at(6, 9), task=2, missing=("KTP",)), ctx)
    state, _ = execute(state, RejectCase(actor=LOKET, at=at(20, 9), reason="Pemohon tidak kembali"), ctx)
    assert state.status == "rejected"
    assignment = Context(
        process=Process(Sop.model_validate({**SERVICE_SOP, "sifat": "penugasan"})),
        calendar=CALENDAR,
        registers=MemoryRegisters(),
    )
    other, _ = execute(None, OpenCase(actor=LOKET, at=at(6, 8), case_id="d", trigger="Disposisi"), assignment)
    other, _ = execute(
        other, RecordOutsideStep(actor=LOKET, at=at(6, 9), task=1, waivers={"1": "a", "2": "b"}), assignment
    )
    refused(
        other,
        HoldForApplicant(actor=LOKET, at=at(6, 10), task=2, missing=("KTP",)),
        assignment,
        RefusalCode.NOT_REJECTABLE,
    )


def test_old_states_without_hold_fields_still_load(ctx: Context) -> None:
    state, _ = at_step_2(ctx)
    stored = state.to_json()
    stored.pop("hold")
    stored.pop("held_minutes")
    for task in stored["tasks"]:
        task.pop("held_minutes")
    assert CaseState.from_json(stored) == state
