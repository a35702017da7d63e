"""The statements every command runs, on the database driver's own connection.

A command is one transaction of a few short statements. Through the ORM, building a statement took ten times as
long as the database took to run it, and even Django's cursor wrapper (placeholder rewriting, error wrapping,
query logging) cost as much as SQLite's own work. So the command path's SQL is written here once per database
vendor and run on the DB-API connection inside Django's transaction; every value is stored in the form Django
itself stores (``tests/web/test_command_sql.py`` holds each adapter to the ORM's own on SQLite and PostgreSQL).

Statements run here do not appear in ``connection.queries``.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Model

from sopan.web.accounts.models import RoleAssignment
from sopan.web.cases.models import Case, Event, RegisterCounter, RegisterEntry, Task
from sopan.web.catalog.models import CalendarOverride, Organisation, Role, Sop, SopVersion

__all__ = ["CaseRow", "CommandStore", "RecordedEvent", "command_store"]


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], field: str) -> str:
    return connection.ops.quote_name(model._meta.get_field(field).column)


@dataclass(frozen=True)
class CaseRow:
    """What a command needs of a stored case, read in one statement with its version and organisation."""

    case_id: uuid.UUID
    version: int
    state: dict[str, Any]
    organisation_id: int
    organisation_code: str
    timezone: str
    office_hours: dict[str, Any]
    sop_version_id: int
    sop_key: str
    sop_version_number: int
    content_hash: str


@dataclass(frozen=True)
class RecordedEvent:
    """One row of the event log as a command wrote or replayed it (the fields callers read)."""

    case_id: uuid.UUID
    seq: int
    kind: str
    at: dt.datetime
    actor_name: str
    data: dict[str, Any]


class CommandSql:
    """The command path's statements for one database vendor, with Django's own storage form of each value."""

    def __init__(self) -> None:
        self.vendor = connection.vendor
        self.sqlite = self.vendor == "sqlite"
        self._db_zone = connection.timezone
        self.adapt_json: Callable[[Any], Any] = (
            json.dumps if self.sqlite else lambda value: connection.ops.adapt_json_value(value, None)
        )
        case, version, sop, org = _table(Case), _table(SopVersion), _table(Sop), _table(Organisation)
        q = connection.ops.quote_name
        self.read_case = self._sql(
            f"SELECT c.{q('version')}, c.{q('state')}, c.{q('organisation_id')}, o.{q('code')}, o.{q('timezone')}, "
            f"o.{q('office_hours')}, "
            f"c.{q('sop_version_id')}, s.{q('key')}, v.{q('number')}, v.{q('content_hash')} "
            f"FROM {case} c JOIN {version} v ON v.{q('id')} = c.{q('sop_version_id')} "
            f"JOIN {sop} s ON s.{q('id')} = v.{q('sop_id')} "
            f"JOIN {org} o ON o.{q('id')} = c.{q('organisation_id')} WHERE c.{q('id')} = %s"
        )
        self.read_definition = self._sql(f"SELECT {q('definition')} FROM {version} WHERE {q('id')} = %s")
        self.read_role_codes = self._sql(
            f"SELECT r.{q('code')} FROM {_table(RoleAssignment)} a "
            f"JOIN {_table(Role)} r ON r.{q('id')} = a.{q('role_id')} "
            f"WHERE a.{q('user_id')} = %s AND r.{q('organisation_id')} = %s"
        )
        self.read_overrides = self._sql(
            f"SELECT {q('date')}, {q('kind')}, {q('name')}, {q('hours')} FROM {_table(CalendarOverride)} "
            f"WHERE {q('organisation_id')} = %s"
        )
        self.read_replay = self._sql(
            f"SELECT {q('case_id')}, {q('command_digest')}, {q('seq')}, {q('kind')}, {q('at')}, {q('actor_name')}, "
            f"{q('data')} FROM {_table(Event)} WHERE {q('command_id')} = %s ORDER BY {q('seq')}"
        )
        self.insert_case = self._insert(
            Case,
            "id tracking_code organisation sop_version status current_step opened_at due_at closed_at version state",
        )
        self.update_case = self._sql(
            f"UPDATE {case} SET {q('status')} = %s, {q('current_step')} = %s, {q('due_at')} = %s, "
            f"{q('closed_at')} = %s, {q('version')} = %s, {q('state')} = %s "
            f"WHERE {q('id')} = %s AND {q('version')} = %s"
        )
        self.insert_event = self._insert(
            Event, "case seq kind at actor actor_name data command_id command_digest recorded_at"
        )
        self.insert_task = self._insert(
            Task,
            "case number step outside activated_at due_at is_open claimed_by completed_at completed_by "
            "elapsed_minutes answer",
            returning="id",
        )
        through = Task.roles.through
        self._insert_task_roles = (
            f"INSERT INTO {_table(through)} ({_column(through, 'task')}, {_column(through, 'role')}) "
            f"SELECT %s, {q('id')} FROM {_table(Role)} WHERE {q('organisation_id')} = %s AND {q('code')} IN "
        )
        self.close_open_tasks = self._sql(
            f"UPDATE {_table(Task)} SET {q('is_open')} = %s WHERE {q('case_id')} = %s AND {q('is_open')} = %s"
        )
        counter = _table(RegisterCounter)
        self.next_register_number = self._sql(
            f"INSERT INTO {counter} ({q('organisation_id')}, {q('register')}, {q('year')}, {q('last')}) "
            f"VALUES (%s, %s, %s, 1) ON CONFLICT ({q('organisation_id')}, {q('register')}, {q('year')}) "
            f"DO UPDATE SET {q('last')} = {counter}.{q('last')} + 1 RETURNING {q('last')}"
        )
        self.insert_register_entry = self._insert(RegisterEntry, "organisation register year number case step at")
        self._task_updates: dict[tuple[str, ...], str] = {}

    # ----- values, as Django stores them ---------------------------------------------------------------
    def adapt_time(self, value: dt.datetime | None) -> Any:
        """SQLite keeps datetimes as text in the database's zone, without an offset; PostgreSQL takes them aware."""
        if value is None or not self.sqlite:
            return value
        return str(value.astimezone(self._db_zone).replace(tzinfo=None))

    def adapt_uuid(self, value: uuid.UUID | None) -> Any:
        if value is None or not self.sqlite:
            return value
        return value.hex

    def read_time(self, value: Any) -> dt.datetime:
        """A datetime column as read by the driver, made aware."""
        if isinstance(value, str):
            value = dt.datetime.fromisoformat(value)
        return value if value.tzinfo is not None else value.replace(tzinfo=self._db_zone)

    def read_uuid(self, value: Any) -> uuid.UUID:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(value)

    @staticmethod
    def read_json(value: Any) -> Any:
        return json.loads(value) if isinstance(value, (str, bytes)) else value

    # ----- statements -----------------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql.replace("%s", "?") if self.sqlite else sql

    def _insert(self, model: type[Model], fields: str, returning: str | None = None) -> str:
        names = fields.split()
        columns = ", ".join(_column(model, name) for name in names)
        marks = ", ".join(["%s"] * len(names))
        tail = f" RETURNING {connection.ops.quote_name(returning)}" if returning else ""
        return self._sql(f"INSERT INTO {_table(model)} ({columns}) VALUES ({marks}){tail}")

    def update_task(self, columns: tuple[str, ...]) -> str:
        """UPDATE of the given task columns for one (case, number); built once per set of columns."""
        sql = self._task_updates.get(columns)
        if sql is None:
            sets = ", ".join(f"{_column(Task, name)} = %s" for name in columns)
            where = f"{_column(Task, 'case')} = %s AND {_column(Task, 'number')} = %s"
            sql = self._sql(f"UPDATE {_table(Task)} SET {sets} WHERE {where}")
            self._task_updates[columns] = sql
        return sql

    def insert_task_roles(self, count: int) -> str:
        return self._sql(self._insert_task_roles + "(" + ", ".join(["%s"] * count) + ")")


@cache
def _statements(vendor: str, alias: str) -> CommandSql:
    return CommandSql()


class CommandStore:
    """One command's reads and writes, on one driver cursor inside the command's transaction."""

    def __init__(self, cursor: Any, sql: CommandSql) -> None:
        self.cursor = cursor
        self.sql = sql

    def _rows(self, statement: str, params: Sequence[Any]) -> list[tuple]:
        self.cursor.execute(statement, params)
        return self.cursor.fetchall()

    # ----- reads -----------------------------------------------------------------------------------------
    def case(self, case_id: uuid.UUID) -> CaseRow | None:
        found = self._rows(self.sql.read_case, (self.sql.adapt_uuid(case_id),))
        if not found:
            return None
        version, state, organisation_id, code, timezone, hours, version_id, key, number, content_hash = found[0]
        return CaseRow(
            case_id, version, self.sql.read_json(state), organisation_id, code, timezone, self.sql.read_json(hours),
            version_id, key, number, content_hash,
        )  # fmt: skip

    def definition(self, version_id: int) -> dict[str, Any]:
        (value,) = self._rows(self.sql.read_definition, (version_id,))[0]
        return self.sql.read_json(value)

    def role_codes(self, user_id: int, organisation_id: int) -> frozenset[str]:
        return frozenset(code for (code,) in self._rows(self.sql.read_role_codes, (user_id, organisation_id)))

    def overrides(self, organisation_id: int) -> list[tuple[Any, str, str, str]]:
        return self._rows(self.sql.read_overrides, (organisation_id,))  # type: ignore[return-value]

    def replay(self, command_id: uuid.UUID) -> tuple[str, list[RecordedEvent]] | None:
        """The events an earlier run of this command id wrote, with the digest of what it asked."""
        found = self._rows(self.sql.read_replay, (self.sql.adapt_uuid(command_id),))
        if not found:
            return None
        events = [
            RecordedEvent(
                self.sql.read_uuid(case_id), seq, kind, self.sql.read_time(at), actor_name, self.sql.read_json(data)
            )
            for case_id, _, seq, kind, at, actor_name, data in found
        ]
        return found[0][1], events

    # ----- writes ----------------------------------------------------------------------------------------
    def insert_case(self, values: dict[str, Any]) -> None:
        sql = self.sql
        self.cursor.execute(
            sql.insert_case,
            (
                sql.adapt_uuid(values["id"]), values["tracking_code"], values["organisation_id"],
                values["sop_version_id"], values["status"], values["current_step"], sql.adapt_time(values["opened_at"]),
                sql.adapt_time(values["due_at"]), sql.adapt_time(values["closed_at"]), values["version"],
                sql.adapt_json(values["state"]),
            ),
        )  # fmt: skip

    def update_case(self, case_id: uuid.UUID, base_version: int, values: dict[str, Any]) -> bool:
        """Write the case's new state if its version is still ``base_version`` (the optimistic lock)."""
        sql = self.sql
        self.cursor.execute(
            sql.update_case,
            (
                values["status"], values["current_step"], sql.adapt_time(values["due_at"]),
                sql.adapt_time(values["closed_at"]), values["version"], sql.adapt_json(values["state"]),
                sql.adapt_uuid(case_id), base_version,
            ),
        )  # fmt: skip
        return self.cursor.rowcount == 1

    def insert_events(self, rows: Sequence[tuple[RecordedEvent, int | None, uuid.UUID | None, str]]) -> None:
        """Append events: (event, the acting user's id, the command id, the command's digest) each."""
        sql = self.sql
        now = sql.adapt_time(dt.datetime.now(dt.UTC))
        self.cursor.executemany(
            sql.insert_event,
            [
                (
                    sql.adapt_uuid(event.case_id), event.seq, event.kind, sql.adapt_time(event.at), actor_id,
                    event.actor_name, sql.adapt_json(event.data), sql.adapt_uuid(command_id), digest, now,
                )
                for event, actor_id, command_id, digest in rows
            ],
        )  # fmt: skip

    def update_task(self, case_id: uuid.UUID, number: int, changes: dict[str, Any]) -> bool:
        """Set columns of an existing task row (model field names, ``completed_at`` a datetime)."""
        columns = tuple(changes)
        values = [self.sql.adapt_time(v) if name == "completed_at" else v for name, v in changes.items()]
        self.cursor.execute(self.sql.update_task(columns), (*values, self.sql.adapt_uuid(case_id), number))
        return self.cursor.rowcount == 1

    def insert_task(self, case_id: uuid.UUID, organisation_id: int, row: dict[str, Any], roles: Sequence[str]) -> int:
        """A new task row and its roles (those of the organisation with these codes); returns the row's id."""
        sql = self.sql
        self.cursor.execute(
            sql.insert_task,
            (
                sql.adapt_uuid(case_id), row["number"], row["step"], row["outside"],
                sql.adapt_time(row["activated_at"]), sql.adapt_time(row["due_at"]), row["is_open"],
                row.get("claimed_by"), sql.adapt_time(row.get("completed_at")), row.get("completed_by"),
                row.get("elapsed_minutes"), row.get("answer", ""),
            ),
        )  # fmt: skip
        (task_id,) = self.cursor.fetchone()
        codes = sorted(set(roles))
        if codes:
            self.cursor.execute(sql.insert_task_roles(len(codes)), (task_id, organisation_id, *codes))
        return task_id

    def close_open_tasks(self, case_id: uuid.UUID) -> None:
        self.cursor.execute(self.sql.close_open_tasks, (False, self.sql.adapt_uuid(case_id), True))

    def next_register_number(self, organisation_id: int, register: str, year: int) -> int:
        """The register's next number for the year: the counter row is created or incremented, and stays locked
        by this transaction until it ends, so a rolled-back command gives its number back."""
        (number,) = self._rows(self.sql.next_register_number, (organisation_id, register, year))[0]
        return number

    def insert_register_entry(self, organisation_id: int, case_id: uuid.UUID, event: RecordedEvent) -> None:
        data = self.sql
        self.cursor.execute(
            data.insert_register_entry,
            (
                organisation_id, event.data["register"], event.data["year"], event.data["number"],
                data.adapt_uuid(case_id), event.data.get("step"), data.adapt_time(event.at),
            ),
        )  # fmt: skip


@contextmanager
def command_store() -> Iterator[CommandStore]:
    """The store for one command, on a cursor of the driver's own connection (call inside the transaction);
    the driver's errors come out as Django's (IntegrityError and the rest)."""
    connection.ensure_connection()
    sql = _statements(connection.vendor, connection.alias)
    with connection.wrap_database_errors:
        cursor = connection.connection.cursor()
        try:
            yield CommandStore(cursor, sql)
        finally:
            cursor.close()
