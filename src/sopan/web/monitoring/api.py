"""The monitoring API: an SOP's performance figures and an organisation's event log (XES, OCEL 2.0).

Same rule as the screens (``sopan.web.monitoring.access``): an organisation the caller may not monitor is 404.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Literal

from django.http import FileResponse, HttpRequest
from ninja import Field, Query, Router, Schema

from sopan.engine import EventKind
from sopan.web.api.errors import ApiError, not_found
from sopan.web.api.schemas import Error
from sopan.web.catalog.models import Sop
from sopan.web.monitoring.api_common import PeriodQuery, organisation_of, period_of, sop_of
from sopan.web.monitoring.api_evaluation import router as evaluation_router
from sopan.web.monitoring.api_recap import router as recap_router
from sopan.web.monitoring.eventlog import LogSelection
from sopan.web.monitoring.export import LogFormat, export_log, log_name
from sopan.web.monitoring.feed import MAX_CURSOR, read_feed
from sopan.web.monitoring.performance import CaseFigures, organisation_figures, performance

__all__ = ["router"]

router = Router(tags=["monitoring"])
router.add_router("", evaluation_router)
router.add_router("", recap_router)


class LogQuery(PeriodQuery):
    format: Literal["xes", "ocel-json", "ocel-sqlite"] = "xes"
    sop: str | None = Field(default=None, description="Only this SOP (its key)")


class CasesOut(Schema):
    opened: int
    finished: int
    rejected: int
    cancelled: int
    open: int
    finished_with_due: int
    on_time: int
    on_time_share: float | None


class StepOut(Schema):
    step: int
    activity: str
    standard: str
    standard_minutes: float | None
    completed: int
    median_minutes: float | None
    p90_minutes: float | None
    with_due: int
    within: int
    within_share: float | None


class WaitOut(Schema):
    step: int
    activity: str
    open_tasks: int
    overdue: int
    oldest_since: dt.datetime | None
    oldest_days: float | None


class DecisionOut(Schema):
    step: int
    activity: str
    answered: int
    no: int
    no_share: float | None


class PerformanceOut(Schema):
    organisation: str
    sop: str
    start: dt.date
    end: dt.date
    cases: CasesOut
    steps: list[StepOut]
    waiting: list[WaitOut]
    decisions: list[DecisionOut]


def _cases(figures: CaseFigures) -> dict:
    return {**vars(figures), "on_time_share": figures.on_time_share}


@router.get(
    "/pemantauan/{organisation}/{key}/kinerja",
    response={200: PerformanceOut, 404: Error, 422: Error},
    summary="An SOP's performance for a period (default the last six months)",
)
def sop_performance(request: HttpRequest, organisation: str, key: str, query: Query[PeriodQuery]) -> dict:
    sop = sop_of(request, organisation, key)
    figures = performance(sop, period_of(query, sop.organisation))
    return {
        "organisation": sop.organisation.code,
        "sop": sop.key,
        "start": figures.period.start,
        "end": figures.period.end,
        "cases": _cases(figures.cases),
        "steps": [
            {
                **vars(s),
                "median_minutes": s.median,
                "p90_minutes": s.p90,
                "within_share": s.within_share,
            }
            for s in figures.steps
        ],
        "waiting": [{**vars(w), "oldest_days": w.oldest_days(figures.now)} for w in figures.waiting],
        "decisions": [{**vars(d), "no_share": d.no_share} for d in figures.decisions],
    }


class SopCasesOut(Schema):
    sop: str
    title: str
    cases: CasesOut


class OrganisationPerformanceOut(Schema):
    organisation: str
    start: dt.date
    end: dt.date
    sops: list[SopCasesOut] = Field(description="Each SOP with cases opened in the period")


@router.get(
    "/pemantauan/{organisation}/kinerja",
    response={200: OrganisationPerformanceOut, 404: Error, 422: Error},
    summary="Every SOP's case figures in an organisation for a period (default the last six months)",
)
def organisation_performance(request: HttpRequest, organisation: str, query: Query[PeriodQuery]) -> dict:
    found = organisation_of(request, organisation)
    period = period_of(query, found)
    figures = organisation_figures(found, period)
    titles = dict(Sop.objects.filter(organisation=found, key__in=figures).values_list("key", "title"))
    sops = [{"sop": key, "title": titles.get(key, key), "cases": _cases(cases)} for key, cases in figures.items()]
    return {"organisation": found.code, "start": period.start, "end": period.end, "sops": sops}


@router.get(
    "/pemantauan/{organisation}/log",
    response={200: None, 404: Error, 422: Error},
    summary="The event log as XES or OCEL 2.0 (JSON or SQLite): steps and roles, no personal data",
)
def event_log(request: HttpRequest, organisation: str, query: Query[LogQuery]) -> FileResponse:
    found = organisation_of(request, organisation)
    if query.sop and not Sop.objects.filter(organisation=found, key=query.sop).exists():
        raise not_found("SOP", "SOP")
    start = end = None
    if query.dari or query.sampai:
        period = period_of(query, found)
        start, end = (period.start if query.dari else None), (period.end if query.sampai else None)
    selection = LogSelection(found, query.sop, start, end)
    fmt = LogFormat(query.format)
    # written to a temporary file first, so memory stays flat; the open file outlives its name
    folder = Path(tempfile.mkdtemp(prefix="sopan-log-"))
    path = folder / f"log{fmt.suffix}"
    try:
        export_log(selection, fmt, path)
        handle = path.open("rb")
    finally:
        path.unlink(missing_ok=True)
        folder.rmdir()
    return FileResponse(
        handle, as_attachment=True, filename=log_name(selection) + fmt.suffix, content_type=fmt.media_type
    )


class FeedQuery(Schema):
    setelah: str = Field(
        default="0", max_length=30, description="The cursor of the previous answer's `next` (opaque); 0 from the start"
    )
    batas: int = Field(default=100, ge=1, le=1000, description="At most this many events")


class FeedEventOut(Schema):
    cursor: str = Field(description="Opaque; stable for this event")
    organisation: str
    sop: str
    version: int
    case: str = Field(description="The case's tracking code")
    seq: int = Field(description="The event's number within its case")
    kind: EventKind
    at: dt.datetime
    step: int | None
    task: int | None
    activity: str | None = Field(description="'<step>. <step name>', or the closing (Selesai, Ditolak, Dibatalkan)")
    roles: str | None = Field(description="The step's roles, when a task starts")
    answer: str | None = Field(description="A decision's answer")


class FeedOut(Schema):
    events: list[FeedEventOut] = Field(description="In commit order")
    next: str = Field(description="Send as `setelah` to read on: no event is skipped or repeated")


@router.get(
    "/pemantauan/peristiwa",
    response={200: FeedOut, 401: Error, 422: Error},
    summary="Events across the cases of every organisation the caller may monitor, after a cursor, in commit order",
    description=(
        "For a regional dashboard: poll with the previous answer's `next` as `setelah`. Events of every "
        "organisation the caller may monitor, oldest first, as in the event-log export: steps, roles and tracking "
        "codes, never an applicant's data, an officer's name or free text."
    ),
)
def event_feed(request: HttpRequest, query: Query[FeedQuery]) -> dict:
    cursor = query.setelah.strip()
    if not cursor.isdecimal() or not cursor.isascii() or int(cursor) > MAX_CURSOR:
        raise ApiError(422, "invalid_cursor", "setelah: kursor tidak dikenal.", "setelah: unknown cursor.")
    page = read_feed(request.auth, int(cursor), query.batas)
    return {"events": [asdict(event) for event in page.events], "next": page.next}
