"""The feed of events across the cases a caller may monitor, after a cursor, in commit order, nothing personal.

A regional dashboard polls it: each answer carries the cursor to send next. The cursor is the last event id the
answer covered (``cases.feed_order`` makes ids final in commit order), so no event is skipped or repeated
whatever is written between two polls. Like the event-log export, an event says which step of which SOP in
which case (tracking code) and the step's roles: no applicant's data, no officer's name, no free text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser

from sopan.web.cases.feed_order import settled_event_id
from sopan.web.cases.models import Event
from sopan.web.catalog.models import Organisation
from sopan.web.monitoring.access import monitored_organisations
from sopan.web.monitoring.eventlog import CLOSINGS, Steps

__all__ = ["FeedEvent", "FeedPage", "read_feed"]

MAX_CURSOR = 2**63 - 1  # a bigint


@dataclass(frozen=True)
class FeedEvent:
    cursor: str
    organisation: str
    sop: str
    version: int
    case: str  # the tracking code
    seq: int
    kind: str
    at: dt.datetime
    step: int | None
    task: int | None
    activity: str | None
    roles: str | None
    answer: str | None


@dataclass(frozen=True)
class FeedPage:
    events: list[FeedEvent]
    next: str  # the cursor to send next time


def read_feed(user: AbstractBaseUser, after: int, limit: int) -> FeedPage:
    """Up to ``limit`` events with ids above ``after`` of the organisations ``user`` may monitor, oldest first."""
    settled = settled_event_id()
    rows = list(
        Event.objects.filter(
            id__gt=after, id__lte=settled, case__organisation__in=monitored_organisations(user).values("pk")
        )
        .order_by("id")
        .values_list(
            "id",
            "case__organisation_id",
            "case__sop_version_id",
            "case__tracking_code",
            "seq",
            "kind",
            "at",
            "data",
        )[:limit]
    )
    organisations = Organisation.objects.in_bulk({row[1] for row in rows})
    steps = {pk: Steps(organisation) for pk, organisation in organisations.items()}
    events = [_event(row, organisations[row[1]].code, steps[row[1]]) for row in rows]
    # a page not full covers every settled event the caller may see: the next poll starts after all of them
    last = rows[-1][0] if len(rows) == limit else max(settled, after)
    return FeedPage(events, str(last))


def _event(row: tuple, organisation: str, steps: Steps) -> FeedEvent:
    pk, _, version_id, code, seq, kind, at, data = row
    sop, number, _ = steps.version(version_id)
    step, task = data.get("step"), data.get("task")
    activity = CLOSINGS.get(kind) or (steps.activity(version_id, step) if isinstance(step, int) else None)
    roles = steps.roles(list(data["roles"])) if kind == "task_activated" and data.get("roles") else None
    answer = data.get("answer") if kind == "decision_made" else None
    return FeedEvent(
        str(pk), organisation, sop, number, code, seq, kind, at, step if isinstance(step, int) else None,
        task if isinstance(task, int) else None, activity, roles, answer,
    )  # fmt: skip
