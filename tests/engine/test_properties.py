"""Random command sequences against random library SOPs keep the engine's invariants."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sopan.engine import (
    Actor,
    Applicant,
    CancelCase,
    CaseState,
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
    RejectCase,
    ReleaseTask,
    TickRequirement,
    UntickRequirement,
    WaiveRequirement,
    execute,
    replay,
)
from sopan.model.sop import END
from sopan.worktime.calendar import WorkCalendar
from tests.factories import WIB, library_processes


def reachable(process: Process) -> set[int]:
    seen: set[int] = set()
    todo = [process.first_step.number]
    while todo:
        number = todo.pop()
        if number in seen:
            continue
        seen.add(number)
        todo += [t for t, _ in process.sop.successors(process.step(number)) if t != END]
    return seen


ACTIONS = (
    "claim",
    "release",
    "tick",
    "untick",
    "waive",
    "output",
    "complete",
    "outside",
    "ya",
    "tidak",
    "cancel",
    "reject",
)
# "advance" does what the current step asks (complete, record, or answer a decision), so that random runs get far
WEIGHTED_ACTIONS = (*ACTIONS, *("advance",) * 12)


def command_for(state: CaseState, process: Process, action: str, actor: Actor, at: dt.datetime, pick: int):
    """A plausible command (the right task most of the time; sometimes a stale or future one)."""
    task = state.current.task if state.current else len(state.tasks)
    if pick % 7 == 0:
        task = max(1, task - 1)  # a stale task: must be refused once done
    step = process.step(state.tasks[min(task, len(state.tasks)) - 1].step)
    items = process.requirements(step)
    item = items[pick % len(items)].key if items else "1"
    waivers = {i.key: "alasan" for i in items if i.required} if pick % 3 else {}
    if action == "advance":
        if step.decision is not None:
            action = "tidak" if pick % 3 == 0 else "ya"
        else:
            action = "outside" if state.current and state.current.outside else "complete"
    if action in ("cancel", "reject") and pick % 8:
        action = "claim"  # closing a case early ends the run: keep it rare
    match action:
        case "claim":
            return ClaimTask(actor=actor, at=at, task=task)
        case "release":
            return ReleaseTask(actor=actor, at=at, task=task)
        case "tick":
            return TickRequirement(actor=actor, at=at, task=task, item=item)
        case "untick":
            return UntickRequirement(actor=actor, at=at, task=task, item=item)
        case "waive":
            return WaiveRequirement(actor=actor, at=at, task=task, item=item, reason="" if pick % 5 == 0 else "alasan")
        case "output":
            name = step.outputs[pick % len(step.outputs)] if step.outputs else "Catatan"
            return RecordOutput(actor=actor, at=at, task=task, name=name, value=str(pick))
        case "complete":
            return CompleteStep(actor=actor, at=at, task=task, waivers=waivers)
        case "outside":
            return RecordOutsideStep(actor=actor, at=at, task=task, waivers=waivers)
        case "ya":
            return Decide(actor=actor, at=at, task=task, answer=True, waivers=waivers)
        case "tidak":
            return Decide(actor=actor, at=at, task=task, answer=False, reason=None if pick % 4 == 0 else "perbaiki")
        case "cancel":
            return CancelCase(actor=actor, at=at, reason="batal")
        case _:
            return RejectCase(actor=actor, at=at, reason="ditolak")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sop_index=st.integers(min_value=0, max_value=10_000),
    moves=st.lists(
        st.tuples(
            st.sampled_from(WEIGHTED_ACTIONS),
            st.integers(min_value=0, max_value=1000),
            st.integers(min_value=0, max_value=3),
        ),
        min_size=1,
        max_size=60,
    ),
)
def test_random_command_sequences_keep_the_invariants(sop_index: int, moves: list[tuple[str, int, int]]) -> None:
    processes = library_processes()
    process = processes[sop_index % len(processes)]
    ctx = Context(process=process, calendar=WorkCalendar(), registers=MemoryRegisters())
    lanes = sorted({lane.code for lane in process.sop.lanes})
    everyone = Actor("admin", frozenset(lanes))
    moment = dt.datetime(2026, 3, 2, 8, 0, tzinfo=WIB)
    opener = OpenCase(
        actor=everyone, at=moment, case_id="p", tracking_code="T", applicant=Applicant(name="Ani"), trigger="Disposisi"
    )
    state, log = execute(None, opener, ctx)
    valid_steps = reachable(process)
    for action, pick, who in moves:
        moment += dt.timedelta(minutes=7 + pick % 300)
        actor = everyone if who == 0 or not lanes else Actor(f"u{who}", frozenset({lanes[pick % len(lanes)]}))
        command = command_for(state, process, action, actor, moment, pick)
        before = state.to_json()
        try:
            state, events = execute(state, command, ctx)
        except Refusal:
            assert state.to_json() == before, "a refused command changed the state"
            continue
        log += events
        # a case is at exactly one reachable step, or closed
        open_tasks = [t for t in state.tasks if not t.done]
        if state.is_open:
            assert len(open_tasks) == 1 and state.current is open_tasks[0]
            assert state.current.step in valid_steps
        else:
            assert state.current is None
        # events replay to the state
        assert replay(log) == state
        assert state.version == len(log)
    completions = Counter(e.data["task"] for e in log if e.kind in (EventKind.STEP_COMPLETED, EventKind.DECISION_MADE))
    assert all(count == 1 for count in completions.values()), "a task completed twice"
    closes = [e for e in log if e.kind in (EventKind.CASE_FINISHED, EventKind.CASE_CANCELLED, EventKind.CASE_REJECTED)]
    assert len(closes) <= 1
    assert state.version == len(log)


def test_every_library_sop_runs_to_the_end_along_its_standard_path() -> None:
    """Each SOP, answered ya at every decision, finishes; its due times exist where waktu is fixed."""
    for process in library_processes():
        ctx = Context(process=process, calendar=WorkCalendar(), registers=MemoryRegisters())
        everyone = Actor("admin", frozenset(lane.code for lane in process.sop.lanes))
        moment = dt.datetime(2026, 3, 2, 8, 0, tzinfo=WIB)
        state, _ = execute(
            None,
            OpenCase(
                actor=everyone, at=moment, case_id="s", tracking_code="T", applicant=Applicant("Ani"), trigger="Jadwal"
            ),
            ctx,
        )
        for _ in range(len(process.sop.steps) + 1):
            if not state.is_open:
                break
            task = state.current
            step = process.step(task.step)
            waivers = {i.key: "uji" for i in process.requirements(step) if i.required}
            moment += dt.timedelta(minutes=30)
            if step.decision is not None:
                command = Decide(actor=everyone, at=moment, task=task.task, answer=True, waivers=waivers)
            elif task.outside:
                command = RecordOutsideStep(actor=everyone, at=moment, task=task.task, waivers=waivers)
            else:
                command = CompleteStep(actor=everyone, at=moment, task=task.task, waivers=waivers)
            state, _ = execute(state, command, ctx)
            fixed = step.duration is not None and step.duration.is_fixed
            assert (state.task(task.task).due_at is not None) == fixed
        assert not state.is_open, f"{process.key} did not finish along its standard path"
