"""The figures read from the cases' states: conformance, waived kelengkapan, rejections, loops; and the workload.

The cases are those opened in the period (as for the performance figures). Each closed case's state is read
once and judged with its own SOP version's process (``conformance``). Reasons are shown with every 16-digit
number masked, and no applicant or officer is named: the workload is per role.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, Sum

from sopan.engine import Process
from sopan.engine.personal import mask_niks
from sopan.engine.state import CaseState
from sopan.web.cases.models import Case, Task
from sopan.web.catalog.models import Sop, SopVersion
from sopan.web.monitoring.conformance import Conformance, conformance
from sopan.web.monitoring.performance import Period, version_process

__all__ = ["Casework", "LoopFigure", "RejectionFigure", "RoleLoad", "WaiverFigure", "casework", "masked"]


def masked(text: str | None) -> str:
    return mask_niks((text or "").strip(), "****")


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
    judged: list[Conformance]  # one per finished case
    tracking: dict[str, str]  # case id -> tracking code
    waivers: list[WaiverFigure]
    rejections: list[RejectionFigure]
    loops: list[LoopFigure]
    roles: list[RoleLoad]

    @property
    def finished(self) -> int:
        return len(self.judged)

    @property
    def conforming(self) -> int:
        return sum(1 for c in self.judged if c.conforms)

    @property
    def conforming_share(self) -> float | None:
        return self.conforming / self.finished if self.finished else None

    def deviation_counts(self, lang: str) -> list[tuple[str, int]]:
        """Each deviation's text with the number of cases showing it, most frequent first."""
        counts = Counter(text for c in self.judged for text in dict.fromkeys(d.text(lang) for d in c.deviations))
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))


def _rejected_step(state: CaseState) -> int | None:
    return state.tasks[-1].step if state.tasks and not state.tasks[-1].done else None


def _activity(process: Process | None, number: int) -> str:
    step = process.find_step(number) if process else None
    return f"{number}. {step.activity}" if step is not None else str(number)


def casework(sop: Sop, period: Period) -> Casework:
    """Every figure of this module for the SOP and period."""
    start, end = period.bounds(ZoneInfo(sop.organisation.timezone))
    cases = Case.objects.filter(sop_version__sop=sop, opened_at__gte=start, opened_at__lt=end)
    processes: dict[int, Process] = {}
    judged, tracking = [], {}
    waived: dict[tuple[int, str], Counter[str]] = {}
    rejected: Counter[tuple[int | None, str]] = Counter()
    loops: dict[int, list[int]] = {}
    rows = cases.order_by("opened_at").values_list("state", "sop_version_id", "status", "tracking_code")
    for state_json, version_id, status, code in rows.iterator(chunk_size=500):
        if version_id not in processes:
            processes[version_id] = version_process(SopVersion.objects.select_related("sop").get(pk=version_id))
        process = processes[version_id]
        state = CaseState.from_json(state_json)
        if status == Case.Status.FINISHED:
            judged.append(conformance(state, process))
            tracking[state.case_id] = code
        if status == Case.Status.REJECTED:
            rejected[(_rejected_step(state), masked(state.close_reason))] += 1
        for task in state.tasks:
            step = process.find_step(task.step)
            items = {item.key: item.text for item in process.requirements(step)} if step is not None else {}
            for key, reason in task.waived.items():
                waived.setdefault((task.step, items.get(key, key)), Counter())[masked(reason)] += 1
        for number, times in state.loops.items():
            loops.setdefault(int(number), []).append(times)
    version = sop.latest
    latest = version_process(version) if version is not None else None
    for step in latest.sop.steps if latest is not None else []:
        if step.decision is not None and step.number is not None:
            loops.setdefault(step.number, [])
    return Casework(
        judged=judged,
        tracking=tracking,
        waivers=[
            WaiverFigure(step, item, sum(reasons.values()), reasons.most_common())
            for (step, item), reasons in sorted(waived.items())
        ],
        rejections=[
            RejectionFigure(step, reason, count)
            for (step, reason), count in sorted(rejected.items(), key=lambda pair: (-pair[1], str(pair[0])))
        ],
        loops=[
            LoopFigure(n, _activity(latest, n), sum(1 for t in times if t), sum(times), max(times, default=0))
            for n, times in sorted(loops.items())
        ],
        roles=_workload(cases),
    )


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
