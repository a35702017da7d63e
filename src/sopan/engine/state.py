"""A case's current state, derived from its events by a fold (``replay``).

The state is what screens and the persistence layer read; it is never edited directly, only rebuilt by
applying events, so the stored state can always be checked against the log.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, fields
from enum import StrEnum
from typing import Any

from sopan.engine.events import Event, EventKind
from sopan.engine.personal import anonymised_applicant

__all__ = ["CaseState", "CaseStatus", "TaskState", "apply", "replay"]


class CaseStatus(StrEnum):
    OPEN = "open"
    FINISHED = "finished"
    CANCELLED = "cancelled"
    REJECTED = "rejected"


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


@dataclass
class TaskState:
    """One activation of a step: the work item an officer sees in an inbox."""

    task: int
    step: int
    activated_at: dt.datetime
    due_at: dt.datetime | None
    roles: list[str]
    outside: bool = False
    claimed_by: str | None = None
    ticked: dict[str, str] = field(default_factory=dict)  # item key -> who ticked it
    waived: dict[str, str] = field(default_factory=dict)  # item key -> reason
    outputs: list[dict[str, Any]] = field(default_factory=list)
    completed_at: dt.datetime | None = None
    completed_by: str | None = None
    elapsed_minutes: float | None = None
    answer: str | None = None  # "ya" / "tidak" for decisions
    reason: str | None = None
    note: str | None = None
    held_minutes: float = 0.0  # working minutes the step waited for the applicant: not counted as its time

    @property
    def done(self) -> bool:
        return self.completed_at is not None

    def to_json(self) -> dict[str, Any]:
        return {
            "task": self.task,
            "step": self.step,
            "activated_at": _iso(self.activated_at),
            "due_at": _iso(self.due_at),
            "roles": list(self.roles),
            "outside": self.outside,
            "claimed_by": self.claimed_by,
            "ticked": dict(self.ticked),
            "waived": dict(self.waived),
            "outputs": [dict(output) for output in self.outputs],
            "completed_at": _iso(self.completed_at),
            "completed_by": self.completed_by,
            "elapsed_minutes": self.elapsed_minutes,
            "answer": self.answer,
            "reason": self.reason,
            "note": self.note,
            "held_minutes": self.held_minutes,
        }


@dataclass
class CaseState:
    case_id: str
    sop: str
    sop_version: int
    opened_at: dt.datetime
    opened_by: str | None
    tracking_code: str
    applicant: dict[str, Any] | None
    trigger: str | None
    due_at: dt.datetime | None
    status: CaseStatus = CaseStatus.OPEN
    tasks: list[TaskState] = field(default_factory=list)
    loops: dict[str, int] = field(default_factory=dict)  # decision step number (as text) -> times answered tidak
    register_entries: list[dict[str, Any]] = field(default_factory=list)
    closed_at: dt.datetime | None = None
    closed_by: str | None = None
    close_reason: str | None = None
    hold: dict[str, Any] | None = None  # while waiting for the applicant: since (ISO), task, step, missing
    held_minutes: float = 0.0  # working minutes the case waited for the applicant, over all its holds
    version: int = 0  # events applied

    @property
    def is_open(self) -> bool:
        return self.status == CaseStatus.OPEN

    @property
    def current(self) -> TaskState | None:
        """The task waiting for work, or None when the case is closed."""
        if not self.is_open or not self.tasks or self.tasks[-1].done:
            return None
        return self.tasks[-1]

    def task(self, number: int) -> TaskState | None:
        return self.tasks[number - 1] if 1 <= number <= len(self.tasks) else None

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form for the database's current-state column.

        Written field by field rather than with ``dataclasses.asdict``, which deep-copies every task: this runs
        once per command.
        """
        return {
            "case_id": self.case_id,
            "sop": self.sop,
            "sop_version": self.sop_version,
            "opened_at": _iso(self.opened_at),
            "opened_by": self.opened_by,
            "tracking_code": self.tracking_code,
            "applicant": dict(self.applicant) if self.applicant is not None else None,
            "trigger": self.trigger,
            "due_at": _iso(self.due_at),
            "status": str(self.status),
            "tasks": [task.to_json() for task in self.tasks],
            "loops": dict(self.loops),
            "register_entries": [dict(entry) for entry in self.register_entries],
            "closed_at": _iso(self.closed_at),
            "closed_by": self.closed_by,
            "close_reason": self.close_reason,
            "hold": dict(self.hold) if self.hold is not None else None,
            "held_minutes": self.held_minutes,
            "version": self.version,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> CaseState:
        data = dict(value)
        tasks = [_task_from_json(task) for task in data.pop("tasks")]
        for key in ("opened_at", "due_at", "closed_at"):
            data[key] = _time(data[key])
        data["status"] = CaseStatus(data["status"])
        return cls(**data, tasks=tasks)


_TASK_KEYS = frozenset(task.name for task in fields(TaskState))


def _task_from_json(value: dict[str, Any]) -> TaskState:
    """A task as ``TaskState.to_json`` wrote it. A command reads every task of its case: one with every field (as
    sopan writes them) has its attributes set at once, which takes half the time of the dataclass's constructor;
    any other (a state written before a field was added) goes through the constructor, which fills in defaults
    and refuses names it does not know."""
    times = {
        "activated_at": _time(value["activated_at"]),
        "due_at": _time(value["due_at"]),
        "completed_at": _time(value["completed_at"]),
    }
    if value.keys() != _TASK_KEYS:
        return TaskState(**{**value, **times})
    task = object.__new__(TaskState)
    task.__dict__.update(value)
    task.__dict__.update(times)
    return task


def _opened(event: Event) -> CaseState:
    d = event.data
    return CaseState(
        case_id=d["case_id"],
        sop=d["sop"],
        sop_version=d["sop_version"],
        opened_at=event.at,
        opened_by=event.actor,
        tracking_code=d["tracking_code"],
        applicant=d.get("applicant"),
        trigger=d.get("trigger"),
        due_at=_time(d.get("due_at")),
    )


def apply(state: CaseState | None, event: Event) -> CaseState:
    """Apply one event to a state (in place) and return it; a ``case_opened`` event makes a new state."""
    if event.kind == EventKind.CASE_OPENED:
        if state is not None:
            raise ValueError("case_opened on an existing case")
        state = _opened(event)
        state.version = 1
        return state
    if state is None:
        raise ValueError(f"{event.kind} before case_opened")
    d = event.data
    match event.kind:
        case EventKind.TASK_ACTIVATED:
            state.tasks.append(
                TaskState(
                    task=d["task"],
                    step=d["step"],
                    activated_at=event.at,
                    due_at=_time(d.get("due_at")),
                    roles=list(d["roles"]),
                    outside=bool(d.get("outside")),
                )
            )
        case kind if kind in _TASK_EVENTS:
            task = state.task(d["task"])
            if task is None:
                raise ValueError(f"{event.kind} for task {d['task']}, which was never activated")
            _apply_to_task(state, task, event)
        case EventKind.REGISTER_ENTRY_MADE:
            state.register_entries.append(dict(d))
        case EventKind.CASE_HELD:
            state.hold = {"since": event.at.isoformat(), "task": d["task"], "step": d["step"], "missing": d["missing"]}
        case EventKind.CASE_RESUMED:
            _resumed(state, event)
        case EventKind.CASE_FINISHED | EventKind.CASE_CANCELLED | EventKind.CASE_REJECTED:
            state.status = {
                EventKind.CASE_FINISHED: CaseStatus.FINISHED,
                EventKind.CASE_CANCELLED: CaseStatus.CANCELLED,
                EventKind.CASE_REJECTED: CaseStatus.REJECTED,
            }[event.kind]
            state.closed_at = event.at
            state.closed_by = event.actor
            state.close_reason = d.get("reason")
        case EventKind.CASE_ANONYMISED:
            state.applicant = anonymised_applicant(state.applicant)
    state.version += 1
    return state


_TASK_EVENTS = frozenset(
    {
        EventKind.TASK_CLAIMED,
        EventKind.TASK_RELEASED,
        EventKind.REQUIREMENT_TICKED,
        EventKind.REQUIREMENT_UNTICKED,
        EventKind.REQUIREMENT_WAIVED,
        EventKind.OUTPUT_RECORDED,
        EventKind.STEP_COMPLETED,
        EventKind.DECISION_MADE,
    }
)


def _apply_to_task(state: CaseState, task: TaskState, event: Event) -> None:
    """An event about one task of the case."""
    d = event.data
    match event.kind:
        case EventKind.TASK_CLAIMED:
            task.claimed_by = event.actor
        case EventKind.TASK_RELEASED:
            task.claimed_by = None
        case EventKind.REQUIREMENT_TICKED:
            task.ticked[d["item"]] = event.actor or ""
            task.waived.pop(d["item"], None)
        case EventKind.REQUIREMENT_UNTICKED:
            task.ticked.pop(d["item"], None)
        case EventKind.REQUIREMENT_WAIVED:
            task.waived[d["item"]] = d["reason"]
        case EventKind.OUTPUT_RECORDED:
            task.outputs.append({"name": d["name"], "value": d.get("value"), "file": d.get("file"), "by": event.actor})
        case EventKind.STEP_COMPLETED | EventKind.DECISION_MADE:
            task.completed_at = event.at
            task.completed_by = event.actor
            task.elapsed_minutes = d.get("elapsed_minutes")
            task.note = d.get("note")
            if event.kind == EventKind.DECISION_MADE:
                task.answer = d["answer"]
                task.reason = d.get("reason")
                if d["answer"] == "tidak":
                    key = str(task.step)
                    state.loops[key] = state.loops.get(key, 0) + 1


def _resumed(state: CaseState, event: Event) -> None:
    """The hold ends: its working minutes are set aside, and the task's and the case's due times move by them."""
    d = event.data
    state.hold = None
    state.held_minutes += d["held_minutes"]
    state.due_at = _time(d.get("case_due_at"))
    task = state.task(d["task"])
    if task is not None:
        task.held_minutes += d["held_minutes"]
        task.due_at = _time(d.get("due_at"))


def replay(events: list[Event]) -> CaseState:
    """The state after all of ``events``, from nothing."""
    state: CaseState | None = None
    for event in events:
        state = apply(state, event)
    if state is None:
        raise ValueError("no events")
    return state
