"""The summaries built again from the task table, for history: cases written before the summaries existed, or
without commands (the benchmark's clones are inserted by SQL).

It counts what ``on_command`` counts (``Summary.add`` on each completed task), so the rows are the ones the
commands would have written. On PostgreSQL the summary tables are locked
against writes first: a command running meanwhile either committed before (its tasks are read here) or adds its
own tasks after the rebuild commits (they were not visible to it), so nothing is counted twice or lost.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction

from sopan.web.cases.models import Task
from sopan.web.catalog.models import Organisation
from sopan.web.monitoring.models import StepDay, StepMinutes
from sopan.web.monitoring.summaries import Summary, TaskDone, lock_for_rebuild

__all__ = ["rebuild"]

_FIELDS = (
    "pk", "case__sop_version_id", "case__opened_at", "case__organisation__timezone", "step", "completed_at",
    "due_at", "elapsed_minutes", "answer",
)  # fmt: skip


def rebuild(organisation: Organisation | None = None) -> int:
    """Replace the summaries of the organisation (or all) by those of its completed tasks; returns their number."""
    tables = [StepDay, StepMinutes]
    with transaction.atomic():
        lock_for_rebuild()
        tasks = Task.objects.filter(completed_at__isnull=False)
        for model in tables:
            rows = model.objects.all()
            if organisation is not None:
                rows = rows.filter(sop_version__sop__organisation=organisation)
            rows.delete()
        if organisation is not None:
            tasks = tasks.filter(case__organisation=organisation)
        summary, counted = Summary(), 0
        for task in _tasks(tasks.order_by("pk").values_list(*_FIELDS).iterator(chunk_size=5000)):
            summary.add(task)
            counted += 1
        summary.write()
    return counted


def _tasks(rows: Iterable[tuple[Any, ...]]) -> Iterator[TaskDone]:
    """One ``TaskDone`` per task row, its day in its organisation's time zone."""
    zones: dict[str, ZoneInfo] = {}
    for _pk, version_id, opened_at, zone, step, completed_at, due_at, minutes, answer in rows:
        tz = zones.get(zone) or zones.setdefault(zone, ZoneInfo(zone))
        yield TaskDone(version_id, opened_at.astimezone(tz).date(), step, completed_at, due_at, minutes, answer or "")
