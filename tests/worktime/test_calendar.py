from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sopan.model import parse_duration
from sopan.worktime import Interval, WorkCalendar, national_holidays, overrides_from

CAL = WorkCalendar()
WIB = CAL.zone


def at(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=WIB)


def test_default_hours() -> None:
    assert CAL.intervals(dt.date(2026, 11, 19)) == (Interval.parse("07:30-16:00"),)  # Thursday
    assert CAL.intervals(dt.date(2026, 11, 20)) == (Interval.parse("07:30-16:30"),)  # Friday
    assert not CAL.is_working_day(dt.date(2026, 11, 21))  # Saturday
    assert not CAL.is_working_day(dt.date(2026, 11, 22))  # Sunday


def test_minutes_run_over_the_weekend() -> None:
    # Friday 16:20 + 30 menit: 10 minutes on Friday, 20 on Monday
    assert CAL.due(at(2026, 11, 20, 16, 20), parse_duration("30 menit")) == at(2026, 11, 23, 7, 50)


def test_two_days_started_on_friday_afternoon() -> None:
    assert CAL.due(at(2026, 11, 20, 15, 0), parse_duration("2 hari")) == at(2026, 11, 24, 15, 0)
    # after closing time it counts from Monday's opening
    assert CAL.due(at(2026, 11, 20, 18, 0), parse_duration("2 hari")) == at(2026, 11, 25, 7, 30)


def test_friday_time_is_clamped_into_a_shorter_day() -> None:
    # Friday 16:15 + 1 hari -> Monday closes at 16:00
    assert CAL.due(at(2026, 11, 20, 16, 15), parse_duration("1 hari")) == at(2026, 11, 23, 16, 0)


def test_nyepi_and_its_cuti_bersama() -> None:
    assert "Silence" in (CAL.holiday_name(dt.date(2026, 3, 19)) or "")
    assert not CAL.is_working_day(dt.date(2026, 3, 18))  # cuti bersama Nyepi
    assert CAL.due(at(2026, 3, 17, 15, 0), parse_duration("2 jam")) == at(2026, 3, 25, 8, 30)


def test_idul_fitri_with_cuti_bersama() -> None:
    closed = [d for d, _ in CAL.holidays_between(dt.date(2026, 3, 18), dt.date(2026, 3, 24))]
    assert dt.date(2026, 3, 20) in closed and dt.date(2026, 3, 23) in closed and dt.date(2026, 3, 24) in closed
    # Tuesday 17 March + 3 hari: 18-24 closed (Nyepi, cuti, Idul Fitri, weekend, cuti) -> 25, 26, 27
    assert CAL.due(at(2026, 3, 17, 9, 0), parse_duration("3 hari")) == at(2026, 3, 27, 9, 0)


def test_christmas_and_its_cuti_bersama() -> None:
    names = dict(CAL.holidays_between(dt.date(2026, 12, 24), dt.date(2026, 12, 25)))
    assert set(names) == {dt.date(2026, 12, 24), dt.date(2026, 12, 25)}
    # Wednesday 23 December 10:00 + 1 hari -> Monday 28 December
    assert CAL.due(at(2026, 12, 23, 10, 0), parse_duration("1 hari")) == at(2026, 12, 28, 10, 0)


def test_a_week_is_five_working_days() -> None:
    assert CAL.due(at(2026, 11, 16, 9, 0), parse_duration("1 minggu")) == at(2026, 11, 23, 9, 0)


def test_local_override_holiday_changed_hours_and_open_day() -> None:
    extra, changed = overrides_from(
        [
            (dt.date(2026, 11, 23), "Hari Jadi Kabupaten", None),
            (dt.date(2026, 11, 24), None, "08:00-12:00"),
        ]
    )
    local = WorkCalendar(extra_holidays=extra, changed_hours=changed)
    assert local.holiday_name(dt.date(2026, 11, 23)) == "Hari Jadi Kabupaten"
    # Friday 16:00 + 1 jam: 30 min Friday, Monday closed (local holiday), 30 min Tuesday from 08:00
    assert local.due(at(2026, 11, 20, 16, 0), parse_duration("1 jam")) == at(2026, 11, 24, 8, 30)
    assert local.working_minutes_between(at(2026, 11, 24, 0), at(2026, 11, 25, 0)) == 240
    working_christmas = WorkCalendar(open_days=frozenset({dt.date(2026, 12, 25)}))
    assert working_christmas.is_working_day(dt.date(2026, 12, 25))


def test_unfixed_duration_has_no_deadline() -> None:
    assert CAL.due(at(2026, 11, 20, 9), parse_duration("Disesuaikan")) is None
    assert CAL.due(at(2026, 11, 20, 9), None) is None


def test_other_time_zones() -> None:
    wita = WorkCalendar(timezone="Asia/Makassar")
    start = dt.datetime(2026, 11, 19, 7, 0, tzinfo=WIB)  # 08:00 WITA, inside office hours there
    assert wita.due(start, parse_duration("10 menit")) == dt.datetime(2026, 11, 19, 8, 10, tzinfo=wita.zone)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError, match="timezone"):
        CAL.due(dt.datetime(2026, 11, 20, 9), parse_duration("5 menit"))


def test_national_holidays_include_cuti_bersama() -> None:
    names = national_holidays(2026).values()
    assert any("Joint Holiday" in name for name in names)


@settings(max_examples=200, deadline=None)
@given(
    start=st.datetimes(min_value=dt.datetime(2025, 1, 1), max_value=dt.datetime(2027, 12, 31)),
    minutes=st.integers(1, 5000),
)
def test_due_and_elapsed_agree(start: dt.datetime, minutes: int) -> None:
    begin = start.replace(tzinfo=WIB)
    due = CAL.add_minutes(begin, minutes)
    assert CAL.working_minutes_between(begin, due) == pytest.approx(minutes)
    assert CAL.is_working_day(due.date())


def test_office_hours_are_read_with_colon_or_dot_and_bad_ones_are_named() -> None:
    import datetime as dt

    import pytest

    from sopan.worktime.hours import Interval

    assert Interval.parse("07.30-12.00") == Interval(dt.time(7, 30), dt.time(12, 0))
    assert Interval.parse(" 7:30 - 16:00 ") == Interval(dt.time(7, 30), dt.time(16, 0))
    for bad in ("07:30", "07:30-25:00", "pagi-sore"):
        with pytest.raises(ValueError, match=r"07:30-16:00|di luar batas"):
            Interval.parse(bad)
