"""Office hours for the calendar: the model declares them (organisasi.yaml), working time reads them from here."""

from ..model.hours import DAY_NAMES, DEFAULT_HOURS, Interval, OfficeHours

__all__ = ["DAY_NAMES", "DEFAULT_HOURS", "Interval", "OfficeHours"]
