"""An SOP seen as a runnable process: which roles act on each step, its checklist and where it leads."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from sopan.model.duration import Duration, DurationTotal, total_duration
from sopan.model.sop import END, Nature, Requirement, RequirementGroup, Sop, Step, Target

__all__ = ["Process", "RequirementItem", "requirement_items"]

_REGISTER_WORDS = re.compile(r"\b(register|buku agenda|agenda surat)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _StepFacts:
    """What the engine asks of a step on every command, worked out once per process."""

    outside: bool
    acting_roles: frozenset[str]
    requirements: list[RequirementItem]
    successors: list[tuple[Target, str | None]]


@dataclass(frozen=True)
class RequirementItem:
    """One kelengkapan checkbox. ``key`` is its position ('2', or '3.1' inside a group)."""

    key: str
    text: str
    heading: str | None = None
    required: bool = True


def requirement_items(requirements: list[Requirement]) -> list[RequirementItem]:
    """Flatten a step's kelengkapan into checkboxes; items of a case-specific group are not required."""
    items: list[RequirementItem] = []

    def walk(entries: list[Requirement], prefix: str, heading: str | None, required: bool) -> None:
        for position, entry in enumerate(entries, start=1):
            key = f"{prefix}{position}"
            if isinstance(entry, RequirementGroup):
                walk(entry.items, f"{key}.", entry.heading, required and not entry.case)
            else:
                items.append(RequirementItem(key=key, text=entry, heading=heading, required=required))

    walk(requirements, "", None, True)
    return items


class Process:
    """Read-only view of one SOP version for the engine; built once per version and shared."""

    def __init__(self, sop: Sop, version: int = 1) -> None:
        self.sop = sop
        self.version = version
        self._steps = {step.number: step for step in sop.steps}
        # A process lives as long as its version and every command asks these of a step; working them out from
        # the model each time (lanes looked up by name, the step's place in the list) cost more than the rest
        # of the decision. Keyed by identity: numbers can repeat in an SOP that fails lint A001.
        self._facts = {id(step): self._work_out(step) for step in sop.steps}

    def _work_out(self, step: Step) -> _StepFacts:
        outside = self._lanes_outside(step)
        acting = self.internal_roles if outside or not step.lanes else frozenset(self.lane_codes(step))
        return _StepFacts(outside, acting, requirement_items(step.requirements), self.sop.successors(step))

    def _facts_of(self, step: Step) -> _StepFacts:
        facts = self._facts.get(id(step))
        return facts if facts is not None else self._work_out(step)

    @property
    def key(self) -> str:
        return self.sop.id or self.sop.title

    @property
    def first_step(self) -> Step:
        return self.sop.steps[0]

    @property
    def is_service(self) -> bool:
        return self.sop.nature == Nature.PELAYANAN

    def step(self, number: int) -> Step:
        return self._steps[number]

    def find_step(self, number: object) -> Step | None:
        """The step with this number, or None (for event data that may name no step)."""
        return self._steps.get(number) if isinstance(number, int) else None

    def lane_codes(self, step: Step) -> list[str]:
        """The lane codes of a step (unknown names kept as written, lower-cased)."""
        codes = []
        for ref in step.lanes:
            lane = self.sop.lane(ref)
            codes.append(lane.code if lane else ref.strip().lower())
        return codes

    def is_outside(self, step: Step) -> bool:
        """A step done by an outside party: every lane it names is pihak luar."""
        return self._facts_of(step).outside

    def _lanes_outside(self, step: Step) -> bool:
        lanes = [self.sop.lane(ref) for ref in step.lanes]
        return bool(lanes) and all(lane is not None and lane.external for lane in lanes)

    @cached_property
    def internal_roles(self) -> frozenset[str]:
        """Every internal lane of the SOP: who may record outside parties' steps and cancel cases."""
        return frozenset(lane.code for lane in self.sop.lanes if not lane.external)

    def acting_roles(self, step: Step) -> frozenset[str]:
        """Roles that may work on a step: its own lanes, or any internal role for an outside party's step."""
        return self._facts_of(step).acting_roles

    def opening_roles(self) -> frozenset[str]:
        """Who may open a case: the first step's role (any internal role when an outside party starts it)."""
        return self.acting_roles(self.first_step)

    def requirements(self, step: Step) -> list[RequirementItem]:
        return self._facts_of(step).requirements

    def next_step(self, step: Step, answer: bool | None = None) -> Target:
        """Where the case goes after ``step``; ``answer`` picks the exit of a decision."""
        successors = self._facts_of(step).successors
        if step.decision is None:
            return successors[0][0]
        return successors[0][0] if answer else successors[1][0]

    @cached_property
    def registers(self) -> tuple[str, ...]:
        """Numbered registers: those steps record into, and registers named under Pencatatan dan Pendataan."""
        names: list[str] = [s.records_in for s in self.sop.steps if s.records_in]
        names += [record for record in self.sop.records if _REGISTER_WORDS.search(record)]
        return tuple(dict.fromkeys(names))

    @cached_property
    def registers_at_finish(self) -> tuple[str, ...]:
        """Registers named by the SOP that no step records into: the case is entered when it finishes."""
        by_steps = {s.records_in for s in self.sop.steps if s.records_in}
        return tuple(name for name in self.registers if name not in by_steps)

    @cached_property
    def standard_path(self) -> list[Step]:
        """The steps of the ordinary run: every decision answered ya, no step visited twice."""
        path: list[Step] = []
        seen: set[int] = set()
        current: Target = self.first_step.numbered
        while current != END and isinstance(current, int) and current not in seen:
            seen.add(current)
            step = self._steps[current]
            path.append(step)
            current = self.next_step(step, answer=True)
        return path

    def standard_time(self) -> DurationTotal:
        """The promised time: the Standar Pelayanan's jangka waktu, else the sum along the standard path."""
        standard = self.sop.service_standard
        if standard is not None and standard.time_limit is not None and standard.time_limit.is_fixed:
            return total_duration([standard.time_limit])
        return total_duration([s.duration or Duration(text="") for s in self.standard_path])
