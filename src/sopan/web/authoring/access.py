"""Who may write an organisation's drafts: its penyusun SOP, its pengelola, and the Biro Organisasi.

The Biro Organisasi is every organisation ``catalog.biro`` recognises; its administrators and writers may write
every organisation's drafts. The officers reviewing a draft (``lifecycle.oversight``) and the official approving
it may read it (through the reader ``lifecycle`` registers). Anyone else gets 404, with no hint that a draft
exists."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet
from django.http import Http404

from sopan.web.authoring.draft_states import may_read, waiting
from sopan.web.authoring.models import Draft
from sopan.web.catalog.biro import BIRO_PREFIX, biro_codes, biro_q
from sopan.web.catalog.models import Organisation

__all__ = [
    "BIRO_PREFIX",
    "biro_codes",
    "draft_or_404",
    "drafts_to_read",
    "is_biro_member",
    "may_write",
    "readable_draft_or_404",
    "visible_drafts",
    "writable_organisations",
]


def is_biro_member(user: AbstractBaseUser | AnonymousUser) -> bool:
    """An administrator or writer of the Biro Organisasi."""
    if not user.is_authenticated:
        return False
    return Organisation.objects.filter(biro_q()).filter(Q(administrators__user=user) | Q(writers__user=user)).exists()


def writable_organisations(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Organisation]:
    """The organisations whose drafts the user may write."""
    if not user.is_authenticated:
        return Organisation.objects.none()
    if user.is_superuser or is_biro_member(user):
        return Organisation.objects.all()
    return Organisation.objects.filter(Q(administrators__user=user) | Q(writers__user=user)).distinct()


def may_write(user: AbstractBaseUser | AnonymousUser, organisation: Organisation) -> bool:
    return writable_organisations(user).filter(pk=organisation.pk).exists()


def visible_drafts(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Draft]:
    return Draft.objects.filter(organisation__in=writable_organisations(user)).select_related("organisation")


def drafts_to_read(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Draft]:
    """Submitted drafts of organisations the user does not write that wait for their review or approval (the
    official named in Disahkan Oleh finds here the draft waiting for approval), newest first: found in SQL, every
    one of them, whatever their number (a page of them is a list's to cut)."""
    return waiting(user)


def draft_or_404(user: AbstractBaseUser | AnonymousUser, draft_id: object) -> Draft:
    """The draft, if the user may write its organisation's drafts; 404 otherwise."""
    found = visible_drafts(user).filter(pk=draft_id).first()
    if found is None:
        raise Http404("draft")
    return found


def readable_draft_or_404(user: AbstractBaseUser | AnonymousUser, draft_id: object) -> Draft:
    """The draft, if the user may write it, reviews it (sees its review case) or is the official approving it
    (read-only screens); 404 otherwise."""
    found = visible_drafts(user).filter(pk=draft_id).first()
    if found is None and user.is_authenticated:
        found = Draft.objects.select_related("organisation").filter(pk=draft_id).first()
        if found is not None and not may_read(user, found):
            found = None
    if found is None:
        raise Http404("draft")
    return found
