"""Commands: what a user asks the engine to do to a case. Each carries who asks and when.

Every field is keyword-only and, unless it is truly optional, required: ``Decide(actor=..., at=..., task=2,
answer=True)``. A caller that does not know the actor (the web layer) writes ``SIGNED_IN``; the service that
carries the command out binds it to the signed-in user's roles.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "SIGNED_IN",
    "Actor",
    "Applicant",
    "CancelCase",
    "ClaimTask",
    "Command",
    "CompleteStep",
    "Decide",
    "HoldForApplicant",
    "OpenCase",
    "RecordOutput",
    "RecordOutsideStep",
    "RejectCase",
    "ReleaseTask",
    "ResumeCase",
    "TickRequirement",
    "UntickRequirement",
    "WaiveRequirement",
]


@dataclass(frozen=True)
class Actor:
    """A signed-in user and the roles (lane codes of the organisation) they hold."""

    user: str
    roles: frozenset[str] = frozenset()


SIGNED_IN = Actor("")
"""The actor of a command built without knowing who sends it: the web service binds it to the user's roles."""


@dataclass(frozen=True)
class Applicant:
    """The citizen or unit a Pelayanan case is for. Personal data: never logged, masked in lists."""

    name: str
    nik: str | None = None
    phone: str | None = None
    address: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "nik": self.nik, "phone": self.phone, "address": self.address}


@dataclass(frozen=True, kw_only=True)
class _Command:
    actor: Actor
    at: dt.datetime


@dataclass(frozen=True, kw_only=True)
class OpenCase(_Command):
    """Start a case: ``applicant`` for Pelayanan SOPs, ``trigger`` (disposition, schedule) for the others.

    ``ticked`` are kelengkapan items of the first step already checked at intake (the loket's checklist).
    """

    case_id: str = ""  # given by the store that keeps the case
    tracking_code: str = ""  # idem
    applicant: Applicant | None = None
    trigger: str | None = None
    ticked: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class _TaskCommand(_Command):
    task: int


@dataclass(frozen=True, kw_only=True)
class ClaimTask(_TaskCommand):
    pass


@dataclass(frozen=True, kw_only=True)
class ReleaseTask(_TaskCommand):
    pass


@dataclass(frozen=True, kw_only=True)
class TickRequirement(_TaskCommand):
    item: str


@dataclass(frozen=True, kw_only=True)
class UntickRequirement(_TaskCommand):
    item: str


@dataclass(frozen=True, kw_only=True)
class WaiveRequirement(_TaskCommand):
    item: str
    reason: str


@dataclass(frozen=True, kw_only=True)
class RecordOutput(_TaskCommand):
    """An output of the step: ``name`` is one of the step's outputs (free text when it lists none)."""

    name: str
    value: str | float | None = None
    file: str | None = None


@dataclass(frozen=True, kw_only=True)
class CompleteStep(_TaskCommand):
    """Finish a process step. ``waivers`` give a reason for each required item not ticked."""

    waivers: dict[str, str] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class Decide(_TaskCommand):
    """Answer a decision step: ya goes on, tidak (with a reason) goes to the decision's target."""

    answer: bool
    reason: str | None = None
    waivers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class RecordOutsideStep(_TaskCommand):
    """A step an outside party did (Pemohon, Bupati, Petugas POS), recorded by the officer dealing with it."""

    waivers: dict[str, str] = field(default_factory=dict)
    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class HoldForApplicant(_TaskCommand):
    """Put a Pelayanan case on hold at the current step until the applicant brings what is ``missing`` (named).

    The working-time clock of the step and of the case stops while it waits."""

    missing: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class ResumeCase(_TaskCommand):
    """The applicant brought the missing documents: the clock runs again, due times moved by the time waited."""

    note: str | None = None


@dataclass(frozen=True, kw_only=True)
class CancelCase(_Command):
    """Stop a case of an SOP that is not Pelayanan (no applicant to refuse), with the reason."""

    reason: str


@dataclass(frozen=True, kw_only=True)
class RejectCase(_Command):
    """Refuse a Pelayanan application at the current step, with a reason the applicant sees."""

    reason: str


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
    | HoldForApplicant
    | ResumeCase
    | CancelCase
    | RejectCase
)
