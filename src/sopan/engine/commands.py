"""Commands: what a user asks the engine to do to a case. Each carries who asks and when."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "Actor",
    "Applicant",
    "CancelCase",
    "ClaimTask",
    "Command",
    "CompleteStep",
    "Decide",
    "OpenCase",
    "RecordOutput",
    "RecordOutsideStep",
    "RejectCase",
    "ReleaseTask",
    "TickRequirement",
    "UntickRequirement",
    "WaiveRequirement",
]


@dataclass(frozen=True)
class Actor:
    """A signed-in user and the roles (lane codes of the organisation) they hold."""

    user: str
    roles: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Applicant:
    """The citizen or unit a Pelayanan case is for. Personal data: never logged, masked in lists."""

    name: str
    nik: str | None = None
    phone: str | None = None
    address: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "nik": self.nik, "phone": self.phone, "address": self.address}


@dataclass(frozen=True)
class _Command:
    actor: Actor
    at: dt.datetime


@dataclass(frozen=True)
class OpenCase(_Command):
    """Start a case: ``applicant`` for Pelayanan SOPs, ``trigger`` (disposition, schedule) for the others.

    ``ticked`` are kelengkapan items of the first step already checked at intake (the loket's checklist).
    """

    case_id: str = ""
    tracking_code: str = ""
    applicant: Applicant | None = None
    trigger: str | None = None
    ticked: tuple[str, ...] = ()


@dataclass(frozen=True)
class _TaskCommand(_Command):
    task: int = 0


@dataclass(frozen=True)
class ClaimTask(_TaskCommand):
    pass


@dataclass(frozen=True)
class ReleaseTask(_TaskCommand):
    pass


@dataclass(frozen=True)
class TickRequirement(_TaskCommand):
    item: str = ""


@dataclass(frozen=True)
class UntickRequirement(_TaskCommand):
    item: str = ""


@dataclass(frozen=True)
class WaiveRequirement(_TaskCommand):
    item: str = ""
    reason: str = ""


@dataclass(frozen=True)
class RecordOutput(_TaskCommand):
    """An output of the step: ``name`` is one of the step's outputs (free text when it lists none)."""

    name: str = ""
    value: str | float | None = None
    file: str | None = None


@dataclass(frozen=True)
class CompleteStep(_TaskCommand):
    """Finish a process step. ``waivers`` give a reason for each required item not ticked."""

    waivers: dict[str, str] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class Decide(_TaskCommand):
    """Answer a decision step: ya goes on, tidak (with a reason) goes to the decision's target."""

    answer: bool = True
    reason: str | None = None
    waivers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class RecordOutsideStep(_TaskCommand):
    """A step an outside party did (Pemohon, Bupati, Petugas POS), recorded by the officer dealing with it."""

    waivers: dict[str, str] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True)
class CancelCase(_Command):
    reason: str = ""


@dataclass(frozen=True)
class RejectCase(_Command):
    reason: str = ""


Command = (
    OpenCase
    | ClaimTask
    | ReleaseTask
    | TickRequirement
    | UntickRequirement
    | WaiveRequirement
    | RecordOutput
    | CompleteStep
    | Decide
    | RecordOutsideStep
    | CancelCase
    | RejectCase
)
