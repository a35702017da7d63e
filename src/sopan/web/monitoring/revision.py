"""An evaluation concluded "revisi" starts the revision: a draft of the SOP's newest version for its writers."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser

from sopan.web.authoring.models import Draft
from sopan.web.authoring.services import new_draft
from sopan.web.catalog.models import Sop

__all__ = ["open_revision", "revision_draft"]


def revision_draft(sop: Sop) -> Draft | None:
    """The revision draft of ``sop`` still being written (based on its newest version), if there is one."""
    newest = sop.versions.order_by("-number").first()
    if newest is None:
        return None
    return Draft.objects.filter(based_on=newest, status=Draft.Status.KONSEP).order_by("-created_at").first()


def open_revision(sop: Sop, evaluator: AbstractBaseUser) -> Draft | None:
    """The revision draft for ``sop``: the one already open, or a new one copied from its newest version (the
    evaluator is recorded as its first author; the unit's SOP writers take it from there). None when the SOP has
    no published version."""
    existing = revision_draft(sop)
    if existing is not None:
        return existing
    newest = sop.versions.order_by("-number").first()
    if newest is None:
        return None
    draft = new_draft(sop.organisation, evaluator, start="revisi", version=newest)
    return draft if isinstance(draft, Draft) else None
