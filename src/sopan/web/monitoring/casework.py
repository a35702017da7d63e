"""The figures read from the cases: conformance, waived kelengkapan, rejections, loops; and the workload.

The cases are those opened in the period (as for the performance figures). Closed cases are read from their
reviews (``reviews.py``: each judged once, when it closed, with its own SOP version's process), aggregated by
the database where a count is enough; only the deviating finished cases and those with waivers or loops are
read row by row. Open cases (the backlog) are read from their states. Reasons are
shown with every 16-digit number masked, and no applicant or officer is named: the workload is per role, read
from the per-day summaries (``summaries.py``) but for the open tasks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet, Sum

from sopan.engine import Process
from sopan.engine.state import CaseState
from sopan.web.cases.models import Case, Task
from sopan.web.catalog.models import Sop
from sopan.web.monitoring.conformance import Conformance
from sopan.web.monitoring.models import CaseReview, RoleDay
from sopan.web.monitoring.performance import Period, version_process
from sopan.web.monitoring.reviews import Processes, as_conformance, masked, waived_items

__all__ = ["Casework", "LoopFigure", "RejectionFigure", "RoleLoad", "WaiverFigure", "casework", "masked"]


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
    deviating: list[tuple[str, Conformance]]  # (tracking code, judged) of each deviating finished case, oldest first
    waivers: list[WaiverFigure]
    rejections: list[RejectionFigure]
    loops: list[LoopFigure]
    roles: list[RoleLoad]

    @property
    def conforming_share(self) -> float | None:
        return self.conforming / self.finished if self.finished else None

    def deviation_counts(self, lang: str) -> list[tuple[str, int]]:
        """Each deviation's text with the number of cases showing it, most frequent first."""
        counts = Counter(text for _, c in self.deviating for text in dict.fromkeys(d.text(lang) for d in c.deviations))
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def _activity(process: Process | None, number: int) -> str:
    step = process.find_step(number) if process else None
    return f"{number}. {step.activity}" if step is not None else str(number)


def casework(sop: Sop, period: Period) -> Casework:
    """Every figure of this module for the SOP and period."""
    start, end = period.bounds(ZoneInfo(sop.organisation.timezone))
    cases = Case.objects.filter(sop_version__sop=sop, opened_at__gte=start, opened_at__lt=end)
    processes = Processes()
    reviews = CaseReview.objects.filter(sop_version__sop=sop, opened_at__gte=start, opened_at__lt=end)
    finished = Q(status=Case.Status.FINISHED)
    counted = reviews.aggregate(
        finished=Count("pk", filter=finished),
        conforming=Count("pk", filter=finished & Q(conforms=True)),
        path_conforming=Count("pk", filter=finished & Q(path_conforms=True)),
    )
    deviating = [
        (code, as_conformance(str(case_id), deviations))
        for case_id, code, deviations in reviews.filter(finished, conforms=False)
        .order_by("opened_at", "pk")
        .values_list("case_id", "tracking_code", "deviations")
    ]
    rejected = (
        reviews.filter(status=Case.Status.REJECTED)
        .values_list("rejected_step", "rejected_reason")
        .annotate(count=Count("pk"))
        .order_by()
    )
    waived: dict[tuple[int, str], Counter[str]] = {}
    loops: dict[int, list[int]] = {}
    closed = reviews.exclude(waivers=[], loops={}).values_list("waivers", "loops")
    live = cases.filter(status=Case.Status.OPEN).values_list("state", "sop_version_id")
    rows = [*closed, *((waived_items(state, processes(v)), state.loops) for state, v in _states(live))]
    for items, times_per_step in rows:
        for step, item, reason in items:
            waived.setdefault((step, item), Counter())[reason] += 1
        for number, times in times_per_step.items():
            loops.setdefault(int(number), []).append(times)
    version = sop.latest
    latest = version_process(version) if version is not None else None
    for step in latest.sop.steps if latest is not None else []:
        if step.decision is not None and step.number is not None:
            loops.setdefault(step.number, [])
    return Casework(
        **counted,
        deviating=deviating,
        waivers=[
            WaiverFigure(step, item, sum(reasons.values()), reasons.most_common())
            for (step, item), reasons in sorted(waived.items())
        ],
        rejections=[
            RejectionFigure(step, reason, count)
            for step, reason, count in sorted(rejected, key=lambda row: (-row[2], str((row[0], row[1]))))
        ],
        loops=[
            LoopFigure(n, _activity(latest, n), sum(1 for t in times if t), sum(times), max(times, default=0))
            for n, times in sorted(loops.items())
        ],
        roles=_workload(sop, period, cases),
    )


def _states(rows: object) -> list[tuple[CaseState, int]]:
    return [(CaseState.from_json(state), version_id) for state, version_id in rows]  # type: ignore[attr-defined]


def _workload(sop: Sop, period: Period, cases: QuerySet[Case]) -> list[RoleLoad]:
    """Per role, the tasks done and their minutes from the summaries (``RoleDay``), the open tasks now from the
    task table (few: most tasks are done); roles by their organisation's names."""
    days = RoleDay.objects.filter(sop_version__sop=sop, day__gte=period.start, day__lte=period.end)
    done = {
        row["role"]: row for row in days.values("role").annotate(completed=Sum("completed"), minutes=Sum("minutes"))
    }
    waiting = dict(
        Task.objects.filter(is_open=True, case__in=cases.values("pk"))
        .values_list("roles__code")
        .annotate(open=Count("pk"))
        .order_by()
    )
    names = dict(sop.organisation.roles.filter(code__in=[*done, *waiting]).values_list("code", "name"))
    loads = [
        RoleLoad(
            code,
            name,
            int(done.get(code, {}).get("completed") or 0),
            waiting.get(code, 0),
            float(done.get(code, {}).get("minutes") or 0),
        )
        for code, name in names.items()
        if code in done or waiting.get(code)
    ]
    return sorted(loads, key=lambda load: (load.name, load.code))
