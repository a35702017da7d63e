"""The states of an SOP version and every transition between them, declared in this one table.

Each transition has a name, the states it leaves, the state it reaches, the authority that may fire it and
what it needs (a reason, the number of a decree). A draft goes ``ajukan`` (its unit), ``mulai_review``,
``minta_perbaikan`` or ``nyatakan_sesuai`` (the review case's events), ``kembalikan`` (the review case
rejected or cancelled: the unit may fix and submit again, which opens a new case), ``setujui`` (the official)
and ``terbitkan`` (``lifecycle.drafts``); a version is published (``terbitkan`` and, for the version before,
``gantikan``) and revoked (``cabut``).
A version published from the library starts in no state: its paper original was approved and signed outside
sopan, so ``terbitkan`` also leaves "no state".
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from sopan.io.guard import control_character
from sopan.problems import Message
from sopan.web.office.refusal import Refused

__all__ = [
    "TRANSITIONS",
    "Authority",
    "LifecycleError",
    "State",
    "TransitionRule",
    "check",
    "rule",
]


class State(StrEnum):
    DRAFT = "DRAFT"
    DIAJUKAN = "DIAJUKAN"
    DALAM_REVIEW = "DALAM_REVIEW"
    PERLU_PERBAIKAN = "PERLU_PERBAIKAN"
    SESUAI = "SESUAI"
    DISETUJUI = "DISETUJUI"
    BERLAKU = "BERLAKU"
    DIGANTIKAN = "DIGANTIKAN"
    DICABUT = "DICABUT"

    def label(self, lang: str = "id") -> str:
        return STATE_LABELS[self].text(lang)


STATE_LABELS = {
    State.DRAFT: Message("Draf", "Draft"),
    State.DIAJUKAN: Message("Diajukan", "Submitted"),
    State.DALAM_REVIEW: Message("Dalam review", "In review"),
    State.PERLU_PERBAIKAN: Message("Perlu perbaikan", "Needs changes"),
    State.SESUAI: Message("Sesuai", "Conforms"),
    State.DISETUJUI: Message("Disetujui", "Approved"),
    State.BERLAKU: Message("Berlaku", "In force"),
    State.DIGANTIKAN: Message("Digantikan", "Superseded"),
    State.DICABUT: Message("Dicabut", "Revoked"),
}


class Authority(StrEnum):
    """Who may fire a transition."""

    PUBLISHING = "publikasi"  # sopan itself, when a version is published
    UNIT = "unit"  # the unit that owns the SOP (its writers)
    REVIEWER = "penelaah"  # an officer of the review SOP's organisation (the Biro Organisasi)
    APPROVER = "pengesah"  # the official named in Disahkan Oleh
    PENGELOLA = "pengelola"  # the organisation's administrators (and superusers)

    def label(self, lang: str = "id") -> str:
        return AUTHORITY_LABELS[self].text(lang)


AUTHORITY_LABELS = {
    Authority.PUBLISHING: Message("Publikasi sopan", "sopan publishing"),
    Authority.UNIT: Message("Unit pemilik SOP", "The SOP's unit"),
    Authority.REVIEWER: Message("Penelaah Biro Organisasi", "Biro Organisasi reviewer"),
    Authority.APPROVER: Message("Pejabat pengesah", "Approving official"),
    Authority.PENGELOLA: Message("Pengelola organisasi", "Organisation administrator"),
}


@dataclass(frozen=True)
class TransitionRule:
    name: str
    sources: tuple[State | None, ...]  # None: a version with no state yet
    target: State
    authority: Authority
    title: Message
    needs_reason: bool = False
    needs_decree: bool = False


TRANSITIONS: tuple[TransitionRule, ...] = (
    TransitionRule(
        "ajukan",
        (State.DRAFT, State.PERLU_PERBAIKAN),
        State.DIAJUKAN,
        Authority.UNIT,
        Message("Diajukan untuk direview", "Submitted for review"),
    ),
    TransitionRule(
        "mulai_review",
        (State.DIAJUKAN,),
        State.DALAM_REVIEW,
        Authority.REVIEWER,
        Message("Review dimulai", "Review started"),
    ),
    TransitionRule(
        "minta_perbaikan",
        (State.DALAM_REVIEW,),
        State.PERLU_PERBAIKAN,
        Authority.REVIEWER,
        Message("Dikembalikan untuk perbaikan", "Sent back for changes"),
        needs_reason=True,
    ),
    TransitionRule(
        "kembalikan",
        (State.DIAJUKAN, State.DALAM_REVIEW),
        State.PERLU_PERBAIKAN,
        Authority.REVIEWER,
        Message("Dikembalikan: kasus telaah ditutup", "Returned: the review case was closed"),
        needs_reason=True,
    ),
    TransitionRule(
        "nyatakan_sesuai",
        (State.DALAM_REVIEW,),
        State.SESUAI,
        Authority.REVIEWER,
        Message("Dinyatakan sesuai standar", "Found to conform"),
    ),
    TransitionRule(
        "setujui",
        (State.SESUAI,),
        State.DISETUJUI,
        Authority.APPROVER,
        Message("Disetujui pejabat pengesah", "Approved by the official"),
    ),
    TransitionRule(
        "terbitkan",
        (None, State.DISETUJUI),
        State.BERLAKU,
        Authority.PUBLISHING,
        Message("Diterbitkan, berlaku", "Published, in force"),
    ),
    TransitionRule(
        "gantikan",
        (State.BERLAKU,),
        State.DIGANTIKAN,
        Authority.PUBLISHING,
        Message("Digantikan versi baru", "Superseded by a new version"),
    ),
    TransitionRule(
        "cabut",
        (State.BERLAKU,),
        State.DICABUT,
        Authority.PENGELOLA,
        Message("Dicabut", "Revoked"),
        needs_reason=True,
        needs_decree=True,
    ),
)
_BY_NAME = {transition.name: transition for transition in TRANSITIONS}


class LifecycleError(Refused):
    """A transition refused: a stable code and the reason in Bahasa Indonesia and English; nothing changed."""


def rule(name: str) -> TransitionRule:
    found = _BY_NAME.get(name)
    if found is None:
        raise LifecycleError("unknown_transition", f"Transisi '{name}' tidak dikenal.", f"Unknown transition '{name}'.")
    return found


def check(
    name: str, current: State | None, *, reason: str = "", decree: str = "", authority: Authority | None = None
) -> TransitionRule:
    """The transition ``name`` if it may leave ``current`` with what it was given (and by ``authority``, when
    named); LifecycleError otherwise."""
    found = rule(name)
    if authority is not None and found.authority != authority:
        raise LifecycleError(
            "not_permitted",
            f"Hanya {found.authority.label('id')} yang dapat melakukan ini.",
            f"Only the {found.authority.label('en')} may do this.",
        )
    if current not in found.sources:
        shown_id = current.label("id") if current else "tanpa status"
        shown_en = current.label("en") if current else "no state"
        raise LifecycleError(
            "transition_not_allowed",
            f"Versi berstatus {shown_id} tidak dapat '{found.title.text('id')}'.",
            f"A version that is {shown_en} cannot be '{found.title.text('en')}'.",
        )
    if control_character(reason) or control_character(decree):  # a NUL breaks PostgreSQL, the others every reader
        raise LifecycleError(
            "invalid_text",
            "Alasan atau nomor keputusan memuat karakter kendali.",
            "The reason or the decree number holds a control character.",
        )
    if found.needs_reason and not reason.strip():
        raise LifecycleError("reason_required", "Alasan wajib diisi.", "A reason is required.")
    if found.needs_decree and not decree.strip():
        raise LifecycleError(
            "decree_required",
            "Nomor keputusan pencabutan wajib diisi.",
            "The number of the revoking decree is required.",
        )
    return found
