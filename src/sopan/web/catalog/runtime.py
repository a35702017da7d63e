"""What the engine needs from the database: the process of a version and the working calendar, both cached."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import Any

from sopan.engine import Process
from sopan.model.sop import Sop as SopModel
from sopan.web.catalog.models import CalendarOverride, Organisation, SopVersion
from sopan.worktime.calendar import WorkCalendar, overrides_from
from sopan.worktime.hours import OfficeHours

__all__ = ["cached_process", "calendar_for", "calendar_from", "process_for"]


_PROCESSES: dict[tuple[int, str, int, str], Process] = {}
_PROCESSES_LIMIT = 512


def process_for(version: SopVersion) -> Process:
    """The engine's view of a published version (see ``cached_process``); the definition, which case queries
    defer, is read only the first time a version is seen."""
    return cached_process(version.pk, version.sop.key, version.number, version.content_hash, lambda: version.definition)


def cached_process(
    version_id: int, sop_key: str, number: int, content_hash: str, definition: Callable[[], dict]
) -> Process:
    """The engine's view of a published version. Versions are immutable, so it is built once per server
    process, keyed by the version and its content hash (a database made anew may reuse an id)."""
    key = (version_id, sop_key, number, content_hash)
    process = _PROCESSES.get(key)
    if process is None:
        sop = SopModel.model_validate(definition())
        sop.id = sop_key
        process = Process(sop, version=number)
        if len(_PROCESSES) >= _PROCESSES_LIMIT:
            _PROCESSES.clear()
        _PROCESSES[key] = process
    return process


def _date(value: dt.date | str) -> dt.date:
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


@lru_cache(maxsize=256)
def _calendar(
    timezone: str, week: tuple[tuple[str, str], ...], rows: tuple[tuple[dt.date, str, str, str], ...]
) -> WorkCalendar:
    # by kind: a holiday closes the day whatever its hours say, changed hours need hours (the model checks)
    extra, changed = overrides_from(
        (day, (name or "Libur lokal") if kind == "holiday" else None, hours if kind == "hours" else None)
        for day, kind, name, hours in rows
    )
    open_days = frozenset(day for day, kind, _, _ in rows if kind == "open")
    return WorkCalendar(
        hours=OfficeHours.from_days(dict(week)),
        timezone=timezone,
        extra_holidays=extra,
        changed_hours=changed,
        open_days=open_days,
    )


def calendar_for(organisation: Organisation) -> WorkCalendar:
    """The organisation's working calendar with its local overrides, read from the database every time (another
    server process may have changed them) and built once per distinct set of overrides."""
    found = CalendarOverride.objects.filter(organisation_id=organisation.pk).values_list(
        "date", "kind", "name", "hours"
    )
    return calendar_from(organisation.timezone, organisation.office_hours, found)


def calendar_from(timezone: str, office_hours: dict[str, Any], overrides: Iterable[tuple]) -> WorkCalendar:
    """The calendar of a time zone and week (``jam_kerja``) with stored override rows (date, kind, name, hours),
    built once and shared by every command that reads the same settings."""
    rows = tuple(sorted((_date(day), kind, name, hours) for day, kind, name, hours in overrides))
    week = tuple(sorted((day, ", ".join(t) if isinstance(t, list) else t or "") for day, t in office_hours.items()))
    return _calendar(timezone, week, rows)
