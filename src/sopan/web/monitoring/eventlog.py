"""The event log of an organisation's cases read as traces for export, streamed from the database.

A trace is one case, named by its tracking code. Its events are the activations and completions of its tasks
(activity = "<step number>. <step name>", lifecycle start/complete, resource = the step's roles) and the
case's closing. Nothing about the applicant and no officer's name is read: outputs, notes and reasons stay out.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from sopan.engine import Process
from sopan.model.sop import Sop as SopModel
from sopan.web.cases.models import Case, Event, Task
from sopan.web.catalog.models import Organisation, Role, SopVersion
from sopan.web.monitoring.performance import checked_day

__all__ = ["CLOSINGS", "LogEvent", "LogSelection", "LogTrace", "Steps", "read_traces"]

CHUNK = 2000
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
    opened_at: dt.datetime
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
        cases = Case.objects.filter(organisation=self.organisation)
        if self.sop_key:
            cases = cases.filter(sop_version__sop__key=self.sop_key)
        if self.start:
            cases = cases.filter(opened_at__gte=dt.datetime.combine(self.start, dt.time(), self.zone))
        if self.end:
            after = self.end + dt.timedelta(days=1)
            cases = cases.filter(opened_at__lt=dt.datetime.combine(after, dt.time(), self.zone))
        return cases

    def tasks(self) -> QuerySet[Task]:
        return Task.objects.filter(case__in=self.cases().values("pk"))


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


def read_traces(selection: LogSelection, steps: Steps | None = None) -> Iterator[LogTrace]:
    """The selected cases one at a time, oldest first, with their events in order: memory holds one batch of
    cases, not the log.

    The cases stream in opening order (the index the selection is read by, so the first rows come at once);
    each batch of ``CHUNK`` cases has its events read by one query on the (case, seq) index."""
    steps = steps or Steps(selection.organisation)
    zone = selection.zone
    cases = (
        selection.cases()
        .order_by("opened_at", "pk")
        .values_list("pk", "tracking_code", "sop_version_id", "status", "opened_at")
        .iterator(chunk_size=CHUNK)
    )
    while batch := list(itertools.islice(cases, CHUNK)):
        rows = (
            Event.objects.filter(case_id__in=[row[0] for row in batch], kind__in=[*TASK_KINDS, *CLOSINGS])
            .order_by("case_id", "seq")
            .values_list("case_id", "seq", "kind", "at", "data")
        )
        events = {case_id: list(group) for case_id, group in itertools.groupby(rows, key=lambda row: row[0])}
        for pk, code, version_id, status, opened_at in batch:
            if pk not in events:  # a case without events has no trace
                continue
            key, number, _process = steps.version(version_id)
            trace = LogTrace(code, key, number, status, opened_at.astimezone(zone))
            task_roles: dict[int, str] = {}
            for _, seq, kind, at, data in events.pop(pk):
                trace.events.append(_event(seq, kind, at.astimezone(zone), data, version_id, steps, task_roles))
            yield trace


def _event(
    seq: int, kind: str, at: dt.datetime, data: dict, version_id: int, steps: Steps, task_roles: dict[int, str]
) -> LogEvent:
    if kind in CLOSINGS:
        return LogEvent(seq, CLOSINGS[kind], "complete", at, "", step=data.get("step"))
    task, step = data.get("task"), data.get("step")
    if kind == "task_activated":
        task_roles[task] = steps.roles(list(data.get("roles") or []))
    return LogEvent(
        seq,
        steps.activity(version_id, step),
        TASK_KINDS[kind],
        at,
        task_roles.get(task, ""),
        step=step,
        task=task,
        answer=data.get("answer"),
        elapsed_minutes=data.get("elapsed_minutes"),
    )
