"""Realistic made-up work on a case, for demo data and load: how long each step takes, how decisions go.

Pure: a seeded random source and the working calendar decide; the caller carries the commands out
(in memory, or through the database). Durations scatter around the step's mutu baku (log-normal, so most
steps are on time and some run late); a decision says "tidak" now and then, at most twice in a row.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from dataclasses import dataclass

from sopan.engine.commands import (
    Actor,
    Applicant,
    CancelCase,
    Command,
    CompleteStep,
    Decide,
    OpenCase,
    RecordOutput,
    RecordOutsideStep,
    RejectCase,
    TickRequirement,
)
from sopan.engine.process import Process
from sopan.engine.state import CaseState
from sopan.model.duration import DurationUnit
from sopan.model.sop import Nature
from sopan.worktime.calendar import WorkCalendar

__all__ = ["SimulationPolicy", "fake_applicant"]

_GIVEN = ["Ani", "Budi", "Citra", "Dewi", "Eko", "Fitri", "Gilang", "Hadi", "Indah", "Joko", "Kartini", "Lestari"]
_FAMILY = ["Santoso", "Wijaya", "Rahayu", "Pratama", "Hidayat", "Saputra", "Kusuma", "Nugroho", "Susanti", "Utami"]
_STREETS = ["Jl. Mawar", "Jl. Melati", "Jl. Kenanga", "Jl. Diponegoro", "Jl. Sudirman", "Jl. Ahmad Yani"]
_NO_REASONS = ["Berkas belum lengkap", "Data tidak sesuai dokumen", "Perlu perbaikan konsep", "Tanda tangan kurang"]


def fake_applicant(rng: random.Random) -> Applicant:
    """A made-up applicant; the NIK is 16 digits with a Jawa Timur region prefix, not a real person's."""
    nik = "3508" + "".join(str(rng.randrange(10)) for _ in range(12))
    return Applicant(
        name=f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}",
        nik=nik,
        phone="08" + "".join(str(rng.randrange(10)) for _ in range(10)),
        address=f"{rng.choice(_STREETS)} No. {rng.randrange(1, 120)}",
    )


@dataclass
class SimulationPolicy:
    """Choices for one process; ``no_rate`` is the chance of a 'tidak'; a step takes its mutu baku times
    exp(N(``bias``, ``spread``)): the median step is done in about 70% of its time, about one in four is late."""

    process: Process
    calendar: WorkCalendar
    rng: random.Random
    no_rate: float = 0.2
    spread: float = 0.5
    bias: float = -0.35
    waive_rate: float = 0.05
    reject_rate: float = 0.01
    cancel_rate: float = 0.01

    def opening(self, actor: Actor, at: dt.datetime) -> OpenCase:
        first = self.process.first_step
        ticked = tuple(item.key for item in self.process.requirements(first) if self.rng.random() > self.waive_rate)
        if self.process.sop.nature == Nature.PELAYANAN:
            return OpenCase(actor=actor, at=at, applicant=fake_applicant(self.rng), ticked=ticked)
        trigger = (
            f"Jadwal rutin {at:%B %Y}"
            if self.process.sop.nature == Nature.RUTIN
            else f"Disposisi nomor {self.rng.randrange(1, 999)}/{at:%m}/{at:%Y}"
        )
        return OpenCase(actor=actor, at=at, trigger=trigger, ticked=ticked)

    def finish_time(self, state: CaseState) -> dt.datetime:
        """When the current task gets done: its mutu baku scattered log-normally, in working time."""
        task = state.current
        assert task is not None
        step = self.process.step(task.step)
        factor = math.exp(self.rng.gauss(-(self.spread**2) / 2, self.spread))
        duration = step.duration
        if duration is not None and duration.is_fixed and duration.unit in (DurationUnit.HARI, DurationUnit.MINGGU):
            days = duration.days(self.calendar.units) * factor
            whole = int(days)
            moment = self.calendar.add_days(task.activated_at, whole) if whole else task.activated_at
            return self.calendar.add_minutes(moment, max(1.0, (days - whole) * self.calendar.units.minutes_per_day))
        if duration is not None and duration.is_fixed:
            minutes = duration.minutes_part() * factor
        else:
            minutes = self.rng.uniform(30, 600)  # Disesuaikan or empty: anything from half an hour to a day
        return self.calendar.add_minutes(task.activated_at, max(1.0, minutes))

    def work(self, state: CaseState, actor: Actor, at: dt.datetime) -> list[Command]:
        """The commands an officer gives to finish the current task at ``at``."""
        task = state.current
        assert task is not None
        step = self.process.step(task.step)
        # a Pelayanan application is rejected, another case cancelled: one draw each, as runs are seeded
        if self.rng.random() < self.cancel_rate and not self.process.is_service:
            return [CancelCase(actor=actor, at=at, reason="Dasar kegiatan dicabut")]
        if self.rng.random() < self.reject_rate and self.process.is_service:
            return [RejectCase(actor=actor, at=at, reason="Tidak memenuhi persyaratan")]
        commands: list[Command] = []
        waivers: dict[str, str] = {}
        for item in self.process.requirements(step):
            if item.key in task.ticked or item.key in task.waived:
                continue
            if item.required and self.rng.random() < self.waive_rate:
                waivers[item.key] = "Menyusul"
            elif item.required or self.rng.random() < 0.3:
                commands.append(TickRequirement(actor=actor, at=at, task=task.task, item=item.key))
        if step.decision is not None:
            loops = state.loops.get(str(step.number), 0)
            if loops < 2 and self.rng.random() < self.no_rate:
                commands.append(
                    Decide(actor=actor, at=at, task=task.task, answer=False, reason=self.rng.choice(_NO_REASONS))
                )
                return commands
            commands.append(Decide(actor=actor, at=at, task=task.task, answer=True, waivers=waivers))
            return commands
        for output in step.outputs:
            value = f"{output} nomor {self.rng.randrange(1, 500)}/{at:%Y}"
            commands.append(RecordOutput(actor=actor, at=at, task=task.task, name=output, value=value))
        if task.outside:
            commands.append(RecordOutsideStep(actor=actor, at=at, task=task.task, waivers=waivers))
        else:
            commands.append(CompleteStep(actor=actor, at=at, task=task.task, waivers=waivers))
        return commands
