"""Firing transitions: checked against the table in ``states``, written to the log and the current state together.

``current_state(version)`` is what other apps read. Publishing fires ``terbitkan`` on the new version and
``gantikan`` on the SOP's version in force (through ``catalog.version_states.version_published``); an
organisation's administrator fires ``cabut`` with a reason and the revoking decree's number.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import connection, transaction
from django.utils import timezone

from sopan.web.cases.access import can_administer
from sopan.web.catalog.models import SopVersion
from sopan.web.lifecycle.models import Transition, VersionState
from sopan.web.lifecycle.states import Authority, LifecycleError, State, check
from sopan.web.office.audit import record

__all__ = ["READER", "current_state", "fire", "history", "on_published", "revoke"]

PUBLISHER = "sopan"


def current_state(version: SopVersion) -> str:
    """The version's state (a ``State`` value), or "" for a version that has none.

    Asked before every case opens (``closed``), so it is one statement by primary key written out once: building
    the ORM's query took ten times as long as the database took to answer it.
    """
    with connection.cursor() as cursor:
        cursor.execute(_state_sql(connection.vendor), [version.pk])
        found = cursor.fetchone()
    return found[0] if found else ""


@cache
def _state_sql(vendor: str) -> str:
    meta, quote = VersionState._meta, connection.ops.quote_name
    return (
        f"SELECT {quote(meta.get_field('state').column)} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"
    )


def history(version_ids: Iterable[int]) -> list[Transition]:
    return list(Transition.objects.filter(version_id__in=list(version_ids)).select_related("version"))


def fire(
    version: SopVersion, name: str, *, actor: str, authority: Authority, reason: str = "", decree: str = ""
) -> Transition:
    """Fire transition ``name`` on ``version`` (the caller has checked ``authority``); LifecycleError if refused."""
    with transaction.atomic():
        row = VersionState.objects.select_for_update().filter(version=version).first()
        current = State(row.state) if row else None
        rule = check(name, current, reason=reason, decree=decree, authority=authority)
        now = timezone.now()
        if row is None:
            row = VersionState(version=version, sop_id=version.sop_id)
        row.state, row.changed_at = rule.target.value, now
        row.save()
        return Transition.objects.create(
            version=version,
            name=rule.name,
            from_state=current.value if current else "",
            to_state=rule.target.value,
            at=now,
            actor=actor[:150],
            authority=authority.value,
            reason=reason.strip(),
            decree_number=decree.strip(),
        )


def on_published(sender: Any, version: SopVersion, published_by: str = "", **kwargs: Any) -> None:
    """A new version is in force; the SOP's version in force until now is superseded (one BERLAKU per SOP)."""
    actor = published_by or PUBLISHER
    in_force = VersionState.objects.filter(sop_id=version.sop_id, state=State.BERLAKU).exclude(version=version)
    for row in in_force.select_related("version"):
        fire(row.version, "gantikan", actor=actor, authority=Authority.PUBLISHING, reason=f"v{version.number}")
    fire(version, "terbitkan", actor=actor, authority=Authority.PUBLISHING)


def revoke(user: AbstractBaseUser, version: SopVersion, *, reason: str, decree: str) -> Transition:
    """Revoke the version in force, as an administrator of its organisation (recorded in its audit trail too);
    LifecycleError if refused."""
    if not can_administer(user, version.sop.organisation_id):
        raise LifecycleError(
            "not_permitted",
            "Hanya pengelola organisasi ini yang dapat mencabut SOP-nya.",
            "Only this organisation's administrators may revoke its SOPs.",
        )
    with transaction.atomic():
        done = fire(
            version, "cabut", actor=user.get_username(), authority=Authority.PENGELOLA, reason=reason, decree=decree
        )
        target = f"{version.sop.key} v{version.number}"
        after = {"state": done.to_state, "reason": done.reason, "decree_number": done.decree_number}
        record(user, version.sop.organisation, "sop.revoke", target, {"state": done.from_state}, after)
    return done


class _Reader:
    """What the catalog, the loket and the page cache read (see ``catalog.version_states``)."""

    def states(self, version_ids: Iterable[int]) -> dict[int, str]:
        rows = VersionState.objects.filter(version_id__in=list(version_ids)).values_list("version_id", "state")
        return dict(rows)

    def closed(self, version: SopVersion) -> tuple[str, str] | None:
        state = current_state(version)
        if state in ("", State.BERLAKU):
            return None
        if state == State.DICABUT:
            return (
                "SOP ini telah dicabut: kasus baru tidak dapat dibuka. Kasus yang sedang berjalan tetap diselesaikan.",
                "This SOP has been revoked: no new case can be opened. Running cases continue.",
            )
        label = State(state)
        return (
            f"Versi SOP ini berstatus {label.label('id')}: kasus baru dibuka pada versi yang berlaku.",
            f"This SOP version is {label.label('en')}: new cases open on the version in force.",
        )

    def stamp(self) -> int:
        return Transition.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    def revoked_sops(self) -> set[int]:
        states = VersionState.objects.filter(state__in=[State.DICABUT, State.BERLAKU]).values_list("sop_id", "state")
        found: dict[int, set[str]] = {}
        for sop_id, state in states:
            found.setdefault(sop_id, set()).add(state)
        return {sop_id for sop_id, seen in found.items() if State.BERLAKU not in seen}


READER = _Reader()
