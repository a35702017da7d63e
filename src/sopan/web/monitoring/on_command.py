"""What each command adds to the monitoring, in its own transaction: the tasks it completed go into the day's
summaries, and a case it closed is judged (``CaseReview``), again when it is anonymised. Commands that complete
nothing and close nothing (a claim, a tick) cost nothing here; a completion one statement, sent with the command's
own writes (where the case belongs comes with the command's result: it read the case); a closing its review
with its counts, on the same cursor."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

from sopan.engine import EventKind, Process
from sopan.engine.state import CaseState
from sopan.web.cases.models import Case
from sopan.web.catalog.models import SopVersion
from sopan.web.catalog.runtime import process_for
from sopan.web.monitoring.review_summary import add_first_review
from sopan.web.monitoring.reviews import judged, review_closed
from sopan.web.monitoring.summaries import Summary, TaskDone

__all__ = ["add_closed_review", "add_summaries", "on_rewritten", "task_done"]

_COMPLETING = {EventKind.STEP_COMPLETED.value, EventKind.DECISION_MADE.value}
_CLOSING = {EventKind.CASE_FINISHED.value, EventKind.CASE_REJECTED.value, EventKind.CASE_CANCELLED.value}


@lru_cache(maxsize=64)
def _process(version_id: int, content_hash: str) -> Process:
    """A version's process; a version never changes (the hash keeps a reused key from answering wrongly)."""
    return process_for(SopVersion.objects.select_related("sop").defer("definition").get(pk=version_id))


def task_done(version_id: int, day: dt.date, task: Any) -> TaskDone:
    """A completed ``TaskState`` as the summaries count it."""
    return TaskDone(version_id, day, task.step, task.completed_at, task.due_at, task.elapsed_minutes, task.answer or "")


def add_summaries(store: Any, result: Any) -> None:
    """A write that goes with each command's own (``add_command_write``): add the tasks it completed to the
    summaries, on the command's cursor (on PostgreSQL in the pipeline of its writes)."""
    numbers = {event.data.get("task") for event in result.events if event.kind in _COMPLETING}
    if not numbers:
        return
    state: CaseState = result.state
    version_id, zone = result.place.sop_version_id, result.place.timezone
    day = state.opened_at.astimezone(ZoneInfo(zone)).date()
    summary = Summary()
    for task in state.tasks:
        if task.task in numbers and task.completed_at is not None:
            summary.add(task_done(version_id, day, task))
    if summary:
        summary.write(store.cursor, sqlite=store.sql.sqlite)


def add_closed_review(store: Any, result: Any) -> None:
    """A write that goes with each command's own (``add_command_write``): judge the case the command closed and
    store its review with its counts, on the command's cursor (on PostgreSQL in the pipeline of its writes)."""
    if not any(event.kind in _CLOSING for event in result.events):
        return
    state: CaseState = result.state
    if state.is_open:
        return
    place = result.place
    day = state.opened_at.astimezone(ZoneInfo(place.timezone)).date()  # the review counts' day, as the summaries'
    review = judged(
        state, _process(place.sop_version_id, place.content_hash), case_id=result.case_id,
        case_version=state.version, sop_version_id=place.sop_version_id, status=str(state.status),
    )  # fmt: skip
    add_first_review(store.cursor, store.sql, review, day)


def on_rewritten(sender: object, case_id: Any, **kwargs: Any) -> None:
    """``case_rewritten`` receiver: judge the case again (an anonymisation rewrote its reasons); its tasks' times
    do not change, nor do the summaries."""
    review_closed(Case.objects.filter(pk=case_id))
