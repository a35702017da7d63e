"""The event log of an organisation's cases read as traces for export, streamed from the database.

A trace is one case, named by its tracking code. Its events are the activations and completions of its tasks
(activity = "<step number>. <step name>", lifecycle start/complete, resource = the step's roles) and the
case's closing. Nothing about the applicant and no officer's name is read: outputs, notes and reasons stay out.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import F, QuerySet
from django.db.models.fields.json import KT

from sopan.engine import Process
from sopan.model.sop import Sop as SopModel
from sopan.web.cases.models import Case, Event, Task
from sopan.web.catalog.models import Organisation, Role, SopVersion
from sopan.web.monitoring.log_times import IsoMillis
from sopan.web.monitoring.performance import checked_day

__all__ = [
    "CLOSINGS",
    "CaseEvents",
    "EventRow",
    "LogEvent",
    "LogSelection",
    "LogTrace",
    "Steps",
    "read_cases",
    "read_traces",
    "typed_row",
]

CHUNK = 10_000
TASK_KINDS = {"task_activated": "start", "step_completed": "complete", "decision_made": "complete"}
CLOSINGS = {"case_finished": "Selesai", "case_rejected": "Ditolak", "case_cancelled": "Dibatalkan"}


@dataclass(frozen=True)
class LogEvent:
    seq: int
    activity: str
    lifecycle: str
    at: dt.datetime
    resource: str
    step: int | None = None
    task: int | None = None
    answer: str | None = None
    elapsed_minutes: float | None = None


@dataclass(frozen=True)
class LogTrace:
    case: str  # the tracking code
    sop: str
    version: int
    status: str
    events: list[LogEvent] = field(default_factory=list)


@dataclass(frozen=True)
class LogSelection:
    """Which cases: those of an organisation (one SOP, if given) opened in a period (both days included)."""

    organisation: Organisation
    sop_key: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None

    def __post_init__(self) -> None:
        """Days outside the sane range raise ``PeriodError`` here, not an overflow in the query."""
        for day, name in ((self.start, "dari"), (self.end, "sampai")):
            if day is not None:
                checked_day(day, name)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.organisation.timezone)

    def cases(self) -> QuerySet[Case]:
        return Case.objects.filter(**self.filters())

    def filters(self, prefix: str = "") -> dict[str, object]:
        """The selection as lookups on ``Case``, each behind ``prefix`` (e.g. "case__" to filter events)."""
        lookups: dict[str, object] = {"organisation": self.organisation}
        if self.sop_key:
            lookups["sop_version__sop__key"] = self.sop_key
        if self.start:
            lookups["opened_at__gte"] = dt.datetime.combine(self.start, dt.time(), self.zone)
        if self.end:
            lookups["opened_at__lt"] = dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time(), self.zone)
        return {prefix + key: value for key, value in lookups.items()}

    def tasks(self) -> QuerySet[Task]:
        return Task.objects.filter(**self.filters("case__"))  # a join: an IN over the cases scanned every task


class Steps:
    """Step names and role names of the versions met while reading, each version's definition read once."""

    def __init__(self, organisation: Organisation) -> None:
        self.role_names = dict(Role.objects.filter(organisation=organisation).values_list("code", "name"))
        self._versions: dict[int, tuple[str, int, Process]] = {}

    def version(self, version_id: int) -> tuple[str, int, Process]:
        found = self._versions.get(version_id)
        if found is None:
            row = SopVersion.objects.select_related("sop").get(pk=version_id)
            sop = SopModel.model_validate(row.definition)
            sop.id = row.sop.key
            found = self._versions[version_id] = (row.sop.key, row.number, Process(sop, version=row.number))
        return found

    def activity(self, version_id: int, number: int) -> str:
        step = self.version(version_id)[2].find_step(number)
        return f"{number}. {step.activity}" if step is not None else str(number)

    def roles(self, codes: list[str]) -> str:
        return ", ".join(self.role_names.get(code, code) for code in codes)


@dataclass(frozen=True)
class CaseEvents:
    """A case's head and its log events as the database gives them: (seq, kind, at, task, step, answer, roles,
    elapsed minutes). The last five are ``data``'s keys, text on PostgreSQL and typed on SQLite (``typed_row``
    makes them alike); ``at`` is a datetime, or the text ``log_times.iso_millis`` gives when asked of PostgreSQL."""

    case: str  # the tracking code
    version_id: int
    status: str
    events: list[tuple[Any, ...]]


EventRow = tuple[int, str, dt.datetime, int | None, int | None, str | None, list[str] | None, float | None]
_FIELDS = ("task", "step", "answer", "roles", "elapsed_minutes")


def read_cases(selection: LogSelection, *, text_times: bool = False) -> Iterator[CaseEvents]:
    """The selected cases that have events, oldest first, each with its log events in order: memory holds one
    case and the cursor's buffer, not the log. With ``text_times`` on PostgreSQL, ``at`` comes as XES text.

    One query joins the cases to their events, in opening order then event order, and streams (a server-side
    cursor on PostgreSQL): asking for the events of a batch of cases by a list of ids let PostgreSQL scan the whole
    event table once per batch. Only the keys of ``data`` the log writes are read (as text on PostgreSQL: no JSON
    document is decoded in Python)."""
    at: str | IsoMillis = "at"
    if text_times and connection.vendor == "postgresql":
        at = IsoMillis(F("at"), selection.zone)
    rows = (
        Event.objects.filter(kind__in=[*TASK_KINDS, *CLOSINGS], **selection.filters("case__"))
        .order_by("case__opened_at", "case_id", "seq")
        .values_list(
            "case__tracking_code",  # unique: the trace's key (a case id would be a UUID made for every row)
            "case__sop_version_id",
            "case__status",
            "seq",
            "kind",
            at,
            *(KT(f"data__{name}") for name in _FIELDS),
        )
        .iterator(chunk_size=CHUNK)
    )
    for code, group in itertools.groupby(rows, key=_first):
        case = list(group)
        yield CaseEvents(code, case[0][1], case[0][2], [row[3:] for row in case])


def _first(row: tuple[Any, ...]) -> object:
    return row[0]


def typed_row(row: tuple[Any, ...]) -> EventRow:
    """One event's values typed alike on every database (PostgreSQL gives the JSON keys as text)."""
    seq, kind, at, task, step, answer, roles, elapsed = row
    return (
        seq,
        kind,
        at,
        None if task is None else int(task),
        None if step is None else int(step),
        None if answer is None else str(answer),
        None if roles is None else list(json.loads(roles) if isinstance(roles, str) else roles),
        None if elapsed is None else float(elapsed),
    )


def read_traces(selection: LogSelection, steps: Steps | None = None) -> Iterator[LogTrace]:
    """The selected cases one at a time as ``LogTrace``s, oldest first (see ``read_cases``)."""
    steps = steps or Steps(selection.organisation)
    zone = selection.zone
    for case in read_cases(selection):
        key, number, _process = steps.version(case.version_id)
        trace = LogTrace(case.case, key, number, case.status)
        task_roles: dict[int, str] = {}
        for row in case.events:
            trace.events.append(_event(typed_row(row), zone, case.version_id, steps, task_roles))
        yield trace


def _event(row: EventRow, zone: ZoneInfo, version_id: int, steps: Steps, task_roles: dict[int, str]) -> LogEvent:
    seq, kind, at, task, step, answer, roles, elapsed = row
    at = at.astimezone(zone)
    if kind in CLOSINGS:
        return LogEvent(seq, CLOSINGS[kind], "complete", at, "", step=step)
    if kind == "task_activated":
        task_roles[task] = steps.roles(roles or [])  # type: ignore[index]
    return LogEvent(
        seq,
        steps.activity(version_id, step),  # type: ignore[arg-type]
        TASK_KINDS[kind],
        at,
        task_roles.get(task, ""),  # type: ignore[arg-type]
        step=step,
        task=task,
        answer=answer,
        elapsed_minutes=elapsed,
    )
