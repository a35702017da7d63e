"""The command path on PostgreSQL: a command's reads in one round trip, its writes in one pipeline, all prepared.

Measured on the 2-core machine (``benchmarks/engine/run.py``), a command was about twelve round trips, each one
a few system calls on both sides and a statement parsed and planned anew. Here the event-order lock, the case, the
user's role assignments and the calendar overrides come back in one statement (``command_read``), sent in the
same round trip as the transaction's BEGIN; the writes (case, events, task rows with
their roles, register entries) are queued in psycopg's pipeline mode and sent together, and the optimistic lock
is checked when their results arrive. Every statement is prepared once per connection (``command_sql``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection
from django.db.models import Model

from sopan.web.cases.command_read import ReadFirstStore, read_all_sql
from sopan.web.cases.command_sql import (
    CaseChanged,
    Changed,
    CommandSql,
    RecordedEvent,
    Statement,
    _column,
    _stored_type,
    _table,
)
from sopan.web.cases.models import Event, Task
from sopan.web.catalog.models import Role

__all__ = ["PostgresCommandStore", "PostgresSql"]


class PostgresSql:
    """The statements only PostgreSQL runs: the reads of a command together, a task row with its roles at once."""

    def __init__(self, sql: CommandSql) -> None:
        self.read_all = read_all_sql("postgresql")
        task_insert = sql.insert_task
        through = Task.roles.through
        self.insert_task = Statement(
            f"WITH t AS ({task_insert.sql}), "
            f"r AS (INSERT INTO {_table(through)} ({_column(through, 'task')}, {_column(through, 'role')}) "
            f"SELECT t.{_column(Task, 'id')}, ro.{_column(Role, 'id')} FROM t, {_table(Role)} ro "
            f"WHERE ro.{_column(Role, 'organisation')} = %s AND ro.{_column(Role, 'code')} = ANY(%s)) "
            f"SELECT {_column(Task, 'id')} FROM t",
            (*task_insert.fields, "role:organisation", "role:codes"),
            (*task_insert.adapters, _same, list),
            task_insert.defaults,
        )
        self._event_insert = sql.insert_event.sql
        self._event_inserts: dict[int, str] = {}
        self._case_update = sql.update_case.sql
        self._event_casts = [_cast(Event, name) for name in sql.insert_event.fields]
        self._with_events: dict[int, str] = {}

    def update_case_with_events(self, count: int) -> str:
        """The case's UPDATE under its optimistic lock and the INSERT of ``count`` events, as one statement: the
        events are written only if the case was (its row count is theirs, 0 if the case had moved on)."""
        found = self._with_events.get(count)
        if found is None:
            head = self._event_insert.split(" VALUES ", 1)[0]
            names = head[head.index("(") + 1 : head.rindex(")")]
            one = "(" + ", ".join(f"%s::{cast}" for cast in self._event_casts) + ")"
            found = self._with_events[count] = (
                f"WITH moved AS ({self._case_update} RETURNING 1) {head} SELECT * FROM "
                f"(VALUES {', '.join([one] * count)}) AS added ({names}) WHERE EXISTS (SELECT 1 FROM moved)"
            )
        return found

    def insert_events(self, count: int) -> str:
        """The INSERT of ``count`` events as one statement (one Bind and Execute, where ``executemany`` sends one
        per row); built once per count."""
        found = self._event_inserts.get(count)
        if found is None:
            head, one = self._event_insert.split(" VALUES ", 1)
            found = self._event_inserts[count] = f"{head} VALUES {', '.join([one] * count)}"
        return found


def _same(value: Any) -> Any:
    return value


def _cast(model: type[Model], name: str) -> str:
    """The type a parameter of this column is cast to in VALUES: its column's, but text for a varchar(n), which an
    explicit cast would cut short where the column's own assignment refuses a value too long."""
    cast = _stored_type(model, name).cast_db_type(connection) or "text"
    return "text" if cast.startswith("varchar") else cast


class PostgresCommandStore(ReadFirstStore):
    """A command's store on PostgreSQL: ``start`` reads everything a command reads; ``batch`` pipelines the writes."""

    def __init__(self, cursor: Any, sql: CommandSql, extra: PostgresSql) -> None:
        super().__init__(cursor, sql, extra.read_all)
        self.extra = extra
        self._pipeline: Any = None
        self._checks: list[tuple[Changed, Any]] = []

    def _read(self, params: dict[str, Any]) -> tuple:
        with self.cursor.connection.pipeline():  # the transaction's BEGIN goes in the same round trip
            self.cursor.execute(self.read_all, params)
        (found,) = self.cursor.fetchall()
        return found

    # ----- writes --------------------------------------------------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Send the writes made inside together. A write that failed because the case's version had moved
        meanwhile (its events' sequence numbers taken by the other command) comes out as CaseChanged."""
        import psycopg

        raw = self.cursor.connection
        self._checks = []
        try:
            with raw.pipeline() as self._pipeline:
                yield
        except psycopg.IntegrityError:
            if any(not changed for changed, _ in self._checks if changed.is_case):
                raise CaseChanged from None
            raise
        finally:
            self._pipeline = None

    def _cursor_for_result(self) -> Any:
        """In a batch, each statement whose row count matters gets a cursor of its own (a cursor keeps the result
        of its last statement only)."""
        if self._pipeline is None:
            return self.cursor
        import psycopg

        return psycopg.Cursor(self.cursor.connection)

    def insert_events(self, rows: Sequence[tuple[RecordedEvent, int | None, uuid.UUID | None, str]]) -> None:
        params = self.event_params(rows)
        if len(params) == 1:
            self.cursor.execute(self.sql.insert_event.sql, params[0])
            return
        self.cursor.execute(self.extra.insert_events(len(params)), [value for row in params for value in row])

    def update_case_with_events(
        self,
        case_id: uuid.UUID,
        base_version: int,
        values: dict[str, Any],
        rows: Sequence[tuple[RecordedEvent, int | None, uuid.UUID | None, str]],
    ) -> Changed:
        """The case's new state and its events in one statement (one Bind and Execute where there were two)."""
        if not rows:
            return self.update_case(case_id, base_version, values)
        cursor = self._cursor_for_result()
        case = self.sql.update_case.params({**values, "key:id": case_id, "key:version": base_version})
        events = [value for row in self.event_params(rows) for value in row]
        cursor.execute(self.extra.update_case_with_events(len(rows)), (*case, *events))
        if self._pipeline is None:
            return Changed.now(min(cursor.rowcount, 1), is_case=True)
        changed = Changed(lambda: min(cursor.rowcount, 1), is_case=True)
        self._checks.append((changed, cursor))
        return changed

    def update_case(self, case_id: uuid.UUID, base_version: int, values: dict[str, Any]) -> Changed:
        cursor = self._cursor_for_result()
        statement = self.sql.update_case
        cursor.execute(statement.sql, statement.params({**values, "key:id": case_id, "key:version": base_version}))
        return self._changed(cursor, is_case=True)

    def update_task(self, case_id: uuid.UUID, number: int, changes: dict[str, Any]) -> Changed:
        cursor = self._cursor_for_result()
        statement = self.sql.update_task(tuple(changes))
        cursor.execute(statement.sql, statement.params({**changes, "key:case_id": case_id, "key:number": number}))
        return self._changed(cursor, is_case=False)

    def _changed(self, cursor: Any, *, is_case: bool) -> Changed:
        if self._pipeline is None:
            return Changed.now(cursor.rowcount, is_case=is_case)
        changed = Changed(lambda: cursor.rowcount, is_case=is_case)
        self._checks.append((changed, cursor))
        return changed

    def insert_task(
        self, case_id: uuid.UUID, organisation_id: int, row: dict[str, Any], roles: Sequence[str]
    ) -> int | None:
        """The task row and its roles in one statement; its id is returned outside a batch (None inside)."""
        values: Mapping[str, Any] = {
            **row, "case_id": case_id, "role:organisation": organisation_id, "role:codes": sorted(set(roles)),
        }  # fmt: skip
        self._run(self.extra.insert_task, values)
        if self._pipeline is not None:
            return None
        (task_id,) = self.cursor.fetchone()
        return task_id
