"""What the engine needs from the database: the process of a version, the calendar, register numbers, actors."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection

from sopan.engine import Actor, Process
from sopan.model.sop import Sop as SopModel
from sopan.web.accounts.models import RoleAssignment
from sopan.web.cases.models import RegisterCounter
from sopan.web.catalog.models import CalendarOverride, Organisation, Role, SopVersion
from sopan.worktime.calendar import WorkCalendar, overrides_from

__all__ = ["DbRegisters", "actor_for", "calendar_for", "process_for", "role_ids"]


_PROCESSES: dict[tuple[int, str, int, str], Process] = {}
_PROCESSES_LIMIT = 512


def process_for(version: SopVersion) -> Process:
    """The engine's view of a published version. Versions are immutable, so it is built once per server
    process, keyed by the version and its content hash; the definition (deferred by the case query) is read
    only the first time a version is seen."""
    key = (version.pk, version.sop.key, version.number, version.content_hash)
    process = _PROCESSES.get(key)
    if process is None:
        sop = SopModel.model_validate(version.definition)
        sop.id = version.sop.key
        process = Process(sop, version=version.number)
        if len(_PROCESSES) >= _PROCESSES_LIMIT:
            _PROCESSES.clear()
        _PROCESSES[key] = process
    return process


def _rows(sql: str, params: list) -> list[tuple]:
    """A plain query on the command path: building it through the ORM costs ten times running it."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _date(value: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


@lru_cache(maxsize=256)
def _calendar(timezone: str, rows: tuple[tuple[dt.date, str, str, str], ...]) -> WorkCalendar:
    extra, changed = overrides_from(
        (day, name or "Libur lokal", hours or None) for day, kind, name, hours in rows if kind != "open"
    )
    open_days = frozenset(day for day, kind, _, _ in rows if kind == "open")
    return WorkCalendar(timezone=timezone, extra_holidays=extra, changed_hours=changed, open_days=open_days)


def calendar_for(organisation: Organisation) -> WorkCalendar:
    """The organisation's working calendar with its local overrides, read from the database every time (another
    server process may have changed them) and built once per distinct set of overrides."""
    table = CalendarOverride._meta.db_table
    found = _rows(f"SELECT date, kind, name, hours FROM {table} WHERE organisation_id = %s", [organisation.pk])
    rows = tuple(sorted((_date(day), kind, name, hours) for day, kind, name, hours in found))
    return _calendar(organisation.timezone, rows)


def actor_for(user: AbstractBaseUser, organisation: Organisation) -> Actor:
    """The user as the engine sees them: their username and the role codes they hold in this organisation."""
    codes = _rows(
        f"SELECT r.code FROM {RoleAssignment._meta.db_table} a JOIN {Role._meta.db_table} r ON r.id = a.role_id "
        "WHERE a.user_id = %s AND r.organisation_id = %s",
        [user.pk, organisation.pk],
    )
    return Actor(user=user.get_username(), roles=frozenset(code for (code,) in codes))


def role_ids(organisation_id: int, codes: set[str]) -> dict[str, int]:
    """Role ids by code, in one plain query."""
    if not codes:
        return {}
    ordered = sorted(codes)
    marks = ", ".join(["%s"] * len(ordered))
    found = _rows(
        f"SELECT code, id FROM {Role._meta.db_table} WHERE organisation_id = %s AND code IN ({marks})",
        [organisation_id, *ordered],
    )
    return dict(found)


class DbRegisters:
    """Register numbers from a locked counter row, inside the command's transaction: a rolled-back command
    gives its number back, so numbers stay gap-free."""

    def __init__(self, organisation: Organisation) -> None:
        self.organisation = organisation

    def next_number(self, organisation: str, register: str, year: int) -> int:
        RegisterCounter.objects.bulk_create(
            [RegisterCounter(organisation=self.organisation, register=register, year=year)], ignore_conflicts=True
        )
        counter = RegisterCounter.objects.select_for_update().get(
            organisation=self.organisation, register=register, year=year
        )
        counter.last += 1
        counter.save(update_fields=["last"])
        return counter.last
