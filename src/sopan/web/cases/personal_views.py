"""The administrator's personal-data screen: the retention period, the cases due, and anonymising them.

Only an organisation's administrators (and superusers) reach it; anyone else gets 404, with no hint that the
organisation has one. Every change is a POST with CSRF; refusals come back as the anonymiser's own message.
"""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sopan.model.retention import MAX_RETENTION_MONTHS
from sopan.web.cases.access import administered_organisations
from sopan.web.cases.models import Case
from sopan.web.cases.personal_data import (
    REASON_MAX,
    AnonymisationRefused,
    anonymise_case,
    anonymise_due,
    due_cases,
    organisation_retention_months,
)
from sopan.web.catalog.models import Organisation
from sopan.web.ui.language import text

__all__ = ["administration", "personal_data"]


class RequestForm(forms.Form):
    """A data subject's request: the case by its tracking code, and why (e.g. the letter's number)."""

    kode = forms.CharField(max_length=16, strip=True)
    alasan = forms.CharField(max_length=REASON_MAX, strip=True)


class RetentionForm(forms.Form):
    """The office's own retention period in months; empty returns to organisasi.yaml."""

    bulan = forms.IntegerField(min_value=1, max_value=MAX_RETENTION_MONTHS, required=False)


def _organisation(request: HttpRequest, code: str) -> Organisation:
    found = administered_organisations(request.user).filter(code=code).first()
    if found is None:
        raise Http404("organisation")
    return found


@login_required
def administration(request: HttpRequest) -> HttpResponse:
    """The organisations the user administers; straight to the one when there is only one."""
    organisations = list(administered_organisations(request.user).order_by("name"))
    if len(organisations) == 1:
        return redirect("office", organisation=organisations[0].code)
    return render(request, "cases/administration.html", {"organisations": organisations})


@login_required
def personal_data(request: HttpRequest, organisation: str) -> HttpResponse:
    office = _organisation(request, organisation)
    if request.method == "POST":
        _act(request, office)
        return redirect("personal-data", organisation=office.code)
    return render(
        request,
        "cases/personal_data.html",
        {
            "organisation": office,
            "due": due_cases(office),
            "months": organisation_retention_months(office),
            "file_value": (office.definition or {}).get("retensi_data"),
            "anonymised": Case.objects.filter(organisation=office, anonymised_at__isnull=False).count(),
            "reason_max": REASON_MAX,
            "max_months": MAX_RETENTION_MONTHS,
        },
    )


def _act(request: HttpRequest, office: Organisation) -> None:
    action = request.POST.get("aksi", "")
    try:
        if action == "satu":
            case = Case.objects.filter(organisation=office, pk=_uuid(request.POST.get("kasus", ""))).first()
            if case is None:
                raise Http404("case")
            anonymise_case(request.user, case)
            messages.success(
                request, text(request, f"{case.tracking_code} dianonimkan.", f"{case.tracking_code} anonymised.")
            )
        elif action == "semua":
            _all_due(request, office)
        elif action == "permintaan":
            _on_request(request, office)
        elif action == "retensi":
            _retention(request, office)
        else:
            messages.error(request, text(request, "Tindakan tidak dikenal.", "Unknown action."))
    except AnonymisationRefused as refusal:
        messages.error(request, refusal.text(request.lang))


def _all_due(request: HttpRequest, office: Organisation) -> None:
    """Every due case, each on its own: the count done, then each refused case with its reason."""
    outcome = anonymise_due(request.user, office)
    done, refused = len(outcome.done), len(outcome.refused)
    if not refused:
        messages.success(request, text(request, f"{done} kasus dianonimkan.", f"{done} cases anonymised."))
        return
    messages.warning(
        request,
        text(request, f"{done} kasus dianonimkan, {refused} ditolak.", f"{done} cases anonymised, {refused} refused."),
    )
    for case, refusal in outcome.refused:
        messages.error(request, f"{case.tracking_code}: {refusal.text(request.lang)}")


def _on_request(request: HttpRequest, office: Organisation) -> None:
    form = RequestForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            text(
                request,
                f"Isi kode lacak (paling banyak 16 karakter) dan alasan (paling banyak {REASON_MAX} karakter).",
                f"Give the tracking code (at most 16 characters) and a reason (at most {REASON_MAX} characters).",
            ),
        )
        return
    code = form.cleaned_data["kode"].upper()
    case = Case.objects.filter(organisation=office, tracking_code=code).first()
    if case is None:
        messages.error(
            request,
            text(request, f"Tidak ada kasus {code} di organisasi ini.", f"No case {code} in this organisation."),
        )
        return
    anonymise_case(request.user, case, reason=form.cleaned_data["alasan"], on_request=True)
    messages.success(
        request,
        text(
            request,
            f"{case.tracking_code} dianonimkan atas permintaan.",
            f"{case.tracking_code} anonymised on request.",
        ),
    )


def _retention(request: HttpRequest, office: Organisation) -> None:
    form = RetentionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            text(
                request,
                f"Masa retensi: bilangan bulan 1 sampai {MAX_RETENTION_MONTHS}, atau kosong.",
                f"Retention period: a number of months from 1 to {MAX_RETENTION_MONTHS}, or empty.",
            ),
        )
        return
    office.retention_months = form.cleaned_data["bulan"]
    office.save(update_fields=["retention_months"])
    messages.success(request, text(request, "Masa retensi tersimpan.", "Retention period saved."))


def _uuid(value: str) -> str | None:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None
