"""Where monitoring starts: the organisations one may see, and per organisation its SOPs and half years."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sopan.web.catalog.models import Organisation, Sop
from sopan.web.monitoring.access import may_evaluate, may_monitor
from sopan.web.monitoring.models import Evaluation, MonitoringForm
from sopan.web.monitoring.places import organisation_for
from sopan.web.monitoring.tabel7 import half_label

__all__ = ["monitoring_home", "monitoring_organisation", "recent_halves"]

HALVES_SHOWN = 4


def recent_halves(today: dt.date, count: int = HALVES_SHOWN) -> list[tuple[int, int]]:
    """The current half year and those before it, newest first: 2026-12-04 gives (2026, 2), (2026, 1), (2025, 2)..."""
    index = today.year * 2 + (0 if today.month <= 6 else 1)
    return [((i // 2), (i % 2) + 1) for i in range(index, index - count, -1)]


@login_required
def monitoring_home(request: HttpRequest) -> HttpResponse:
    user = request.user
    places = Organisation.objects.all()
    if not user.is_superuser:
        places = places.filter(
            Q(roles__assignments__user=user, roles__external=False) | Q(administrators__user=user)
        ).distinct()
    return render(request, "monitoring/home.html", {"organisations": places.order_by("name")})


@login_required
def monitoring_organisation(request: HttpRequest, organisation: str) -> HttpResponse:
    place = organisation_for(request.user, organisation)
    today = dt.datetime.now(ZoneInfo(place.timezone)).date()
    kept = {(f.year, f.half): f for f in MonitoringForm.objects.filter(organisation=place)}
    evaluator = may_evaluate(request.user, place)
    halves = sorted(set(recent_halves(today)) | set(kept), reverse=True)
    lang = request.lang  # type: ignore[attr-defined]
    periods = [
        {"year": y, "half": h, "label": half_label(y, h, lang), "form": kept.get((y, h))}
        for y, h in halves
        if evaluator or (y, h) in kept
    ]
    evaluations = {(e.sop_id, e.year, e.half): e for e in Evaluation.objects.filter(sop__organisation=place)}
    sops = [
        {
            "sop": sop,
            "evaluations": [
                {**p, "kept": evaluations.get((sop.pk, p["year"], p["half"]))}
                for p in periods
                if evaluator or (sop.pk, p["year"], p["half"]) in evaluations
            ],
        }
        for sop in Sop.objects.filter(organisation=place)
    ]
    context = {
        "organisation": place,
        "periods": periods,
        "sops": sops,
        "monitor": may_monitor(request.user, place),
        "evaluator": evaluator,
        "this_year": today.year,
    }
    return render(request, "monitoring/organisation.html", context)
