"""The command path on PostgreSQL: a command's reads in one round trip, its writes in one pipeline, all prepared.

Measured on the 2-core machine (``benchmarks/engine/run.py``), a command was about twelve round trips, each one
a few system calls on both sides and a statement parsed and planned anew. Here the event-order lock, the case, the
user's role assignments and the calendar overrides come back in one statement (the role periods are judged in
Python on the command's own day, as the separate query did in SQL); the writes (case, events, task rows with
their roles, register entries) are queued in psycopg's pipeline mode and sent together, and the optimistic lock
is checked when their results arrive. Every statement is prepared once per connection (``command_sql``).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection

from sopan.web.accounts.models import RoleAssignment
from sopan.web.cases.command_sql import (
    _CASE_ROW,
    CaseChanged,
    CaseRow,
    Changed,
    CommandSql,
    CommandStore,
    Statement,
    _column,
    _table,
)
from sopan.web.cases.feed_order import EVENT_ORDER_LOCK
from sopan.web.cases.models import Case, Task
from sopan.web.catalog.models import CalendarOverride, Organisation, Role, Sop, SopVersion

__all__ = ["PostgresCommandStore", "PostgresSql"]


class PostgresSql:
    """The statements only PostgreSQL runs: the reads of a command together, a task row with its roles at once."""

    def __init__(self, sql: CommandSql) -> None:
        self.read_all = _read_all()
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


def _same(value: Any) -> Any:
    return value


def _read_all() -> str:
    """The event-order lock taken first, then the case (if any) with its version, SOP and organisation, the user's
    role assignments in the organisation (code and period, as JSON) and the organisation's calendar overrides."""
    columns = ", ".join(f"{alias}.{_column(model, name)}" for alias, model, name in _CASE_ROW)
    a, r, x = RoleAssignment, Role, CalendarOverride
    assignments = (
        f"(SELECT json_agg(json_build_array(r.{_column(r, 'code')}, a.{_column(a, 'valid_from')}, "
        f"a.{_column(a, 'valid_until')})) FROM {_table(a)} a "
        f"JOIN {_table(r)} r ON r.{_column(r, 'id')} = a.{_column(a, 'role')} "
        f"WHERE a.{_column(a, 'user')} = %(user)s AND r.{_column(r, 'organisation')} = k.org "
        f"AND a.{_column(a, 'ended_at')} IS NULL)"
    )
    overrides = (
        f"(SELECT json_agg(json_build_array({', '.join(_column(x, n) for n in ('date', 'kind', 'name', 'hours'))})) "
        f"FROM {_table(x)} WHERE {_column(x, 'organisation')} = k.org)"
    )
    return (
        f"SELECT {columns}, {assignments}, {overrides} "
        f"FROM (SELECT pg_advisory_xact_lock_shared(%(lock)s) AS held) l "
        f"LEFT JOIN {_table(Case)} c ON c.{_column(Case, 'id')} = %(case)s "
        f"LEFT JOIN {_table(SopVersion)} v ON v.{_column(SopVersion, 'id')} = c.{_column(Case, 'sop_version')} "
        f"LEFT JOIN {_table(Sop)} s ON s.{_column(Sop, 'id')} = v.{_column(SopVersion, 'sop')} "
        f"LEFT JOIN {_table(Organisation)} o ON o.{_column(Organisation, 'id')} = c.{_column(Case, 'organisation')} "
        f"CROSS JOIN LATERAL (SELECT COALESCE(c.{_column(Case, 'organisation')}, %(organisation)s) AS org) k"
    )


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class PostgresCommandStore(CommandStore):
    """A command's store on PostgreSQL: ``start`` reads everything a command reads; ``batch`` pipelines the writes."""

    def __init__(self, cursor: Any, sql: CommandSql, extra: PostgresSql) -> None:
        super().__init__(cursor, sql)
        self.extra = extra
        self._case: CaseRow | None = None
        self._user: int | None = None
        self._organisation: int | None = None
        self._assignments: list[tuple[str, dt.date | None, dt.date | None]] = []
        self._overrides: list[tuple[Any, str, str, str]] = []
        self._pipeline: Any = None
        self._checks: list[tuple[Changed, Any]] = []

    def start(self, user_id: int, case_id: uuid.UUID | None, organisation_id: int | None) -> None:
        params = {"user": user_id, "lock": EVENT_ORDER_LOCK, "case": case_id, "organisation": organisation_id}
        with connection.connection.pipeline():  # the transaction's BEGIN goes in the same round trip
            self.cursor.execute(self.extra.read_all, params)
        (found,) = self.cursor.fetchall()
        *case_values, assignments, overrides = found
        readers = self.sql.row_readers
        if case_id is not None and case_values[0] is not None:
            self._case = CaseRow(case_id, *(read(value) for read, value in zip(readers, case_values, strict=True)))
        self._user = user_id
        self._organisation = self._case.organisation_id if self._case else organisation_id
        self._assignments = [(code, _day(first), _day(last)) for code, first, last in assignments or ()]
        self._overrides = [(_day(day), kind, name, hours) for day, kind, name, hours in overrides or ()]

    # ----- reads, answered from start() when they ask what it read -----------------------------------------
    def case(self, case_id: uuid.UUID) -> CaseRow | None:
        if self._case is not None and self._case.case_id == case_id:
            return self._case
        return super().case(case_id)

    def role_codes(self, user_id: int, organisation_id: int, day: dt.date) -> frozenset[str]:
        if (user_id, organisation_id) != (self._user, self._organisation):
            return super().role_codes(user_id, organisation_id, day)
        return frozenset(
            code
            for code, first, last in self._assignments
            if (first is None or first <= day) and (last is None or last >= day)
        )

    def overrides(self, organisation_id: int) -> list[tuple[Any, str, str, str]]:
        if organisation_id != self._organisation:
            return super().overrides(organisation_id)
        return self._overrides

    # ----- writes --------------------------------------------------------------------------------------
    @contextmanager
    def batch(self) -> Iterator[None]:
        """Send the writes made inside together. A write that failed because the case's version had moved
        meanwhile (its events' sequence numbers taken by the other command) comes out as CaseChanged."""
        import psycopg

        raw = connection.connection
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

        return psycopg.Cursor(connection.connection)

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
