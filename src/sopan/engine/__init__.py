"""Running SOPs as cases. Pure Python: no web framework imports here.

``handle(state, command, context)`` gives the events a command produces (or raises ``Refusal``);
``apply``/``replay`` fold events into the case's state.
"""

from sopan.engine.commands import (
    SIGNED_IN,
    Actor,
    Applicant,
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
from sopan.engine.handle import Context, MemoryRegisters, RegisterNumbers, execute, handle, promised_due
from sopan.engine.process import Process, RequirementItem, requirement_items
from sopan.engine.refusals import Refusal, RefusalCode
from sopan.engine.state import CaseState, CaseStatus, TaskState, apply, replay

__all__ = [
    "SIGNED_IN",
    "Actor",
    "Applicant",
    "CancelCase",
    "CaseState",
    "CaseStatus",
    "ClaimTask",
    "Command",
    "CompleteStep",
    "Context",
    "Decide",
    "Event",
    "EventKind",
    "HoldForApplicant",
    "MemoryRegisters",
    "OpenCase",
    "Process",
    "RecordOutput",
    "RecordOutsideStep",
    "Refusal",
    "RefusalCode",
    "RegisterNumbers",
    "RejectCase",
    "ReleaseTask",
    "RequirementItem",
    "ResumeCase",
    "TaskState",
    "TickRequirement",
    "UntickRequirement",
    "WaiveRequirement",
    "apply",
    "execute",
    "handle",
    "promised_due",
    "replay",
    "requirement_items",
]
