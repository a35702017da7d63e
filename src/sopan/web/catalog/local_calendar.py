"""An office's own changes to its working calendar: a regional holiday, shorter hours (Ramadan), a national
holiday on which the service stays open. Due times of every later command follow them at once."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from sopan.i18n import t
from sopan.web.catalog.models import CalendarOverride, Organisation
from sopan.web.catalog.runtime import calendar_for
from sopan.worktime.hours import DAY_NAMES

__all__ = ["MAX_DAYS", "WHAT", "CalendarDay", "LocalCalendarError", "remove", "set_days", "year_of"]

MAX_DAYS = 366  # one change at a time covers at most a year: a longer range is more likely a typing mistake
WHAT = {  # what a day of the year's view is, in both languages (CalendarDay.what)
    "national": ("Libur nasional / cuti bersama", "National holiday / cuti bersama"),
    "local-holiday": ("Libur lokal", "Local holiday"),
    "hours": ("Jam kerja berubah", "Changed hours"),
    "open": ("Tetap buka", "Kept open"),
}


class LocalCalendarError(ValueError):
    """A change that cannot be made, with the reason in both languages."""

    def __init__(self, id_text: str, en_text: str) -> None:
        super().__init__(en_text)
        self.id_text, self.en_text = id_text, en_text

    def text(self, lang: str | None = None) -> str:
        return t(self.id_text, self.en_text, lang)


@dataclass(frozen=True)
class CalendarDay:
    """A date that is not an ordinary working day of the office's week, or that the office changed."""

    date: dt.date
    what: str  # national | local-holiday | hours | open
    name: str
    hours: str  # the hours that apply on the day; empty when closed


def _dates(start: dt.date, end: dt.date | None) -> list[dt.date]:
    end = end or start
    if end < start:
        raise LocalCalendarError(
            f"Tanggal akhir {end} lebih awal dari tanggal awal {start}.", f"The end date {end} is before {start}."
        )
    count = (end - start).days + 1
    if count > MAX_DAYS:
        raise LocalCalendarError(
            f"{count} hari sekaligus terlalu banyak (paling banyak {MAX_DAYS}).",
            f"{count} days at once is too many (at most {MAX_DAYS}).",
        )
    return [start + dt.timedelta(days=offset) for offset in range(count)]


def set_days(
    organisation: Organisation, kind: str, start: dt.date, end: dt.date | None = None, name: str = "", hours: str = ""
) -> list[dt.date]:
    """Make every date from ``start`` to ``end`` a local holiday, a day of changed hours, or an open day; a
    date's earlier change is replaced. All dates or none: the first bad one stops the whole change."""
    days = _dates(start, end)
    if kind == CalendarOverride.Kind.OPEN:
        calendar = calendar_for(organisation)
        closed = [day for day in days if not calendar.hours.on(day.weekday())]
        if closed:
            raise LocalCalendarError(
                f"{closed[0]} ({DAY_NAMES[closed[0].weekday()]}) bukan hari kerja pekan ini; untuk membuka kantor "
                "pada hari itu, ubah jam kerjanya.",
                f"{closed[0]} ({DAY_NAMES[closed[0].weekday()]}) is not a working day of the week; to open the "
                "office that day, change its hours.",
            )
    with transaction.atomic():
        for day in days:
            try:
                CalendarOverride.objects.update_or_create(
                    organisation=organisation, date=day, defaults={"kind": kind, "name": name.strip(), "hours": hours}
                )
            except ValidationError as error:
                reason = "; ".join(message for messages in error.message_dict.values() for message in messages)
                raise LocalCalendarError(f"{day}: {reason}", f"{day}: {reason}") from None
    return days


def remove(organisation: Organisation, start: dt.date, end: dt.date | None = None) -> int:
    """Undo the office's changes on these dates; the national calendar and the usual week apply again."""
    dates = _dates(start, end)
    deleted, _ = CalendarOverride.objects.filter(organisation=organisation, date__in=dates).delete()
    return deleted


def year_of(organisation: Organisation, year: int) -> list[CalendarDay]:
    """Every date of ``year`` that differs from an ordinary working day, with what applies on it."""
    calendar = calendar_for(organisation)
    changes = {row.date: row for row in CalendarOverride.objects.filter(organisation=organisation, date__year=year)}
    days = []
    day = dt.date(year, 1, 1)
    while day.year == year:
        periods = ", ".join(f"{i.start:%H:%M}-{i.end:%H:%M}" for i in calendar.intervals(day))
        change, national = changes.get(day), calendar.holiday_name(day)
        if change is not None:
            what = {"holiday": "local-holiday", "hours": "hours", "open": "open"}[change.kind]
            fallback = national or "" if change.kind == "open" else ""  # an open day is named by its holiday
            days.append(CalendarDay(day, what, change.name or fallback, periods))
        elif national:
            days.append(CalendarDay(day, "national", national, periods))
        day += dt.timedelta(days=1)
    return days
