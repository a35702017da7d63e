"""The per-day summaries the performance figures read, added to in each command's transaction.

A task counts once, when it is completed, in the day its case was opened (in the organisation's time zone): the
figures of a period are those of the cases opened in it, as the views have always counted them. A loop (a
decision answered tidak) activates the steps again as new tasks, each counted on its own completion, as the scan
of the task table counted them; a cancelled or rejected case's open task is never completed and never counted.
Rows are added to with ``INSERT … ON CONFLICT … DO UPDATE SET n = n + excluded.n`` (PostgreSQL and SQLite), in
key order, so concurrent commands add up and never deadlock on them. ``Summary`` gathers the additions of any
number of tasks: one command's (``on_command``) or the whole history (``summarise`` management command), so both
give the same rows. A command's additions run on the command's own driver cursor, their SQL text built once per
shape (database, tables and number of rows) and, on PostgreSQL, prepared.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import Model

from sopan.web.monitoring import histogram
from sopan.web.monitoring.models import StepDay, StepMinutes

__all__ = ["Summary", "TaskDone", "lock_for_rebuild"]

CHUNK = 500  # rows per INSERT statement

# each summary table with its key columns and the columns added to, in the order Summary holds them
_TABLES: tuple[tuple[type[Model], tuple[str, ...], tuple[str, ...]], ...] = (
    (
        StepDay,
        ("sop_version_id", "day", "step"),
        ("completed", "with_due", "within", "answered", "sent_back", "timed", "minutes"),
    ),
    (StepMinutes, ("sop_version_id", "day", "step", "bucket"), ("n",)),
)


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


@dataclass
class Summary:
    """Additions to the summary tables, keyed as their unique constraints."""

    steps: dict[tuple[int, dt.date, int], list[float]] = field(default_factory=dict)
    minutes: dict[tuple[int, dt.date, int, int], int] = field(default_factory=dict)

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

    def __bool__(self) -> bool:
        return bool(self.steps)

    def write(self, cursor: Any = None, *, sqlite: bool = False) -> None:
        """Add these sums to the stored rows, inside the caller's transaction: on ``cursor``, the driver's own (a
        command's; ``sqlite`` says it is SQLite's, with ``?`` placeholders), or else on a Django cursor. On
        PostgreSQL a command's few rows go in one statement (the two upserts, the first a data-modifying WITH query):
        one round trip."""
        if cursor is None:
            with connection.cursor() as django_cursor:
                self._write(django_cursor, connection.vendor, "%s")
        else:
            self._write(cursor, "sqlite" if sqlite else "postgresql", "?" if sqlite else "%s")

    def _write(self, cursor: Any, vendor: str, mark: str) -> None:
        as_text = vendor == "sqlite"  # SQLite keeps a date as its ISO text, as Django stores it
        added = ((key, [n]) for key, n in self.minutes.items())
        parts: list[tuple[int, int, list[Any]]] = []  # (table, rows, parameters) of each statement
        for table, rows in enumerate((self.steps.items(), added)):
            ordered = sorted(rows)  # key order: one lock order for all
            for first in range(0, len(ordered), CHUNK):
                chunk = ordered[first : first + CHUNK]
                params: list[Any] = []
                for key, sums in chunk:  # every key is (version, day, ...)
                    params += (key[0], key[1].isoformat(), *key[2:]) if as_text else key
                    params += sums
                parts.append((table, len(chunk), params))
        if not parts:
            return
        if vendor == "postgresql" and len(parts) == 2:
            shape = tuple((table, rows) for table, rows, _ in parts)
            cursor.execute(_combined(vendor, mark, shape), [value for *_, params in parts for value in params])
            return
        for table, rows, params in parts:
            cursor.execute(_upsert(vendor, mark, table, rows), params)


def lock_for_rebuild() -> None:
    """Hold off every command's additions until the caller's transaction ends (PostgreSQL; SQLite has one writer)."""
    if connection.vendor == "postgresql":
        names = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in (StepDay, StepMinutes))
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {names} IN SHARE ROW EXCLUSIVE MODE")


@lru_cache(maxsize=256)
def _upsert(vendor: str, mark: str, table: int, rows: int) -> str:
    """The INSERT of ``rows`` rows of a summary table adding its sums to those already there; built once."""
    model, keys, sums = _TABLES[table]
    quote = connection.ops.quote_name
    name = quote(model._meta.db_table)
    columns = [quote(model._meta.get_field(column).column) for column in (*keys, *sums)]
    added = ", ".join(f"{column} = {name}.{column} + excluded.{column}" for column in columns[len(keys) :])
    one = "(" + ", ".join([mark] * len(columns)) + ")"
    return (
        f"INSERT INTO {name} ({', '.join(columns)}) VALUES {', '.join([one] * rows)} "
        f"ON CONFLICT ({', '.join(columns[: len(keys)])}) DO UPDATE SET {added}"
    )


@lru_cache(maxsize=256)
def _combined(vendor: str, mark: str, shape: tuple[tuple[int, int], ...]) -> str:
    """PostgreSQL: the upserts of ``shape`` ((table, rows) each) in one statement, all but the last as
    data-modifying WITH queries; built once per shape."""
    *first, last = [_upsert(vendor, mark, table, rows) for table, rows in shape]
    withs = ", ".join(f"added_{n} AS ({sql})" for n, sql in enumerate(first))
    return f"WITH {withs} {last}"
