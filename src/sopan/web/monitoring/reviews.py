"""Closed cases judged once and kept as ``CaseReview`` rows: the figures aggregate them.

A closed case no longer changes its path, so its conformance, waivers, loops and rejection are worked out once
from its state (``conformance``) and stored, in the transaction of the command that closed it
(``on_command.py``). ``review_closed`` judges the closed cases of a selection that have no review yet or whose
version moved since (an anonymisation rewrites the state and raises the version), a few hundred rows at a time:
the ``reviewcases`` management command runs it over every case, after an upgrade, an anonymisation or cases
written without commands (the benchmark's clones). The views never judge.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet

from sopan.engine import Process
from sopan.engine.personal import mask_niks
from sopan.engine.state import CaseState
from sopan.web.cases.models import Case
from sopan.web.catalog.models import SopVersion
from sopan.web.catalog.runtime import process_for
from sopan.web.monitoring.conformance import Conformance, Deviation, DeviationKind, conformance
from sopan.web.monitoring.models import CaseReview
from sopan.web.monitoring.review_summary import keep_reviews

__all__ = ["Processes", "as_conformance", "judged", "masked", "review_closed", "review_of", "waived_items"]

BATCH = 500


def masked(text: str | None) -> str:
    return mask_niks((text or "").strip(), "****")


class Processes:
    """Each SOP version's process, built once from its stored definition."""

    def __init__(self) -> None:
        self._found: dict[int, Process] = {}

    def __call__(self, version_id: int) -> Process:
        if version_id not in self._found:
            version = SopVersion.objects.select_related("sop").defer("definition").get(pk=version_id)
            self._found[version_id] = process_for(version)  # its definition read only if no process has it
        return self._found[version_id]


def waived_items(state: CaseState, process: Process) -> list[list[Any]]:
    """[step, item text, masked reason] for each kelengkapan item waived in the case, in task order."""
    found: list[list[Any]] = []
    for task in state.tasks:
        step = process.find_step(task.step)
        items = {item.key: item.text for item in process.requirements(step)} if step is not None else {}
        found.extend([task.step, items.get(key, key), masked(reason)] for key, reason in task.waived.items())
    return found


def judged(
    state: CaseState, process: Process, *, case_id: Any, case_version: int, sop_version_id: int, status: str
) -> CaseReview:
    """The review of one closed case from its state (not saved)."""
    found = conformance(state, process)
    rejected = status == Case.Status.REJECTED
    last = state.tasks[-1] if state.tasks else None
    return CaseReview(
        case_id=case_id,
        case_version=case_version,
        sop_version_id=sop_version_id,
        opened_at=state.opened_at,
        status=status,
        tracking_code=state.tracking_code,
        conforms=found.conforms,
        path_conforms=found.path_conforms,
        deviations=[[d.kind.value, d.step, d.text_id, d.text_en] for d in found.deviations],
        waivers=waived_items(state, process),
        loops={str(number): times for number, times in state.loops.items()},
        rejected_step=last.step if rejected and last is not None and not last.done else None,
        rejected_reason=masked(state.close_reason) if rejected else "",
    )


def review_of(case: Case, process: Process) -> CaseReview:
    """The review of one closed case row (not saved)."""
    return judged(
        CaseState.from_json(case.state), process, case_id=case.pk, case_version=case.version,
        sop_version_id=case.sop_version_id, status=case.status,
    )  # fmt: skip


def as_conformance(case_id: str, deviations: Iterable[list[Any]]) -> Conformance:
    """The stored deviations read back as the ``Conformance`` they were made from."""
    return Conformance(
        case_id,
        tuple(Deviation(DeviationKind(kind), step, text_id, text_en) for kind, step, text_id, text_en in deviations),
    )


def review_closed(cases: QuerySet[Case], processes: Processes | None = None) -> int:
    """Judge and store the selected closed cases that have no current review; returns how many were judged."""
    processes = processes or Processes()
    current = CaseReview.objects.filter(case=OuterRef("pk"), case_version=OuterRef("version"))
    stale = list(cases.exclude(status=Case.Status.OPEN).exclude(Exists(current)).values_list("pk", flat=True))
    for first in range(0, len(stale), BATCH):
        rows = (
            Case.objects.filter(pk__in=stale[first : first + BATCH])
            .only("pk", "version", "sop_version_id", "opened_at", "status", "tracking_code", "state")
            .annotate(zone=F("organisation__timezone"))
        )
        with transaction.atomic():
            keep_reviews(
                [
                    (
                        review_of(case, processes(case.sop_version_id)),
                        case.opened_at.astimezone(ZoneInfo(case.zone)).date(),
                    )
                    for case in rows
                ]
            )
    return len(stale)
