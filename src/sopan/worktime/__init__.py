"""Working time: office hours, Indonesian holidays and cuti bersama, local overrides, due times."""

from .calendar import DEFAULT_TIMEZONE, WorkCalendar, national_holidays, overrides_from
from .hours import DEFAULT_HOURS, Interval, OfficeHours

__all__ = [
    "DEFAULT_HOURS",
    "DEFAULT_TIMEZONE",
    "Interval",
    "OfficeHours",
    "WorkCalendar",
    "national_holidays",
    "overrides_from",
]
