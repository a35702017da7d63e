"""Events: the append-only record of everything that happened to a case.

An event says what happened, when, and who did it; the case's state is a fold over its events, so the
log is at once the audit trail, the source of every report and the export to process-mining tools.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

__all__ = ["Event", "EventKind"]


class EventKind(StrEnum):
    CASE_OPENED = "case_opened"
    TASK_ACTIVATED = "task_activated"
    TASK_CLAIMED = "task_claimed"
    TASK_RELEASED = "task_released"
    REQUIREMENT_TICKED = "requirement_ticked"
    REQUIREMENT_UNTICKED = "requirement_unticked"
    REQUIREMENT_WAIVED = "requirement_waived"
    OUTPUT_RECORDED = "output_recorded"
    STEP_COMPLETED = "step_completed"
    DECISION_MADE = "decision_made"
    REGISTER_ENTRY_MADE = "register_entry_made"
    CASE_HELD = "case_held"  # waiting for the applicant: the clock stops
    CASE_RESUMED = "case_resumed"  # the applicant brought what was missing: the clock runs again
    CASE_FINISHED = "case_finished"
    CASE_CANCELLED = "case_cancelled"
    CASE_REJECTED = "case_rejected"
    CASE_ANONYMISED = "case_anonymised"  # personal data replaced by a marker (UU 27/2022); who, when, why


@dataclass(frozen=True)
class Event:
    """One fact. ``data`` holds only JSON-ready values (datetimes as ISO text)."""

    kind: EventKind
    at: dt.datetime
    actor: str | None
    data: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"kind": str(self.kind), "at": self.at.isoformat(), "actor": self.actor, "data": self.data}

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> Event:
        return cls(
            kind=EventKind(value["kind"]),
            at=dt.datetime.fromisoformat(value["at"]),
            actor=value.get("actor"),
            data=dict(value.get("data") or {}),
        )
