"""A command's reads in one statement: the case, the user's role assignments and the calendar overrides together.

Every command asks for the case (with its version, SOP and organisation), the roles its user holds in the
organisation on the command's day and the organisation's calendar overrides. Here they come back in one statement
(the assignments and overrides as JSON arrays), and the role periods are judged in Python on the command's own day,
as the separate query did in SQL. On PostgreSQL the statement also takes the event-order lock (``feed_order``);
SQLite writes one transaction at a time and needs none.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sopan.web.accounts.models import RoleAssignment
from sopan.web.cases.command_sql import _CASE_ROW, CaseRow, CommandSql, CommandStore, _column, _table
from sopan.web.cases.feed_order import EVENT_ORDER_LOCK
from sopan.web.cases.models import Case
from sopan.web.catalog.models import CalendarOverride, Organisation, Role, Sop, SopVersion

__all__ = ["ReadFirstStore", "read_all_sql"]


def read_all_sql(vendor: str) -> str:
    """The statement, with named parameters ``user``, ``case``, ``organisation`` (when opening a case) and, on
    PostgreSQL, ``lock``: one row, the case's columns NULL when there is no such case."""
    postgres = vendor == "postgresql"
    aggregate, array = ("json_agg", "json_build_array") if postgres else ("json_group_array", "json_array")

    def param(name: str) -> str:
        return f"%({name})s" if postgres else f":{name}"

    columns = ", ".join(f"{alias}.{_column(model, name)}" for alias, model, name in _CASE_ROW)
    a, r, x = RoleAssignment, Role, CalendarOverride
    organisation = f"COALESCE(c.{_column(Case, 'organisation')}, {param('organisation')})"
    assignments = (
        f"(SELECT {aggregate}({array}(r.{_column(r, 'code')}, a.{_column(a, 'valid_from')}, "
        f"a.{_column(a, 'valid_until')})) FROM {_table(a)} a "
        f"JOIN {_table(r)} r ON r.{_column(r, 'id')} = a.{_column(a, 'role')} "
        f"WHERE a.{_column(a, 'user')} = {param('user')} AND r.{_column(r, 'organisation')} = {organisation} "
        f"AND a.{_column(a, 'ended_at')} IS NULL)"
    )
    overrides = (
        f"(SELECT {aggregate}({array}({', '.join(_column(x, n) for n in ('date', 'kind', 'name', 'hours'))})) "
        f"FROM {_table(x)} WHERE {_column(x, 'organisation')} = {organisation})"
    )
    held = f"SELECT pg_advisory_xact_lock_shared({param('lock')}) AS held" if postgres else "SELECT 1 AS held"
    return (
        f"SELECT {columns}, {assignments}, {overrides} FROM ({held}) l "
        f"LEFT JOIN {_table(Case)} c ON c.{_column(Case, 'id')} = {param('case')} "
        f"LEFT JOIN {_table(SopVersion)} v ON v.{_column(SopVersion, 'id')} = c.{_column(Case, 'sop_version')} "
        f"LEFT JOIN {_table(Sop)} s ON s.{_column(Sop, 'id')} = v.{_column(SopVersion, 'sop')} "
        f"LEFT JOIN {_table(Organisation)} o ON o.{_column(Organisation, 'id')} = c.{_column(Case, 'organisation')}"
    )


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class ReadFirstStore(CommandStore):
    """A store whose ``start`` reads everything a command reads; ``case``, ``role_codes`` and ``overrides`` answer
    from it when asked about the same case, user and organisation (and read on their own otherwise)."""

    def __init__(self, cursor: Any, sql: CommandSql, read_all: str) -> None:
        super().__init__(cursor, sql)
        self.read_all = read_all
        self._case: CaseRow | None = None
        self._user: int | None = None
        self._organisation: int | None = None
        self._assignments: list[tuple[str, dt.date | None, dt.date | None]] = []
        self._overrides: list[tuple[Any, str, str, str]] = []

    def start(self, user_id: int, case_id: uuid.UUID | None, organisation_id: int | None) -> None:
        params = {"user": user_id, "lock": EVENT_ORDER_LOCK, "organisation": organisation_id}
        params["case"] = self.sql.adapt_uuid(case_id)
        self.remember(user_id, case_id, organisation_id, self._read(params))

    def _read(self, params: dict[str, Any]) -> tuple:
        """The statement's one row (a store may send it another way)."""
        self.cursor.execute(self.read_all, params)
        (found,) = self.cursor.fetchall()
        return found

    def remember(self, user_id: int, case_id: uuid.UUID | None, organisation_id: int | None, found: tuple) -> None:
        *case_values, assignments, overrides = found
        readers = self.sql.row_readers
        if case_id is not None and case_values[0] is not None:
            self._case = CaseRow(case_id, *(read(value) for read, value in zip(readers, case_values, strict=True)))
        self._user = user_id
        self._organisation = self._case.organisation_id if self._case else organisation_id
        read_json = self.sql.read_json
        self._assignments = [(code, _day(first), _day(last)) for code, first, last in read_json(assignments) or ()]
        self._overrides = [(_day(day), kind, name, hours) for day, kind, name, hours in read_json(overrides) or ()]

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
