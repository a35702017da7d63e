"""The command path on PostgreSQL: a command's reads in the round trip of its BEGIN, its writes in one more.

Measured on the 2-core machine (``benchmarks/engine/run.py``), a command was about twelve round trips, each one
a few system calls on both sides and a statement parsed and planned anew. Here the event-order lock, the case, the
user's role assignments and the calendar overrides come back in one statement (``command_read``), sent with the
transaction's BEGIN; the writes (case with its events, task rows with their roles, register entries, the apps'
command writes) are queued and sent together, and the optimistic lock is checked when their answers arrive. Both
exchanges go through ``command_wire``: one socket write each, every statement prepared once per connection.
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
    EventRow,
    Statement,
    _column,
    _stored_type,
    _table,
)
from sopan.web.cases.command_wire import Pending, Wire, wire_usable
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
        # the events' INSERT split once: its head (up to VALUES) and one row's placeholders
        self._event_head, self._event_row = sql.insert_event.sql.split(" VALUES ", 1)
        self._event_inserts: dict[int, str] = {}
        self._case_update = sql.update_case.sql
        self._event_casts = [_cast(Event, name) for name in sql.insert_event.fields]
        self._with_events: dict[int, str] = {}

    def update_case_with_events(self, count: int) -> str:
        """The case's UPDATE under its optimistic lock and the INSERT of ``count`` events, as one statement: the
        events are written only if the case was (its row count is theirs, 0 if the case had moved on)."""
        found = self._with_events.get(count)
        if found is None:
            head = self._event_head
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
            rows = ", ".join([self._event_row] * count)
            found = self._event_inserts[count] = f"{self._event_head} VALUES {rows}"
        return found


def _same(value: Any) -> Any:
    return value


def _cast(model: type[Model], name: str) -> str:
    """The type a parameter of this column is cast to in VALUES: its column's, but text for a varchar(n), which an
    explicit cast would cut short where the column's own assignment refuses a value too long."""
    cast = _stored_type(model, name).cast_db_type(connection) or "text"
    return "text" if cast.startswith("varchar") else cast


class PostgresCommandStore(ReadFirstStore):
    """A command's store on PostgreSQL: ``start`` reads everything a command reads, in the round trip of the
    transaction's BEGIN; ``batch`` sends the writes in one (``command_wire``)."""

    def __init__(self, cursor: Any, sql: CommandSql, extra: PostgresSql) -> None:
        self.wire = Wire(cursor.connection) if wire_usable(cursor.connection) else None
        super().__init__(_WireCursor(self.wire) if self.wire else cursor, sql, extra.read_all)
        self.extra = extra
        self._cases: list[Pending] = []  # the answers of the case's UPDATEs in the batch (the optimistic lock)

    def _read(self, params: dict[str, Any]) -> tuple:
        if self.wire is not None:
            self.wire.begin()  # sent with the reads
        return super()._read(params)

    # ----- writes --------------------------------------------------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Send the writes made inside together, the apps' command writes (on ``self.cursor``) among them. A write
        that failed because the case's version had moved meanwhile comes out as CaseChanged."""
        import psycopg

        if not isinstance(self.cursor, _WireCursor):
            yield  # psycopg's cursor: each statement runs as it comes
            return
        cursor, self._cases = self.cursor, []
        cursor.queuing = True
        try:
            try:
                yield
            finally:
                cursor.queuing = False
            cursor.send()
        except psycopg.IntegrityError:
            # the case had moved on (its UPDATE found no row at its version): the other writes' conflict is that
            if any(answer.rowcount == 0 for answer in self._cases):
                raise CaseChanged from None
            raise
        finally:
            cursor.wire.discard()  # what a failed batch queued is never sent (its transaction is rolled back)

    def _write(self, statement: str, params: Sequence[Any]) -> Pending:
        """Run ``statement``, or in a batch queue it: its answer (in a batch, known once the batch is sent)."""
        self.cursor.execute(statement, params)
        if isinstance(self.cursor, _WireCursor):
            return self.cursor.answer
        return Pending(self.cursor.fetchall() if self.cursor.description else [], self.cursor.rowcount)

    def _changed(self, answer: Pending, *, is_case: bool) -> Changed:
        if is_case:
            self._cases.append(answer)
        return Changed(lambda: min(answer.rowcount, 1), is_case=is_case)

    def insert_events(self, rows: Sequence[EventRow]) -> None:
        params = self.event_params(rows)
        if len(params) == 1:
            self._write(self.sql.insert_event.sql, params[0])
            return
        self._write(self.extra.insert_events(len(params)), [value for row in params for value in row])

    def update_case_with_events(
        self,
        case_id: uuid.UUID,
        base_version: int,
        values: dict[str, Any],
        rows: Sequence[EventRow],
    ) -> Changed:
        """The case's new state and its events in one statement (one Bind and Execute where there were two)."""
        if not rows:
            return self.update_case(case_id, base_version, values)
        case = self.sql.update_case.params({**values, "key:id": case_id, "key:version": base_version})
        events = [value for row in self.event_params(rows) for value in row]
        answer = self._write(self.extra.update_case_with_events(len(rows)), (*case, *events))
        return self._changed(answer, is_case=True)

    def update_case(self, case_id: uuid.UUID, base_version: int, values: dict[str, Any]) -> Changed:
        statement = self.sql.update_case
        params = statement.params({**values, "key:id": case_id, "key:version": base_version})
        return self._changed(self._write(statement.sql, params), is_case=True)

    def update_task(self, case_id: uuid.UUID, number: int, changes: dict[str, Any]) -> Changed:
        statement = self.sql.update_task(tuple(changes))
        params = statement.params({**changes, "key:case_id": case_id, "key:number": number})
        return self._changed(self._write(statement.sql, params), is_case=False)

    def insert_task(
        self, case_id: uuid.UUID, organisation_id: int, row: dict[str, Any], roles: Sequence[str]
    ) -> int | None:
        """The task row and its roles in one statement; its id is returned outside a batch (None inside)."""
        values: Mapping[str, Any] = {
            **row, "case_id": case_id, "role:organisation": organisation_id, "role:codes": sorted(set(roles)),
        }  # fmt: skip
        statement = self.extra.insert_task
        answer = self._write(statement.sql, statement.params(values))
        return answer.rows[0][0] if answer.rows else None


class _WireCursor:
    """The store's cursor where the command's statements go through ``command_wire``: each runs at once (one round
    trip, with the BEGIN queued before it), or, while ``queuing`` (a batch), waits to be sent with the others;
    the apps' command writes (``extensions.add_command_write``) execute on it like on a driver's cursor."""

    description = None

    def __init__(self, wire: Wire) -> None:
        self.wire = wire
        self.queuing = False
        self.answer = Pending()
        self._rows: list[tuple] = []

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> None:
        self.answer = self.wire.queue(sql, params)
        self._rows = []
        if not self.queuing:
            self.send()
            self._rows = list(self.answer.rows)

    def send(self) -> None:
        """Send what is queued and read the answers."""
        import psycopg

        try:
            self.wire.exchange()
        except psycopg.errors.InvalidSqlStatementName:
            raise CaseChanged from None  # the connection lost its prepared statements: the command runs again

    def _answered(self) -> Pending:
        if self.queuing:
            raise RuntimeError("a command write reads no answer on PostgreSQL: it is sent with the batch")
        return self.answer

    @property
    def rowcount(self) -> int:
        return self._answered().rowcount

    def fetchall(self) -> list[tuple]:
        self._answered()
        rows, self._rows = self._rows, []
        return rows

    def fetchone(self) -> tuple | None:
        self._answered()
        return self._rows.pop(0) if self._rows else None

    def close(self) -> None:
        pass
