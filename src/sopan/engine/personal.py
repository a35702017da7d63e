"""Personal data in a case's events: the anonymisation marker, the NIK pattern in free text, and the scrub."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from sopan.engine.events import Event, EventKind

__all__ = [
    "FREE_TEXT_KEYS",
    "MARKER",
    "NIK_IN_TEXT",
    "anonymise",
    "anonymised_applicant",
    "mask_niks",
    "personal_values",
    "scrub",
    "scrub_text",
    "valid_phone",
]

MARKER = "[dianonimkan]"
_PHONE = re.compile(r"[0-9+()\- ]+")


def valid_phone(phone: str) -> bool:
    """A telephone number as people write one: digits, spaces, +, -, ( ) (an applicant's or an officer's; a lone
    '-' too, which offices write for 'none')."""
    return bool(_PHONE.fullmatch(phone))


# sixteen digits standing alone: a NIK (or a KK number) written into a note or a reason
NIK_IN_TEXT = re.compile(r"(?<!\d)\d{16}(?!\d)")
_SHORTEST = 3  # shorter values (an initial, "-") would blank out ordinary words
# the keys of event data and case state whose text an officer wrote and may name the applicant; everything
# else (answers, step and item keys, file paths, codes) is left as it is, so a name never rewrites "tidak"
FREE_TEXT_KEYS = frozenset({"note", "reason", "close_reason", "value", "trigger", "waivers", "waived"})


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


def _whole_words(values: list[str]) -> re.Pattern[str] | None:
    """One case-insensitive pattern matching any of ``values`` as a whole word, longest first."""
    if not values:
        return None
    alternatives = "|".join(re.escape(value) for value in values)
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


def scrub(value: Any, values: list[str]) -> Any:
    """``value`` (JSON-ready) with the applicant replaced by the marker, each personal value standing as a whole
    word in a free-text field (``FREE_TEXT_KEYS``) replaced by the marker, and every 16-digit number masked."""
    return _scrub(value, _whole_words(values), free_text=False)


def scrub_text(text: str, values: list[str]) -> str:
    """One free text (a reason, a list of missing documents) with each personal value standing as a whole word
    replaced by the marker and every 16-digit number masked."""
    return str(_scrub(text, _whole_words(values), free_text=True))


def _scrub(value: Any, pattern: re.Pattern[str] | None, free_text: bool) -> Any:
    if isinstance(value, str):
        if free_text and pattern is not None:
            value = pattern.sub(MARKER, value)
        return mask_niks(value)
    if isinstance(value, dict):
        return {
            key: anonymised_applicant(item)
            if key == "applicant" and isinstance(item, dict)
            else _scrub(item, pattern, free_text or key in FREE_TEXT_KEYS)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [_scrub(item, pattern, free_text) for item in value]
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
    note = scrub({"reason": reason}, values)
    return [*kept, Event(kind=EventKind.CASE_ANONYMISED, at=at, actor=actor, data=note)]
