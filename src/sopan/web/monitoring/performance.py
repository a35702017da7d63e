"""The performance of one SOP over a period, read from the case table and the per-day summaries.

Cases are those opened in the period. A step is within its mutu baku when its task was completed by its due
time (the engine set that time from the working calendar, so weekends and holidays inside a step count as they
should). Working times are the engine's ``elapsed_minutes``. The step figures are read from the per-day
summaries written by each command (``summaries.py``), never from the tasks. Percentiles are continuous
(``percentile_cont``): the value at rank q·(n−1), interpolated, read from the summaries' histograms, exact for
whole minutes up to ``histogram.EXACT_UP_TO`` and within 1 % above. Where cases wait is the open tasks now,
whatever the period. Steps are grouped by number; their names and mutu baku come from the SOP's latest version.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Min, Q, Sum

from sopan.engine import Process
from sopan.web.cases.models import Case, Task
from sopan.web.catalog.models import Organisation, Sop
from sopan.web.catalog.runtime import process_for
from sopan.web.monitoring import histogram
from sopan.web.monitoring.models import StepDay, StepMinutes

__all__ = [
    "CaseFigures",
    "DecisionFigure",
    "Performance",
    "Period",
    "PeriodError",
    "StepFigure",
    "WaitFigure",
    "checked_day",
    "organisation_figures",
    "performance",
]


FIRST_YEAR, LAST_YEAR = 1900, 2999  # a sane range: the database and time-zone arithmetic stay far from their limits


class PeriodError(ValueError):
    """A period that cannot be read, said in both languages and naming the field."""

    def __init__(self, text_id: str, text_en: str) -> None:
        super().__init__(text_en)
        self.text_id, self.text_en = text_id, text_en


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


@dataclass(frozen=True)
class Period:
    """Both days included, in the organisation's time zone."""

    start: dt.date
    end: dt.date

    @classmethod
    def last_months(cls, today: dt.date, months: int = 6) -> Period:
        """The ``months`` months up to and including ``today``: 2026-12-04 gives 2026-06-05 .. 2026-12-04."""
        year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
        month += 1
        day = min(today.day, calendar.monthrange(year, month)[1])
        return cls(dt.date(year, month, day) + dt.timedelta(days=1), today)

    @classmethod
    def parse(cls, start: str | None, end: str | None, today: dt.date) -> Period:
        """``dari``/``sampai`` as YYYY-MM-DD, either may be left out: the default is the last six months."""
        first, last = _day(start, "dari"), _day(end, "sampai")
        default = cls.last_months(last or today)
        period = cls(first or default.start, last or default.end)
        if period.end < period.start:
            raise PeriodError(
                f"sampai ({period.end}) lebih awal dari dari ({period.start})",
                f"sampai ({period.end}) is before dari ({period.start})",
            )
        return period

    def bounds(self, zone: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
        after = self.end + dt.timedelta(days=1)
        return dt.datetime.combine(self.start, dt.time(), zone), dt.datetime.combine(after, dt.time(), zone)


@dataclass(frozen=True)
class CaseFigures:
    opened: int
    finished: int
    rejected: int
    cancelled: int
    open: int
    finished_with_due: int  # finished cases that had a promised time
    on_time: int  # of those, finished by it

    @property
    def on_time_share(self) -> float | None:
        return _share(self.on_time, self.finished_with_due)


@dataclass(frozen=True)
class StepFigure:
    step: int
    activity: str
    standard: str  # the mutu baku as the SOP writes it
    standard_minutes: float | None  # at the nominal working day
    completed: int
    median: float | None
    p90: float | None
    with_due: int
    within: int

    @property
    def within_share(self) -> float | None:
        return _share(self.within, self.with_due)


@dataclass(frozen=True)
class WaitFigure:
    step: int
    activity: str
    open_tasks: int
    overdue: int
    oldest_since: dt.datetime | None

    def oldest_days(self, now: dt.datetime) -> float | None:
        return None if self.oldest_since is None else round((now - self.oldest_since).total_seconds() / 86400, 1)


@dataclass(frozen=True)
class DecisionFigure:
    step: int
    activity: str
    answered: int
    no: int  # "tidak": sent back

    @property
    def no_share(self) -> float | None:
        return _share(self.no, self.answered)


@dataclass(frozen=True)
class Performance:
    sop: Sop
    period: Period
    now: dt.datetime
    cases: CaseFigures
    steps: list[StepFigure]
    waiting: list[WaitFigure]
    decisions: list[DecisionFigure]


def checked_day(day: dt.date, name: str) -> dt.date:
    """``day`` itself, or a ``PeriodError`` naming ``name`` when it lies outside FIRST_YEAR..LAST_YEAR."""
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise PeriodError(
            f"{name} '{day}' di luar rentang tahun {FIRST_YEAR}-{LAST_YEAR}",
            f"{name} '{day}' is outside the years {FIRST_YEAR}-{LAST_YEAR}",
        )
    return day


def _day(text: str | None, name: str) -> dt.date | None:
    if not text:
        return None
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        shown = text[:20]
        raise PeriodError(
            f"{name} '{shown}' bukan tanggal; tulis TTTT-BB-HH, mis. 2026-01-31",
            f"{name} '{shown}' is not a date; write YYYY-MM-DD, e.g. 2026-01-31",
        ) from None
    return checked_day(day, name)


def percentile(ordered: list[float], fraction: float) -> float | None:
    """``percentile_cont`` on an ascending list of exact values (what the histogram's percentiles are held to)."""
    if not ordered:
        return None
    rank = fraction * (len(ordered) - 1)
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _step_sums(sop: Sop, period: Period) -> tuple[dict[int, dict], dict[int, tuple[float | None, float | None]]]:
    """Per step, the sums of the period's days (``StepDay``) and the median and 90th percentile read from the
    days' histograms (``StepMinutes``, within ``histogram.error_bound``): two grouped queries."""
    days = {"sop_version__sop": sop, "day__gte": period.start, "day__lte": period.end}
    sums = {name: Sum(name) for name in ("completed", "with_due", "within", "answered")} | {"no": Sum("sent_back")}
    per_step = {row["step"]: row for row in StepDay.objects.filter(**days).values("step").annotate(**sums)}
    counts: dict[int, list[tuple[int, int]]] = {}
    for step, key, n in StepMinutes.objects.filter(**days).values_list("step", "bucket").annotate(Sum("n")):
        counts.setdefault(step, []).append((key, n))
    percentiles = {step: (histogram.percentile(c, 0.5), histogram.percentile(c, 0.9)) for step, c in counts.items()}
    return per_step, percentiles


def _process(sop: Sop) -> Process | None:
    version = sop.latest
    return None if version is None else process_for(version)


def _case_counts() -> dict[str, Count]:
    """The aggregates of ``CaseFigures``, by name."""
    status = Case.Status
    return {
        "opened": Count("pk"),
        "finished": Count("pk", filter=Q(status=status.FINISHED)),
        "rejected": Count("pk", filter=Q(status=status.REJECTED)),
        "cancelled": Count("pk", filter=Q(status=status.CANCELLED)),
        "open": Count("pk", filter=Q(status=status.OPEN)),
        "finished_with_due": Count("pk", filter=Q(status=status.FINISHED, due_at__isnull=False)),
        "on_time": Count("pk", filter=Q(status=status.FINISHED, closed_at__lte=F("due_at"))),
    }


def organisation_figures(organisation: Organisation, period: Period) -> dict[str, CaseFigures]:
    """Each SOP's case figures (by key, SOPs without cases in the period left out): one grouped query."""
    start, end = period.bounds(ZoneInfo(organisation.timezone))
    cases = Case.objects.filter(organisation=organisation, opened_at__gte=start, opened_at__lt=end)
    rows = cases.values("sop_version__sop__key").annotate(**_case_counts()).order_by("sop_version__sop__key")
    return {row.pop("sop_version__sop__key"): CaseFigures(**row) for row in rows}


def performance(sop: Sop, period: Period, now: dt.datetime | None = None) -> Performance:
    """Every figure of the SOP for the period: four aggregate queries, whatever the number of cases."""
    now = now or dt.datetime.now(dt.UTC)
    start, end = period.bounds(ZoneInfo(sop.organisation.timezone))
    cases = Case.objects.filter(sop_version__sop=sop, opened_at__gte=start, opened_at__lt=end)
    counted = cases.aggregate(**_case_counts())
    per_step, percentiles = _step_sums(sop, period)
    waiting_rows = (
        Task.objects.filter(case__sop_version__sop=sop, is_open=True)
        .values("step")
        .annotate(open_tasks=Count("pk"), overdue=Count("pk", filter=Q(due_at__lt=now)), oldest=Min("activated_at"))
    )
    waiting_by_step = {row["step"]: row for row in waiting_rows}
    process = _process(sop)
    numbers = sorted(set(per_step) | set(waiting_by_step) | _step_numbers(process))

    def activity(number: int) -> str:
        step = process.find_step(number) if process else None
        return f"{number}. {step.activity}" if step is not None else str(number)

    steps, waiting, decisions = [], [], []
    for number in numbers:
        step = process.find_step(number) if process else None
        row = per_step.get(number, {})
        duration = step.duration if step is not None else None
        median, p90 = percentiles.get(number, (None, None))
        steps.append(
            StepFigure(
                step=number,
                activity=activity(number),
                standard=str(duration) if duration is not None else "",
                standard_minutes=duration.nominal_minutes() if duration is not None else None,
                completed=row.get("completed", 0),
                median=median,
                p90=p90,
                with_due=row.get("with_due", 0),
                within=row.get("within", 0),
            )
        )
        wait = waiting_by_step.get(number)
        if wait:
            waiting.append(WaitFigure(number, activity(number), wait["open_tasks"], wait["overdue"], wait["oldest"]))
        if (step is not None and step.decision is not None) or row.get("answered"):
            decisions.append(DecisionFigure(number, activity(number), row.get("answered", 0), row.get("no", 0)))
    return Performance(sop, period, now, CaseFigures(**counted), steps, waiting, decisions)


def _step_numbers(process: Process | None) -> set[int]:
    if process is None:
        return set()
    return {number for step in process.sop.steps if (number := step.number) is not None}
