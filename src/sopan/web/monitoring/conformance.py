"""Whether a case went the way its SOP allows: its path replayed against the process, and its deviations.

Pure: reads an engine ``CaseState`` and the ``Process`` of the case's SOP version, imports nothing of Django.
The path is followed from the first step; each completed task must be the step the flow leads to (a decision's
answer picks its exit, so a return through a "tidak" exit is one of the SOP's own loops). A task at another
step is a step skipped (a step never done before) or a step repeated outside the SOP's loops; a finished case
must end where the flow ends. Besides the path, each waived kelengkapan item and each outside party's step
recorded after its due time is a deviation. A case conforms when it has no deviation at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sopan.engine.personal import mask_niks
from sopan.engine.process import Process
from sopan.engine.state import CaseState, CaseStatus
from sopan.model.sop import END

__all__ = ["Conformance", "Deviation", "DeviationKind", "conformance"]


class DeviationKind(StrEnum):
    SKIPPED = "dilewati"
    REPEATED = "diulang"
    ENDED_EARLY = "selesai_sebelum_akhir"
    WAIVED = "kelengkapan_dikecualikan"
    LATE_OUTSIDE = "pihak_luar_terlambat"


@dataclass(frozen=True)
class Deviation:
    kind: DeviationKind
    step: int | None
    text_id: str
    text_en: str

    def text(self, lang: str) -> str:
        return self.text_en if lang == "en" else self.text_id


@dataclass(frozen=True)
class Conformance:
    case_id: str
    deviations: tuple[Deviation, ...]

    @property
    def conforms(self) -> bool:
        return not self.deviations

    @property
    def path_conforms(self) -> bool:
        path = {DeviationKind.SKIPPED, DeviationKind.REPEATED, DeviationKind.ENDED_EARLY}
        return not any(d.kind in path for d in self.deviations)


def _path(state: CaseState, process: Process) -> list[Deviation]:
    found: list[Deviation] = []
    expected: int | str = process.first_step.number  # type: ignore[assignment]
    seen: set[int] = set()
    for task in state.tasks:
        if not task.done:
            break
        if task.step != expected:
            if task.step in seen:
                found.append(
                    Deviation(
                        DeviationKind.REPEATED,
                        task.step,
                        f"langkah {task.step} diulang di luar perulangan SOP",
                        f"step {task.step} repeated outside the SOP's loops",
                    )
                )
            else:
                where = f"{expected}" if expected != END else "akhir"
                found.append(
                    Deviation(
                        DeviationKind.SKIPPED,
                        expected if isinstance(expected, int) else None,
                        f"langkah {where} dilewati (langsung ke langkah {task.step})",
                        f"step {where if expected != END else 'end'} skipped (straight to step {task.step})",
                    )
                )
        seen.add(task.step)
        step = process.find_step(task.step)
        if step is None:
            expected = END
            continue
        expected = process.next_step(step, None if task.answer is None else task.answer == "ya")
    if state.status == CaseStatus.FINISHED and expected != END and (not state.tasks or state.tasks[-1].done):
        found.append(
            Deviation(
                DeviationKind.ENDED_EARLY,
                expected if isinstance(expected, int) else None,
                f"kasus selesai sebelum langkah {expected}",
                f"case finished before step {expected}",
            )
        )
    return found


def _others(state: CaseState, process: Process) -> list[Deviation]:
    found: list[Deviation] = []
    for task in state.tasks:
        step = process.find_step(task.step)
        items = {item.key: item.text for item in process.requirements(step)} if step is not None else {}
        for key, reason in task.waived.items():
            item = items.get(key, key)
            why = mask_niks(reason or "", "****")
            found.append(
                Deviation(
                    DeviationKind.WAIVED,
                    task.step,
                    f"langkah {task.step}: kelengkapan '{item}' dikecualikan ({why})",
                    f"step {task.step}: requirement '{item}' waived ({why})",
                )
            )
        if task.outside and task.done and task.due_at is not None and task.completed_at > task.due_at:  # type: ignore[operator]
            found.append(
                Deviation(
                    DeviationKind.LATE_OUTSIDE,
                    task.step,
                    f"langkah {task.step} (pihak luar) dicatat setelah tenggatnya",
                    f"step {task.step} (outside party) recorded after its due time",
                )
            )
    return found


def conformance(state: CaseState, process: Process) -> Conformance:
    """The deviations of one case from its SOP, path first, in the order the tasks happened."""
    return Conformance(state.case_id, tuple(_path(state, process) + _others(state, process)))
