"""The working calendar: office hours, national holidays and cuti bersama, local overrides; due times.

Durations follow the units of :mod:`sopan.model.duration`: menit and jam are counted in working minutes
inside office hours; hari is working days: due at the same clock time on the N-th following working day
(clamped into that day's hours), so "1 hari" started at 10:00 is due at 10:00 on the next working day;
minggu is five working days (configurable).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

from ..model import DEFAULT_WORK_UNITS, Duration, DurationUnit, WorkUnits
from ..model.hours import DEFAULT_HOURS, Interval, OfficeHours

__all__ = ["DEFAULT_TIMEZONE", "WorkCalendar", "national_holidays", "overrides_from"]

DEFAULT_TIMEZONE = "Asia/Jakarta"  # WIB; Kalimantan Selatan is Asia/Makassar (WITA), Papua Asia/Jayapura (WIT)
_MAX_DAYS = 3660  # no working time within ten years means the calendar is misconfigured


@lru_cache(maxsize=64)
def national_holidays(year: int) -> dict[dt.date, str]:
    """Indonesian public holidays and cuti bersama (the ``government`` category) of one year."""
    days = holidays.country_holidays("ID", years=year, categories=("public", "government"))
    return dict(days.items())


@dataclass(frozen=True)
class WorkCalendar:
    """When an office works. ``extra_holidays`` and ``changed_hours`` are the office's local overrides
    (a regional holiday; shorter hours in Ramadan); ``open_days`` overrides a national holiday."""

    hours: OfficeHours = DEFAULT_HOURS
    timezone: str = DEFAULT_TIMEZONE
    use_national_holidays: bool = True
    extra_holidays: Mapping[dt.date, str] = field(default_factory=dict)
    changed_hours: Mapping[dt.date, tuple[Interval, ...]] = field(default_factory=dict)
    open_days: frozenset[dt.date] = frozenset()
    units: WorkUnits = DEFAULT_WORK_UNITS
    # The working intervals of each date asked about: a due time walks the same days again and again, and a
    # calendar is shared by every command of its organisation (it is immutable, so the memo never goes stale).
    _days: dict[dt.date, tuple[Interval, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False, hash=False
    )

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    # ----- days --------------------------------------------------------------------------------------
    def holiday_name(self, day: dt.date) -> str | None:
        if day in self.extra_holidays:
            return self.extra_holidays[day]
        if self.use_national_holidays and day not in self.open_days:
            return national_holidays(day.year).get(day)
        return None

    def intervals(self, day: dt.date) -> tuple[Interval, ...]:
        """The working intervals of a date: changed hours win, then holidays close, then the weekday."""
        known = self._days.get(day)
        if known is None:
            known = self._days[day] = self._work_out(day)
        return known

    def _work_out(self, day: dt.date) -> tuple[Interval, ...]:
        if day in self.changed_hours:
            return tuple(sorted(self.changed_hours[day]))
        if self.holiday_name(day) is not None:
            return ()
        return self.hours.on(day.weekday())

    def is_working_day(self, day: dt.date) -> bool:
        return bool(self.intervals(day))

    def working_days(self, start: dt.date) -> Iterator[dt.date]:
        """Working days from ``start`` (inclusive) onwards."""
        day, idle = start, 0
        while True:  # the caller takes as many days as it needs; only ten idle years in a row stop it
            if self.is_working_day(day):
                idle = 0
                yield day
            else:
                idle += 1
                if idle >= _MAX_DAYS:
                    raise ValueError("no working day within ten years: check the office hours and holidays")
            day += dt.timedelta(days=1)

    # ----- instants ----------------------------------------------------------------------------------
    def _local(self, moment: dt.datetime) -> dt.datetime:
        if moment.tzinfo is None:
            raise ValueError("use timezone-aware datetimes")
        return moment.astimezone(self.zone)

    def _at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.zone)

    def _periods(self, start: dt.datetime) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """Working periods from ``start`` on, the first one cut at ``start``."""
        for day in self.working_days(start.date()):
            for interval in self.intervals(day):
                begin, end = self._at(day, interval.start), self._at(day, interval.end)
                if end <= start:
                    continue
                yield max(begin, start), end

    def next_working_moment(self, moment: dt.datetime) -> dt.datetime:
        """``moment`` itself inside office hours, else the next opening."""
        return next(self._periods(self._local(moment)))[0]

    def add_minutes(self, start: dt.datetime, minutes: float) -> dt.datetime:
        """The moment when ``minutes`` of working time have passed since ``start``."""
        remaining = dt.timedelta(minutes=minutes)
        local = self._local(start)
        if remaining <= dt.timedelta(0):
            return self.next_working_moment(local)
        for begin, end in self._periods(local):
            if end - begin >= remaining:
                return begin + remaining
            remaining -= end - begin
        raise AssertionError("unreachable: _periods is unbounded")  # pragma: no cover

    def add_days(self, start: dt.datetime, days: int) -> dt.datetime:
        """Same clock time on the ``days``-th following working day, clamped into its hours."""
        local = self.next_working_moment(self._local(start))
        following = self.working_days(local.date() + dt.timedelta(days=1))
        target = local.date()
        for _ in range(days):
            target = next(following)
        intervals = self.intervals(target)
        clock = local.timetz().replace(tzinfo=None)
        for interval in intervals:
            if interval.start <= clock <= interval.end:
                return self._at(target, clock)
            if clock < interval.start:
                return self._at(target, interval.start)
        return self._at(target, intervals[-1].end)

    def due(self, start: dt.datetime, duration: Duration | None) -> dt.datetime | None:
        """When a step activated at ``start`` must be done; None when the waktu is not fixed."""
        if duration is None or not duration.is_fixed or duration.amount is None:
            return None
        if duration.unit in (DurationUnit.HARI, DurationUnit.MINGGU):
            days = duration.days(self.units)
            whole = int(days)
            due = self.add_days(start, whole)
            if days != whole:  # half a day: the fraction of a nominal working day in minutes
                due = self.add_minutes(due, (days - whole) * self.units.minutes_per_day)
            return due
        return self.add_minutes(start, duration.minutes_part())

    def working_minutes_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Working minutes elapsed from ``start`` to ``end`` (0 if ``end`` is not later)."""
        local_start, local_end = self._local(start), self._local(end)
        total = dt.timedelta(0)
        if local_end <= local_start:
            return 0.0
        for begin, finish in self._periods(local_start):
            if begin >= local_end:
                break
            total += min(finish, local_end) - begin
        return total.total_seconds() / 60

    def holidays_between(self, start: dt.date, end: dt.date) -> list[tuple[dt.date, str]]:
        """The holidays (national, cuti bersama and local) in a date range, for display."""
        found = []
        day = start
        while day <= end:
            name = self.holiday_name(day)
            if name:
                found.append((day, name))
            day += dt.timedelta(days=1)
        return found


def overrides_from(
    rows: Iterable[tuple[dt.date, str | None, str | None]],
) -> tuple[dict[dt.date, str], dict[dt.date, tuple[Interval, ...]]]:
    """Local overrides from stored rows (date, holiday name or None, hours 'HH:MM-HH:MM[,…]' or None)."""
    extra: dict[dt.date, str] = {}
    changed: dict[dt.date, tuple[Interval, ...]] = {}
    for day, name, hours in rows:
        if hours:
            changed[day] = Interval.parse_periods(hours)
        elif name:
            extra[day] = name
    return extra, changed
