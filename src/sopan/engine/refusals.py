"""Why the engine refuses a command: a stable code plus a message in Bahasa Indonesia and English."""

from __future__ import annotations

from enum import StrEnum

from sopan.problems import Message

__all__ = ["Refusal", "RefusalCode"]


class RefusalCode(StrEnum):
    CASE_EXISTS = "case_exists"
    NO_CASE = "no_case"
    CASE_CLOSED = "case_closed"
    WRONG_ROLE = "wrong_role"
    WRONG_STEP = "wrong_step"
    STEP_DONE = "step_done"
    CLAIMED_BY_OTHER = "claimed_by_other"
    NOT_CLAIMED = "not_claimed"
    ALREADY_CLAIMED = "already_claimed"
    UNKNOWN_ITEM = "unknown_item"
    ALREADY_TICKED = "already_ticked"
    NOT_TICKED = "not_ticked"
    MISSING_REQUIREMENTS = "missing_requirements"
    REASON_REQUIRED = "reason_required"
    NOT_A_DECISION = "not_a_decision"
    IS_A_DECISION = "is_a_decision"
    OUTSIDE_PARTY_STEP = "outside_party_step"
    INTERNAL_STEP = "internal_step"
    APPLICANT_REQUIRED = "applicant_required"
    INVALID_APPLICANT = "invalid_applicant"
    TRIGGER_REQUIRED = "trigger_required"
    UNKNOWN_OUTPUT = "unknown_output"
    EMPTY_OUTPUT = "empty_output"
    NOT_IN_PAST = "not_in_past"
    ON_HOLD = "on_hold"
    NOT_ON_HOLD = "not_on_hold"
    MISSING_NOT_NAMED = "missing_not_named"
    NOT_REJECTABLE = "not_rejectable"
    NOT_CANCELLABLE = "not_cancellable"
    COMMAND_ID_REUSED = "command_id_reused"
    CONFLICT = "conflict"
    SOP_NOT_IN_FORCE = "sop_not_in_force"  # the SOP version is revoked or superseded: no new case opens on it


class Refusal(Exception):
    """A command the engine will not carry out; nothing has changed."""

    def __init__(self, code: RefusalCode, message_id: str, message_en: str) -> None:
        self.code = code
        self.message = Message(message_id, message_en)
        super().__init__(f"{code}: {message_en}")

    def text(self, lang: str = "id") -> str:
        return self.message.text(lang)
