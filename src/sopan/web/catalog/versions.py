"""An SOP's versions: two of them side by side, and what replaced an old one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from sopan.compare import Comparison, compare_sops
from sopan.web.catalog.models import Sop, SopVersion
from sopan.web.catalog.page_cache import cached_until_publication
from sopan.web.catalog.runtime import process_for
from sopan.web.ui.language import text

__all__ = ["Replacement", "compare_page", "compare_versions", "replacement", "version_list"]

FROM, TO = "dari", "ke"  # the query's keys: /sop/<org>/<key>/banding/?dari=1&ke=2


@dataclass(frozen=True)
class Replacement:
    """An old version's successor (the version published right after it) and the version in force now."""

    successor: SopVersion
    current: SopVersion


def version_list(sop: Sop) -> QuerySet[SopVersion]:
    """The SOP's versions, newest first, without their definitions."""
    return sop.versions.order_by("-number").defer("definition")


def replacement(version: SopVersion) -> Replacement | None:
    """What replaced ``version``, or None when it is the newest one."""
    later = list(version_list(version.sop).filter(number__gt=version.number))
    if not later:
        return None
    return Replacement(successor=later[-1], current=later[0])


def compare_versions(old: SopVersion, new: SopVersion) -> Comparison:
    """The comparison of two published versions of one SOP (their definitions as the engine reads them)."""
    return compare_sops(process_for(old).sop, process_for(new).sop)


def _number(request: HttpRequest, key: str) -> int | str | None:
    """The version number asked for, None when not asked, or the text given when it is not a number."""
    given = request.GET.get(key, "").strip()
    if not given:
        return None
    return int(given) if given.isdigit() and len(given) <= 6 else given[:20]


def _label(request: HttpRequest, number: int) -> str:
    """A side's column title: ``Versi 2`` / ``Version 2``."""
    return text(request, f"Versi {number}", f"Version {number}")


@cached_until_publication
def compare_page(request: HttpRequest, organisation: str, key: str) -> HttpResponse:
    """Two versions of an SOP side by side; by default the newest against the one before it."""
    sop = get_object_or_404(Sop.objects.select_related("organisation"), organisation__code=organisation, key=key)
    versions = list(version_list(sop))
    numbers = [version.number for version in versions]
    asked_from, asked_to = _number(request, FROM), _number(request, TO)
    to_number = asked_to if asked_to is not None else (numbers[0] if numbers else None)
    from_number = asked_from if asked_from is not None else next((n for n in numbers if n != to_number), to_number)
    unknown = [(name, value) for name, value in ((FROM, from_number), (TO, to_number)) if value not in numbers]
    context = {"sop": sop, "versions": versions, "from_number": from_number, "to_number": to_number}
    if unknown:
        context["unknown"] = unknown
        malformed = any(isinstance(value, str) for _, value in unknown)
        return render(request, "catalog/compare.html", context, status=400 if malformed else 404)
    by_number = {version.number: version.pk for version in versions}
    old = SopVersion.objects.get(pk=by_number[int(from_number or 0)])  # the two definitions, not every version's
    new = SopVersion.objects.get(pk=by_number[int(to_number or 0)])
    context.update({"old": old, "new": new, "comparison": compare_versions(old, new)})
    context.update(old_label=_label(request, old.number), new_label=_label(request, new.number))
    return render(request, "catalog/compare.html", context)
