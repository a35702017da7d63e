"""The figures read from the cases: conformance, waived kelengkapan, rejections, loops; and the workload.

The cases are those opened in the period (as for the performance figures). Closed cases are read from their
reviews (``reviews.py``: each judged once with its own SOP version's process and kept; those not judged yet are
judged first), aggregated by the database where a count is enough; only the deviating finished cases and those
with waivers or loops are read row by row. Open cases (the backlog) are read from their states. Reasons are
shown with every 16-digit number masked, and no applicant or officer is named: the workload is per role.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum

from sopan.engine import Process
from sopan.engine.state import CaseState
from sopan.web.cases.models import Case, Task
from sopan.web.catalog.models import Sop
from sopan.web.monitoring.conformance import Conformance
from sopan.web.monitoring.models import CaseReview
from sopan.web.monitoring.performance import Period, version_process
from sopan.web.monitoring.reviews import Processes, as_conformance, masked, review_closed, waived_items

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
    review_closed(cases, processes)
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
        roles=_workload(cases),
    )


def _states(rows: object) -> list[tuple[CaseState, int]]:
    return [(CaseState.from_json(state), version_id) for state, version_id in rows]  # type: ignore[attr-defined]


def _workload(cases: object) -> list[RoleLoad]:
    done = Q(completed_at__isnull=False)
    rows = (
        Task.objects.filter(case__in=cases.values("pk"))  # type: ignore[attr-defined]
        .values("roles__code", "roles__name")
        .annotate(
            completed=Count("pk", filter=done), open=Count("pk", filter=Q(is_open=True)), minutes=Sum("elapsed_minutes")
        )
        .order_by("roles__name")
    )
    return [
        RoleLoad(row["roles__code"], row["roles__name"], row["completed"], row["open"], float(row["minutes"] or 0))
        for row in rows
        if row["roles__code"] is not None
    ]
