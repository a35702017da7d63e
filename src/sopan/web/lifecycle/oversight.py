"""Who reviews whom: the one relation between a reviewing organisation and the units it oversees.

A unit that named the SOP governing review of its SOPs (``ReviewPolicy``) is overseen by the organisation owning
that SOP (for Kalimantan Selatan's OPDs, the Biro Organisasi Kalsel). A unit that named none is reviewed under
sopan's built-in review SOP and is overseen by every Biro Organisasi (``catalog.biro``: the code prefix or
``SOPAN_BIRO``) and by the built-in organisation where those review cases run. No organisation oversees itself.

A member of an organisation (its administrator, its penyusun SOP, or the holder of one of its roles today)
reviews the drafts of the units it oversees; a superuser reviews every draft. The review notes, the Berita Acara,
the reviewer's read-only view of a draft and the Biro's reminders all ask this module.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, F, OuterRef, Q, QuerySet

from sopan.web.accounts.models import RoleAssignment, holding
from sopan.web.catalog.biro import biro_q
from sopan.web.catalog.models import Organisation
from sopan.web.lifecycle.models import ReviewPolicy
from sopan.web.lifecycle.review import BUILTIN_ORGANISATION

__all__ = [
    "member_organisations",
    "overseen_by",
    "overseers",
    "reviewed_units",
    "reviewing_organisations",
    "reviews_unit",
]

User = AbstractBaseUser | AnonymousUser


def _fallback() -> Q:
    """The overseers of a unit that named no review SOP."""
    return biro_q() | Q(code=BUILTIN_ORGANISATION)


def overseers(unit: Organisation) -> QuerySet[Organisation]:
    """The organisations overseeing ``unit``."""
    named = ReviewPolicy.objects.filter(organisation=unit).values_list("review_sop__organisation", flat=True).first()
    found = Q(pk=named) if named is not None else _fallback()
    return Organisation.objects.filter(found).exclude(pk=unit.pk)


def overseen_by(reviewers: QuerySet[Organisation]) -> QuerySet[Organisation]:
    """The units overseen by any of ``reviewers``."""
    units = Q(pk__in=ReviewPolicy.objects.filter(review_sop__organisation__in=reviewers).values("organisation"))
    if reviewers.filter(_fallback()).exists():
        units |= ~Q(pk__in=ReviewPolicy.objects.values("organisation"))
    return Organisation.objects.filter(units).exclude(pk__in=reviewers.values("pk"))


def member_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations ``user`` belongs to: administers, writes for, or holds a role in today."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    roles = RoleAssignment.objects.filter(holding(), user=user).values("role__organisation")
    member = Q(administrators__user=user) | Q(writers__user=user) | Q(pk__in=roles)
    return Organisation.objects.filter(pk__in=Organisation.objects.filter(member).values("pk"))


def reviews_unit(user: User, unit: Organisation) -> bool:
    """Whether ``user`` reviews the drafts of ``unit``: a superuser, or a member of one of its overseers."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:  # type: ignore[union-attr]
        return True
    return overseers(unit).filter(pk__in=member_organisations(user).values("pk")).exists()


def reviewed_units(user: User) -> QuerySet[Organisation]:
    """The units whose drafts ``user`` reviews, as one SQL filter: for each unit the answer of ``reviews_unit``.

    A unit that named a review SOP is reviewed by the members of the organisation owning it (unless that is the
    unit itself); a unit that named none, by the members of any fallback overseer other than itself."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser:  # type: ignore[union-attr]
        return Organisation.objects.all()
    mine = member_organisations(user).values("pk")
    named = ReviewPolicy.objects.filter(review_sop__organisation__in=mine)
    named = named.exclude(review_sop__organisation=F("organisation"))
    fallback = Organisation.objects.filter(_fallback(), pk__in=mine).exclude(pk=OuterRef("pk"))
    unnamed = ~Q(pk__in=ReviewPolicy.objects.values("organisation")) & Exists(fallback)
    return Organisation.objects.filter(Q(pk__in=named.values("organisation")) | unnamed)


def reviewing_organisations(user: User) -> QuerySet[Organisation]:
    """The organisations through which ``user`` reviews: those they belong to that oversee at least one unit."""
    mine = list(member_organisations(user))
    return Organisation.objects.filter(pk__in=[org.pk for org in mine if _oversees_any(org)])


def _oversees_any(organisation: Organisation) -> bool:
    return overseen_by(Organisation.objects.filter(pk=organisation.pk)).exists()
