"""Who may see a draft's way to law: its writers (and the Biro), its reviewers (``oversight``), and the official
who approves it. Anyone else gets 404, with no hint that the draft exists."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet
from django.http import Http404

from sopan.web.authoring.access import may_write
from sopan.web.authoring.draft_states import Shown
from sopan.web.authoring.models import Draft
from sopan.web.lifecycle.approval import may_approve
from sopan.web.lifecycle.drafts import DRAFT_READER
from sopan.web.lifecycle.oversight import reviews_unit
from sopan.web.lifecycle.waiting import waiting_drafts

__all__ = ["READER", "draft_in_view_or_404", "is_reviewer"]


def is_reviewer(user: AbstractBaseUser | AnonymousUser, draft: Draft) -> bool:
    """A reviewer of the draft: a member of an organisation overseeing its unit."""
    return reviews_unit(user, draft.organisation)


class _Reader:
    """The reader registered with ``authoring.draft_states``: the drafts' states, and who may read a draft."""

    def shown(self, draft: Draft) -> Shown:
        return DRAFT_READER.shown(draft)

    def may_read(self, user: AbstractBaseUser | AnonymousUser, draft: Draft) -> bool:
        return is_reviewer(user, draft) or may_approve(user, draft)

    def waiting(self, user: AbstractBaseUser | AnonymousUser) -> QuerySet[Draft]:
        return waiting_drafts(user)


READER = _Reader()


def draft_in_view_or_404(user: AbstractBaseUser | AnonymousUser, draft_id: object) -> Draft:
    if not user.is_authenticated:
        raise Http404("draft")
    draft = Draft.objects.select_related("organisation").filter(pk=draft_id).first()
    if draft is None:
        raise Http404("draft")
    if not (may_write(user, draft.organisation) or is_reviewer(user, draft) or may_approve(user, draft)):
        raise Http404("draft")
    return draft
