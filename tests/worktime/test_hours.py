"""Office hours written per day in organisasi.yaml: a six-day office, split days, and clear refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from sopan.model import parse_duration
from sopan.worktime import Interval, WorkCalendar
from sopan.worktime.hours import DEFAULT_HOURS, OfficeHours

SIX_DAYS = OfficeHours.from_days(
    {
        "senin": "07:30-14:00",
        "selasa": "07:30-14:00",
        "rabu": "07:30-14:00",
        "kamis": "07:30-14:00",
        "jumat": "07:30-11:00, 13:00-15:00",
        "sabtu": "07:30-12:30",
        "minggu": "libur",
    }
)
CAL = WorkCalendar(hours=SIX_DAYS)
WIB = CAL.zone


def at(d: int, h: int, mi: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, d, h, mi, tzinfo=WIB)  # 20 Nov 2026 is a Friday


def test_days_and_split_periods_are_read() -> None:
    assert SIX_DAYS.on(4) == (Interval.parse("07:30-11:00"), Interval.parse("13:00-15:00"))
    assert SIX_DAYS.on(5) == (Interval.parse("07:30-12:30"),)
    assert SIX_DAYS.on(6) == ()
    assert SIX_DAYS.to_days()["jumat"] == "07:30-11:00, 13:00-15:00" and "minggu" not in SIX_DAYS.to_days()
    assert OfficeHours.from_days({}) is DEFAULT_HOURS
    assert OfficeHours.from_days({"Jum'at": ["07:30-11:00"]}).on(4) == (Interval.parse("07:30-11:00"),)


def test_a_six_day_office_works_on_saturday() -> None:
    # Friday 14:30 + 1 jam: 30 minutes on Friday, 30 on Saturday morning
    assert CAL.due(at(20, 14, 30), parse_duration("1 jam")) == at(21, 8, 0)
    # Friday 10:45 + 30 menit: the lunch break does not count
    assert CAL.due(at(20, 10, 45), parse_duration("30 menit")) == at(20, 13, 15)
    # 1 hari from Friday 14:00 falls on Saturday, clamped to its closing time
    assert CAL.due(at(20, 14, 0), parse_duration("1 hari")) == at(21, 12, 30)
    assert CAL.working_minutes_between(at(20, 10, 0), at(21, 8, 0)) == 60 + 120 + 30


@pytest.mark.parametrize(
    ("days", "named"),
    [
        ({"senen": "07:30-16:00"}, "senen"),
        ({"senin": "07.30-16.00x"}, "senin"),
        ({"senin": "16:00-07:30"}, "16:00"),
        ({"jumat": "07:30-12:00, 11:00-16:00"}, "bertumpuk"),
        ({"sabtu": "libur"}, "tidak ada hari kerja"),
    ],
)
def test_unreadable_hours_are_refused_with_the_day_named(days: dict, named: str) -> None:
    with pytest.raises(ValueError, match=named):
        OfficeHours.from_days(days)
