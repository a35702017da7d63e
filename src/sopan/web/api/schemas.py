"""Request and response bodies of the API; their JSON Schema is what /api/openapi.json publishes."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StrictFloat, StrictInt, StrictStr

from sopan.engine import CaseStatus, EventKind
from sopan.model.sop import Nature
from sopan.model.sop import Sop as SopDefinition
from sopan.web import limits

__all__ = [
    "ApplicantIn",
    "ApplicantOut",
    "CaseDetail",
    "CaseSummary",
    "CommandIn",
    "CommandOut",
    "Error",
    "EventOut",
    "HoldIn",
    "InboxTask",
    "OpenCaseIn",
    "OrganisationOut",
    "RequirementOut",
    "ResumeIn",
    "SopDetail",
    "SopRef",
    "SopSummary",
    "StatusOut",
    "TaskOut",
    "VersionOut",
]

Text = Annotated[str, Field(max_length=limits.TEXT)]
Key = Annotated[str, Field(min_length=1, max_length=limits.COMMAND_KEY, description="Any unique string, e.g. a UUID")]
ItemKey = Annotated[str, Field(max_length=limits.ITEM_KEY)]
Waivers = Annotated[dict[ItemKey, Text], Field(max_length=limits.ITEMS)]


class Error(Schema):
    code: str = Field(description="Stable: an engine refusal code, not_found, unauthorized, invalid_request, ...")
    message: str = Field(description="In Bahasa Indonesia, or English with Accept-Language: en")
    detail: list[dict[str, Any]] | None = Field(default=None, description="For invalid_request: each field's error")


class OrganisationOut(Schema):
    code: str
    name: str


class VersionOut(Schema):
    number: int
    published_at: dt.datetime
    content_hash: str


class SopSummary(Schema):
    organisation: OrganisationOut
    key: str
    title: str
    nature: Nature
    latest_version: int | None


class SopDetail(SopSummary):
    version: VersionOut
    versions: list[VersionOut] = Field(description="Every published version, newest first")
    definition: SopDefinition = Field(
        description="The .sop.yaml content as published: Indonesian keys, the keys left empty left out"
    )


class SopRef(Schema):
    organisation: str
    key: str
    title: str
    version: int


class ApplicantOut(Schema):
    """In full only for the reception and whoever works the case now; masked otherwise."""

    name: str | None
    nik: str | None
    phone: str | None
    address: str | None


class CaseSummary(Schema):
    id: uuid.UUID
    tracking_code: str
    sop: SopRef
    status: CaseStatus
    current_step: int | None
    current_task: int | None
    opened_at: dt.datetime
    due_at: dt.datetime | None
    closed_at: dt.datetime | None
    late: bool
    version: int = Field(description="Events so far")
    applicant: ApplicantOut | None


class RequirementOut(Schema):
    key: str
    text: str
    heading: str | None
    required: bool


class TaskOut(Schema):
    task: int
    step: int
    activity: str
    roles: list[str]
    outside: bool = Field(description="Done by an outside party, recorded by an officer")
    decision: str | None = Field(description="The question, for a decision step")
    requirements: list[RequirementOut]
    outputs_expected: list[str]
    activated_at: dt.datetime
    due_at: dt.datetime | None
    claimed_by: str | None
    ticked: dict[str, str]
    waived: dict[str, str]
    outputs: list[dict[str, Any]]
    completed_at: dt.datetime | None
    completed_by: str | None
    elapsed_minutes: float | None
    answer: str | None
    reason: str | None
    note: str | None


class CaseDetail(CaseSummary):
    personal_data: bool = Field(description="True when the applicant is shown in full")
    trigger: str | None
    my_roles: list[str] = Field(description="The caller's roles in the case's organisation")
    tasks: list[TaskOut]
    loops: dict[str, int]
    register_entries: list[dict[str, Any]]
    close_reason: str | None


class EventOut(Schema):
    seq: int
    kind: EventKind
    at: dt.datetime
    actor: str
    data: dict[str, Any]


class InboxTask(Schema):
    case_id: uuid.UUID
    tracking_code: str
    sop: SopRef
    task: int
    step: int
    activity: str
    outside: bool
    activated_at: dt.datetime
    due_at: dt.datetime | None
    late: bool = Field(description="Past its due time; a wait for the applicant stops the clock")
    on_hold: bool = Field(description="Waiting for the applicant to bring what is missing")
    claimed_by: str | None
    applicant: ApplicantOut | None


class CommandOut(Schema):
    case: CaseSummary
    events: list[EventOut] = Field(description="The events this command appended")
    replayed: bool = Field(description="The command id had been carried out before; nothing new was written")


class StatusOut(Schema):
    """What the public status page shows: nothing personal."""

    tracking_code: str
    sop: str
    organisation: str
    status: CaseStatus
    status_label: str
    current_step: int | None
    current_activity: str | None
    opened_at: dt.datetime
    due_at: dt.datetime | None
    closed_at: dt.datetime | None
    late: bool
    reason: str | None = Field(
        default=None, description="Why the case was rejected or cancelled, without the applicant's personal data"
    )


# ----- requests ---------------------------------------------------------------------------------------------
class _Strict(Schema):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class ApplicantIn(_Strict):
    name: str = Field(max_length=limits.NAME)
    nik: str | None = Field(default=None, max_length=limits.NIK, description="16 digits")
    phone: str | None = Field(
        default=None, max_length=limits.PHONE, pattern=r"^[0-9+()\- ]*$", description="Digits, spaces, +, -, ( )"
    )
    address: str | None = Field(default=None, max_length=limits.ADDRESS)


class OpenCaseIn(_Strict):
    organisation: str = Field(max_length=limits.CODE, description="The organisation's code")
    sop: str = Field(max_length=limits.SOP_KEY, description="The SOP's key; the case runs on its latest version")
    applicant: ApplicantIn | None = Field(default=None, description="For pelayanan SOPs")
    trigger: Text | None = Field(default=None, description="Disposition or schedule, for the other SOPs")
    ticked: list[ItemKey] = Field(
        default_factory=list,
        max_length=limits.ITEMS,
        description="Kelengkapan items of the first step checked at intake",
    )
    command_id: Key | None = Field(default=None, description="Idempotency key (or the Idempotency-Key header)")


class _CommandBase(_Strict):
    command_id: Key | None = Field(default=None, description="Idempotency key (or the Idempotency-Key header)")


class ClaimIn(_CommandBase):
    command: Literal["claim", "release"]


class ItemIn(_CommandBase):
    command: Literal["tick", "untick"]
    item: str = Field(max_length=limits.ITEM_KEY, description="The kelengkapan item's key, e.g. '2' or '3.1'")


class WaiveIn(_CommandBase):
    command: Literal["waive"]
    item: str = Field(max_length=limits.ITEM_KEY)
    reason: Text


class OutputIn(_CommandBase):
    command: Literal["output"]
    name: str = Field(max_length=limits.OUTPUT_NAME, description="One of the step's outputs")
    value: Annotated[StrictStr, Field(max_length=limits.TEXT)] | StrictFloat | StrictInt | None = None


class FinishIn(_CommandBase):
    command: Literal["complete", "outside"] = Field(description="outside: record an outside party's step")
    waivers: Waivers = Field(default_factory=dict, description="A reason per required item not ticked")
    note: Text | None = None


class DecideIn(_CommandBase):
    command: Literal["decide"]
    answer: bool = Field(description="true = ya; false = tidak, which needs a reason and sends the case back")
    reason: Text | None = None
    waivers: Waivers = Field(default_factory=dict)


class CloseIn(_CommandBase):
    command: Literal["reject", "cancel"] = Field(
        description="reject: a Pelayanan application (refused otherwise); cancel: a case of any other SOP"
    )
    reason: Text


class HoldIn(_CommandBase):
    command: Literal["hold"] = Field(description="Wait for the applicant (Pelayanan cases): the clock stops")
    missing: list[Annotated[str, Field(max_length=limits.TEXT)]] = Field(
        min_length=1, max_length=limits.ITEMS, description="The documents the applicant must bring, by name"
    )


class ResumeIn(_CommandBase):
    command: Literal["resume"] = Field(description="The applicant brought what was missing: the clock runs again")
    note: Text | None = None


CommandIn = Annotated[
    ClaimIn | ItemIn | WaiveIn | OutputIn | FinishIn | DecideIn | CloseIn | HoldIn | ResumeIn,
    Field(discriminator="command"),
]
