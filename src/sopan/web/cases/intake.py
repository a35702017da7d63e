"""The loket: starting cases. Pelayanan SOPs take the applicant and the first step's checklist; Penugasan and
Rutin SOPs are started by a holder of the first lane's role with the disposition or schedule that starts them.
Then the receipt (tanda terima) with the tracking code and a QR code to the public status page."""

from __future__ import annotations

import uuid
from collections import defaultdict

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from sopan.engine import Refusal
from sopan.web import limits
from sopan.web.accounts.models import RoleAssignment, holding
from sopan.web.cases.access import can_see_personal_data, case_or_404
from sopan.web.cases.forms import IntakeForm, form_errors_of
from sopan.web.cases.services import submit
from sopan.web.catalog.models import Sop, SopVersion
from sopan.web.catalog.runtime import calendar_for, process_for
from sopan.web.catalog.version_states import closed_to_new_cases, states_of
from sopan.web.ui.language import text

__all__ = ["loket", "receipt", "start_case"]


def _startable(user) -> list[tuple[Sop, SopVersion]]:
    """SOPs whose opening roles the user holds, with their latest version (three queries in all)."""
    mine: dict[int, set[str]] = defaultdict(set)
    for organisation_id, code in RoleAssignment.objects.filter(holding(), user=user).values_list(
        "role__organisation_id", "role__code"
    ):
        mine[organisation_id].add(code)
    newest_first = Prefetch("versions", queryset=SopVersion.objects.order_by("-number").select_related("sop"))
    sops = (
        Sop.objects.filter(organisation_id__in=mine)
        .select_related("organisation")
        .prefetch_related(newest_first)
        .order_by("title")
    )
    found = []
    for sop in sops:
        versions = list(sop.versions.all())
        if versions and mine[sop.organisation_id] & set(process_for(versions[0]).opening_roles()):
            found.append((sop, versions[0]))
    return found


@login_required
def loket(request: HttpRequest) -> HttpResponse:
    startable = _startable(request.user)
    states = states_of(version.pk for _, version in startable)
    rows = [
        {"sop": sop, "version": version, "revoked": states.get(version.pk) == "DICABUT"} for sop, version in startable
    ]
    return render(request, "cases/loket.html", {"rows": rows})


def _form_context(form: IntakeForm) -> dict:
    """What the page shows again after a refused form: each value cut to its field's limit, errors by field."""
    values = {
        name: str(form.data.get(name, ""))[: field.max_length]
        for name, field in form.fields.items()
        if isinstance(field, forms.CharField)
    }
    shown = {"nama", "nik", "dasar"}
    errors = {name: " ".join(form.errors[name]) for name in shown if name in form.errors}
    others = [line for name in form.errors if name not in shown for line in form_errors_of(form, name)]
    return {"values": values, "errors": errors, "other_errors": others}


def _open(request: HttpRequest, form: IntakeForm, version: SopVersion) -> HttpResponse | None:
    """Submit the form's OpenCase; the case page on success, None (with a message) when refused."""
    command_id = form.cleaned_data["command_id"] or None
    try:
        result = submit(request.user, form.command(timezone.now()), version=version, command_id=command_id)
    except Refusal as refusal:
        messages.error(request, refusal.text(request.lang))
        return None
    except ValueError:
        messages.error(request, text(request, "Formulir tidak sah.", "Invalid form."))
        return None
    code = result.case.tracking_code
    messages.success(
        request, text(request, f"Kasus dibuat. Kode lacak: {code}", f"Case created. Tracking code: {code}")
    )
    return redirect("case", case_id=result.case.pk)


@login_required
def start_case(request: HttpRequest, organisation: str, key: str) -> HttpResponse:
    sop = get_object_or_404(Sop, organisation__code=organisation, key=key)
    version = sop.latest
    if version is None:
        raise Http404("version")
    if closed := closed_to_new_cases(version):
        messages.error(request, text(request, *closed))
        return redirect("loket")
    process = process_for(version)
    lang = getattr(request, "lang", "id")
    form = IntakeForm(request.POST if request.method == "POST" else None, process=process, lang=lang)
    if form.is_valid():
        opened = _open(request, form, version)
        if opened is not None:
            return opened
    context = {
        "sop": sop,
        "process": process,
        "first": process.first_step,
        "items": process.requirements(process.first_step),
        "command_id": uuid.uuid4(),
        "limits": limits,
        "standard": process.standard_time().describe(lang),
        **_form_context(form),
    }
    return render(request, "cases/start.html", context)


@login_required
def receipt(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    """The tanda terima as a PDF: tracking code, promised time, QR code to the public status page."""
    import segno
    from django.template.loader import render_to_string
    from weasyprint import HTML

    case = case_or_404(request.user, case_id)
    process = process_for(case.sop_version)
    status_url = request.build_absolute_uri(reverse("public-status-code", args=[case.tracking_code]))
    qr = segno.make(status_url, error="m").svg_inline(scale=3, dark="#000")
    state = case.typed_state
    applicant = state.applicant or {}
    calendar = calendar_for(case.organisation)
    context = {
        "case": case,
        "sop": case.sop_version.sop,
        "organisation": case.organisation,
        "applicant_name": applicant.get("name") if can_see_personal_data(request.user, case) else None,
        "standard": process.standard_time().describe("id"),
        "due": case.due_at.astimezone(calendar.zone) if case.due_at else None,
        "opened": case.opened_at.astimezone(calendar.zone),
        "status_url": status_url,
        "qr": qr,
        "items": [
            (item, bool(state.tasks) and item.key in state.tasks[0].ticked)
            for item in process.requirements(process.first_step)
        ],
    }
    html = render_to_string("cases/receipt.html", context, request=request)
    pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="tanda-terima-{case.tracking_code}.pdf"'
    return response
