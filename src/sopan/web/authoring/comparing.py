"""A draft compared with its SOP's published version: the one it revises, else the newest of its key."""

from __future__ import annotations

from sopan.compare import Comparison, compare_sops
from sopan.edit import problems_of, sop_of
from sopan.web.authoring.models import Draft
from sopan.web.catalog.models import SopVersion
from sopan.web.catalog.runtime import process_for

__all__ = ["compare_draft", "published_for"]


def published_for(draft: Draft) -> SopVersion | None:
    """The published version the draft is compared with: its ``based_on``, else the newest version of the
    draft's organisation and key; None when the SOP has never been published."""
    if draft.based_on_id:
        return draft.based_on
    newest = SopVersion.objects.filter(sop__organisation=draft.organisation, sop__key=draft.sop_key)
    return newest.select_related("sop").order_by("-number").first()


def compare_draft(draft: Draft, published: SopVersion) -> Comparison | None:
    """The published version -> the draft; None when the draft does not load (YAML text saved with errors)."""
    if draft.pending_text or problems_of(draft.definition):
        return None
    return compare_sops(process_for(published).sop, sop_of(draft.definition, draft.sop_key))
