"""The simulation policy gives only commands the engine accepts, and times that scatter around the mutu baku."""

from __future__ import annotations

import datetime as dt
import random

from sopan.engine import Actor, Context, MemoryRegisters, execute
from sopan.engine.simulation import SimulationPolicy, fake_applicant
from sopan.worktime.calendar import WorkCalendar
from tests.factories import WIB, library_processes


def test_every_library_sop_runs_under_the_policy_without_refusals() -> None:
    rng = random.Random(3)
    calendar = WorkCalendar()
    late = timed = finished = 0
    for process in library_processes():
        ctx = Context(process=process, calendar=calendar, registers=MemoryRegisters())
        everyone = Actor("admin", frozenset(lane.code for lane in process.sop.lanes))
        policy = SimulationPolicy(process, calendar, rng, cancel_rate=0, reject_rate=0)
        for _ in range(3):
            state, _ = execute(None, policy.opening(everyone, dt.datetime(2026, 3, 2, 8, tzinfo=WIB)), ctx)
            for _ in range(200):
                if not state.is_open:
                    break
                task = state.current
                for command in policy.work(state, everyone, policy.finish_time(state)):
                    state, _ = execute(state, command, ctx)  # a refusal fails the test
                done = state.task(task.task)
                if done.due_at is not None:
                    timed += 1
                    late += done.completed_at > done.due_at
            finished += not state.is_open
    runs = 3 * len(library_processes())
    assert finished == runs, "every case ends (tidak answers are limited to two per decision)"
    assert 0.1 < late / timed < 0.4, (late, timed)


def test_fake_applicants_have_valid_niks() -> None:
    rng = random.Random(1)
    applicants = [fake_applicant(rng) for _ in range(50)]
    assert all(len(a.nik) == 16 and a.nik.isdigit() for a in applicants)
    assert len({a.nik for a in applicants}) == 50
