"""The daily and monthly recap of an organisation's services: per SOP what happened in the day or the month.

Each figure counts what happened inside the period, in the organisation's time zone: cases opened in it; cases
closed in it (finished, rejected, cancelled); of the finished, those on time (closed by their due time) and late
(after it); the due time has already moved by every wait for the applicant, so a hold never makes a case late.
"On hold" counts the cases put on hold for the applicant in the period. The average working time is over the
cases finished in the period: the working minutes of their tasks, which the engine measured on the office's
working calendar with the holds taken out, shown in working hours and working days (the calendar's day length).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, Sum

from sopan.engine.events import EventKind
from sopan.web.cases.models import Case, Event, Task
from sopan.web.catalog.models import Organisation, Sop
from sopan.web.catalog.runtime import calendar_for
from sopan.web.monitoring.performance import Period, PeriodError, checked_day

__all__ = ["DAILY", "MONTHLY", "Recap", "RecapLine", "RecapPeriod", "recap"]

DAILY, MONTHLY = "harian", "bulanan"


@dataclass(frozen=True)
class RecapPeriod:
    """A day (``harian``, YYYY-MM-DD) or a month (``bulanan``, YYYY-MM)."""

    kind: str
    period: Period

    @property
    def text(self) -> str:
        """The period as written in the address: 2026-11 or 2026-11-05."""
        start = self.period.start
        return start.isoformat() if self.kind == DAILY else f"{start.year:04d}-{start.month:02d}"

    @classmethod
    def parse(cls, kind: str, text: str | None, today: dt.date) -> RecapPeriod:
        """``text`` as the kind writes it; empty means today's day or month."""
        if kind not in (DAILY, MONTHLY):
            raise PeriodError(
                f"jenis rekap '{kind[:20]}' tidak dikenal; pilih harian atau bulanan",
                f"recap kind '{kind[:20]}' is unknown; choose harian or bulanan",
            )
        value = (text or "").strip()
        if kind == DAILY:
            day = today
            if value:
                day = _read(value, "tanggal", "TTTT-BB-HH, mis. 2026-11-05", "YYYY-MM-DD, e.g. 2026-11-05")
            return cls(kind, Period(day, day))
        first = _read(value, "bulan", "TTTT-BB, mis. 2026-11", "YYYY-MM, e.g. 2026-11", "-01") if value else today
        first = first.replace(day=1)
        last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
        return cls(kind, Period(first, last))


def _read(text: str, name: str, form_id: str, form_en: str, suffix: str = "") -> dt.date:
    try:
        day = dt.date.fromisoformat(text + suffix)
    except ValueError:
        shown = text[:20]
        raise PeriodError(
            f"{name} '{shown}' tidak terbaca; tulis {form_id}", f"{name} '{shown}' cannot be read; write {form_en}"
        ) from None
    return checked_day(day, name)


@dataclass
class RecapLine:
    """The figures of one SOP (or of all, the totals line)."""

    label: str
    key: str = ""
    opened: int = 0
    finished: int = 0
    on_time: int = 0
    late: int = 0
    held: int = 0
    rejected: int = 0
    cancelled: int = 0
    worked_minutes: float = 0.0  # over the finished cases

    def average_minutes(self) -> float | None:
        return self.worked_minutes / self.finished if self.finished else None

    def add(self, other: RecapLine) -> None:
        for name in ("opened", "finished", "on_time", "late", "held", "rejected", "cancelled", "worked_minutes"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass(frozen=True)
class Recap:
    organisation: Organisation
    period: RecapPeriod
    minutes_per_day: int  # the working day of the office's calendar, for averages in days
    lines: list[RecapLine]
    total: RecapLine = field(default_factory=lambda: RecapLine("Jumlah"))

    def hours(self, minutes: float | None) -> float | None:
        return None if minutes is None else round(minutes / 60, 2)

    def days(self, minutes: float | None) -> float | None:
        return None if minutes is None else round(minutes / self.minutes_per_day, 2)


def recap(organisation: Organisation, period: RecapPeriod, sop: Sop | None = None) -> Recap:
    """The period's figures per SOP of the organisation (only ``sop`` when given), with their totals: four
    aggregate queries whatever the number of cases."""
    start, end = period.period.bounds(ZoneInfo(organisation.timezone))
    cases = Case.objects.filter(organisation=organisation)
    if sop is not None:
        cases = cases.filter(sop_version__sop=sop)
    by_sop = "sop_version__sop"
    status = Case.Status
    opened = cases.filter(opened_at__gte=start, opened_at__lt=end).values(by_sop).annotate(n=Count("pk"))
    closing = cases.filter(closed_at__gte=start, closed_at__lt=end)
    finished = Q(status=status.FINISHED)
    closed = closing.values(by_sop).annotate(
        finished=Count("pk", filter=finished),
        on_time=Count("pk", filter=finished & Q(closed_at__lte=F("due_at"))),
        late=Count("pk", filter=finished & Q(closed_at__gt=F("due_at"))),
        rejected=Count("pk", filter=Q(status=status.REJECTED)),
        cancelled=Count("pk", filter=Q(status=status.CANCELLED)),
    )
    worked = (
        Task.objects.filter(case__in=closing.filter(finished).values("pk"))
        .values(sop=F("case__sop_version__sop"))
        .annotate(minutes=Sum("elapsed_minutes"))
    )
    # a case put on hold in the period was open in it: opened before its end, not closed before its start
    running = cases.filter(Q(closed_at__isnull=True) | Q(closed_at__gte=start), opened_at__lt=end)
    held = (
        Event.objects.filter(kind=EventKind.CASE_HELD, at__gte=start, at__lt=end, case__in=running.values("pk"))
        .values(sop=F("case__sop_version__sop"))
        .annotate(n=Count("case", distinct=True))
    )
    sops = Sop.objects.filter(organisation=organisation) if sop is None else Sop.objects.filter(pk=sop.pk)
    lines = {s.pk: RecapLine(s.title, s.key) for s in sops.order_by("title")}
    for row in opened:
        lines[row[by_sop]].opened = row["n"]
    for row in closed:
        line = lines[row[by_sop]]
        line.finished, line.on_time, line.late = row["finished"], row["on_time"], row["late"]
        line.rejected, line.cancelled = row["rejected"], row["cancelled"]
    for row in worked:
        lines[row["sop"]].worked_minutes = float(row["minutes"] or 0)
    for row in held:
        lines[row["sop"]].held = row["n"]
    total = RecapLine("Jumlah")
    for line in lines.values():
        total.add(line)
    minutes_per_day = calendar_for(organisation).units.minutes_per_day
    return Recap(organisation, period, minutes_per_day, list(lines.values()), total)
