"""Cases, their events, the inbox and commands: the screens' rules (``sopan.web.cases.access``) over JSON.

A case the caller may not see is 404, with no hint that it exists. Every command goes through ``submit``, so
the engine decides who may act; its refusals are 409 with the engine's code. Applicants are masked in lists
and in full only where ``can_see_personal_data`` allows; no personal data appears in a URL.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

from django.db.models import OuterRef, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from ninja import Field, Header, Query, Router, Schema, Status
from pydantic import ConfigDict

from sopan.engine import (
    SIGNED_IN,
    Applicant,
    CancelCase,
    CaseStatus,
    ClaimTask,
    Command,
    CompleteStep,
    Decide,
    HoldForApplicant,
    OpenCase,
    Process,
    RecordOutput,
    RecordOutsideStep,
    RejectCase,
    ReleaseTask,
    ResumeCase,
    TaskState,
    TickRequirement,
    UntickRequirement,
    WaiveRequirement,
)
from sopan.web.api.errors import ApiError, not_found
from sopan.web.api.schemas import (
    CaseDetail,
    CaseSummary,
    ClaimIn,
    CloseIn,
    CommandIn,
    CommandOut,
    DecideIn,
    Error,
    EventOut,
    FinishIn,
    HoldIn,
    InboxTask,
    ItemIn,
    OpenCaseIn,
    OutputIn,
    ResumeIn,
    WaiveIn,
)
from sopan.web.cases.access import (
    CASE_ROWS,
    TOTAL_CAP,
    CaseTotal,
    can_see_personal_data,
    inbox_tasks,
    late_while_running,
    lean_cases,
    mask_free_text,
    masked_applicant,
    masked_free_texts,
    role_codes,
    visible_case,
    visible_cases,
    visible_count,
)
from sopan.web.cases.keyset import continue_after, cursor_after
from sopan.web.cases.models import Case, Event, Task
from sopan.web.cases.search import LATE, SORTS, SearchError, find_cases, read_query
from sopan.web.cases.services import CommandResult, submit
from sopan.web.catalog.models import Sop
from sopan.web.catalog.runtime import process_for

__all__ = ["router"]

router = Router(tags=["cases"])

# idempotency keys are scoped to the caller: one caller's key can never replay another caller's command
_KEYS = uuid.UUID("a6f08443-7039-49f1-adcf-3afc02bf770f")


MAX_OFFSET = 1_000_000
_PAGING = ("limit", "offset", "after")


def _filter(description: str) -> Any:
    return Field(default="", description=description)


class CaseFilter(Schema):
    code: str = _filter("A tracking code, typed loosely (case, spaces and hyphens do not matter)")
    sop: str = _filter("An SOP's key")
    organisation: str = _filter("An organisation's code")
    status: Literal[("", *CaseStatus)] = _filter("open, finished, cancelled or rejected")  # type: ignore[valid-type]
    late: Literal[("", *LATE)] = _filter("late or on_time")  # type: ignore[valid-type]
    opened_from: str = _filter("Opened on or after this date (YYYY-MM-DD)")
    opened_to: str = _filter("Opened on or before this date (YYYY-MM-DD)")
    sort: Literal[("", *SORTS)] = _filter("-opened_at (default), opened_at, due_at or -due_at")  # type: ignore[valid-type]
    limit: int = Field(default=100, ge=1, le=500)
    offset: int = Field(default=0, ge=0, le=MAX_OFFSET)
    after: str = Field(
        default="",
        max_length=200,
        description="Continue after this cursor (from the `next` link or `next`): deep pages cost what the first "
        "does, where a large offset walks past every case before it. Not with an offset.",
    )


class CaseSearchIn(CaseFilter):
    """The filters of ``GET /api/cases`` with the personal ones, which never go in a URL."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(default="", description="Part of the applicant's name")
    nik: str = Field(default="", description="The applicant's NIK: exactly 16 digits")


class CasePage(Schema):
    total: int = Field(description=f"How many cases match: exact, or the cap ({TOTAL_CAP:,}) when `more` is true")
    more: bool = Field(default=False, description="More cases match than `total` (the cap): narrow the search")
    offset: int
    limit: int
    next: str | None = Field(default=None, description="The cursor of the next page (send it as `after`), if any")
    items: list[CaseSummary]


class Paging(Schema):
    limit: int = Field(default=100, ge=1, le=500)
    offset: int = Field(default=0, ge=0)


# ----- reading ----------------------------------------------------------------------------------------------
def _case_for(request: HttpRequest, case_id: uuid.UUID) -> Case:
    case = visible_case(request.auth, case_id)
    if case is None:
        raise not_found()
    return case


def _sop_ref(case: Case) -> dict[str, Any]:
    sop = case.sop_version.sop
    return {
        "organisation": case.organisation.code,
        "key": sop.key,
        "title": sop.title,
        "version": case.sop_version.number,
    }


def _summary(case: Case, full: bool) -> dict[str, Any]:
    current = case.typed_state.current
    return _summary_of(case, current.task if current else None, case.typed_state.applicant, full)


def _summary_of(case: Case, current_task: int | None, applicant: dict | None, full: bool) -> dict[str, Any]:
    return {
        "id": case.pk,
        "tracking_code": case.tracking_code,
        "sop": _sop_ref(case),
        "status": case.status,
        "current_step": case.current_step,
        "current_task": current_task,
        "opened_at": case.opened_at,
        "due_at": case.due_at,
        "closed_at": case.closed_at,
        "late": case.is_late,
        "version": case.version,
        "applicant": masked_applicant(applicant, full=full),
    }


def _task_row(process: Process, task: TaskState, full: bool) -> dict[str, Any]:
    """A task as the API shows it; free texts (notes, reasons, outputs) masked for viewers without personal data."""
    step = process.step(task.step)
    requirements = [
        {"key": item.key, "text": item.text, "heading": item.heading, "required": item.required}
        for item in process.requirements(step)
    ]
    return {
        **(task.to_json() if full else masked_free_texts(task.to_json())),
        "activity": step.activity,
        "decision": step.decision.question if step.decision else None,
        "requirements": requirements,
        "outputs_expected": list(step.outputs),
    }


def _event_row(event: Event, full: bool) -> dict[str, Any]:
    data = event.data
    if not full:
        data = masked_free_texts(data)
        if data.get("applicant"):
            data["applicant"] = masked_applicant(event.data["applicant"], full=False)
    return {"seq": event.seq, "kind": event.kind, "at": event.at, "actor": event.actor_name, "data": data}


@dataclass(frozen=True)
class _Page:
    """One window of a case list: the total found (exact up to the cap), its rows, and the next page's cursor."""

    total: CaseTotal
    rows: list[dict[str, Any]]
    next: str | None  # None: this window is the last (it was not full)


def _page(request: HttpRequest, values: dict[str, Any]) -> _Page:
    """One window of the cases found, masked as in every list; from ``offset`` or after the cursor ``after``."""
    try:
        if values["after"] and values["offset"]:
            raise SearchError("after", "pakai offset atau after, tidak keduanya.", "use offset or after, not both.")
        query = read_query({name: value for name, value in values.items() if name not in _PAGING})
        cases: QuerySet[Case] = find_cases(lean_cases(visible_cases(request.auth)), query, timezone.now())
        total = visible_count(request.auth, cases)
        parts = continue_after(cases, query.sort, values["after"]) if values["after"] else [cases]
    except SearchError as error:
        raise ApiError(422, "invalid_request", error.message.id, error.message.en) from None
    open_task = Task.objects.filter(case=OuterRef("pk"), is_open=True).values("number")[:1]
    window: list[Case] = []
    first, limit = values["offset"], values["limit"]
    for part in parts:  # read in turn until the window is full
        if len(window) < limit:
            window += part.annotate(current_task=Subquery(open_task))[first : first + limit - len(window)]
    rows = [_summary_of(case, case.current_task, case.applicant_json, full=False) for case in window]
    full = len(window) == limit
    return _Page(total, rows, cursor_after(window[-1], query.sort) if full else None)


def _refuse_unknown(request: HttpRequest) -> None:
    """Every query parameter must be a filter: a misspelt one answers 422 instead of being ignored."""
    for name in request.GET:
        if name in ("name", "nik"):
            raise ApiError(
                422,
                "personal_in_url",
                f"{name}: data pribadi tidak boleh di URL; kirim lewat POST /api/cases/search.",
                f"{name}: personal data never goes in a URL; send it with POST /api/cases/search.",
            )
        if name not in CaseFilter.model_fields and name != "lang":
            raise ApiError(
                422, "invalid_request", f"{name[:40]}: filter tidak dikenal.", f"{name[:40]}: unknown filter."
            )


_LIST_HEADERS = {
    "X-Total-Count": {
        "description": f"How many cases match, when at most {TOTAL_CAP:,}",
        "schema": {"type": "integer"},
    },
    "X-Total-Count-At-Least": {
        "description": f"Instead of X-Total-Count when more than {TOTAL_CAP:,} match: {TOTAL_CAP + 1}",
        "schema": {"type": "integer"},
    },
    "Link": {
        "description": 'The next page (rel="next", by an `after` cursor) and the previous (rel="prev", by offset)',
        "schema": {"type": "string"},
    },
}


@router.get(
    "/cases",
    response={200: list[CaseSummary], 401: Error, 422: Error},
    summary=(
        f"The cases the caller may see, filtered and sorted; X-Total-Count (past {TOTAL_CAP:,}: "
        "X-Total-Count-At-Least) and Link (next by cursor, prev by offset) headers"
    ),
    openapi_extra={"responses": {"200": {"headers": _LIST_HEADERS}}},
)
def list_cases(request: HttpRequest, filters: Query[CaseFilter], response: HttpResponse) -> list[dict[str, Any]]:
    _refuse_unknown(request)
    values = filters.dict()
    page = _page(request, values)
    total = page.total
    if total.more:  # more than the cap: how many exactly would cost as much as the history is long
        response["X-Total-Count-At-Least"] = str(total.count + 1)
    else:
        response["X-Total-Count"] = str(total.count)
    links = []
    asked = {name: value for name, value in values.items() if value not in ("", None, 0) and name not in _PAGING}
    asked["limit"] = values["limit"]
    # a full window means a next one may follow (past the cap the total says only "more"), found from a cursor
    if page.next is not None and (total.more or values["offset"] + values["limit"] < total.count or values["after"]):
        links.append(f'<?{urlencode({**asked, "after": page.next})}>; rel="next"')
    if values["offset"] > 0:
        links.append(f'<?{urlencode({**asked, "offset": max(0, values["offset"] - values["limit"])})}>; rel="prev"')
    if links:
        response["Link"] = ", ".join(links)
    return page.rows


@router.post(
    "/cases/search",
    response={200: CasePage, 401: Error, 422: Error},
    summary="Find cases, also by the applicant's name or NIK (kept out of URLs): a page and the total",
)
def search_cases(request: HttpRequest, body: CaseSearchIn) -> dict[str, Any]:
    values = body.dict()
    page = _page(request, values)
    window = {"offset": values["offset"], "limit": values["limit"], "next": page.next, "items": page.rows}
    return {"total": page.total.count, "more": page.total.more, **window}


@router.get("/cases/{case_id}", response={200: CaseDetail, 401: Error, 404: Error}, summary="A case's state")
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> dict[str, Any]:
    case = _case_for(request, case_id)
    full = can_see_personal_data(request.auth, case)
    process = process_for(case.sop_version)
    state = case.typed_state
    return {
        **_summary(case, full),
        "personal_data": full,
        "trigger": state.trigger if full else mask_free_text(state.trigger),
        "my_roles": sorted(role_codes(request.auth, case.organisation_id)),
        "tasks": [_task_row(process, task, full) for task in state.tasks],
        "loops": state.loops,
        "register_entries": state.register_entries,
        "close_reason": state.close_reason if full else mask_free_text(state.close_reason),
    }


@router.get(
    "/cases/{case_id}/events", response={200: list[EventOut], 401: Error, 404: Error}, summary="A case's event log"
)
def case_events(request: HttpRequest, case_id: uuid.UUID) -> list[dict[str, Any]]:
    case = _case_for(request, case_id)
    full = can_see_personal_data(request.auth, case)
    return [_event_row(event, full) for event in case.events.order_by("seq")]


@router.get(
    "/tasks",
    response={200: list[InboxTask], 401: Error},
    summary="The caller's inbox: open tasks of their roles, oldest due first",
)
def inbox(request: HttpRequest, paging: Query[Paging]) -> list[dict[str, Any]]:
    rows = []
    now = timezone.now()
    for task in inbox_tasks(request.auth)[paging.offset : paging.offset + paging.limit]:
        case = task.case
        step = process_for(case.sop_version).step(task.step)
        rows.append(
            {
                "case_id": case.pk,
                "tracking_code": case.tracking_code,
                "sop": _sop_ref(case),
                "task": task.number,
                "step": task.step,
                "activity": step.activity,
                "outside": task.outside,
                "activated_at": task.activated_at,
                "due_at": task.due_at,
                "late": late_while_running(task.due_at, case.typed_state.hold, now),
                "on_hold": case.typed_state.hold is not None,
                "claimed_by": task.claimed_by.get_username() if task.claimed_by else None,
                "applicant": masked_applicant(case.typed_state.applicant, full=False),
            }
        )
    return rows


# ----- commands ---------------------------------------------------------------------------------------------
IDEMPOTENCY_KEY = Header(
    None,
    alias="Idempotency-Key",
    description=(
        "Any unique string of 1-100 characters, e.g. a UUID. A request sent again with the same key by the same "
        "caller is carried out once: the repeat answers the first result with `replayed: true` (opening a case: "
        "200 instead of 201) and writes nothing. Keys are scoped to the caller, so two integrations cannot "
        "collide. The body's `command_id` is the same key; when both are sent they must be equal, else 422."
    ),
)


def _command_id(request: HttpRequest, header: str | None, body_key: str | None) -> uuid.UUID | None:
    """The caller's idempotency key (header or body) as the command id, scoped to the caller."""
    if header is not None:
        header = header.strip()
        if not header or len(header) > 100:
            raise ApiError(
                422,
                "invalid_request",
                "Idempotency-Key: 1-100 karakter.",
                "Idempotency-Key: 1-100 characters.",
            )
        if body_key and body_key != header:
            raise ApiError(
                422,
                "invalid_request",
                "Idempotency-Key dan command_id berbeda.",
                "Idempotency-Key and command_id differ.",
            )
    key = header or body_key
    return uuid.uuid5(_KEYS, f"{request.auth.pk}:{key}") if key else None


def _answer(request: HttpRequest, result: CommandResult) -> dict[str, Any]:
    case = visible_cases(request.auth).select_related(*CASE_ROWS).filter(pk=result.case.pk).first()
    if case is None:  # a replayed command of a case the caller no longer sees
        raise not_found()
    full = can_see_personal_data(request.auth, case)
    return {
        "case": _summary(case, full),
        "events": [_event_row(event, full) for event in result.events],
        "replayed": result.replayed,
    }


@router.post(
    "/cases",
    response={201: CommandOut, 200: CommandOut, 401: Error, 404: Error, 409: Error, 422: Error},
    summary="Open a case of an SOP's latest version (201; 200 when the idempotency key was seen before)",
)
def open_case(request: HttpRequest, body: OpenCaseIn, idempotency_key: str | None = IDEMPOTENCY_KEY) -> Status:
    sop = Sop.objects.select_related("organisation").filter(organisation__code=body.organisation, key=body.sop).first()
    version = sop.latest if sop else None
    if version is None:
        raise not_found("SOP", "SOP")
    applicant = (
        Applicant(
            name=body.applicant.name.strip(),
            nik=(body.applicant.nik or "").strip() or None,
            phone=(body.applicant.phone or "").strip() or None,
            address=(body.applicant.address or "").strip() or None,
        )
        if body.applicant
        else None
    )
    command = OpenCase(
        actor=SIGNED_IN,
        at=timezone.now(),
        applicant=applicant,
        trigger=(body.trigger or "").strip() or None,
        ticked=tuple(body.ticked),
    )
    result = submit(
        request.auth, command, version=version, command_id=_command_id(request, idempotency_key, body.command_id)
    )
    return Status(200 if result.replayed else 201, _answer(request, result))


def _engine_command(body: Any, number: int) -> Command:
    """The engine command a request body asks for on task ``number``."""
    now = timezone.now()
    if isinstance(body, ClaimIn):
        return (ClaimTask if body.command == "claim" else ReleaseTask)(actor=SIGNED_IN, at=now, task=number)
    if isinstance(body, ItemIn):
        kind = TickRequirement if body.command == "tick" else UntickRequirement
        return kind(actor=SIGNED_IN, at=now, task=number, item=body.item)
    if isinstance(body, WaiveIn):
        return WaiveRequirement(actor=SIGNED_IN, at=now, task=number, item=body.item, reason=body.reason)
    if isinstance(body, OutputIn):
        return RecordOutput(actor=SIGNED_IN, at=now, task=number, name=body.name, value=body.value)
    if isinstance(body, FinishIn):
        kind = CompleteStep if body.command == "complete" else RecordOutsideStep
        return kind(actor=SIGNED_IN, at=now, task=number, waivers=dict(body.waivers), note=body.note)
    if isinstance(body, DecideIn):
        return Decide(
            actor=SIGNED_IN, at=now, task=number, answer=body.answer, reason=body.reason, waivers=dict(body.waivers)
        )
    if isinstance(body, HoldIn):
        return HoldForApplicant(actor=SIGNED_IN, at=now, task=number, missing=tuple(body.missing))
    if isinstance(body, ResumeIn):
        return ResumeCase(actor=SIGNED_IN, at=now, task=number, note=body.note)
    if isinstance(body, CloseIn):
        return (RejectCase if body.command == "reject" else CancelCase)(actor=SIGNED_IN, at=now, reason=body.reason)
    raise AssertionError(f"unhandled command body {type(body).__name__}")  # pragma: no cover - the union is closed


@router.post(
    "/cases/{case_id}/tasks/{number}/commands",
    response={200: CommandOut, 401: Error, 404: Error, 409: Error, 422: Error},
    summary="Carry out one command on a task: the new state and the events appended",
)
def run_command(
    request: HttpRequest,
    case_id: uuid.UUID,
    number: int,
    body: CommandIn,
    idempotency_key: str | None = IDEMPOTENCY_KEY,
) -> dict[str, Any]:
    case = _case_for(request, case_id)
    if case.typed_state.task(number) is None:
        raise not_found("Tugas", "Task")
    command_id = _command_id(request, idempotency_key, body.command_id)
    result = submit(request.auth, _engine_command(body, number), case=case.pk, command_id=command_id)
    return _answer(request, result)
