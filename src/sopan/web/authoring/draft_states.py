"""A draft's state on its way to law, as the editor and the drafts API read it.

The states are recorded by the ``lifecycle`` app, which sits above authoring and may not be imported here. So it
registers a reader when Django starts (``LifecycleConfig.ready``), as it does for versions in
``catalog.version_states``. Authoring itself knows one thing: a draft whose ``status`` is ``diajukan`` is out of
its unit's hands (submitted, in review, found conforming or approved) and every change to it is refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from sopan.problems import Message
from sopan.web.authoring.models import Draft

__all__ = ["DraftStateReader", "Shown", "may_read", "register", "shown_state", "waiting"]


@dataclass(frozen=True)
class Shown:
    """A draft's state for a page: its code, its name in both languages, whether its unit may submit it, and why
    it was sent back (when it was)."""

    code: str
    label: Message
    may_submit: bool
    sent_back: str = ""


class DraftStateReader(Protocol):
    def shown(self, draft: Draft) -> Shown:
        """The draft's current state."""

    def may_read(self, user: AbstractBaseUser | AnonymousUser, draft: Draft) -> bool:
        """Whether ``user`` may read ``draft`` without writing it: they review it or are the official approving it."""

    def waiting(self, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Draft]:
        """The drafts ``user`` may read without writing them that wait for their review or approval, newest first:
        found in SQL, in a number of queries that does not grow with the drafts."""


_reader: DraftStateReader | None = None


def register(reader: DraftStateReader) -> None:
    global _reader
    _reader = reader


def shown_state(draft: Draft) -> Shown:
    if _reader is not None:
        return _reader.shown(draft)
    locked = draft.status == Draft.Status.DIAJUKAN
    label = Message("Diajukan", "Submitted") if locked else Message("Konsep", "Draft")
    return Shown(str(draft.status), label, False)


def may_read(user: AbstractBaseUser | AnonymousUser, draft: Draft) -> bool:
    return _reader is not None and _reader.may_read(user, draft)


def waiting(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Draft]:
    return _reader.waiting(user) if _reader is not None else Draft.objects.none()
