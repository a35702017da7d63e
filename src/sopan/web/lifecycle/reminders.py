"""SOPs that need attention: their review date (Tanggal Revisi) has passed, or they have not been evaluated in a
year (no signed evaluation in the monitoring app for 365 days, counted from the first publication when none).

A unit sees its own SOPs (whoever may see its monitoring); the Biro sees the units overseen by an organisation
the user belongs to (``oversight``, the one relation of who reviews whom); superusers see every organisation.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Max, Min
from django.utils import timezone

from sopan.model.dates import PartialDate, parse_partial_date
from sopan.problems import Message
from sopan.web.catalog.models import Organisation, Sop, SopVersion
from sopan.web.lifecycle.models import VersionState
from sopan.web.lifecycle.oversight import member_organisations, overseen_by
from sopan.web.lifecycle.states import State
from sopan.web.monitoring.access import monitored_organisations
from sopan.web.monitoring.models import Evaluation

__all__ = ["EVALUATION_DAYS", "Reminder", "organisations_in_view", "overseen", "reminders_for"]

EVALUATION_DAYS = 365
REVIEW_PASSED = Message("Tanggal revisi telah lewat", "The review date has passed")
NOT_EVALUATED = Message("Belum dievaluasi dalam setahun", "Not evaluated in a year")


@dataclass
class Reminder:
    version: SopVersion
    review_date: PartialDate | None
    last_evaluated: dt.datetime | None
    reasons: list[str] = field(default_factory=list)  # "revisi", "evaluasi"

    @property
    def sop(self) -> Sop:
        return self.version.sop

    def texts(self, lang: str) -> list[str]:
        found = {"revisi": REVIEW_PASSED, "evaluasi": NOT_EVALUATED}
        return [found[reason].text(lang) for reason in self.reasons]


def _period_end(date: PartialDate) -> dt.date:
    """The last day a partial date may mean: 2022-01 -> 31 January 2022, 2022 -> 31 December 2022."""
    if date.day is not None and date.month is not None:
        return dt.date(date.year, date.month, date.day)
    month = date.month or 12
    return dt.date(date.year, month, calendar.monthrange(date.year, month)[1])


def _review_date(version: SopVersion) -> PartialDate | None:
    try:
        return parse_partial_date(version.definition.get("tanggal_revisi"))
    except (TypeError, ValueError):
        return None


def overseen(user: AbstractBaseUser) -> list[Organisation]:
    """The units overseen by an organisation the user belongs to (every organisation for a superuser)."""
    if not user.is_authenticated:
        return []
    if user.is_superuser:
        return list(Organisation.objects.order_by("name"))
    return list(overseen_by(member_organisations(user)).order_by("name"))


def organisations_in_view(user: AbstractBaseUser) -> list[Organisation]:
    """The units whose reminders the user sees: their own (as monitoring sees them) and those they oversee."""
    own = list(monitored_organisations(user).order_by("name"))  # one query, however many units a province has
    seen = {organisation.pk for organisation in own}
    return own + [organisation for organisation in overseen(user) if organisation.pk not in seen]


def reminders_for(organisations: list[Organisation], today: dt.date | None = None) -> list[Reminder]:
    """The SOPs in force of ``organisations`` with a reminder, by organisation and title. A review date has passed
    when it is before ``today`` in the unit's own time zone (WIB, WITA or WIT), unless ``today`` is given."""
    now = timezone.now()
    in_force = (
        VersionState.objects.filter(state=State.BERLAKU, sop__organisation__in=organisations)
        .select_related("version__sop__organisation")
        .order_by("sop__organisation__name", "sop__title")
    )
    rows = list(in_force)
    sop_ids = [row.sop_id for row in rows]
    evaluated = dict(
        Evaluation.objects.filter(sop_id__in=sop_ids, signed_at__isnull=False)
        .values("sop_id")
        .annotate(last=Max("signed_at"))
        .values_list("sop_id", "last")
    )
    first_published = dict(
        SopVersion.objects.filter(sop_id__in=sop_ids)
        .values("sop_id")
        .annotate(first=Min("published_at"))
        .values_list("sop_id", "first")
    )
    found = []
    for row in rows:
        reminder = Reminder(row.version, _review_date(row.version), evaluated.get(row.sop_id))
        day = today or timezone.localdate(now, ZoneInfo(row.version.sop.organisation.timezone))
        if reminder.review_date is not None and _period_end(reminder.review_date) < day:
            reminder.reasons.append("revisi")
        since = reminder.last_evaluated or first_published.get(row.sop_id)
        if since is None or now - since > dt.timedelta(days=EVALUATION_DAYS):
            reminder.reasons.append("evaluasi")
        if reminder.reasons:
            found.append(reminder)
    return found
