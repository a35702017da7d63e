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
        self.moved_case = sql.update_case.sql + " RETURNING 1"
        task_id = f" RETURNING {_column(Task, 'id')}"
        self.task_if_moved = self._if_moved(task_insert.sql.split(" RETURNING ")[0], Task, task_insert.fields, task_id)
        self._task_roles = (
            f"INSERT INTO {_table(through)} ({_column(through, 'task')}, {_column(through, 'role')}) "
            f"SELECT t.{_column(Task, 'id')}, ro.{_column(Role, 'id')} FROM {{task}} t, {_table(Role)} ro "
            f"WHERE ro.{_column(Role, 'organisation')} = %s AND ro.{_column(Role, 'code')} = ANY(%s)"
        )
        self._event_casts = [_cast(Event, name) for name in sql.insert_event.fields]
        self._with_events: dict[int, str] = {}

    def events_if_moved(self, count: int) -> str:
        """The INSERT of ``count`` events, written only if the case's UPDATE (``moved``, in the same statement)
        changed its row under the optimistic lock; built once per count."""
        found = self._with_events.get(count)
        if found is None:
            head = self._event_insert.split(" VALUES ", 1)[0]
            names = head[head.index("(") + 1 : head.rindex(")")]
            one = "(" + ", ".join(f"%s::{cast}" for cast in self._event_casts) + ")"
            found = self._with_events[count] = (
                f"{head} SELECT * FROM (VALUES {', '.join([one] * count)}) AS added ({names}) "
                "WHERE EXISTS (SELECT 1 FROM moved)"
            )
        return found

    @staticmethod
    def _if_moved(insert: str, model: type[Model], fields: Sequence[str], tail: str = "") -> str:
        """``insert`` (one row of ``model``) as an INSERT … SELECT that writes nothing unless the case's UPDATE
        (``moved``, in the same statement) changed its row; the values typed as their columns."""
        head = insert.split(" VALUES ", 1)[0]
        names = head[head.index("(") + 1 : head.rindex(")")]
        casts = [_cast(model, name) for name in fields]
        one = "(" + ", ".join(f"%s::{cast}" for cast in casts) + ")"
        return f"{head} SELECT * FROM (VALUES {one}) AS added ({names}) WHERE EXISTS (SELECT 1 FROM moved){tail}"

    def task_roles_of(self, task: str) -> str:
        """The roles of the task row inserted by the WITH query named ``task``, by their codes."""
        return self._task_roles.replace("{task}", task)

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
        self._joined: _Joined | None = None  # the case's statement, held back while the task rows join it

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
                self.flush()
        except psycopg.IntegrityError:
            if any(not changed for changed, _ in self._checks if changed.is_case):
                raise CaseChanged from None
            raise
        finally:
            self._pipeline = None
            self._joined = None

    def _cursor_for_result(self) -> Any:
        """In a batch, each statement whose row count matters gets a cursor of its own (a cursor keeps the result
        of its last statement only)."""
        if self._pipeline is None:
            return self.cursor
        import psycopg

        return psycopg.Cursor(self.cursor.connection)

    def insert_events(self, rows: Sequence[tuple[RecordedEvent, int | None, uuid.UUID | None, str]]) -> None:
        self.flush()
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
        """The case's new state and its events in one statement, which the task rows written next join
        (``_Joined``): in a batch, one Bind and Execute where there were four or five."""
        if not rows:
            return self.update_case(case_id, base_version, values)
        self.flush()
        case = self.sql.update_case.params({**values, "key:id": case_id, "key:version": base_version})
        events = [value for row in self.event_params(rows) for value in row]
        joined = _Joined(self._cursor_for_result())
        joined.add("moved", self.extra.moved_case, case, counted=True)
        joined.add("added", self.extra.events_if_moved(len(rows)), events)
        if self._pipeline is None:
            joined.send()
            return Changed.now(min(joined.count(0), 1), is_case=True)
        self._joined = joined
        changed = Changed(lambda: min(joined.count(0), 1), is_case=True)
        self._checks.append((changed, joined.cursor))
        return changed

    def flush(self) -> None:
        joined, self._joined = self._joined, None
        if joined is not None:
            joined.send()

    def _run(self, statement: Statement, values: Mapping[str, Any]) -> None:
        self.flush()
        super()._run(statement, values)

    def update_case(self, case_id: uuid.UUID, base_version: int, values: dict[str, Any]) -> Changed:
        self.flush()
        cursor = self._cursor_for_result()
        statement = self.sql.update_case
        cursor.execute(statement.sql, statement.params({**values, "key:id": case_id, "key:version": base_version}))
        return self._changed(cursor, is_case=True)

    def update_task(self, case_id: uuid.UUID, number: int, changes: dict[str, Any]) -> Changed:
        statement = self.sql.update_task(tuple(changes))
        params = statement.params({**changes, "key:case_id": case_id, "key:number": number})
        if (joined := self._joined) is not None:
            conditioned = f"{statement.sql} AND EXISTS (SELECT 1 FROM moved) RETURNING 1"  # a lost lock writes nothing
            index = joined.add(f"task_{len(joined.parts)}", conditioned, params, counted=True)
            return Changed(lambda: joined.count(index))
        cursor = self._cursor_for_result()
        cursor.execute(statement.sql, params)
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
        if (joined := self._joined) is not None:
            name = f"new_{len(joined.parts)}"
            joined.add(name, self.extra.task_if_moved, self.sql.insert_task.params(values))
            codes = (organisation_id, values["role:codes"])
            joined.add(f"roles_{len(joined.parts)}", self.extra.task_roles_of(name), codes)
            return None
        self._run(self.extra.insert_task, values)
        if self._pipeline is not None:
            return None
        (task_id,) = self.cursor.fetchone()
        return task_id


class _Joined:
    """Writes sent as one statement: each a WITH query, the statement's one row the row counts asked for."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor
        self.parts: list[tuple[str, str]] = []
        self.params: list[Any] = []
        self.counted: list[str] = []
        self._row: tuple | None = None

    def add(self, name: str, sql: str, params: Sequence[Any], *, counted: bool = False) -> int:
        """Add a WITH query; returns the index of its row count if ``counted``."""
        self.parts.append((name, sql))
        self.params.extend(params)
        if counted:
            self.counted.append(name)
        return len(self.counted) - 1

    def send(self) -> None:
        withs = ", ".join(f"{name} AS ({sql})" for name, sql in self.parts)
        counts = ", ".join(f"(SELECT count(*) FROM {name})" for name in self.counted)
        self.cursor.execute(f"WITH {withs} SELECT {counts}", self.params)

    def count(self, index: int) -> int:
        if self._row is None:
            self._row = self.cursor.fetchone()
        assert self._row is not None
        return int(self._row[index])
