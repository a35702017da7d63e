"""Working time: office hours, Indonesian holidays and cuti bersama, local overrides, due times."""

from ..model.hours import DEFAULT_HOURS, Interval, OfficeHours
from .calendar import DEFAULT_TIMEZONE, WorkCalendar, national_holidays, overrides_from

__all__ = [
    "DEFAULT_HOURS",
    "DEFAULT_TIMEZONE",
    "Interval",
    "OfficeHours",
    "WorkCalendar",
    "national_holidays",
    "overrides_from",
]
