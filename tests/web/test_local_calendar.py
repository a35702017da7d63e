"""An office's own week and calendar changes, as the command path and `sopan kalender` see them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from typer.testing import CliRunner

from sopan.cli import app
from sopan.engine import OpenCase
from sopan.web.cases.models import Task
from sopan.web.cases.services import submit
from sopan.web.catalog.local_calendar import LocalCalendarError, remove, set_days, year_of
from sopan.web.catalog.models import CalendarOverride
from tests.factories import ANI, WIB
from tests.web.factories import NOBODY, Office

SATURDAY_OFFICE = {"senin": "07:30-14:00", "jumat": "07:30-11:00", "sabtu": "08:00-12:00"}


def first_due(office: Office, opened: dt.datetime) -> dt.datetime | None:
    case = submit(office.loket, OpenCase(actor=NOBODY, at=opened, applicant=ANI), version=office.version).case
    return Task.objects.get(case=case, number=1).due_at


def test_the_command_path_follows_the_office_week(office: Office) -> None:
    friday = dt.datetime(2026, 11, 20, 10, 0, tzinfo=WIB)
    assert first_due(office, friday) == dt.datetime(2026, 11, 20, 10, 5, tzinfo=WIB)  # step 1: 5 menit
    late_friday = dt.datetime(2026, 11, 20, 16, 28, tzinfo=WIB)
    assert first_due(office, late_friday) == dt.datetime(2026, 11, 23, 7, 33, tzinfo=WIB)  # the usual week
    office.organisation.office_hours = SATURDAY_OFFICE
    office.organisation.save()
    before_closing = dt.datetime(2026, 11, 20, 10, 58, tzinfo=WIB)
    assert first_due(office, before_closing) == dt.datetime(2026, 11, 21, 8, 3, tzinfo=WIB)  # on to Saturday


def test_local_changes_move_due_times_at_once(office: Office) -> None:
    monday = dt.datetime(2026, 11, 23, 15, 58, tzinfo=WIB)
    assert first_due(office, monday) == dt.datetime(2026, 11, 24, 7, 33, tzinfo=WIB)
    set_days(office.organisation, "holiday", dt.date(2026, 11, 24), name="Hari Jadi Kabupaten")
    assert first_due(office, monday) == dt.datetime(2026, 11, 25, 7, 33, tzinfo=WIB)
    set_days(office.organisation, "hours", dt.date(2026, 11, 24), dt.date(2026, 11, 25), hours="09:00-12:00")
    assert first_due(office, monday) == dt.datetime(2026, 11, 24, 9, 3, tzinfo=WIB)  # the holiday was replaced
    assert remove(office.organisation, dt.date(2026, 11, 24), dt.date(2026, 11, 30)) == 2
    assert first_due(office, monday) == dt.datetime(2026, 11, 24, 7, 33, tzinfo=WIB)


def test_changes_that_cannot_be_made_are_refused_and_change_nothing(office: Office) -> None:
    with pytest.raises(LocalCalendarError, match="perlu jamnya"):
        set_days(office.organisation, "hours", dt.date(2026, 11, 24))
    with pytest.raises(LocalCalendarError, match="tidak terbaca"):
        set_days(office.organisation, "hours", dt.date(2026, 11, 24), hours="9-12")
    with pytest.raises(LocalCalendarError, match="sabtu"):
        set_days(office.organisation, "open", dt.date(2026, 12, 24), dt.date(2026, 12, 26))
    with pytest.raises(LocalCalendarError, match="too many"):
        set_days(office.organisation, "holiday", dt.date(2026, 1, 1), dt.date(2027, 6, 1))
    with pytest.raises(LocalCalendarError, match="is before"):
        remove(office.organisation, dt.date(2026, 2, 1), dt.date(2026, 1, 1))
    with pytest.raises(ValidationError):  # nor can a holiday carrying hours be saved some other way
        CalendarOverride.objects.create(
            organisation=office.organisation, date=dt.date(2026, 3, 3), kind="holiday", hours="08:00-12:00"
        )
    assert not CalendarOverride.objects.exists()


def test_the_year_lists_national_and_local_days(office: Office) -> None:
    set_days(office.organisation, "open", dt.date(2026, 12, 24), name="Pelayanan tetap buka")
    set_days(office.organisation, "holiday", dt.date(2026, 12, 15), name="Hari Jadi")
    days = {day.date: day for day in year_of(office.organisation, 2026)}
    assert days[dt.date(2026, 12, 25)].what == "national" and days[dt.date(2026, 12, 25)].hours == ""
    assert days[dt.date(2026, 12, 24)].what == "open" and days[dt.date(2026, 12, 24)].hours == "07:30-16:00"
    assert days[dt.date(2026, 12, 15)].name == "Hari Jadi" and days[dt.date(2026, 12, 15)].hours == ""
    assert dt.date(2026, 12, 19) not in days  # an ordinary Saturday is not listed


def test_the_kalender_command(office: Office) -> None:
    runner = CliRunner()
    made = runner.invoke(app, ["kalender", "libur", "kec-contoh", "2026-12-15", "--nama", "Hari Jadi Kabupaten"])
    assert made.exit_code == 0, made.output
    assert CalendarOverride.objects.get(date=dt.date(2026, 12, 15)).name == "Hari Jadi Kabupaten"
    shown = runner.invoke(app, ["kalender", "lihat", "kec-contoh", "--tahun", "2026"])
    assert shown.exit_code == 0 and "Hari Jadi" in shown.output and "2026-12-25" in shown.output
    bad = runner.invoke(app, ["kalender", "jam", "kec-contoh", "2026-12-16", "--jam", "9-12"])
    assert bad.exit_code == 1 and "tidak terbaca" in bad.output
    assert runner.invoke(app, ["kalender", "libur", "kec-tidak-ada", "2026-12-15"]).exit_code == 2
    assert runner.invoke(app, ["kalender", "libur", "kec-contoh", "15-12-2026"]).exit_code == 2
    removed = runner.invoke(app, ["kalender", "hapus", "kec-contoh", "2026-12-15"])
    assert removed.exit_code == 0 and not CalendarOverride.objects.exists()
