"""Every command of the engine, and every way it refuses one."""

from __future__ import annotations

import copy
import datetime as dt

import pytest

from sopan.engine import (
    Actor,
    Applicant,
    CancelCase,
    CaseState,
    CaseStatus,
    ClaimTask,
    CompleteStep,
    Context,
    Decide,
    EventKind,
    MemoryRegisters,
    OpenCase,
    Process,
    RecordOutput,
    RecordOutsideStep,
    Refusal,
    RefusalCode,
    RejectCase,
    ReleaseTask,
    TickRequirement,
    UntickRequirement,
    WaiveRequirement,
    execute,
    handle,
    replay,
)
from sopan.model.sop import Sop
from sopan.worktime.calendar import WorkCalendar
from tests.factories import CAMAT, KASI, LOKET, SERVICE_SOP, STRANGER, WIB, at

APPLICANT = Applicant(name="Ani Lestari", nik="3508010101010001", phone="0812", address="Jl. Mawar 1")


def opened(ctx: Context, when: dt.datetime | None = None) -> CaseState:
    state, _ = execute(
        None,
        OpenCase(actor=LOKET, at=when or at(2, 8), case_id="c1", tracking_code="ABCD-EFGH-JKX", applicant=APPLICANT),
        ctx,
    )
    return state


def refused(state: CaseState | None, command, ctx: Context, code: RefusalCode) -> Refusal:
    """Assert a refusal with ``code`` that leaves the state exactly as it was."""
    before = copy.deepcopy(state)
    with pytest.raises(Refusal) as caught:
        handle(state, command, ctx)
    assert caught.value.code == code, caught.value
    assert state == before
    assert caught.value.text("id") and caught.value.text("en")
    return caught.value


def at_step(ctx: Context, step: int) -> CaseState:
    """A case moved forward along the ordinary path until ``step`` is current."""
    state = opened(ctx)
    moments = iter(at(2, 9 + i) for i in range(10))
    while state.current.step != step:
        task = state.current
        when = next(moments)
        if task.step == 1:
            state, _ = execute(
                state, RecordOutsideStep(actor=LOKET, at=when, task=task.task, waivers={"1": "x", "2": "y"}), ctx
            )
        elif task.step == 2:
            state, _ = execute(
                state, Decide(actor=LOKET, at=when, task=task.task, answer=True, waivers={"1": "ada"}), ctx
            )
        elif task.step == 3:
            state, _ = execute(state, CompleteStep(actor=KASI, at=when, task=task.task), ctx)
        elif task.step == 4:
            state, _ = execute(state, Decide(actor=CAMAT, at=when, task=task.task, answer=True), ctx)
    return state


# ----- open ---------------------------------------------------------------------------------------------
def test_open_a_service_case(ctx: Context) -> None:
    state, events = execute(
        None,
        OpenCase(actor=LOKET, at=at(2, 8), case_id="c1", tracking_code="T", applicant=APPLICANT, ticked=("1",)),
        ctx,
    )
    assert [e.kind for e in events] == [
        EventKind.CASE_OPENED,
        EventKind.TASK_ACTIVATED,
        EventKind.REQUIREMENT_TICKED,
    ]
    assert state.status == CaseStatus.OPEN
    assert state.current.step == 1 and state.current.outside
    assert state.current.ticked == {"1": "siti"}
    assert state.applicant["nik"] == "3508010101010001"
    # 5 + 10 + 60 min, Disesuaikan, 2 hari -> two working days and 75 minutes from Monday 08:00
    assert state.due_at == dt.datetime(2026, 11, 4, 9, 15, tzinfo=WIB)
    assert state.current.due_at == dt.datetime(2026, 11, 2, 8, 5, tzinfo=WIB)


def test_command_fields_are_keyword_only_and_required() -> None:
    with pytest.raises(TypeError):
        Decide(LOKET, at(2, 10), 2, True)  # type: ignore[misc]
    with pytest.raises(TypeError, match="answer"):
        Decide(actor=LOKET, at=at(2, 10), task=2)  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="task"):
        ClaimTask(actor=LOKET, at=at(2, 10))  # type: ignore[call-arg]


def test_open_refusals(ctx: Context) -> None:
    state = opened(ctx)
    refused(state, OpenCase(actor=LOKET, at=at(2, 8), case_id="c1", applicant=APPLICANT), ctx, RefusalCode.CASE_EXISTS)
    refused(None, OpenCase(actor=STRANGER, at=at(2, 8), applicant=APPLICANT), ctx, RefusalCode.WRONG_ROLE)
    refused(None, OpenCase(actor=LOKET, at=at(2, 8)), ctx, RefusalCode.APPLICANT_REQUIRED)
    refused(
        None, OpenCase(actor=LOKET, at=at(2, 8), applicant=Applicant(name="  ")), ctx, RefusalCode.APPLICANT_REQUIRED
    )
    for nik in ("35080101", "３５０８０１０１０１０１０００１"):  # too short; full-width digits
        bad_nik = Applicant(name="Ani", nik=nik)
        refused(None, OpenCase(actor=LOKET, at=at(2, 8), applicant=bad_nik), ctx, RefusalCode.INVALID_APPLICANT)
    refused(None, OpenCase(actor=LOKET, at=at(2, 8), applicant=APPLICANT, ticked=("9",)), ctx, RefusalCode.UNKNOWN_ITEM)


def test_assignment_sops_need_a_trigger(ctx: Context) -> None:
    ctx.process.sop.nature = "penugasan"
    refused(None, OpenCase(actor=LOKET, at=at(2, 8), case_id="c2"), ctx, RefusalCode.TRIGGER_REQUIRED)
    state, _ = execute(None, OpenCase(actor=LOKET, at=at(2, 8), case_id="c2", trigger="Disposisi Camat 12/XI"), ctx)
    assert state.trigger == "Disposisi Camat 12/XI" and state.applicant is None


# ----- claim and release ----------------------------------------------------------------------------------
def test_claim_and_release(ctx: Context) -> None:
    state = opened(ctx)
    state, events = execute(state, ClaimTask(actor=LOKET, at=at(2, 8, 1), task=1), ctx)
    assert state.current.claimed_by == "siti" and events[0].kind == EventKind.TASK_CLAIMED
    refused(state, ClaimTask(actor=LOKET, at=at(2, 8, 2), task=1), ctx, RefusalCode.ALREADY_CLAIMED)
    other = Actor("rina", frozenset({"loket"}))
    refused(state, ClaimTask(actor=other, at=at(2, 8, 2), task=1), ctx, RefusalCode.CLAIMED_BY_OTHER)
    refused(state, ReleaseTask(actor=other, at=at(2, 8, 2), task=1), ctx, RefusalCode.NOT_CLAIMED)
    refused(state, TickRequirement(actor=other, at=at(2, 8, 2), task=1, item="1"), ctx, RefusalCode.CLAIMED_BY_OTHER)
    state, _ = execute(state, ReleaseTask(actor=LOKET, at=at(2, 8, 3), task=1), ctx)
    assert state.current.claimed_by is None
    state, _ = execute(state, ClaimTask(actor=other, at=at(2, 8, 4), task=1), ctx)
    assert state.current.claimed_by == "rina"


def test_outside_party_steps_are_worked_by_any_internal_role(ctx: Context) -> None:
    state = opened(ctx)
    state, _ = execute(state, ClaimTask(actor=KASI, at=at(2, 8, 1), task=1), ctx)
    assert state.current.claimed_by == "budi"
    refused(state, ClaimTask(actor=STRANGER, at=at(2, 8, 1), task=1), ctx, RefusalCode.WRONG_ROLE)


# ----- kelengkapan ----------------------------------------------------------------------------------------
def test_tick_untick_and_waive(ctx: Context) -> None:
    state = opened(ctx)
    state, events = execute(state, TickRequirement(actor=LOKET, at=at(2, 8, 1), task=1, item="1"), ctx)
    assert [e.kind for e in events] == [EventKind.TASK_CLAIMED, EventKind.REQUIREMENT_TICKED]
    refused(state, TickRequirement(actor=LOKET, at=at(2, 8, 1), task=1, item="1"), ctx, RefusalCode.ALREADY_TICKED)
    refused(state, TickRequirement(actor=LOKET, at=at(2, 8, 1), task=1, item="3"), ctx, RefusalCode.UNKNOWN_ITEM)
    refused(state, UntickRequirement(actor=LOKET, at=at(2, 8, 1), task=1, item="2"), ctx, RefusalCode.NOT_TICKED)
    refused(
        state,
        WaiveRequirement(actor=LOKET, at=at(2, 8, 1), task=1, item="2", reason=" "),
        ctx,
        RefusalCode.REASON_REQUIRED,
    )
    refused(
        state,
        WaiveRequirement(actor=LOKET, at=at(2, 8, 1), task=1, item="1", reason="x"),
        ctx,
        RefusalCode.ALREADY_TICKED,
    )
    state, _ = execute(state, WaiveRequirement(actor=LOKET, at=at(2, 8, 2), task=1, item="2", reason="KTP hilang"), ctx)
    assert state.current.waived == {"2": "KTP hilang"}
    state, _ = execute(state, UntickRequirement(actor=LOKET, at=at(2, 8, 3), task=1, item="1"), ctx)
    assert state.current.ticked == {}
    # ticking a waived item replaces the waiver
    state, _ = execute(state, TickRequirement(actor=LOKET, at=at(2, 8, 4), task=1, item="2"), ctx)
    assert state.current.waived == {} and state.current.ticked == {"2": "siti"}


def test_missing_kelengkapan_blocks_completion_until_waived(ctx: Context) -> None:
    state = opened(ctx)
    state, _ = execute(state, TickRequirement(actor=LOKET, at=at(2, 8, 1), task=1, item="1"), ctx)
    refusal = refused(
        state, RecordOutsideStep(actor=LOKET, at=at(2, 8, 3), task=1), ctx, RefusalCode.MISSING_REQUIREMENTS
    )
    assert "Fotokopi KTP" in refusal.text("id")
    refused(
        state,
        RecordOutsideStep(actor=LOKET, at=at(2, 8, 3), task=1, waivers={"2": ""}),
        ctx,
        RefusalCode.REASON_REQUIRED,
    )
    refused(
        state, RecordOutsideStep(actor=LOKET, at=at(2, 8, 3), task=1, waivers={"7": "x"}), ctx, RefusalCode.UNKNOWN_ITEM
    )
    state, events = execute(
        state,
        RecordOutsideStep(actor=LOKET, at=at(2, 8, 3), task=1, waivers={"2": "menyusul"}, note="datang sendiri"),
        ctx,
    )
    kinds = [e.kind for e in events]
    assert kinds == [EventKind.REQUIREMENT_WAIVED, EventKind.STEP_COMPLETED, EventKind.TASK_ACTIVATED]
    done = state.task(1)
    assert done.waived == {"2": "menyusul"} and done.note == "datang sendiri" and done.elapsed_minutes == 3
    assert state.current.step == 2


def test_case_specific_items_are_optional(ctx: Context) -> None:
    items = {item.key: item for item in ctx.process.requirements(ctx.process.step(2))}
    assert items["1"].required and not items["2.1"].required
    assert items["2.1"].heading == "Jika diwakilkan"


# ----- outputs --------------------------------------------------------------------------------------------
def test_record_output(ctx: Context) -> None:
    state = at_step(ctx, 3)
    task = state.current.task
    state, _ = execute(
        state, RecordOutput(actor=KASI, at=at(3, 9), task=task, name="konsep SURAT", value="No. 470/12"), ctx
    )
    assert state.current.outputs == [{"name": "Konsep surat", "value": "No. 470/12", "file": None, "by": "budi"}]
    refused(
        state, RecordOutput(actor=KASI, at=at(3, 9), task=task, name="Foto", value="x"), ctx, RefusalCode.UNKNOWN_OUTPUT
    )
    refused(state, RecordOutput(actor=KASI, at=at(3, 9), task=task, name="Konsep surat"), ctx, RefusalCode.EMPTY_OUTPUT)
    state, _ = execute(
        state, RecordOutput(actor=KASI, at=at(3, 9), task=task, name="Konsep surat", file="f/1.pdf"), ctx
    )
    assert state.current.outputs[-1]["file"] == "f/1.pdf"


def test_free_output_where_the_step_lists_none(ctx: Context) -> None:
    state = at_step(ctx, 5)
    task = state.current.task
    refused(
        state, RecordOutput(actor=LOKET, at=at(3, 9), task=task, name=" ", value=1), ctx, RefusalCode.UNKNOWN_OUTPUT
    )
    state, _ = execute(state, RecordOutput(actor=LOKET, at=at(3, 9), task=task, name="Nomor surat", value=12.0), ctx)
    assert state.current.outputs[0]["value"] == 12.0


# ----- completing and deciding ----------------------------------------------------------------------------
def test_complete_refusals(ctx: Context) -> None:
    state = opened(ctx)
    refused(state, CompleteStep(actor=LOKET, at=at(2, 9), task=1), ctx, RefusalCode.OUTSIDE_PARTY_STEP)
    refused(state, CompleteStep(actor=LOKET, at=at(2, 9), task=2), ctx, RefusalCode.WRONG_STEP)
    state = at_step(ctx, 2)
    refused(state, CompleteStep(actor=LOKET, at=at(2, 10), task=2), ctx, RefusalCode.IS_A_DECISION)
    refused(state, RecordOutsideStep(actor=LOKET, at=at(2, 10), task=2), ctx, RefusalCode.INTERNAL_STEP)
    done = refused(state, RecordOutsideStep(actor=LOKET, at=at(2, 10), task=1), ctx, RefusalCode.STEP_DONE)
    completed = state.task(1).completed_at.astimezone(ctx.calendar.zone)  # the office's time, not UTC's
    assert f"pada {completed:%d-%m-%Y %H:%M} WIB" in done.text("id") and "+00:00" not in done.text("id")
    assert f"at {completed:%Y-%m-%d %H:%M} WIB" in done.text("en")
    refused(state, Decide(actor=KASI, at=at(2, 10), task=2, answer=True), ctx, RefusalCode.WRONG_ROLE)
    refused(state, Decide(actor=LOKET, at=at(2, 8), task=2, answer=False, reason="x"), ctx, RefusalCode.NOT_IN_PAST)
    state = at_step(ctx, 3)
    refused(
        state, Decide(actor=KASI, at=at(3, 10), task=state.current.task, answer=True), ctx, RefusalCode.NOT_A_DECISION
    )


def test_decide_tidak_sends_back_and_counts_loops(ctx: Context) -> None:
    state = at_step(ctx, 2)
    task = state.current.task
    refused(state, Decide(actor=LOKET, at=at(2, 10), task=task, answer=False), ctx, RefusalCode.REASON_REQUIRED)
    refused(state, Decide(actor=LOKET, at=at(2, 10), task=task, answer=True), ctx, RefusalCode.MISSING_REQUIREMENTS)
    state, events = execute(state, Decide(actor=LOKET, at=at(2, 10), task=task, answer=False, reason="KTP buram"), ctx)
    decision = events[1]
    assert decision.kind == EventKind.DECISION_MADE and decision.data["target"] == 1 and decision.data["loop"] == 1
    assert state.current.step == 1 and state.loops == {"2": 1}
    assert state.task(task).answer == "tidak" and state.task(task).reason == "KTP buram"
    state, _ = execute(
        state, RecordOutsideStep(actor=LOKET, at=at(2, 11), task=state.current.task, waivers={"1": "a", "2": "b"}), ctx
    )
    state, events = execute(
        state, Decide(actor=LOKET, at=at(2, 12), task=state.current.task, answer=False, reason="lagi"), ctx
    )
    assert events[-2].data["loop"] == 2 and state.loops == {"2": 2}


def test_two_lane_step_either_role(ctx: Context) -> None:
    state = at_step(ctx, 4)
    assert sorted(state.current.roles) == ["camat", "kasi"]
    assert state.current.due_at is None  # Disesuaikan: no deadline
    state, _ = execute(state, Decide(actor=KASI, at=at(3, 9), task=state.current.task, answer=True), ctx)
    assert state.current.step == 5


def test_full_run_finishes_with_register_entries(ctx: Context) -> None:
    state = at_step(ctx, 5)
    last = state.current
    assert last.due_at == dt.datetime(2026, 11, 4, 12, 0, tzinfo=WIB)  # 2 hari from Monday 12:00
    state, events = execute(state, CompleteStep(actor=LOKET, at=at(3, 10), task=last.task), ctx)
    assert state.status == CaseStatus.FINISHED and state.current is None
    assert events[-1].kind == EventKind.CASE_FINISHED
    entries = [(e["register"], e["year"], e["number"]) for e in state.register_entries]
    assert entries == [("Register Surat Keterangan", 2026, 1)]
    # the register named in Pencatatan dan Pendataan with a recording step is not entered twice
    assert ctx.process.registers == ("Register Surat Keterangan",)
    closed = refused(state, CompleteStep(actor=LOKET, at=at(3, 11), task=last.task), ctx, RefusalCode.CASE_CLOSED)
    assert closed.text("id") == "Kasus sudah ditutup (selesai)." and "(finished)" in closed.text("en")
    assert state.task(last.task).elapsed_minutes == 240 + 150  # Mon 12:00-16:00, Tue 07:30-10:00


def test_register_numbers_continue_per_year(ctx: Context) -> None:
    for expected in (1, 2):
        state = at_step(ctx, 4)
        assert state.register_entries[-1]["number"] == expected


def test_elapsed_minutes_skip_nights_and_weekends(ctx: Context) -> None:
    state = opened(ctx, at(6, 16))  # Friday 16:00, office closes 16:30
    state, _ = execute(state, RecordOutsideStep(actor=LOKET, at=at(9, 8), task=1, waivers={"1": "a", "2": "b"}), ctx)
    assert state.task(1).elapsed_minutes == 30 + 30  # Fri 16:00-16:30, Mon 07:30-08:00


# ----- cancel and reject ----------------------------------------------------------------------------------
def assignment_ctx() -> Context:
    """The same steps as an assignment (penugasan): no applicant, started by a disposition."""
    sop = Sop.model_validate({**SERVICE_SOP, "sifat": "penugasan"})
    return Context(process=Process(sop), calendar=WorkCalendar(), registers=MemoryRegisters())


def test_cancel_an_assignment_with_a_reason() -> None:
    ctx = assignment_ctx()
    state, _ = execute(None, OpenCase(actor=LOKET, at=at(2, 8), case_id="c", trigger="Disposisi Camat"), ctx)
    refused(state, CancelCase(actor=STRANGER, at=at(3, 9), reason="x"), ctx, RefusalCode.WRONG_ROLE)
    refused(state, CancelCase(actor=LOKET, at=at(3, 9), reason=""), ctx, RefusalCode.REASON_REQUIRED)
    refused(state, RejectCase(actor=LOKET, at=at(3, 9), reason="x"), ctx, RefusalCode.NOT_REJECTABLE)
    state, _ = execute(state, CancelCase(actor=LOKET, at=at(3, 9), reason="Disposisi dicabut"), ctx)
    assert state.status == CaseStatus.CANCELLED and state.close_reason == "Disposisi dicabut"
    refused(state, CancelCase(actor=LOKET, at=at(3, 9), reason="x"), ctx, RefusalCode.CASE_CLOSED)
    refused(state, ClaimTask(actor=KASI, at=at(3, 9), task=state.tasks[-1].task), ctx, RefusalCode.CASE_CLOSED)


def test_a_service_application_is_rejected_not_cancelled(ctx: Context) -> None:
    state = at_step(ctx, 3)
    refusal = refused(state, CancelCase(actor=KASI, at=at(3, 9), reason="x"), ctx, RefusalCode.NOT_CANCELLABLE)
    assert "tolak" in refusal.text("id") and "reject" in refusal.text("en")


def test_reject_by_the_current_role(ctx: Context) -> None:
    state = at_step(ctx, 3)
    refused(state, RejectCase(actor=LOKET, at=at(3, 9), reason="x"), ctx, RefusalCode.WRONG_ROLE)
    refused(state, RejectCase(actor=KASI, at=at(3, 9), reason=" "), ctx, RefusalCode.REASON_REQUIRED)
    state, events = execute(state, RejectCase(actor=KASI, at=at(3, 9), reason="Tidak memenuhi syarat"), ctx)
    assert state.status == CaseStatus.REJECTED and events[0].data["step"] == 3


def test_commands_on_no_case(ctx: Context) -> None:
    refused(None, ClaimTask(actor=LOKET, at=at(2, 8), task=1), ctx, RefusalCode.NO_CASE)
    refused(None, RejectCase(actor=LOKET, at=at(2, 8), reason="x"), ctx, RefusalCode.NO_CASE)


# ----- the log --------------------------------------------------------------------------------------------
def test_events_replay_and_round_trip_through_json(ctx: Context) -> None:
    state = opened(ctx)
    log = []
    state, events = execute(
        None, OpenCase(actor=LOKET, at=at(2, 8), case_id="c9", tracking_code="T", applicant=APPLICANT), ctx
    )
    log += events
    for command in (
        RecordOutsideStep(actor=LOKET, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"}),
        Decide(actor=LOKET, at=at(2, 10), task=2, answer=False, reason="kurang"),
        RecordOutsideStep(actor=LOKET, at=at(2, 11), task=3, waivers={"1": "a", "2": "b"}),
    ):
        state, events = execute(state, command, ctx)
        log += events
    from sopan.engine import Event

    restored = [Event.from_json(e.to_json()) for e in log]
    assert replay(restored) == state
    assert CaseState.from_json(state.to_json()) == state
    assert state.version == len(log)
