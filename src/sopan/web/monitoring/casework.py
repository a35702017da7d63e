"""The figures read from the cases: conformance, waived kelengkapan, rejections, loops; and the workload.

The cases are those opened in the period (as for the performance figures). Closed cases are read from the
counts of their reviews per opening day (``review_summary.py``; each case judged once, when it closed, with its
own SOP version's process); only the deviating finished cases listed one by one are read from the reviews, the
oldest first, a page at a time. Open cases (the backlog) are read from their states. Reasons are
shown with every 16-digit number masked, and no applicant or officer is named: the workload is per role, read
from the per-day summaries (``summaries.py``) but for the open tasks.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, QuerySet, Sum

from sopan.engine import Process
from sopan.engine.state import CaseState
from sopan.web.cases.models import Case, Task
from sopan.web.catalog.models import Sop, StepRole
from sopan.web.catalog.runtime import process_for
from sopan.web.monitoring.conformance import Conformance
from sopan.web.monitoring.models import CaseReview, StepDay
from sopan.web.monitoring.performance import Period
from sopan.web.monitoring.review_summary import CLOSED, DEVIATION, LOOP, REJECTION, WAIVER, counted
from sopan.web.monitoring.reviews import Processes, as_conformance, masked, waived_items

__all__ = [
    "Casework",
    "LoopFigure",
    "RejectionFigure",
    "RoleLoad",
    "WaiverFigure",
    "casework",
    "deviating_cases",
    "masked",
]


@dataclass(frozen=True)
class WaiverFigure:
    step: int
    item: str
    count: int
    reasons: list[tuple[str, int]]  # most frequent first


@dataclass(frozen=True)
class RejectionFigure:
    step: int | None
    reason: str
    count: int


@dataclass(frozen=True)
class LoopFigure:
    step: int
    activity: str
    cases_looping: int
    loops: int
    most: int  # the most returns of one case


@dataclass(frozen=True)
class RoleLoad:
    code: str
    name: str
    completed: int
    open: int
    minutes: float


@dataclass(frozen=True)
class Casework:
    finished: int
    conforming: int
    path_conforming: int
    deviating: list[tuple[str, Conformance]]  # (tracking code, judged) of the oldest deviating finished cases
    deviations: list[tuple[str, str, int]]  # (text_id, text_en, cases showing it) over all deviating cases
    waivers: list[WaiverFigure]
    rejections: list[RejectionFigure]
    loops: list[LoopFigure]
    roles: list[RoleLoad]

    @property
    def conforming_share(self) -> float | None:
        return self.conforming / self.finished if self.finished else None

    @property
    def deviating_total(self) -> int:
        """The finished cases that do not conform (``deviating`` may hold only the first of them)."""
        return self.finished - self.conforming

    def deviation_counts(self, lang: str) -> list[tuple[str, int]]:
        """Each deviation's text with the number of cases showing it, most frequent first."""
        counts: Counter[str] = Counter()
        for text_id, text_en, n in self.deviations:
            counts[text_en if lang == "en" else text_id] += n
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def _activity(process: Process | None, number: int) -> str:
    step = process.find_step(number) if process else None
    return f"{number}. {step.activity}" if step is not None else str(number)


def deviating_cases(sop: Sop, period: Period, limit: int | None = None) -> Iterator[tuple[str, Conformance]]:
    """The deviating finished cases of the period, oldest first (at most ``limit``), read from their reviews by
    the partial index of deviating cases, streamed."""
    start, end = period.bounds(ZoneInfo(sop.organisation.timezone))
    rows = (
        CaseReview.objects.filter(
            sop_version__sop=sop, opened_at__gte=start, opened_at__lt=end, status=Case.Status.FINISHED, conforms=False
        )
        .order_by("opened_at", "pk")
        .values_list("case_id", "tracking_code", "deviations")
    )
    if limit is not None:
        rows = rows[:limit]
    for case_id, code, deviations in rows.iterator(chunk_size=2000):
        yield code, as_conformance(str(case_id), deviations)


def casework(sop: Sop, period: Period, deviating: int | None = None) -> Casework:
    """Every figure of this module for the SOP and period; the first ``deviating`` deviating cases (all: None).
    Closed cases are read from the counts of their reviews (``review_summary``), open ones from their states."""
    start, end = period.bounds(ZoneInfo(sop.organisation.timezone))
    cases = Case.objects.filter(sop_version__sop=sop, opened_at__gte=start, opened_at__lt=end)
    processes = Processes()
    counts = counted(sop, period.start, period.end)
    closing = Counter[str]()
    for (status, conforms, path_conforms), n in counts.get(CLOSED, []):
        if status == Case.Status.FINISHED:
            closing["finished"] += n
            closing["conforming"] += n if conforms else 0
            closing["path_conforming"] += n if path_conforms else 0
    waived: dict[tuple[int, str], Counter[str]] = {}
    for (step, item, reason), n in counts.get(WAIVER, []):
        waived.setdefault((step, item), Counter())[reason] += n
    loops: dict[int, Counter[int]] = {}
    for (number, times), n in counts.get(LOOP, []):
        loops.setdefault(number, Counter())[times] += n
    live = cases.filter(status=Case.Status.OPEN).values_list("state", "sop_version_id")
    for state, version_id in _states(live):
        for step, item, reason in waived_items(state, processes(version_id)):
            waived.setdefault((step, item), Counter())[reason] += 1
        for number, times in state.loops.items():
            loops.setdefault(int(number), Counter())[times] += 1
    version = sop.latest
    latest = process_for(version) if version is not None else None
    for step in latest.sop.steps if latest is not None else []:
        if step.decision is not None and step.number is not None:
            loops.setdefault(step.number, Counter())
    return Casework(
        finished=closing["finished"],
        conforming=closing["conforming"],
        path_conforming=closing["path_conforming"],
        deviating=list(deviating_cases(sop, period, deviating)),
        deviations=[(text_id, text_en, n) for (_kind, _step, text_id, text_en), n in counts.get(DEVIATION, [])],
        waivers=[
            WaiverFigure(step, item, sum(reasons.values()), sorted(reasons.items(), key=lambda p: (-p[1], p[0])))
            for (step, item), reasons in sorted(waived.items())
        ],
        rejections=[
            RejectionFigure(step, reason, count)
            for (step, reason), count in sorted(counts.get(REJECTION, []), key=lambda row: (-row[1], str(row[0])))
        ],
        loops=[
            LoopFigure(
                n,
                _activity(latest, n),
                sum(cases for t, cases in times.items() if t),
                sum(t * cases for t, cases in times.items()),
                max((t for t, cases in times.items() if cases), default=0),
            )
            for n, times in sorted(loops.items())
        ],
        roles=_workload(sop, period, cases),
    )


def _states(rows: object) -> list[tuple[CaseState, int]]:
    return [(CaseState.from_json(state), version_id) for state, version_id in rows]  # type: ignore[attr-defined]


def _workload(sop: Sop, period: Period, cases: QuerySet[Case]) -> list[RoleLoad]:
    """Per role, the tasks done and their minutes from the per-step summaries (``StepDay``), the open tasks now
    from the task table (few: most tasks are done), each step's figures going to each role acting on it in its
    version (``StepRole``, where the inbox finds a task's roles); roles by their organisation's names."""
    acting: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for version_id, number, code, name in StepRole.objects.filter(sop_version__sop=sop).values_list(
        "sop_version_id", "step", "role__code", "role__name"
    ):
        acting.setdefault((version_id, number), []).append((code, name))
    names: dict[str, str] = {}
    done: dict[str, list[float]] = {}
    days = StepDay.objects.filter(sop_version__sop=sop, day__gte=period.start, day__lte=period.end)
    steps = days.values_list("sop_version_id", "step").annotate(Sum("completed"), Sum("minutes")).order_by()
    for version_id, number, completed, minutes in steps:
        for code, name in acting.get((version_id, number), ()):
            names[code] = name
            load = done.setdefault(code, [0, 0.0])
            load[0] += completed
            load[1] += minutes
    waiting: Counter[str] = Counter()
    open_tasks = Task.objects.filter(is_open=True, case__in=cases.values("pk"))
    for version_id, number, count in (
        open_tasks.values_list("case__sop_version_id", "step").annotate(Count("pk")).order_by()
    ):
        for code, name in acting.get((version_id, number), ()):
            names[code] = name
            waiting[code] += count
    loads = [
        RoleLoad(code, name, int(done.get(code, (0, 0.0))[0]), waiting.get(code, 0), float(done.get(code, (0, 0.0))[1]))
        for code, name in names.items()
    ]
    return sorted(loads, key=lambda load: (load.name, load.code))
