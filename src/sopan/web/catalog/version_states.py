"""An SOP version's state (BERLAKU, DIGANTIKAN, DICABUT, ...) as the catalog and the apps on it read it.

The states are recorded by the ``lifecycle`` app, which sits above the catalog, the cases and the API: none of
them may import it. So it registers a reader here when Django starts (``LifecycleConfig.ready``) and they ask
this module. Publishing tells the lifecycle about a new version through ``version_published`` (a Django signal
sent inside the publishing transaction, so a refused state change refuses the publication too).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django.db.models import QuerySet
from django.dispatch import Signal

from sopan.web.catalog.models import SopVersion

__all__ = [
    "REVOKED",
    "StateReader",
    "closed_to_new_cases",
    "in_force",
    "register",
    "revoked_sops",
    "state_stamp",
    "states_of",
    "version_published",
]

REVOKED = "DICABUT"  # the lifecycle's State.DICABUT, as states_of gives it
IN_FORCE = "BERLAKU"  # the lifecycle's State.BERLAKU

# sent with version= (the new SopVersion) and previous= (the SOP's version before it, or None)
version_published = Signal()


class StateReader(Protocol):
    def states(self, version_ids: Iterable[int]) -> dict[int, str]:
        """The current state of each version that has one."""

    def closed(self, version: SopVersion) -> tuple[str, str] | None:
        """Why no new case may open on ``version`` (Bahasa Indonesia, English), or None when it may."""

    def stamp(self) -> int:
        """A number that changes with every state change (the newest transition's id)."""

    def revoked_sops(self) -> set[int]:
        """The SOPs (ids) revoked: a version DICABUT and none in force."""


_reader: StateReader | None = None


def register(reader: StateReader) -> None:
    global _reader
    _reader = reader


def states_of(version_ids: Iterable[int]) -> dict[int, str]:
    return _reader.states(version_ids) if _reader else {}


def closed_to_new_cases(version: SopVersion) -> tuple[str, str] | None:
    return _reader.closed(version) if _reader else None


def in_force(versions: QuerySet[SopVersion]) -> QuerySet[SopVersion]:
    """Those of ``versions`` in force: BERLAKU, or, for a version without a recorded state, its SOP's newest."""
    rows = list(versions.values_list("pk", "sop_id", "number"))
    states = states_of(pk for pk, _, _ in rows)
    newest: dict[int, int] = {}
    for _, sop_id, number in rows:
        newest[sop_id] = max(number, newest.get(sop_id, number))
    chosen = [
        pk for pk, sop_id, number in rows if states.get(pk, IN_FORCE if newest[sop_id] == number else "") == IN_FORCE
    ]
    return versions.filter(pk__in=chosen)


def revoked_sops() -> set[int]:
    return _reader.revoked_sops() if _reader else set()


def state_stamp() -> int | None:
    """The reader's stamp; None when no app records states."""
    return _reader.stamp() if _reader else None
