"""The per-day summaries the performance figures read, added to in each command's transaction.

A task counts once, when it is completed, in the day its case was opened (in the organisation's time zone): the
figures of a period are those of the cases opened in it, as the views have always counted them. A loop (a
decision answered tidak) activates the steps again as new tasks, each counted on its own completion, as the scan
of the task table counted them; a cancelled or rejected case's open task is never completed and never counted.
Rows are added to with ``INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n`` (PostgreSQL and SQLite), in
key order, so concurrent commands add up and never deadlock on them. ``Summary`` gathers the additions of any
number of tasks: one command's (``on_command``) or the whole history (``summarise`` management command), so both
give the same rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Model

from sopan.web.monitoring import histogram
from sopan.web.monitoring.models import RoleDay, StepDay, StepMinutes

__all__ = ["Summary", "TaskDone", "lock_for_rebuild"]

CHUNK = 500  # rows per INSERT statement


@dataclass(frozen=True)
class TaskDone:
    """What the summaries need of one completed task."""

    sop_version_id: int
    day: dt.date  # the case's opening day, in its organisation's time zone
    step: int
    completed_at: dt.datetime
    due_at: dt.datetime | None
    elapsed_minutes: float | None
    answer: str  # "" (not a decision), "ya" or "tidak"
    roles: Sequence[str]


@dataclass
class Summary:
    """Additions to the summary tables, keyed as their unique constraints."""

    steps: dict[tuple[int, dt.date, int], list[float]] = field(default_factory=dict)
    minutes: dict[tuple[int, dt.date, int, int], int] = field(default_factory=dict)
    roles: dict[tuple[int, dt.date, str], list[float]] = field(default_factory=dict)

    def add(self, task: TaskDone) -> None:
        key = (task.sop_version_id, task.day, task.step)
        # completed, with_due, within, answered, sent_back, timed, minutes
        sums = self.steps.setdefault(key, [0, 0, 0, 0, 0, 0, 0.0])
        sums[0] += 1
        if task.due_at is not None:
            sums[1] += 1
            sums[2] += task.completed_at <= task.due_at
        sums[3] += task.answer != ""
        sums[4] += task.answer == "tidak"
        if task.elapsed_minutes is not None:
            sums[5] += 1
            sums[6] += task.elapsed_minutes
            where = (*key, histogram.bucket(task.elapsed_minutes))
            self.minutes[where] = self.minutes.get(where, 0) + 1
        for code in sorted(set(task.roles)):
            load = self.roles.setdefault((task.sop_version_id, task.day, code), [0, 0.0])
            load[0] += 1
            load[1] += task.elapsed_minutes or 0.0

    def __bool__(self) -> bool:
        return bool(self.steps)

    def write(self) -> None:
        """Add these sums to the stored rows (inside the caller's transaction). On PostgreSQL a command's few rows
        go in one statement (the three upserts as data-modifying WITH queries): one round trip."""
        step_columns = ["completed", "with_due", "within", "answered", "sent_back", "timed", "minutes"]
        statements = [
            *_upserts(StepDay, ["sop_version_id", "day", "step"], step_columns, self.steps.items()),
            *_upserts(StepMinutes, ["sop_version_id", "day", "step", "bucket"], ["n"], _single(self.minutes)),
            *_upserts(RoleDay, ["sop_version_id", "day", "role"], ["completed", "minutes"], self.roles.items()),
        ]
        if connection.vendor == "postgresql" and 1 < len(statements) <= 3:
            *first, (last, params) = statements
            withs = ", ".join(f"added_{n} AS ({sql})" for n, (sql, _) in enumerate(first))
            statements = [(f"WITH {withs} {last}", [value for _, values in first for value in values] + params)]
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)


def lock_for_rebuild() -> None:
    """Hold off every command's additions until the caller's transaction ends (PostgreSQL; SQLite has one writer)."""
    if connection.vendor == "postgresql":
        names = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in (StepDay, StepMinutes, RoleDay))
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")


def _single(counts: dict[Any, int]) -> Iterable[tuple[Any, list[int]]]:
    return ((key, [n]) for key, n in counts.items())


def _upserts(
    model: type[Model], keys: list[str], sums: list[str], rows: Iterable[tuple[Any, Sequence[Any]]]
) -> list[tuple[str, list[Any]]]:
    """INSERTs of the rows adding ``sums`` to those already there, ``CHUNK`` rows each; rows in key order (one
    lock order for all)."""
    ordered = sorted(rows, key=lambda row: row[0])
    table = connection.ops.quote_name(model._meta.db_table)
    quoted = [connection.ops.quote_name(name) for name in [*keys, *sums]]
    added = ", ".join(f"{name} = {table}.{name} + excluded.{name}" for name in quoted[len(keys) :])
    one = "(" + ", ".join(["%s"] * len(quoted)) + ")"
    statements = []
    for first in range(0, len(ordered), CHUNK):
        chunk = ordered[first : first + CHUNK]
        statements.append(
            (
                f"INSERT INTO {table} ({', '.join(quoted)}) VALUES {', '.join([one] * len(chunk))} "
                f"ON CONFLICT ({', '.join(quoted[: len(keys)])}) DO UPDATE SET {added}",
                [value for key, values in chunk for value in (*key, *values)],
            )
        )
    return statements
