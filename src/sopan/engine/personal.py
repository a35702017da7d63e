"""Personal data in a case's events: the anonymisation marker, the NIK pattern in free text, and the scrub."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sopan.engine.events import Event, EventKind

__all__ = ["MARKER", "NIK_IN_TEXT", "anonymise", "anonymised_applicant", "mask_niks", "personal_values", "scrub"]

MARKER = "[dianonimkan]"
# sixteen digits standing alone: a NIK (or a KK number) written into a note or a reason
NIK_IN_TEXT = re.compile(r"(?<!\d)\d{16}(?!\d)")
_SHORTEST = 3  # shorter values (an initial, "-") would blank out ordinary words


def anonymised_applicant(applicant: dict[str, Any] | None) -> dict[str, Any] | None:
    """Every filled field of the applicant replaced by the marker (empty fields stay empty)."""
    if applicant is None:
        return None
    return {key: MARKER if value not in (None, "") else value for key, value in applicant.items()}


def mask_niks(text: str, mask: str = MARKER) -> str:
    """``text`` with each 16-digit number replaced by ``mask``."""
    return NIK_IN_TEXT.sub(mask, text)


def personal_values(applicant: dict[str, Any] | None) -> list[str]:
    """The applicant's values to search free text for, longest first (so a full name goes before a part)."""
    values = {str(value).strip() for value in (applicant or {}).values() if value not in (None, "")}
    return sorted((value for value in values if len(value) >= _SHORTEST), key=len, reverse=True)


def scrub(value: Any, values: list[str]) -> Any:
    """``value`` (JSON-ready) with the applicant replaced by the marker, and each personal value and 16-digit
    number inside any text replaced by the marker too."""
    if isinstance(value, str):
        for personal in values:
            value = re.sub(re.escape(personal), MARKER, value, flags=re.IGNORECASE)
        return mask_niks(value)
    if isinstance(value, dict):
        return {
            key: anonymised_applicant(item) if key == "applicant" and isinstance(item, dict) else scrub(item, values)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [scrub(item, values) for item in value]
    return value


def anonymise(events: list[Event], at: dt.datetime, actor: str | None, reason: str) -> list[Event]:
    """The case's events with its personal data replaced, followed by the ``case_anonymised`` event.

    Only a closed case is anonymised (an open one is still being served); raises ``ValueError`` otherwise.
    The times, steps and answers are untouched, so the performance figures replay the same.
    """
    from sopan.engine.state import replay  # the state module imports this one for the marker

    state = replay(events)
    if state.is_open:
        raise ValueError("an open case is not anonymised")
    values = personal_values(state.applicant)
    kept = [Event(kind=event.kind, at=event.at, actor=event.actor, data=scrub(event.data, values)) for event in events]
    note = {"reason": scrub(reason, values)}
    return [*kept, Event(kind=EventKind.CASE_ANONYMISED, at=at, actor=actor, data=note)]
