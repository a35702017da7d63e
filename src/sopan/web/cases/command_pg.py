"""The command path on PostgreSQL: a command's reads in the round trip of its BEGIN, its writes with its COMMIT.

Measured on the 2-core machine (``benchmarks/engine/run.py``), a command was about twelve round trips, each one
a few system calls on both sides and a statement parsed and planned anew. Here the event-order lock, the case, the
user's role assignments and the calendar overrides come back in one statement (``command_read``), sent with the
transaction's BEGIN; the writes (case with its events, task rows, register entries, the apps'
command writes) are queued and sent together with the COMMIT when the command's transaction is its own. So that
nothing is left to ask of their answers before the COMMIT, the database itself fails the transaction when the
optimistic lock fails (the case's UPDATE sets its version to NULL if the version moved, which its NOT NULL
refuses), and a task's UPDATE inserts the row where there is none. Both exchanges go through ``command_wire``: one
socket write each, every statement prepared once per connection. A query of Django's during the command (an app
told of it through ``command_done``) first sends the writes queued before it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from typing import Any

from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Model

from sopan.web.cases.command_read import ReadFirstStore, read_all_sql
from sopan.web.cases.command_sql import (
    CaseChanged,
    Changed,
    CommandSql,
    EventRow,
    NewTask,
    Statement,
    _column,
    _stored_type,
    _table,
)
from sopan.web.cases.command_wire import Pending, Wire, wire_usable
from sopan.web.cases.models import Case, Event, Task

__all__ = ["PostgresCommandStore", "PostgresSql"]


class PostgresSql:
    """The statements only PostgreSQL runs: the reads of a command together, a task's UPDATE or INSERT at once."""

    def __init__(self, sql: CommandSql) -> None:
        self.read_all = read_all_sql("postgresql")
        self.insert_task = sql.insert_task
        self.update_case = _locked_update(sql)
        # the events' INSERT split once: its head (up to VALUES) and one row's placeholders
        self._event_head, self._event_row = sql.insert_event.sql.split(" VALUES ", 1)
        self._event_inserts: dict[int, str] = {}
        self._case_update = self.update_case.sql
        self._event_casts = [_cast(Event, name) for name in sql.insert_event.fields]
        self._with_events: dict[int, str] = {}
        self._sql = sql
        self._task_writes: dict[tuple[str, ...], str] = {}

    def update_task(self, columns: tuple[str, ...]) -> str:
        """The UPDATE of these task columns for one (case, number), inserting the whole row where the UPDATE finds
        none; built once per set of columns. Its parameters: those of ``CommandSql.update_task`` for the columns,
        then those of ``insert_task``."""
        found = self._task_writes.get(columns)
        if found is None:
            update = self._sql.update_task(columns)
            head, _ = self._sql.insert_task.sql.split(" VALUES ", 1)
            values = ", ".join(f"%s::{_cast(Task, name)}" for name in self._sql.insert_task.fields)
            found = self._task_writes[columns] = (
                f"WITH u AS ({update.sql} RETURNING 1) {head} SELECT {values} WHERE NOT EXISTS (SELECT 1 FROM u)"
            )
        return found

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


def _locked_update(sql: CommandSql) -> Statement:
    """The case's UPDATE under its optimistic lock, failing when the lock fails: where the stored version is not
    the one the command read, the version is set to NULL, which the column refuses (a NOT NULL violation on the
    version, raised as CaseChanged), so the transaction can never commit without its case. Same parameters as
    ``CommandSql.update_case``."""
    plain = sql.update_case
    version = _column(Case, "version")
    changes = [name for name in plain.fields if not name.startswith("key:")]
    sets = ", ".join(
        f"{_column(Case, name)} = CASE WHEN {version} = %s THEN %s END"
        if name == "version"
        else f"{_column(Case, name)} = %s"
        for name in changes
    )
    fields = [name for field in changes for name in (("key:version", field) if field == "version" else (field,))]
    adapters = dict(zip(plain.fields, plain.adapters, strict=True))
    return Statement(
        f"UPDATE {_table(Case)} SET {sets} WHERE {_column(Case, 'id')} = %s",
        (*fields, "key:id"),
        tuple(adapters[name] for name in (*fields, "key:id")),
    )


def _moved_on(error: Exception) -> bool:
    """Whether ``error`` is the case's UPDATE refusing the version (see ``_locked_update``)."""
    diag = getattr(error, "diag", None)
    return (
        getattr(error, "sqlstate", None) == "23502"
        and diag is not None
        and diag.table_name == Case._meta.db_table
        and diag.column_name == Case._meta.get_field("version").column
    )


def _cast(model: type[Model], name: str) -> str:
    """The type a parameter of this column is cast to in VALUES: its column's, but text for a varchar(n), which an
    explicit cast would cut short where the column's own assignment refuses a value too long."""
    cast = _stored_type(model, name).cast_db_type(connection) or "text"
    return "text" if cast.startswith("varchar") else cast


class PostgresCommandStore(ReadFirstStore):
    """A command's store on PostgreSQL: ``start`` reads everything a command reads, in the round trip of the
    transaction's BEGIN; the writes of ``batch`` wait, and ``finish`` sends them with the COMMIT
    (``command_wire``)."""

    def __init__(self, cursor: Any, sql: CommandSql, extra: PostgresSql, db: BaseDatabaseWrapper) -> None:
        self.wire = Wire(cursor.connection) if wire_usable(cursor.connection) else None
        super().__init__(_WireCursor(self.wire) if self.wire else cursor, sql, extra.read_all)
        self.extra = extra
        self.db = db
        self._waiting = False  # writes wait to be sent: Django's queries send them first (``_send_first``)
        self._failed: BaseException | None = None  # a send that failed: the command cannot succeed

    def _read(self, params: dict[str, Any]) -> tuple:
        if self.wire is not None:
            self.wire.begin()  # sent with the reads
        return super()._read(params)

    # ----- writes --------------------------------------------------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Queue the writes made inside, the apps' command writes (on ``self.cursor``) among them, for ``finish``
        (or the next statement: any of the store's, or a query of Django's, sends them first)."""
        if not isinstance(self.cursor, _WireCursor):
            yield  # psycopg's cursor: each statement runs as it comes
            return
        cursor = self.cursor
        cursor.queuing = True
        try:
            yield
        except BaseException:
            cursor.wire.discard()  # what a failed batch queued is never sent (its transaction is rolled back)
            raise
        finally:
            cursor.queuing = False
        if not self._waiting:
            self._waiting = True
            self.db.execute_wrappers.append(self._send_first)

    def _send_first(self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any) -> Any:
        """Django's query inside the command (an app told through ``command_done``): the writes go before it."""
        self._send()
        return execute(sql, params, many, context)

    def _stop_waiting(self) -> None:
        if self._waiting:
            self._waiting = False
            with suppress(ValueError):  # this one: an app may have pushed its own since
                self.db.execute_wrappers.remove(self._send_first)

    def _send(self, *, commit: bool = False) -> None:
        """Send the queued writes, and the COMMIT if asked. A failure is kept: the transaction is marked for
        rollback and ``finish`` raises it again, so a receiver of ``command_done`` that catches it (its query
        sent the writes) cannot let the command pass as done."""
        assert isinstance(self.cursor, _WireCursor)
        self._stop_waiting()
        if commit:
            self.cursor.wire.queue("COMMIT")
        try:
            self.cursor.send()
        except BaseException as error:
            self._failed = error
            self.db.needs_rollback = True
            raise

    def finish(self) -> None:
        """Send what waits; with the COMMIT where the transaction is the command's own and Django is to commit it
        on leaving it (Django then finds the connection idle and sends nothing). A failed send raises again."""
        if self._failed is not None:
            raise self._failed
        if not isinstance(self.cursor, _WireCursor) or not self.cursor.wire.queued:
            return
        db = self.db
        own = db.commit_on_exit and len(db.atomic_blocks) == 1 and not db.needs_rollback
        self._send(commit=own)

    def close(self) -> None:
        self._stop_waiting()
        if isinstance(self.cursor, _WireCursor):
            self.cursor.wire.discard()

    def _write(self, statement: str, params: Sequence[Any]) -> Pending:
        """Run ``statement``, or in a batch queue it: its answer (in a batch, known once the batch is sent)."""
        if isinstance(self.cursor, _WireCursor):
            self.cursor.execute(statement, params)
            return self.cursor.answer
        try:  # psycopg's cursor (a connection the wire does not serve): each statement runs as it comes
            self.cursor.execute(statement, params)
        except Exception as error:
            if _moved_on(error):
                raise CaseChanged from None
            raise
        return Pending(self.cursor.fetchall() if self.cursor.description else [], self.cursor.rowcount)

    def _answered(self, answer: Pending) -> Pending:
        """``answer``, its statement sent first if it still waits (an answer asked after the batch)."""
        if isinstance(self.cursor, _WireCursor) and self.cursor.wire.queued:
            self._send()
        return answer

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
        same: frozenset[str] = frozenset(),
    ) -> Changed:
        """The case's new state and its events in one statement (one Bind and Execute where there were two)."""
        if not rows:
            return self.update_case(case_id, base_version, values)
        case = self.extra.update_case.params({**values, "key:id": case_id, "key:version": base_version})
        events = [value for row in self.event_params(rows) for value in row]
        self._write(self.extra.update_case_with_events(len(rows)), (*case, *events))
        return Changed.ensured()

    def update_case(
        self, case_id: uuid.UUID, base_version: int, values: dict[str, Any], same: frozenset[str] = frozenset()
    ) -> Changed:
        """Every column is set (one prepared statement): PostgreSQL compares the values itself."""
        statement = self.extra.update_case
        self._write(statement.sql, statement.params({**values, "key:id": case_id, "key:version": base_version}))
        return Changed.ensured()

    def update_task(
        self, case_id: uuid.UUID, number: int, changes: dict[str, Any], instead: NewTask | None = None
    ) -> Changed:
        """The task's UPDATE; with ``instead``, in the statement that inserts it where there is no row."""
        update = self.sql.update_task(tuple(changes))
        params = update.params({**changes, "key:case_id": case_id, "key:number": number})
        if instead is None:
            answer = self._write(update.sql, params)
            return Changed(lambda: min(self._answered(answer).rowcount, 1))
        row = self.extra.insert_task.params({**instead.fields, "case_id": case_id})
        self._write(self.extra.update_task(tuple(changes)), (*params, *row))
        return Changed.ensured()

    def insert_task(self, case_id: uuid.UUID, row: dict[str, Any]) -> int | None:
        """The task row (its roles are its step's: ``catalog.StepRole``); its id is returned outside a batch (None
        inside)."""
        statement = self.extra.insert_task
        answer = self._write(statement.sql, statement.params({**row, "case_id": case_id}))
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
        except psycopg.errors.NotNullViolation as error:
            if _moved_on(error):
                raise CaseChanged from None  # another command changed the case first: decided again
            raise

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
