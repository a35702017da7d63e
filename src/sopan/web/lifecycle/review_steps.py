"""Which steps of a review SOP mean what for the draft under review, declared per review SOP (never guessed).

A review SOP is an ordinary SOP; sopan reads its case's engine events and moves the draft's state:

- ``submit``: the unit's outside-party steps recorded when it submits (the case opens at the first);
- ``resubmit``: the unit's outside-party steps recorded when it submits again after fixing, in the same case;
- ``decision``: the decision whose "tidak" sends the draft back (the reason is the decision's) and "ya" finds it
  conforming;
- ``sent_back`` / ``conforms``: for an SOP without such a decision, the officer's step whose completion sends
  the draft back (reason: the step's note) and the one that finds it conforming.

The first officer step completed after a submission starts the review (DIAJUKAN -> DALAM_REVIEW).

Seed 001 (``biro-organisasi-kalsel/asistensi-penyusunan-sop``, Pergub Kalsel 2018) has no decision: after the
asistensi (step 8, Kasubbag TAL) the SKPD receives the file to fix (9), fixes it (10) and returns it (11); then
the Biro checks it and drafts the nota dinas to the Biro Hukum (12). So step 8 always sends back, 9-11 are the
resubmission and step 12 finds the draft conforming. The source has no way back after step 12: a draft that
still falls short after the fix cannot be sent back a second time in that SOP (its file notes say so too).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BUILTIN_STEPS", "KNOWN", "REVIEW_KEYS", "ReviewSteps", "steps_for"]


@dataclass(frozen=True)
class ReviewSteps:
    submit: tuple[int, ...]
    resubmit: tuple[int, ...]
    decision: int | None = None
    sent_back: int | None = None
    conforms: int | None = None


BUILTIN_STEPS = ReviewSteps(submit=(1,), resubmit=(5,), decision=4)
"""``builtin/telaah-rancangan-sop.sop.yaml``: 1 submit, 4 "Sesuai standar?" (tidak: 5, ya: 6), 5 fix (-> 3)."""

KNOWN: dict[tuple[str, str], ReviewSteps] = {
    ("sopan-bawaan", "telaah-rancangan-sop"): BUILTIN_STEPS,
    ("biro-organisasi-kalsel", "asistensi-penyusunan-sop"): ReviewSteps(
        submit=(1,), resubmit=(9, 10, 11), sent_back=8, conforms=12
    ),
}

REVIEW_KEYS = frozenset(key for _, key in KNOWN)
"""The SOP keys of the declared review SOPs: a case of any other SOP is no review case."""


def steps_for(organisation: str, key: str) -> ReviewSteps | None:
    """The declared steps of the review SOP ``organisation``/``key``; None when it is not declared."""
    return KNOWN.get((organisation, key))
