"""Conformance of hand-made event sequences against the test SOP (1 Pemohon, 2 decision back to 1, 3, 4 decision
back to 3, 5)."""

from __future__ import annotations

import datetime as dt

from sopan.engine import Process
from sopan.engine.events import Event, EventKind
from sopan.engine.state import replay
from sopan.model.sop import Sop
from sopan.web.monitoring.conformance import DeviationKind, conformance
from tests.factories import SERVICE_SOP, WIB

PROCESS = Process(Sop.model_validate(SERVICE_SOP))
START = dt.datetime(2026, 11, 2, 8, tzinfo=WIB)
OPENED = {"case_id": "c1", "sop": "s", "sop_version": 1, "tracking_code": "X"}


class Log:
    """Builds a case's events one minute apart: each step is activated and then done."""

    def __init__(self) -> None:
        self.events = [
            Event(
                EventKind.CASE_OPENED,
                START,
                "siti",
                {"case_id": "c1", "sop": "s", "sop_version": 1, "tracking_code": "X"},
            )
        ]
        self.task = 0

    def at(self) -> dt.datetime:
        return START + dt.timedelta(minutes=len(self.events))

    def add(self, kind: EventKind, actor: str = "siti", **data: object) -> Log:
        self.events.append(Event(kind, self.at(), actor, dict(data)))
        return self

    def step(
        self, number: int, answer: str | None = None, waive: dict[str, str] | None = None, late: bool = False
    ) -> Log:
        self.task += 1
        due = (self.at() + dt.timedelta(minutes=-5 if late else 60)).isoformat()
        outside = number == 1
        self.add(EventKind.TASK_ACTIVATED, task=self.task, step=number, due_at=due, roles=["loket"], outside=outside)
        for item, reason in (waive or {}).items():
            self.add(EventKind.REQUIREMENT_WAIVED, task=self.task, item=item, reason=reason)
        if answer is None:
            return self.add(EventKind.STEP_COMPLETED, task=self.task, step=number, elapsed_minutes=1)
        return self.add(EventKind.DECISION_MADE, task=self.task, step=number, answer=answer, elapsed_minutes=1)

    def finish(self) -> Log:
        return self.add(EventKind.CASE_FINISHED)

    def kinds(self) -> list[tuple[DeviationKind, int | None]]:
        return [(d.kind, d.step) for d in conformance(replay(self.events), PROCESS).deviations]


def test_the_standard_path_conforms() -> None:
    log = Log().step(1).step(2, "ya").step(3).step(4, "ya").step(5).finish()
    result = conformance(replay(log.events), PROCESS)
    assert result.conforms and result.path_conforms and result.case_id == "c1"


def test_the_sops_own_loops_conform() -> None:
    log = Log().step(1).step(2, "tidak").step(1).step(2, "ya").step(3).step(4, "tidak").step(3).step(4, "ya")
    assert log.step(5).finish().kinds() == []


def test_a_skipped_step_is_named() -> None:
    log = Log().step(1).step(2, "ya").step(4, "ya").step(5).finish()
    assert log.kinds() == [(DeviationKind.SKIPPED, 3)]
    deviation = conformance(replay(log.events), PROCESS).deviations[0]
    assert deviation.text("id") == "langkah 3 dilewati (langsung ke langkah 4)"
    assert deviation.text("en") == "step 3 skipped (straight to step 4)"


def test_a_step_repeated_outside_the_loops() -> None:
    log = Log().step(1).step(2, "ya").step(3).step(3).step(4, "ya").step(5).finish()
    assert log.kinds() == [(DeviationKind.REPEATED, 3)]


def test_a_case_finished_before_the_last_step() -> None:
    log = Log().step(1).step(2, "ya").step(3).step(4, "ya").finish()
    assert log.kinds() == [(DeviationKind.ENDED_EARLY, 5)]
    assert not conformance(replay(log.events), PROCESS).path_conforms


def test_waivers_and_a_late_outside_step_are_deviations_on_a_good_path() -> None:
    reason = "KTP 3508010101010001 tertinggal"
    log = Log().step(1, waive={"2": reason}, late=True).step(2, "ya").step(3).step(4, "ya").step(5).finish()
    result = conformance(replay(log.events), PROCESS)
    assert log.kinds() == [(DeviationKind.WAIVED, 1), (DeviationKind.LATE_OUTSIDE, 1)]
    assert result.path_conforms and not result.conforms
    assert result.deviations[0].text("id") == "langkah 1: kelengkapan 'Fotokopi KTP' dikecualikan (KTP **** tertinggal)"


def test_an_open_case_is_judged_on_its_path_so_far() -> None:
    log = Log().step(1).step(2, "ya")
    log.add(EventKind.TASK_ACTIVATED, task=3, step=3, due_at=None, roles=["kasi"])
    assert log.kinds() == []
