"""Who reviews a draft, who answers its notes, and who sees them.

A reviewer of a draft is a member of an organisation overseeing the draft's unit (``lifecycle.oversight``, the
one rule of who reviews whom). The unit is the draft organisation's own administrators and penyusun SOP
(:func:`is_unit`); it answers and fixes notes. Whoever may write the draft (the Biro too) sees them. Anyone else
gets 404.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from sopan.web.authoring.access import may_write
from sopan.web.authoring.models import Draft
from sopan.web.catalog.biro import biro_q
from sopan.web.catalog.models import Organisation
from sopan.web.lifecycle.oversight import reviewing_organisations, reviews_unit

__all__ = [
    "followed_draft_or_404",
    "is_unit",
    "may_follow",
    "may_review",
    "review_draft_or_404",
    "reviewer_organisations",
]

User = AbstractBaseUser | AnonymousUser


def may_review(user: User, draft: Draft) -> bool:
    """Whether ``user`` reviews ``draft``: a superuser, or a member of an organisation overseeing its unit."""
    return reviews_unit(user, draft.organisation)


def is_unit(user: User, draft: Draft) -> bool:
    """Whether ``user`` speaks for the unit whose draft it is: an administrator or penyusun SOP of the draft's own
    organisation (the Biro writes every draft, but is the unit only for its own)."""
    if not user.is_authenticated:
        return False
    member = Q(administrators__user=user) | Q(writers__user=user)
    return Organisation.objects.filter(member, pk=draft.organisation_id).exists()


def may_follow(user: User, draft: Draft) -> bool:
    """Whether ``user`` sees the draft's notes: its reviewers and its unit."""
    return may_review(user, draft) or may_write(user, draft.organisation)


def _draft(user: User, draft_id: object) -> Draft | None:
    if not user.is_authenticated:
        return None
    return Draft.objects.select_related("organisation").filter(pk=draft_id).first()


def review_draft_or_404(user: User, draft_id: object) -> Draft:
    """The draft if the user reviews it; 404 otherwise, with no hint that it exists."""
    found = _draft(user, draft_id)
    if found is None or not may_review(user, found):
        raise Http404("draft")
    return found


def followed_draft_or_404(user: User, draft_id: object) -> Draft:
    """The draft if the user reviews it or writes it; 404 otherwise."""
    found = _draft(user, draft_id)
    if found is None or not may_follow(user, found):
        raise Http404("draft")
    return found


def reviewer_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations whose Berita Acara the user sees: those through which they review
    (``oversight.reviewing_organisations``); every Biro organisation (and any that issued one) for a superuser."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:  # type: ignore[union-attr]
        return Organisation.objects.filter(biro_q() | Q(review_minutes__isnull=False)).distinct()
    return reviewing_organisations(user)
