"""The statements every command runs, on the driver's own connection: with the start-up lock, the only raw SQL.

A command is one transaction of a few short statements. Through the ORM, building a statement took ten times as
long as the database took to run it, and even Django's cursor wrapper (placeholder rewriting, error wrapping,
query logging) cost as much as SQLite's own work. So the command path's SQL is written here once per database
vendor and run on the DB-API connection inside Django's transaction; every value is stored in the form Django
itself stores (``tests/web/test_command_sql.py`` holds each adapter to the ORM's own on SQLite and PostgreSQL).

Each statement's columns and parameters come from one list of model field names (``Statement``), and every table
and column name from the models (``_table``, ``_column``), so a renamed field or column changes nothing here.
Statements run here do not appear in ``connection.queries``. Nothing outside the command path belongs here.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import cache
from operator import itemgetter
from typing import Any

import orjson
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import DateTimeField, Field, ForeignKey, JSONField, Model, UUIDField

from sopan.web.accounts.models import RoleAssignment
from sopan.web.cases.feed_order import hold_event_order
from sopan.web.cases.models import Case, Event, RegisterCounter, RegisterEntry, Task
from sopan.web.catalog.models import CalendarOverride, Organisation, Role, Sop, SopVersion

__all__ = [
    "CaseChanged", "CaseRow", "Changed", "CommandStore", "EventRow", "NewTask", "RecordedEvent", "command_store",
]  # fmt: skip


class CaseChanged(Exception):
    """The case's version moved between the command's read and its write (the optimistic lock)."""


class Changed:
    """Whether a statement changed its one row: known at once, or, for a write in a store's batch, once the batch
    has been sent (ask after it)."""

    def __init__(self, count: Callable[[], int]) -> None:
        self._count = count

    @classmethod
    def now(cls, count: int) -> Changed:
        return cls(lambda: count)

    @classmethod
    def ensured(cls) -> Changed:
        """The statement's row is written, or the database fails the transaction itself (a store that sends its
        writes with the COMMIT): nothing is left to ask."""
        return cls(lambda: 1)

    def __bool__(self) -> bool:
        return self._count() == 1


def _table(model: type[Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _column(model: type[Model], field: str) -> str:
    """The quoted column of a model field, by its name or attname (``organisation`` or ``organisation_id``)."""
    return connection.ops.quote_name(model._meta.get_field(field).column)


def _stored_type(model: type[Model], name: str) -> Field:
    """The field whose value the column holds: a foreign key holds its target's primary key."""
    field = model._meta.get_field(name)
    return field.target_field if isinstance(field, ForeignKey) else field


@dataclass(frozen=True)
class Statement:
    """One SQL statement and the model fields its placeholders take, in order, each with its adapter.

    ``params`` reads the values by field name, so the SQL text and its parameters are built from one list.
    """

    sql: str
    fields: tuple[str, ...]
    adapters: tuple[Callable[[Any], Any], ...]
    defaults: dict[str, Any] = dataclass_field(default_factory=dict)
    # how ``params`` reads them, made once from the above: the values taken together by one ``itemgetter`` (in C),
    # then only the few that need adapting touched (positions and adapters)
    _take: Callable[[Mapping[str, Any]], Any] = dataclass_field(init=False, repr=False, compare=False)
    _adapted: tuple[tuple[int, Callable[[Any], Any]], ...] = dataclass_field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if len(self.adapters) != len(self.fields):
            raise ValueError(f"{len(self.fields)} fields but {len(self.adapters)} adapters")
        take: Callable[[Mapping[str, Any]], Any]
        if len(self.fields) > 1:
            take = itemgetter(*self.fields)
        else:  # itemgetter of one name answers the value itself, of none it cannot be made
            take = lambda values: tuple(values[name] for name in self.fields)  # noqa: E731
        object.__setattr__(self, "_take", take)
        adapted = tuple((index, adapt) for index, adapt in enumerate(self.adapters) if adapt is not _same)
        object.__setattr__(self, "_adapted", adapted)

    def params(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        """The placeholders' values, in order, read from ``values`` by field name (the defaults where missing)."""
        if self.defaults:
            values = {**self.defaults, **values}
        row = self._take(values)  # this runs for every row a command writes
        if not self._adapted:
            return row  # type: ignore[no-any-return]
        adapted = list(row)
        for index, adapt in self._adapted:
            adapted[index] = adapt(adapted[index])
        return tuple(adapted)


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


# an event to append: (the event, the acting user's id, the command id, the command's digest)
EventRow = tuple[RecordedEvent, int | None, uuid.UUID | None, str]


@dataclass(frozen=True)
class NewTask:
    """A task row to insert where an UPDATE finds none: its fields."""

    fields: dict[str, Any]


# what a command reads of a stored case, in CaseRow's order after the case id: (table alias, model, field)
_CASE_ROW = (
    ("c", Case, "version"),
    ("c", Case, "state"),
    ("c", Case, "organisation_id"),
    ("o", Organisation, "code"),
    ("o", Organisation, "timezone"),
    ("o", Organisation, "office_hours"),
    ("c", Case, "sop_version_id"),
    ("s", Sop, "key"),
    ("v", SopVersion, "number"),
    ("v", SopVersion, "content_hash"),
)
_REPLAY = ("case_id", "command_digest", "seq", "kind", "at", "actor_name", "data")
_CASE_CHANGES = ("status", "current_step", "due_at", "closed_at", "version", "state")
_CASE_FIELDS = (
    "id",
    "tracking_code",
    "organisation_id",
    "sop_version_id",
    "opened_at",
    "applicant_nik",
    *_CASE_CHANGES,
)
_EVENT_FIELDS = (
    "case_id", "seq", "kind", "at", "actor_id", "actor_name", "data", "command_id", "command_digest", "recorded_at",
)  # fmt: skip
_TASK_FIELDS = (
    "case_id", "number", "step", "outside", "activated_at", "due_at", "is_open", "claimed_by", "completed_at",
    "completed_by", "elapsed_minutes", "answer",
)  # fmt: skip
_TASK_DEFAULTS = {"claimed_by": None, "completed_at": None, "completed_by": None, "elapsed_minutes": None, "answer": ""}
_ENTRY_FIELDS = ("organisation_id", "register", "year", "number", "case_id", "step", "at")


class CommandSql:
    """The command path's statements for one database vendor, with Django's own storage form of each value."""

    def __init__(self) -> None:
        self.vendor = connection.vendor
        self.sqlite = self.vendor == "sqlite"
        self._db_zone = connection.timezone
        self.adapt_json: Callable[[Any], Any] = dump_json if self.sqlite else _jsonb()
        self.read_case = self._read_case()
        self.row_readers = tuple(self._reader(model, name) for _, model, name in _CASE_ROW)
        version = SopVersion
        self.read_definition = self._sql(
            f"SELECT {_column(version, 'definition')} FROM {_table(version)} WHERE {_column(version, 'id')} = %s"
        )
        role = Role
        held_from, held_until = _column(RoleAssignment, "valid_from"), _column(RoleAssignment, "valid_until")
        self.read_role_codes = self._sql(
            f"SELECT r.{_column(role, 'code')} FROM {_table(RoleAssignment)} a "
            f"JOIN {_table(role)} r ON r.{_column(role, 'id')} = a.{_column(RoleAssignment, 'role')} "
            f"WHERE a.{_column(RoleAssignment, 'user')} = %s AND r.{_column(role, 'organisation')} = %s "
            f"AND a.{_column(RoleAssignment, 'ended_at')} IS NULL "
            f"AND (a.{held_from} IS NULL OR a.{held_from} <= %s) AND (a.{held_until} IS NULL OR a.{held_until} >= %s)"
        )  # the period is judged on the command's own day (a Plh for 1-7 March holds the role only then)
        override = CalendarOverride
        self.read_overrides = self._sql(
            f"SELECT {self._columns(override, ('date', 'kind', 'name', 'hours'))} FROM {_table(override)} "
            f"WHERE {_column(override, 'organisation')} = %s"
        )
        self.read_replay = self._sql(
            f"SELECT {self._columns(Event, _REPLAY)} FROM {_table(Event)} "
            f"WHERE {_column(Event, 'command_id')} = %s ORDER BY {_column(Event, 'seq')}"
        )
        self.replay_readers = tuple(self._reader(Event, name) for name in _REPLAY)
        self.insert_case = self._insert(Case, _CASE_FIELDS)
        self.update_case = self._update(Case, _CASE_CHANGES, ("id", "version"))
        self.insert_event = self._insert(Event, _EVENT_FIELDS)
        self.insert_task = self._insert(Task, _TASK_FIELDS, returning="id", defaults=_TASK_DEFAULTS)
        self.close_open_tasks = self._update(Task, ("is_open",), ("case_id", "is_open"))
        self.next_register_number = self._sql(self._upsert_counter())
        self.insert_register_entry = self._insert(RegisterEntry, _ENTRY_FIELDS)
        self._task_updates: dict[tuple[str, ...], Statement] = {}
        self._case_updates: dict[tuple[str, ...], Statement] = {_CASE_CHANGES: self.update_case}

    def _read_case(self) -> str:
        columns = ", ".join(f"{alias}.{_column(model, name)}" for alias, model, name in _CASE_ROW)
        c, v, s, o = (
            f"{alias}.{_column(model, 'id')}"
            for alias, model in (("c", Case), ("v", SopVersion), ("s", Sop), ("o", Organisation))
        )
        return self._sql(
            f"SELECT {columns} FROM {_table(Case)} c "
            f"JOIN {_table(SopVersion)} v ON {v} = c.{_column(Case, 'sop_version')} "
            f"JOIN {_table(Sop)} s ON {s} = v.{_column(SopVersion, 'sop')} "
            f"JOIN {_table(Organisation)} o ON {o} = c.{_column(Case, 'organisation')} WHERE {c} = %s"
        )

    def _upsert_counter(self) -> str:
        """The register's counter row created at 1 or incremented, returning the number it now holds."""
        keys = self._columns(RegisterCounter, ("organisation", "register", "year"))
        last = _column(RegisterCounter, "last")
        table = _table(RegisterCounter)
        return (
            f"INSERT INTO {table} ({keys}, {last}) VALUES (%s, %s, %s, 1) ON CONFLICT ({keys}) "
            f"DO UPDATE SET {last} = {table}.{last} + 1 RETURNING {last}"
        )

    # ----- values, as Django stores them ---------------------------------------------------------------
    def adapt_time(self, value: dt.datetime | None) -> Any:
        """SQLite keeps datetimes as text in the database's zone, without an offset; PostgreSQL takes them aware."""
        if value is None or not self.sqlite:
            return value
        if self._db_zone is dt.UTC:  # the usual zone: its offset is always "+00:00", cut off the text (faster)
            return value.astimezone(dt.UTC).isoformat(" ")[:-6]
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
        if not isinstance(value, (str, bytes)):
            return value
        try:
            return orjson.loads(value)
        except orjson.JSONDecodeError:  # text json.dumps wrote that orjson refuses: a lone surrogate's escape, NaN
            return json.loads(value)

    def _adapter(self, model: type[Model], name: str) -> Callable[[Any], Any]:
        """How a value of this field goes to the driver, as Django would store it."""
        kind = _kind(model, name)
        if kind is None or (kind in ("time", "uuid") and not self.sqlite):  # psycopg takes these as they are
            return _same
        return getattr(self, f"adapt_{kind}")  # type: ignore[no-any-return]

    def _reader(self, model: type[Model], name: str) -> Callable[[Any], Any]:
        """How a value of this field comes back from the driver, as the ORM would read it."""
        kind = _kind(model, name)
        return getattr(self, f"read_{kind}") if kind else _same

    # ----- statements -----------------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return sql.replace("%s", "?") if self.sqlite else sql

    @staticmethod
    def _columns(model: type[Model], names: Sequence[str]) -> str:
        return ", ".join(_column(model, name) for name in names)

    def _statement(self, model: type[Model], sql: str, fields: Sequence[str], defaults: dict | None) -> Statement:
        adapters = tuple(self._adapter(model, name) for name in fields)
        return Statement(self._sql(sql), tuple(fields), adapters, defaults or {})

    def _insert(
        self, model: type[Model], fields: Sequence[str], returning: str | None = None, defaults: dict | None = None
    ) -> Statement:
        marks = ", ".join(["%s"] * len(fields))
        tail = f" RETURNING {_column(model, returning)}" if returning else ""
        sql = f"INSERT INTO {_table(model)} ({self._columns(model, fields)}) VALUES ({marks}){tail}"
        return self._statement(model, sql, fields, defaults)

    def insert(self, model: type[Model], fields: Sequence[str], *, tail: str = "") -> Statement:
        """An INSERT of one row of ``model`` for the apps' own command writes (``extensions.add_command_write``),
        each value stored as Django stores it; ``tail`` follows the VALUES (an ``ON CONFLICT`` clause)."""
        statement = self._insert(model, fields)
        return dataclasses.replace(statement, sql=statement.sql + self._sql(tail))

    def _update(self, model: type[Model], fields: Sequence[str], keys: Sequence[str]) -> Statement:
        """UPDATE of ``fields`` where ``keys`` match; its parameters are the new values, then the keys' values
        under the names ``key:<field>``."""
        sets = ", ".join(f"{_column(model, name)} = %s" for name in fields)
        where = " AND ".join(f"{_column(model, name)} = %s" for name in keys)
        sql = f"UPDATE {_table(model)} SET {sets} WHERE {where}"
        statement = self._statement(model, sql, [*fields, *keys], None)
        return dataclasses.replace(statement, fields=(*fields, *(f"key:{name}" for name in keys)))

    def update_case_of(self, columns: tuple[str, ...]) -> Statement:
        """UPDATE of the given case columns under the optimistic lock; built once per set of columns."""
        statement = self._case_updates.get(columns)
        if statement is None:
            statement = self._case_updates[columns] = self._update(Case, columns, ("id", "version"))
        return statement

    def update_task(self, columns: tuple[str, ...]) -> Statement:
        """UPDATE of the given task columns for one (case, number); built once per set of columns."""
        statement = self._task_updates.get(columns)
        if statement is None:
            statement = self._task_updates[columns] = self._update(Task, columns, ("case_id", "number"))
        return statement


def _same(value: Any) -> Any:
    return value


def _json_bytes(value: Any) -> bytes:
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:
        # text that is not valid Unicode (a lone surrogate, which a JSON body may carry as an escape): neither
        # orjson nor PostgreSQL's jsonb takes it, so it is kept as U+FFFD, as the event log export writes it
        plain = value.to_json() if hasattr(value, "to_json") else value
        return orjson.dumps(_valid_text(plain), option=orjson.OPT_NON_STR_KEYS)


def _valid_text(value: Any) -> Any:
    """``value`` with every lone surrogate in its strings (keys too) replaced by U+FFFD."""
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_valid_text(key): _valid_text(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_valid_text(item) for item in value]
    return value


_SURROGATE = re.compile("[\ud800-\udfff]")


def dump_json(value: Any) -> str:
    """JSON text of plain data or of a dataclass such as ``CaseState`` (written field by field, datetimes in ISO
    8601 as ``isoformat()`` writes them): what ``json.dumps`` of its ``to_json()`` reads back as, several times
    faster. The text is compact and keeps non-ASCII characters as they are; JSON readers see the same value."""
    return _json_bytes(value).decode()


def _jsonb() -> Callable[[Any], Any]:
    """How a value goes to a jsonb parameter on PostgreSQL, serialised as ``dump_json`` does."""
    from psycopg.types.json import Jsonb

    return lambda value: Jsonb(value, dumps=_json_bytes)


_KINDS = ((DateTimeField, "time"), (UUIDField, "uuid"), (JSONField, "json"))


def _kind(model: type[Model], name: str) -> str | None:
    """Which adapt_/read_ pair of CommandSql a field's values need: time, uuid, json, or None (as they are)."""
    field = _stored_type(model, name)
    return next((kind for cls, kind in _KINDS if isinstance(field, cls)), None)


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

    def start(self, user_id: int, case_id: uuid.UUID | None, organisation_id: int | None) -> None:
        """Call first in the command's transaction: holds the event feed's order (see ``feed_order``). A store
        may read here at once what the command will ask for (``case``, ``role_codes``, ``overrides``) of this
        user, case, or (opening a case) organisation."""
        hold_event_order()

    @contextmanager
    def batch(self) -> Iterator[None]:
        """The writes made inside may be sent together; ask their ``Changed`` answers after it."""
        yield

    def finish(self) -> None:
        """Called by ``command_store`` on leaving it, once nothing more is written: a store that still holds writes
        sends them now (with the COMMIT, where the transaction is the command's own)."""

    def close(self) -> None:
        """The command is over (done or failed): what the store still holds is dropped."""

    # ----- reads -----------------------------------------------------------------------------------------
    def case(self, case_id: uuid.UUID) -> CaseRow | None:
        found = self._rows(self.sql.read_case, (self.sql.adapt_uuid(case_id),))
        if not found:
            return None
        return CaseRow(case_id, *(read(value) for read, value in zip(self.sql.row_readers, found[0], strict=True)))

    def definition(self, version_id: int) -> dict[str, Any]:
        (value,) = self._rows(self.sql.read_definition, (version_id,))[0]
        return self.sql.read_json(value)

    def role_codes(self, user_id: int, organisation_id: int, day: dt.date) -> frozenset[str]:
        """The roles the user holds in the organisation on ``day`` (removed and out-of-period ones left out)."""
        day_value = day.isoformat() if self.sql.sqlite else day
        rows = self._rows(self.sql.read_role_codes, (user_id, organisation_id, day_value, day_value))
        return frozenset(code for (code,) in rows)

    def overrides(self, organisation_id: int) -> list[tuple[Any, str, str, str]]:
        return self._rows(self.sql.read_overrides, (organisation_id,))  # type: ignore[return-value]

    def replay(self, command_id: uuid.UUID) -> tuple[str, list[RecordedEvent]] | None:
        """The events an earlier run of this command id wrote, with the digest of what it asked."""
        found = self._rows(self.sql.read_replay, (self.sql.adapt_uuid(command_id),))
        if not found:
            return None
        readers = self.sql.replay_readers
        rows = [
            dict(zip(_REPLAY, (read(v) for read, v in zip(readers, row, strict=True)), strict=True)) for row in found
        ]
        events = [
            RecordedEvent(row["case_id"], row["seq"], row["kind"], row["at"], row["actor_name"], row["data"])
            for row in rows
        ]
        return rows[0]["command_digest"], events

    # ----- writes ----------------------------------------------------------------------------------------
    def _run(self, statement: Statement, values: Mapping[str, Any]) -> None:
        self.cursor.execute(statement.sql, statement.params(values))

    def insert_case(self, values: dict[str, Any]) -> None:
        """A new case row: ``values`` by field name (``organisation_id``, ``sop_version_id``)."""
        self._run(self.sql.insert_case, values)

    def update_case(
        self, case_id: uuid.UUID, base_version: int, values: dict[str, Any], same: frozenset[str] = frozenset()
    ) -> Changed:
        """Write the case's new state if its version is still ``base_version`` (the optimistic lock). ``same``
        names the columns whose new value is the one stored: SQLite rewrites the entry of every index holding a
        column its UPDATE sets, changed or not, so they are left out (a command seldom changes the case's status
        or due time: the page of ``case_status_due`` is not written)."""
        statement = self.sql.update_case_of(tuple(name for name in _CASE_CHANGES if name not in same))
        self._run(statement, {**values, "key:id": case_id, "key:version": base_version})
        return Changed.now(self.cursor.rowcount)

    def update_case_with_events(
        self,
        case_id: uuid.UUID,
        base_version: int,
        values: dict[str, Any],
        rows: Sequence[EventRow],
        same: frozenset[str] = frozenset(),
    ) -> Changed:
        """``update_case``, then ``insert_events`` (a store may send both as one statement)."""
        changed = self.update_case(case_id, base_version, values, same)
        self.insert_events(rows)
        return changed

    def insert_events(self, rows: Sequence[EventRow]) -> None:
        """Append events: (event, the acting user's id, the command id, the command's digest) each."""
        self.cursor.executemany(self.sql.insert_event.sql, self.event_params(rows))

    def event_params(self, rows: Sequence[EventRow]) -> list[tuple]:
        """Each event row's parameters for ``insert_event``."""
        statement = self.sql.insert_event
        now = dt.datetime.now(dt.UTC)
        return [
            statement.params(
                {
                    "case_id": event.case_id, "seq": event.seq, "kind": event.kind, "at": event.at,
                    "actor_id": actor_id, "actor_name": event.actor_name, "data": event.data,
                    "command_id": command_id, "command_digest": digest, "recorded_at": now,
                }
            )
            for event, actor_id, command_id, digest in rows
        ]  # fmt: skip

    def update_task(
        self, case_id: uuid.UUID, number: int, changes: dict[str, Any], instead: NewTask | None = None
    ) -> Changed:
        """Set columns of an existing task row (model field names, ``completed_at`` a datetime). A store may insert
        ``instead`` in the same statement where the row is missing (its answer is then ensured); this one leaves
        that to the caller, who asks the answer."""
        self._run(self.sql.update_task(tuple(changes)), {**changes, "key:case_id": case_id, "key:number": number})
        return Changed.now(self.cursor.rowcount)

    def insert_task(self, case_id: uuid.UUID, row: dict[str, Any]) -> int | None:
        """A new task row (its roles are its step's: ``catalog.StepRole``); returns the row's id."""
        self._run(self.sql.insert_task, {**row, "case_id": case_id})
        (task_id,) = self.cursor.fetchone()
        return task_id

    def close_open_tasks(self, case_id: uuid.UUID) -> None:
        self._run(self.sql.close_open_tasks, {"is_open": False, "key:case_id": case_id, "key:is_open": True})

    def next_register_number(self, organisation_id: int, register: str, year: int) -> int:
        """The register's next number for the year: the counter row is created or incremented, and stays locked
        by this transaction until it ends, so a rolled-back command gives its number back."""
        (number,) = self._rows(self.sql.next_register_number, (organisation_id, register, year))[0]
        return number

    def insert_register_entry(self, organisation_id: int, case_id: uuid.UUID, event: RecordedEvent) -> None:
        entry = event.data
        values = {"organisation_id": organisation_id, "case_id": case_id, "at": event.at, "step": entry.get("step")}
        self._run(
            self.sql.insert_register_entry, {**values, **{key: entry[key] for key in ("register", "year", "number")}}
        )


@cache
def _postgres_statements(alias: str) -> Any:
    from sopan.web.cases.command_pg import PostgresSql

    return PostgresSql(_statements("postgresql", alias))


@cache
def _sqlite_read_all(alias: str) -> str:
    from sopan.web.cases.command_read import read_all_sql

    return read_all_sql("sqlite")


def _driver_cursor(db: BaseDatabaseWrapper) -> Any:
    """A cursor of the driver's own connection; on PostgreSQL one that binds on the server.

    Django's own cursors bind parameters on the client (the query text is sent whole and planned anew each time)
    and never prepare. The command path's few statements run thousands of times on the same connection, so on
    PostgreSQL they are sent with parameters and prepared at their first use by ``command_wire``, which keeps each
    connection's prepared statements. psycopg is told to prepare nothing itself: after any rollback it would
    deallocate every prepared statement of the connection, the command path's too. This needs a direct
    connection to PostgreSQL (or a pooler that keeps prepared statements, such as PgBouncer 1.21 or later with
    ``max_prepared_statements``).
    """
    raw = db.connection
    if db.vendor != "postgresql":
        return raw.cursor()
    import psycopg

    raw.prepare_threshold = None
    return psycopg.Cursor(raw)


@contextmanager
def command_store() -> Iterator[CommandStore]:
    """The store for one command, on a cursor of the driver's own connection (call inside the transaction, and
    leave it last: on leaving, the store sends what it still holds); the driver's errors come out as Django's
    (IntegrityError and the rest)."""
    db = connections[DEFAULT_DB_ALIAS]  # the thread's connection, looked up once (each ``connection.x`` looks it up)
    db.ensure_connection()
    vendor, alias = db.vendor, db.alias
    sql = _statements(vendor, alias)
    with db.wrap_database_errors:
        cursor = _driver_cursor(db)
        try:
            store: CommandStore
            if vendor == "postgresql":
                from sopan.web.cases.command_pg import PostgresCommandStore

                store = PostgresCommandStore(cursor, sql, _postgres_statements(alias), db)
            else:
                from sopan.web.cases.command_read import ReadFirstStore

                store = ReadFirstStore(cursor, sql, _sqlite_read_all(alias))
            try:
                yield store
                store.finish()  # what the store still holds is sent (with the COMMIT, where it can)
            finally:
                store.close()
        finally:
            cursor.close()
