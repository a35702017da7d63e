"""The lifecycle's screens: an SOP's state history (public) with revocation for its administrators, the review
SOP an organisation names (its administrators), and the reminders (units and the Biro).

Revocation and the review setting are POSTs with CSRF by an organisation's administrators (and superusers);
anyone else gets 404, with no hint of who administers what.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from sopan.web.cases.access import can_administer
from sopan.web.cases.forms import form_errors
from sopan.web.catalog.models import Sop
from sopan.web.catalog.page_cache import cached_until_publication
from sopan.web.lifecycle.forms import ReviewSopForm, RevokeForm
from sopan.web.lifecycle.models import Transition, VersionState
from sopan.web.lifecycle.reminders import organisations_in_view, reminders_for
from sopan.web.lifecycle.review import name_review_sop, review_sop_for
from sopan.web.lifecycle.services import revoke
from sopan.web.lifecycle.states import TRANSITIONS, LifecycleError, State
from sopan.web.monitoring.access import may_monitor
from sopan.web.office.audit import record
from sopan.web.office.common import administered_or_404
from sopan.web.ui.language import text

__all__ = ["reminders_page", "review_sop_page", "sop_history", "sop_revoke"]

_TITLES = {rule.name: rule.title for rule in TRANSITIONS}


def _sop(organisation: str, key: str) -> Sop:
    return get_object_or_404(Sop.objects.select_related("organisation"), organisation__code=organisation, key=key)


@cached_until_publication
def sop_history(request: HttpRequest, organisation: str, key: str) -> HttpResponse:
    """Every transition of every version of the SOP: when, which version, from and to, who, why, the decree."""
    sop = _sop(organisation, key)
    lang = getattr(request, "lang", "id")
    versions = list(sop.versions.order_by("-number"))
    states = dict(VersionState.objects.filter(sop=sop).values_list("version_id", "state"))
    transitions = Transition.objects.filter(version__sop=sop).select_related("version").order_by("-at", "-pk")
    in_force = next((v for v in versions if states.get(v.pk) == State.BERLAKU), None)
    context = {
        "sop": sop,
        "versions": [(version, states.get(version.pk, "")) for version in versions],
        "transitions": [
            (row, _TITLES[row.name].text(lang) if row.name in _TITLES else row.name) for row in transitions
        ],
        "show_actor": may_monitor(request.user, sop.organisation),
        "in_force": in_force,
        "may_revoke": in_force is not None and can_administer(request.user, sop.organisation),
    }
    return render(request, "lifecycle/history.html", context)


@login_required
@require_POST
def sop_revoke(request: HttpRequest, organisation: str, key: str) -> HttpResponse:
    sop = _sop(organisation, key)
    if not can_administer(request.user, sop.organisation):
        raise Http404("sop")
    lang = getattr(request, "lang", "id")
    form = RevokeForm(request.POST, lang=lang)
    if not form.is_valid():
        for line in form_errors(form):
            messages.error(request, line)
        return redirect("sop-history", organisation=organisation, key=key)
    version = sop.versions.filter(number=form.cleaned_data["versi"]).first()
    if version is None:
        messages.error(request, text(request, "Versi itu tidak ada.", "No such version."))
        return redirect("sop-history", organisation=organisation, key=key)
    try:
        revoke(request.user, version, reason=form.cleaned_data["alasan"], decree=form.cleaned_data["nomor_keputusan"])
    except LifecycleError as error:
        messages.error(request, f"[{error.code}] {error.text(lang)}")
    else:
        messages.success(request, text(request, f"{sop.title} dicabut.", f"{sop.title} revoked."))
    return redirect("sop-history", organisation=organisation, key=key)


@login_required
def review_sop_page(request: HttpRequest, organisation: str) -> HttpResponse:
    """/pengelola/<org>/telaah/: which SOP governs review of the organisation's SOPs."""
    office = administered_or_404(request, organisation)
    lang = getattr(request, "lang", "id")
    if request.method == "POST":
        form = ReviewSopForm(request.POST, lang=lang)
        chosen: Sop | None = None
        if form.is_valid() and form.cleaned_data["sop"]:
            code, _, key = form.cleaned_data["sop"].partition("/")
            chosen = Sop.objects.filter(organisation__code=code, key=key).first()
            if chosen is None:
                form.refuse("sop", "unknown_sop", "SOP itu tidak ada di katalog.", "That SOP is not in the catalog.")
        if form.is_valid():
            before = review_sop_for(office)
            try:
                name_review_sop(office, chosen, request.user.get_username())
            except LifecycleError as error:
                form.refuse(error.field, error.code, error.message_id, error.message_en)
        if form.is_valid():
            after = review_sop_for(office)
            changed = ({"sop": before.title}, {"sop": after.title})
            record(request.user, office, "lifecycle.review_sop", office.code, *changed)
            messages.success(request, text(request, "SOP telaah disimpan.", "Review SOP saved."))
            return redirect("office-review-sop", organisation=office.code)
        for line in form_errors(form):
            messages.error(request, line)
    current = review_sop_for(office)
    choices = (
        Sop.objects.exclude(organisation=office).select_related("organisation").order_by("organisation__name", "title")
    )
    context = {"organisation": office, "current": current, "choices": choices}
    return render(request, "lifecycle/review_sop.html", context)


@login_required
def reminders_page(request: HttpRequest, organisation: str | None = None) -> HttpResponse:
    """/pengingat/: the SOPs to review or evaluate, of the units the user sees (one with /pengingat/<org>/)."""
    organisations = organisations_in_view(request.user)
    if organisation is not None:
        organisations = [found for found in organisations if found.code == organisation]
        if not organisations:
            raise Http404("organisation")
    lang = getattr(request, "lang", "id")
    rows = [(reminder, reminder.texts(lang)) for reminder in reminders_for(organisations)]
    context = {"rows": rows, "organisations": organisations, "one": organisation is not None}
    return render(request, "lifecycle/reminders.html", context)
