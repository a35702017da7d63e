"""The organisation, SOP and half year named in a monitoring address, or 404 for what the user may not see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from sopan.web.catalog.models import Organisation, Sop
from sopan.web.monitoring.access import may_monitor

__all__ = ["FIRST_YEAR", "LAST_YEAR", "check_half", "organisation_for", "sop_for"]

FIRST_YEAR, LAST_YEAR = 2000, 2100


def check_half(year: int, half: int) -> None:
    if half not in (1, 2) or not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404("period")


def organisation_for(user: AbstractBaseUser, code: str) -> Organisation:
    organisation = get_object_or_404(Organisation, code=code)
    if not may_monitor(user, organisation):
        raise Http404("organisation")
    return organisation


def sop_for(user: AbstractBaseUser, organisation: str, key: str) -> Sop:
    sop = get_object_or_404(Sop.objects.select_related("organisation"), organisation__code=organisation, key=key)
    if not may_monitor(user, sop.organisation):
        raise Http404("sop")
    return sop
