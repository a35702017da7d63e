"""The engine's one entry point: (case state, command) -> new events, or a Refusal that changes nothing.

Pure: time comes with the command, numbering of register entries from the context, and nothing is written
here; the persistence layer stores the events and the state in one transaction.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from sopan.engine.commands import (
    Actor,
    CancelCase,
    ClaimTask,
    Command,
    CompleteStep,
    Decide,
    HoldForApplicant,
    OpenCase,
    RecordOutput,
    RecordOutsideStep,
    RejectCase,
    ReleaseTask,
    ResumeCase,
    TickRequirement,
    UntickRequirement,
    WaiveRequirement,
)
from sopan.engine.events import Event, EventKind
from sopan.engine.process import Process, RequirementItem
from sopan.engine.refusals import Refusal, RefusalCode
from sopan.engine.state import CaseState, CaseStatus, TaskState, apply
from sopan.model.sop import END, Nature, Step
from sopan.worktime.calendar import WorkCalendar

__all__ = ["Context", "MemoryRegisters", "RegisterNumbers", "execute", "handle", "promised_due", "valid_nik"]

_NIK = re.compile(r"[0-9]{16}")  # ASCII digits: \d would also take other scripts' digits


class RegisterNumbers(Protocol):
    """Hands out the next number of a register for a year; the database version locks its counter row."""

    def next_number(self, organisation: str, register: str, year: int) -> int: ...


@dataclass
class MemoryRegisters:
    """Register numbering kept in memory: for tests and simulations without a database."""

    counters: dict[tuple[str, str, int], int] = field(default_factory=dict)

    def next_number(self, organisation: str, register: str, year: int) -> int:
        key = (organisation, register, year)
        self.counters[key] = self.counters.get(key, 0) + 1
        return self.counters[key]


@dataclass(frozen=True)
class Context:
    process: Process
    calendar: WorkCalendar
    registers: RegisterNumbers


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


def valid_nik(nik: str) -> bool:
    """A NIK is sixteen digits 0-9."""
    return _NIK.fullmatch(nik) is not None


def promised_due(process: Process, calendar: WorkCalendar, opened_at: dt.datetime) -> dt.datetime | None:
    """When the whole case should be done: opening + the SOP's standard time in working time."""
    total = process.standard_time()
    if not total.days and not total.minutes:
        return None
    due = calendar.add_days(opened_at, int(total.days)) if total.days else opened_at
    extra = total.minutes + (total.days - int(total.days)) * calendar.units.minutes_per_day
    return calendar.add_minutes(due, extra) if extra else calendar.next_working_moment(due)


# a closed case's status in a refusal's Indonesian text
_CLOSED_ID = {CaseStatus.FINISHED: "selesai", CaseStatus.CANCELLED: "dibatalkan", CaseStatus.REJECTED: "ditolak"}


class _Decider:
    """Checks one command against the state and builds its events."""

    def __init__(self, state: CaseState | None, command: Command, ctx: Context) -> None:
        self.state = state
        self.command = command
        self.ctx = ctx
        self.process = ctx.process
        self.actor: Actor = command.actor
        self.at = command.at
        self.events: list[Event] = []

    # ----- helpers -----------------------------------------------------------------------------------
    def emit(self, kind: EventKind, **data: Any) -> None:
        self.events.append(Event(kind=kind, at=self.at, actor=self.actor.user, data=data))

    def role_names(self, roles: frozenset[str] | list[str]) -> str:
        names = []
        for code in sorted(roles):
            lane = self.process.sop.lane(code)
            names.append(lane.name if lane else code)
        return ", ".join(names) or "-"

    def require_roles(self, roles: frozenset[str] | list[str], what_id: str, what_en: str) -> None:
        if not self.actor.roles & set(roles):
            names = self.role_names(roles)
            raise Refusal(
                RefusalCode.WRONG_ROLE,
                f"Anda tidak memegang peran untuk {what_id}; yang berwenang: {names}.",
                f"You do not hold a role for {what_en}; allowed: {names}.",
            )

    def open_state(self) -> CaseState:
        if self.state is None:
            raise Refusal(RefusalCode.NO_CASE, "Kasus belum dibuka.", "The case has not been opened.")
        if not self.state.is_open:
            status_id = _CLOSED_ID.get(self.state.status, str(self.state.status))
            raise Refusal(
                RefusalCode.CASE_CLOSED,
                f"Kasus sudah ditutup ({status_id}).",
                f"The case is already closed ({self.state.status}).",
            )
        return self.state

    def open_task(self, number: int) -> tuple[TaskState, Step]:
        """The task a command names: it must be the case's current task and the actor must hold its role."""
        state = self.open_state()
        task = state.task(number)
        if task is not None and task.done:
            when_id = when_en = "?"
            if task.completed_at:  # in the office's own time, as every screen shows it
                local = task.completed_at.astimezone(self.ctx.calendar.zone)
                when_id = f"{local:%d-%m-%Y %H:%M} {local.tzname()}"
                when_en = f"{local:%Y-%m-%d %H:%M} {local.tzname()}"
            raise Refusal(
                RefusalCode.STEP_DONE,
                f"Langkah {task.step} sudah diselesaikan oleh {task.completed_by} pada {when_id}.",
                f"Step {task.step} was already completed by {task.completed_by} at {when_en}.",
            )
        if task is None or task is not state.current:
            current = state.current
            where = current.step if current else "-"
            raise Refusal(
                RefusalCode.WRONG_STEP,
                f"Tugas {number} bukan tugas yang sedang berjalan; kasus ada di langkah {where}.",
                f"Task {number} is not the current task; the case is at step {where}.",
            )
        step = self.process.step(task.step)
        self.require_roles(task.roles, f"langkah {task.step}", f"step {task.step}")
        if state.hold is not None and not isinstance(self.command, ResumeCase):
            missing = "; ".join(state.hold["missing"])
            raise Refusal(
                RefusalCode.ON_HOLD,
                f"Kasus menunggu pemohon ({missing}): catat dulu bahwa berkas sudah dibawa.",
                f"The case waits for the applicant ({missing}): first record that the documents were brought.",
            )
        return task, step

    def working_task(self, number: int) -> tuple[TaskState, Step]:
        """A task the actor may change: claimed by them, or unclaimed (then they claim it now)."""
        task, step = self.open_task(number)
        if task.claimed_by not in (None, self.actor.user):
            raise Refusal(
                RefusalCode.CLAIMED_BY_OTHER,
                f"Tugas ini sedang dikerjakan oleh {task.claimed_by}.",
                f"This task is being worked on by {task.claimed_by}.",
            )
        if task.claimed_by is None:
            self.emit(EventKind.TASK_CLAIMED, task=task.task, step=task.step)
        return task, step

    def item(self, step: Step, key: str) -> RequirementItem:
        for item in self.process.requirements(step):
            if item.key == key:
                return item
        raise Refusal(
            RefusalCode.UNKNOWN_ITEM,
            f"Langkah {step.number} tidak punya kelengkapan nomor '{key}'.",
            f"Step {step.number} has no kelengkapan item '{key}'.",
        )

    def check_requirements(self, task: TaskState, step: Step, waivers: dict[str, str]) -> None:
        """Every required item ticked or waived with a reason; emits the waivers given with the command."""
        for key, reason in waivers.items():
            self.item(step, key)
            if _blank(reason):
                raise Refusal(
                    RefusalCode.REASON_REQUIRED,
                    f"Kelengkapan '{key}' yang tidak dipenuhi perlu alasan.",
                    f"Kelengkapan item '{key}' not met needs a reason.",
                )
        missing = [
            item
            for item in self.process.requirements(step)
            if item.required and item.key not in task.ticked and item.key not in task.waived and item.key not in waivers
        ]
        if missing:
            listed = "; ".join(f"{item.key}. {item.text}" for item in missing)
            raise Refusal(
                RefusalCode.MISSING_REQUIREMENTS,
                f"Kelengkapan belum lengkap: {listed}. Centang atau beri alasan.",
                f"Kelengkapan not complete: {listed}. Tick them or give a reason.",
            )
        for key, reason in waivers.items():
            if key not in task.ticked:
                self.emit(EventKind.REQUIREMENT_WAIVED, task=task.task, step=task.step, item=key, reason=reason.strip())

    def activate(self, number: int, task_number: int) -> None:
        step = self.process.step(number)
        due = self.ctx.calendar.due(self.at, step.duration)
        self.emit(
            EventKind.TASK_ACTIVATED,
            task=task_number,
            step=number,
            due_at=_iso(due),
            roles=sorted(self.process.acting_roles(step)),
            outside=self.process.is_outside(step),
        )

    def register(self, name: str, task: TaskState | None) -> None:
        year = self.at.astimezone(self.ctx.calendar.zone).year
        number = self.ctx.registers.next_number(self.process.sop.organisation, name, year)
        data: dict[str, Any] = {"register": name, "year": year, "number": number}
        if task is not None:
            data.update(task=task.task, step=task.step)
        self.emit(EventKind.REGISTER_ENTRY_MADE, **data)

    def move_on(self, task: TaskState, step: Step, target: int | str) -> None:
        """After a step: its register entry, then the next task or the end of the case."""
        if step.records_in:
            self.register(step.records_in, task)
        if target == END:
            for name in self.process.registers_at_finish:
                self.register(name, None)
            self.emit(EventKind.CASE_FINISHED)
        else:
            self.activate(int(target), task.task + 1)

    def elapsed(self, task: TaskState) -> float:
        if self.at < task.activated_at:
            raise Refusal(
                RefusalCode.NOT_IN_PAST,
                "Waktu selesai lebih awal dari waktu mulai langkah.",
                "The completion time is before the step started.",
            )
        worked = self.ctx.calendar.working_minutes_between(task.activated_at, self.at) - task.held_minutes
        return round(max(0.0, worked), 2)

    # ----- commands ----------------------------------------------------------------------------------
    def open_case(self, command: OpenCase) -> None:
        if self.state is not None:
            raise Refusal(RefusalCode.CASE_EXISTS, "Kasus ini sudah dibuka.", "This case is already open.")
        self.require_roles(self.process.opening_roles(), "membuka kasus SOP ini", "opening a case of this SOP")
        applicant = command.applicant
        if self.process.sop.nature == Nature.PELAYANAN and (applicant is None or _blank(applicant.name)):
            raise Refusal(
                RefusalCode.APPLICANT_REQUIRED,
                "SOP pelayanan: nama pemohon wajib diisi.",
                "A service SOP: the applicant's name is required.",
            )
        if self.process.sop.nature != Nature.PELAYANAN and applicant is None and _blank(command.trigger):
            raise Refusal(
                RefusalCode.TRIGGER_REQUIRED,
                "Sebutkan dasar kasus ini (disposisi, surat tugas atau jadwal).",
                "Say what starts this case (a disposition, an assignment or a schedule).",
            )
        if applicant is not None and applicant.nik and not valid_nik(applicant.nik):
            raise Refusal(
                RefusalCode.INVALID_APPLICANT,
                "NIK harus 16 angka.",
                "The NIK must be 16 digits.",
            )
        first = self.process.first_step
        for key in command.ticked:
            self.item(first, key)
        self.emit(
            EventKind.CASE_OPENED,
            case_id=command.case_id,
            sop=self.process.key,
            sop_version=self.process.version,
            tracking_code=command.tracking_code,
            applicant=applicant.to_json() if applicant else None,
            trigger=command.trigger.strip() if command.trigger else None,
            due_at=_iso(promised_due(self.process, self.ctx.calendar, self.at)),
        )
        self.activate(first.numbered, 1)
        for key in dict.fromkeys(command.ticked):
            self.emit(EventKind.REQUIREMENT_TICKED, task=1, step=first.number, item=key)

    def claim(self, command: ClaimTask) -> None:
        task, _ = self.open_task(command.task)
        if task.claimed_by == self.actor.user:
            raise Refusal(RefusalCode.ALREADY_CLAIMED, "Tugas ini sudah Anda ambil.", "You already hold this task.")
        if task.claimed_by is not None:
            raise Refusal(
                RefusalCode.CLAIMED_BY_OTHER,
                f"Tugas ini sudah diambil oleh {task.claimed_by}.",
                f"This task is already held by {task.claimed_by}.",
            )
        self.emit(EventKind.TASK_CLAIMED, task=task.task, step=task.step)

    def release(self, command: ReleaseTask) -> None:
        task, _ = self.open_task(command.task)
        if task.claimed_by != self.actor.user:
            raise Refusal(RefusalCode.NOT_CLAIMED, "Tugas ini tidak sedang Anda pegang.", "You do not hold this task.")
        self.emit(EventKind.TASK_RELEASED, task=task.task, step=task.step)

    def tick(self, command: TickRequirement) -> None:
        task, step = self.working_task(command.task)
        self.item(step, command.item)
        if command.item in task.ticked:
            raise Refusal(
                RefusalCode.ALREADY_TICKED,
                f"Kelengkapan '{command.item}' sudah dicentang.",
                f"Item '{command.item}' is already ticked.",
            )
        self.emit(EventKind.REQUIREMENT_TICKED, task=task.task, step=task.step, item=command.item)

    def untick(self, command: UntickRequirement) -> None:
        task, step = self.working_task(command.task)
        self.item(step, command.item)
        if command.item not in task.ticked:
            raise Refusal(
                RefusalCode.NOT_TICKED,
                f"Kelengkapan '{command.item}' belum dicentang.",
                f"Item '{command.item}' is not ticked.",
            )
        self.emit(EventKind.REQUIREMENT_UNTICKED, task=task.task, step=task.step, item=command.item)

    def waive(self, command: WaiveRequirement) -> None:
        task, step = self.working_task(command.task)
        self.item(step, command.item)
        if _blank(command.reason):
            raise Refusal(
                RefusalCode.REASON_REQUIRED,
                "Pengecualian kelengkapan perlu alasan.",
                "Waiving a kelengkapan item needs a reason.",
            )
        if command.item in task.ticked:
            raise Refusal(
                RefusalCode.ALREADY_TICKED,
                f"Kelengkapan '{command.item}' sudah dicentang; tidak perlu dikecualikan.",
                f"Item '{command.item}' is ticked; it needs no waiver.",
            )
        self.emit(
            EventKind.REQUIREMENT_WAIVED,
            task=task.task,
            step=task.step,
            item=command.item,
            reason=command.reason.strip(),
        )

    def record_output(self, command: RecordOutput) -> None:
        task, step = self.working_task(command.task)
        name = command.name.strip()
        if step.outputs:
            match = next((o for o in step.outputs if o.strip().lower() == name.lower()), None)
            if match is None:
                listed = "; ".join(step.outputs)
                raise Refusal(
                    RefusalCode.UNKNOWN_OUTPUT,
                    f"Langkah {step.number} tidak punya output '{name}'; outputnya: {listed}.",
                    f"Step {step.number} has no output '{name}'; its outputs: {listed}.",
                )
            name = match
        elif not name:
            raise Refusal(RefusalCode.UNKNOWN_OUTPUT, "Sebutkan nama output.", "Name the output.")
        value = command.value.strip() if isinstance(command.value, str) else command.value
        if (value is None or value == "") and not command.file:
            raise Refusal(
                RefusalCode.EMPTY_OUTPUT, "Output perlu isi atau berkas.", "An output needs a value or a file."
            )
        self.emit(EventKind.OUTPUT_RECORDED, task=task.task, step=task.step, name=name, value=value, file=command.file)

    def complete(self, command: CompleteStep) -> None:
        task, step = self.working_task(command.task)
        if step.decision is not None:
            raise Refusal(
                RefusalCode.IS_A_DECISION,
                f"Langkah {step.number} adalah keputusan: jawab ya atau tidak.",
                f"Step {step.number} is a decision: answer yes or no.",
            )
        if task.outside:
            raise Refusal(
                RefusalCode.OUTSIDE_PARTY_STEP,
                f"Langkah {step.number} dilakukan pihak luar: catat sebagai langkah pihak luar.",
                f"Step {step.number} is done by an outside party: record it as such.",
            )
        self.finish_step(task, step, command.waivers, command.note)

    def record_outside(self, command: RecordOutsideStep) -> None:
        task, step = self.working_task(command.task)
        if not task.outside:
            raise Refusal(
                RefusalCode.INTERNAL_STEP,
                f"Langkah {step.number} dilakukan oleh petugas, bukan pihak luar.",
                f"Step {step.number} is done by an officer, not an outside party.",
            )
        if step.decision is not None:
            raise Refusal(
                RefusalCode.IS_A_DECISION,
                f"Langkah {step.number} adalah keputusan: catat jawabannya (ya atau tidak).",
                f"Step {step.number} is a decision: record its answer (yes or no).",
            )
        self.finish_step(task, step, command.waivers, command.note)

    def finish_step(self, task: TaskState, step: Step, waivers: dict[str, str], note: str | None) -> None:
        self.check_requirements(task, step, waivers)
        self.emit(
            EventKind.STEP_COMPLETED,
            task=task.task,
            step=task.step,
            elapsed_minutes=self.elapsed(task),
            outside=task.outside,
            note=note.strip() if note else None,
        )
        self.move_on(task, step, self.process.next_step(step))

    def decide(self, command: Decide) -> None:
        task, step = self.working_task(command.task)
        if step.decision is None:
            raise Refusal(
                RefusalCode.NOT_A_DECISION,
                f"Langkah {step.number} bukan keputusan.",
                f"Step {step.number} is not a decision.",
            )
        if command.answer:
            self.check_requirements(task, step, command.waivers)
        elif _blank(command.reason):
            raise Refusal(
                RefusalCode.REASON_REQUIRED,
                "Jawaban 'tidak' perlu alasan.",
                "A 'no' answer needs a reason.",
            )
        target = self.process.next_step(step, command.answer)
        loops = self.open_state().loops.get(str(step.number), 0) + (0 if command.answer else 1)
        self.emit(
            EventKind.DECISION_MADE,
            task=task.task,
            step=task.step,
            answer="ya" if command.answer else "tidak",
            reason=command.reason.strip() if command.reason else None,
            target=target,
            loop=loops,
            elapsed_minutes=self.elapsed(task),
            outside=task.outside,
        )
        self.move_on(task, step, target)

    def hold(self, command: HoldForApplicant) -> None:
        task, _ = self.working_task(command.task)
        if not self.process.is_service:
            raise Refusal(
                RefusalCode.NOT_REJECTABLE,
                "Hanya permohonan pelayanan yang menunggu pemohon.",
                "Only a service application waits for its applicant.",
            )
        missing = [item.strip() for item in command.missing if not _blank(item)]
        if not missing:
            raise Refusal(
                RefusalCode.MISSING_NOT_NAMED,
                "Sebutkan berkas yang kurang.",
                "Name the documents that are missing.",
            )
        self.emit(EventKind.CASE_HELD, task=task.task, step=task.step, missing=missing)

    def resume(self, command: ResumeCase) -> None:
        task, _ = self.working_task(command.task)
        state = self.open_state()
        if state.hold is None:
            raise Refusal(RefusalCode.NOT_ON_HOLD, "Kasus tidak sedang menunggu pemohon.", "The case is not on hold.")
        since = dt.datetime.fromisoformat(state.hold["since"])
        if self.at < since:
            raise Refusal(
                RefusalCode.NOT_IN_PAST,
                "Waktu lanjut lebih awal dari mulai menunggu.",
                "The resumption is before the hold began.",
            )
        calendar = self.ctx.calendar
        held = round(calendar.working_minutes_between(since, self.at), 2)
        self.emit(
            EventKind.CASE_RESUMED,
            task=task.task,
            step=task.step,
            since=state.hold["since"],
            missing=state.hold["missing"],
            held_minutes=held,
            due_at=_iso(calendar.add_minutes(task.due_at, held) if task.due_at and held else task.due_at),
            case_due_at=_iso(calendar.add_minutes(state.due_at, held) if state.due_at and held else state.due_at),
            note=command.note.strip() if command.note else None,
        )

    def cancel(self, command: CancelCase) -> None:
        self.open_state()
        if self.process.is_service:
            raise Refusal(
                RefusalCode.NOT_CANCELLABLE,
                "Permohonan pelayanan tidak dibatalkan: tolak permohonan dengan alasannya.",
                "A service application is not cancelled: reject it with the reason.",
            )
        self.require_roles(self.process.internal_roles, "membatalkan kasus", "cancelling the case")
        if _blank(command.reason):
            raise Refusal(RefusalCode.REASON_REQUIRED, "Pembatalan perlu alasan.", "Cancelling needs a reason.")
        self.emit(EventKind.CASE_CANCELLED, reason=command.reason.strip())

    def reject(self, command: RejectCase) -> None:
        state = self.open_state()
        if not self.process.is_service:
            raise Refusal(
                RefusalCode.NOT_REJECTABLE,
                "Hanya permohonan pelayanan yang dapat ditolak; kasus ini dibatalkan dengan alasannya.",
                "Only a service application can be rejected; cancel this case with the reason.",
            )
        current = state.current
        roles = current.roles if current else sorted(self.process.internal_roles)
        self.require_roles(roles, "menolak permohonan pada langkah ini", "rejecting at this step")
        if _blank(command.reason):
            raise Refusal(RefusalCode.REASON_REQUIRED, "Penolakan perlu alasan.", "Rejecting needs a reason.")
        self.emit(EventKind.CASE_REJECTED, reason=command.reason.strip(), step=current.step if current else None)


def _dispatch(decider: _Decider, command: Command) -> None:
    """The decider's handler for the command's type."""
    match command:
        case OpenCase():
            decider.open_case(command)
        case ClaimTask():
            decider.claim(command)
        case ReleaseTask():
            decider.release(command)
        case TickRequirement():
            decider.tick(command)
        case UntickRequirement():
            decider.untick(command)
        case WaiveRequirement():
            decider.waive(command)
        case RecordOutput():
            decider.record_output(command)
        case CompleteStep():
            decider.complete(command)
        case RecordOutsideStep():
            decider.record_outside(command)
        case Decide():
            decider.decide(command)
        case HoldForApplicant():
            decider.hold(command)
        case ResumeCase():
            decider.resume(command)
        case CancelCase():
            decider.cancel(command)
        case RejectCase():
            decider.reject(command)


def handle(state: CaseState | None, command: Command, ctx: Context) -> list[Event]:
    """The events ``command`` produces on ``state``; raises Refusal (and produces nothing) when illegal."""
    decider = _Decider(state, command, ctx)
    _dispatch(decider, command)
    return decider.events


def execute(state: CaseState | None, command: Command, ctx: Context) -> tuple[CaseState, list[Event]]:
    """Handle a command and apply its events to ``state`` (in place); the state is untouched on refusal."""
    events = handle(state, command, ctx)
    for event in events:
        state = apply(state, event)
    if state is None:  # pragma: no cover - every accepted command on no state opens a case
        raise AssertionError("no state after an accepted command")
    return state, events
