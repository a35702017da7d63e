"""Every change an administrator makes to the office's settings, each one whole or not at all and recorded:
the screens and the API both change the profile, the logo and the calendar only through here."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import AbstractBaseUser

from sopan.web.catalog import local_calendar
from sopan.web.catalog.models import CalendarOverride, Organisation
from sopan.web.catalog.profile import change_profile, profile_of, remove_logo, set_logo
from sopan.web.setelan.audit import record_change

__all__ = ["change_calendar", "drop_logo", "undo_calendar", "update_profile", "upload_logo"]


def update_profile(
    user: AbstractBaseUser,
    office: Organisation,
    changes: dict[str, Any],
    reset: frozenset[str] | set[str] = frozenset(),
) -> None:
    """Change profile keys and return ``reset`` keys to organisasi.yaml (ProfileError when refused)."""
    before = profile_of(office)
    try:
        change_profile(office, changes, reset=reset)
    except Exception:
        office.refresh_from_db()  # the row as stored: nothing of the refused change stays in memory either
        raise
    record_change(user, office, "profil", before, profile_of(office))


def upload_logo(user: AbstractBaseUser, office: Organisation, data: bytes) -> None:
    before = profile_of(office)
    set_logo(office, data)
    record_change(user, office, "logo", before, profile_of(office))


def drop_logo(user: AbstractBaseUser, office: Organisation) -> None:
    before = profile_of(office)
    remove_logo(office)
    record_change(user, office, "logo", before, profile_of(office))


def _days(office: Organisation, start: dt.date, end: dt.date | None) -> dict[str, Any]:
    rows = CalendarOverride.objects.filter(organisation=office, date__range=(start, max(start, end or start)))
    return {row.date.isoformat(): [row.kind, row.name, row.hours] for row in rows}


def change_calendar(
    user: AbstractBaseUser,
    office: Organisation,
    kind: str,
    start: dt.date,
    end: dt.date | None = None,
    name: str = "",
    hours: str = "",
) -> list[dt.date]:
    """``sopan kalender libur|jam|buka``: LocalCalendarError when refused, and then nothing changed."""
    before = _days(office, start, end)
    days = local_calendar.set_days(office, kind, start, end, name=name, hours=hours)
    record_change(user, office, "kalender", before, _days(office, start, end))
    return days


def undo_calendar(user: AbstractBaseUser, office: Organisation, start: dt.date, end: dt.date | None = None) -> int:
    """``sopan kalender hapus``: the national calendar and the usual week apply again on these dates."""
    before = _days(office, start, end)
    count = local_calendar.remove(office, start, end)
    record_change(user, office, "kalender", before, _days(office, start, end))
    return count
