"""Who reviews a draft, who answers its notes, and who sees them.

A reviewer of a draft is a member (administrator or penyusun) of the Biro Organisasi (``is_biro_member``), or
an officer holding a role, today, in the organisation that owns the SOP governing review of the draft's
organisation (``review_sop_for``; the built-in review SOP belongs to no organisation, so then only the Biro
reviews). The unit is the draft organisation's own administrators and penyusun SOP (:func:`is_unit`); it answers
and fixes notes. Whoever may write the draft (the Biro too) sees them. Anyone else gets 404.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from sopan.web.accounts.models import RoleAssignment, holding
from sopan.web.authoring.access import BIRO_PREFIX, biro_codes, is_biro_member, may_write
from sopan.web.authoring.models import Draft
from sopan.web.catalog.models import Organisation
from sopan.web.lifecycle.models import ReviewPolicy
from sopan.web.lifecycle.review import review_sop_for

__all__ = [
    "followed_draft_or_404",
    "is_unit",
    "may_follow",
    "may_review",
    "review_draft_or_404",
    "reviewer_organisations",
]

User = AbstractBaseUser | AnonymousUser


def _holds_role_in(user: User, organisation: Organisation) -> bool:
    return RoleAssignment.objects.filter(holding(), user=user, role__organisation=organisation).exists()


def may_review(user: User, draft: Draft) -> bool:
    """Whether ``user`` reviews ``draft``: a superuser, a Biro member, or an officer holding a role in the
    organisation of the SOP that governs review of the draft's organisation."""
    if not user.is_authenticated:
        return False
    if user.is_superuser or is_biro_member(user):  # type: ignore[union-attr]
        return True
    governing = review_sop_for(draft.organisation).sop
    return governing is not None and _holds_role_in(user, governing.organisation)


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
    """The organisations whose Berita Acara the user sees: the Biro ones they belong to, and those owning an SOP
    that governs review where they hold a role; every Biro organisation (and any that issued one) for a
    superuser."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    biro = Q(code__startswith=BIRO_PREFIX) | Q(code__in=biro_codes())
    if user.is_superuser:  # type: ignore[union-attr]
        return Organisation.objects.filter(biro | Q(review_minutes__isnull=False)).distinct()
    member = Q(administrators__user=user) | Q(writers__user=user)
    role = Q(pk__in=RoleAssignment.objects.filter(holding(), user=user).values("role__organisation"))
    governs = Q(pk__in=ReviewPolicy.objects.values("review_sop__organisation"))
    return Organisation.objects.filter((biro & member) | (role & governs)).distinct()
