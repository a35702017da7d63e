"""Office hours: when an office works on each weekday."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

__all__ = ["DEFAULT_HOURS", "Interval", "OfficeHours"]


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

    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)


_INTERVAL = re.compile(r"(\d{1,2})[:.](\d{2})\s*-\s*(\d{1,2})[:.](\d{2})")


def _week(mon_thu: str, fri: str) -> dict[int, tuple[Interval, ...]]:
    return {day: (Interval.parse(mon_thu),) for day in range(4)} | {4: (Interval.parse(fri),)}


@dataclass(frozen=True)
class OfficeHours:
    """Working intervals per weekday (0 = Monday). A weekday without intervals is closed.

    The default is the common five-day schedule of regional government offices: Monday-Thursday
    07:30-16:00 and Friday 07:30-16:30; Saturday and Sunday closed.
    """

    weekly: dict[int, tuple[Interval, ...]] = field(default_factory=lambda: _week("07:30-16:00", "07:30-16:30"))

    def on(self, weekday: int) -> tuple[Interval, ...]:
        return tuple(sorted(self.weekly.get(weekday, ())))


DEFAULT_HOURS = OfficeHours()
