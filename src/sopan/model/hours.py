"""Office hours: when an office works on each weekday (declared in organisasi.yaml, used by the calendar)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from itertools import pairwise

__all__ = ["DAY_NAMES", "DEFAULT_HOURS", "Interval", "OfficeHours"]

DAY_NAMES = ("senin", "selasa", "rabu", "kamis", "jumat", "sabtu", "minggu")  # index = weekday (0 = Monday)


@dataclass(frozen=True, order=True)
class Interval:
    """A working period within one day, e.g. 07:30-16:00."""

    start: dt.time
    end: dt.time

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"office hours end before they start: {self.start}-{self.end}")

    @classmethod
    def parse(cls, text: str) -> Interval:
        """'07:30-16:00' (or '07.30-16.00', the usual Indonesian way of writing times)."""
        found = _INTERVAL.fullmatch(text.strip())
        if found is None:
            raise ValueError(
                f"jam kerja '{text}' tidak terbaca; tulis seperti 07:30-16:00 / "
                f"office hours '{text}' not understood; write them like 07:30-16:00"
            )
        h1, m1, h2, m2 = (int(part) for part in found.groups())
        if h1 > 23 or h2 > 23 or m1 > 59 or m2 > 59:
            raise ValueError(f"jam kerja '{text}': jam atau menit di luar batas / office hours '{text}': out of range")
        return cls(dt.time(h1, m1), dt.time(h2, m2))

    @classmethod
    def parse_periods(cls, text: str | list[str] | None) -> tuple[Interval, ...]:
        """Several periods of one day, '07:30-11:30, 13:00-16:30' (or a list), sorted; 'libur' or nothing is
        none. Raises ValueError when one is unreadable or two overlap."""
        parts = text if isinstance(text, list) else (text or "").split(",")
        parts = [part.strip() for part in parts if part.strip() and part.strip().lower() != "libur"]
        intervals = tuple(sorted(cls.parse(part) for part in parts))
        for earlier, later in pairwise(intervals):
            if later.start < earlier.end:
                raise ValueError(
                    f"jam {earlier.start:%H:%M}-{earlier.end:%H:%M} dan {later.start:%H:%M}-{later.end:%H:%M} "
                    "bertumpuk / the periods overlap"
                )
        return intervals

    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


_INTERVAL = re.compile(r"(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})")


def _week(mon_thu: str, fri: str) -> dict[int, tuple[Interval, ...]]:
    week: dict[int, tuple[Interval, ...]] = {day: (Interval.parse(mon_thu),) for day in range(4)}
    return week | {4: (Interval.parse(fri),)}


@dataclass(frozen=True)
class OfficeHours:
    """Working intervals per weekday (0 = Monday). A weekday without intervals is closed.

    The default is the common five-day schedule of regional government offices: Monday-Thursday
    07:30-16:00 and Friday 07:30-16:30; Saturday and Sunday closed.
    """

    weekly: dict[int, tuple[Interval, ...]] = field(default_factory=lambda: _week("07:30-16:00", "07:30-16:30"))

    def on(self, weekday: int) -> tuple[Interval, ...]:
        return tuple(sorted(self.weekly.get(weekday, ())))

    @classmethod
    def from_days(cls, days: dict[str, str | list[str] | None]) -> OfficeHours:
        """Hours written per day name, as in ``organisasi.yaml``'s ``jam_kerja``: ``{senin: 07:30-16:00,
        jumat: "07:30-11:30, 13:00-16:30"}``; a day left out (or ``libur``) is closed. Raises ValueError naming
        the day and the text that is wrong; an empty mapping is the default week."""
        if not days:
            return DEFAULT_HOURS
        weekly: dict[int, tuple[Interval, ...]] = {}
        for name, text in days.items():
            key = name.strip().lower().replace("'", "")
            if key not in DAY_NAMES:
                raise ValueError(
                    f"hari '{name}' tidak dikenal; pakai {', '.join(DAY_NAMES)} / "
                    f"unknown day '{name}'; use {', '.join(DAY_NAMES)}"
                )
            try:
                intervals = Interval.parse_periods(text)
            except ValueError as error:
                raise ValueError(f"{name}: {error}") from None
            if intervals:
                weekly[DAY_NAMES.index(key)] = intervals
        if not weekly:
            raise ValueError("jam_kerja: tidak ada hari kerja sama sekali / no working day at all")
        return cls(weekly)

    def to_days(self) -> dict[str, str]:
        """The week in ``jam_kerja``'s form, working days only."""
        return {
            DAY_NAMES[day]: ", ".join(f"{i.start:%H:%M}-{i.end:%H:%M}" for i in self.on(day))
            for day in sorted(self.weekly)
            if self.weekly[day]
        }


DEFAULT_HOURS = OfficeHours()
