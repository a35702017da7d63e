"""Approving a draft found conforming: the official named in its Disahkan Oleh approves, and the draft is
published as the catalog SOP's new version in force (the version before becomes DIGANTIKAN).

Who the official is comes from ``signing.approver`` (the office's approver role, else the internal role named like
the jabatan), asked of the draft as if it were a version. A unit cannot approve its own SOP unless its user holds
that role. Publishing goes through ``catalog.publishing.publish_sop``, whose ``version_published`` makes the new
version BERLAKU; running cases stay on the version they opened on.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction

from sopan.web.authoring.checking import check_draft
from sopan.web.authoring.models import Draft
from sopan.web.catalog.models import Sop, SopVersion
from sopan.web.catalog.publishing import publish_sop
from sopan.web.lifecycle.drafts import draft_state, fire_draft
from sopan.web.lifecycle.models import DraftTransition
from sopan.web.lifecycle.states import Authority, LifecycleError, State
from sopan.web.signing.approver import approver_role, may_sign

__all__ = ["approve_draft", "as_version", "may_approve"]


def as_version(draft: Draft) -> SopVersion:
    """The draft as an unsaved version of its SOP: what ``signing.approver`` reads (organisation, definition)."""
    return SopVersion(sop=Sop(organisation=draft.organisation, key=draft.sop_key), definition=draft.definition)


def may_approve(user: AbstractBaseUser | AnonymousUser, draft: Draft) -> bool:
    return may_sign(user, as_version(draft))


def approve_draft(user: AbstractBaseUser, draft: Draft) -> tuple[DraftTransition, SopVersion]:
    """Approve a SESUAI draft and publish it; LifecycleError if refused (nothing changed then)."""
    if not may_approve(user, draft):
        role = approver_role(as_version(draft))
        named = role.name if role is not None else "-"
        raise LifecycleError(
            "not_permitted",
            f"Hanya pemegang jabatan pengesah ({named}) yang dapat menyetujui SOP ini.",
            f"Only the holder of the approving position ({named}) may approve this SOP.",
        )
    if draft_state(draft) != State.SESUAI:
        raise LifecycleError(
            "transition_not_allowed",
            f"Rancangan berstatus {draft_state(draft).label('id')} tidak dapat disetujui.",
            f"A draft that is {draft_state(draft).label('en')} cannot be approved.",
        )
    model = check_draft(draft).sop
    if model is None:
        raise LifecycleError("does_not_load", "Rancangan tidak dapat dimuat.", "The draft does not load.")
    username = user.get_username()
    with transaction.atomic():
        approved = fire_draft(draft, "setujui", actor=username, authority=Authority.APPROVER)
        version, new = publish_sop(draft.organisation, model, published_by=username)
        if not new:
            raise LifecycleError(
                "unchanged",
                "Rancangan sama dengan versi yang sudah terbit: tidak ada versi baru.",
                "The draft is the same as the published version: there is no new version.",
            )
        fire_draft(
            draft, "terbitkan", actor=username, authority=Authority.PUBLISHING, reason=f"v{version.number}",
            published=version,
        )  # fmt: skip
    return approved, version
