"""The organisation, SOP and half year named in a monitoring address, or 404 for what the user may not see."""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser
from django.http import Http404
from django.shortcuts import get_object_or_404

from sopan.web.catalog.models import Organisation, Sop
from sopan.web.monitoring.access import may_monitor
from sopan.web.ui.errors import NotFoundBecause

__all__ = ["FIRST_YEAR", "LAST_YEAR", "check_half", "half_problem", "organisation_for", "sop_for"]

FIRST_YEAR, LAST_YEAR = 2000, 2100


def half_problem(year: int, half: int) -> tuple[str, str] | None:
    """What is wrong with the half year ``year``-``half`` of an address, in Indonesian and English (naming the
    part: the year or the half), or None. A number out of range is not repeated: it may be thousands of digits."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        return (
            f"Periode: tahun harus antara {FIRST_YEAR} dan {LAST_YEAR}.",
            f"Period: the year must be between {FIRST_YEAR} and {LAST_YEAR}.",
        )
    if half not in (1, 2):
        return (
            "Periode: semester harus 1 (Januari-Juni) atau 2 (Juli-Desember).",
            "Period: the half must be 1 (January-June) or 2 (July-December).",
        )
    return None


def check_half(year: int, half: int) -> None:
    """A 404 page saying what is wrong with the half year of the address, if anything is."""
    problem = half_problem(year, half)
    if problem is not None:
        raise NotFoundBecause(*problem)


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
