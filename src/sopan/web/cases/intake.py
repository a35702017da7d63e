"""The loket: starting cases. Pelayanan SOPs take the applicant and the first step's checklist; Penugasan and
Rutin SOPs are started by a holder of the first lane's role with the disposition or schedule that starts them.
Then the receipt (tanda terima) with the tracking code and a QR code to the public status page."""

from __future__ import annotations

import uuid
from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from sopan.engine import Actor, Applicant, OpenCase, Refusal
from sopan.engine.handle import valid_nik
from sopan.web.accounts.models import RoleAssignment
from sopan.web.cases.access import can_see_personal_data, case_or_404
from sopan.web.cases.services import submit
from sopan.web.catalog.models import Sop, SopVersion
from sopan.web.catalog.runtime import calendar_for, process_for
from sopan.web.ui.language import text

__all__ = ["loket", "receipt", "start_case"]


def _startable(user) -> list[tuple[Sop, SopVersion]]:
    """SOPs whose opening roles the user holds, with their latest version (three queries in all)."""
    mine: dict[int, set[str]] = defaultdict(set)
    for organisation_id, code in RoleAssignment.objects.filter(user=user).values_list(
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
    rows = [{"sop": sop, "version": version} for sop, version in _startable(request.user)]
    return render(request, "cases/loket.html", {"rows": rows})


@login_required
def start_case(request: HttpRequest, organisation: str, key: str) -> HttpResponse:
    sop = get_object_or_404(Sop, organisation__code=organisation, key=key)
    version = sop.latest
    if version is None:
        raise Http404("version")
    process = process_for(version)
    first = process.first_step
    items = process.requirements(first)
    errors: dict[str, str] = {}
    values = {name: request.POST.get(name, "").strip() for name in ("nama", "nik", "telepon", "alamat", "dasar")}
    if request.method == "POST":
        if process.is_service:
            if not values["nama"]:
                errors["nama"] = text(request, "Nama pemohon wajib diisi.", "The applicant's name is required.")
            if values["nik"] and not valid_nik(values["nik"]):
                errors["nik"] = text(request, "NIK harus 16 angka.", "The NIK must be 16 digits.")
        elif not values["dasar"]:
            errors["dasar"] = text(request, "Sebutkan dasar kasus ini.", "Say what starts this case.")
        if not errors:
            applicant = (
                Applicant(
                    name=values["nama"],
                    nik=values["nik"] or None,
                    phone=values["telepon"] or None,
                    address=values["alamat"] or None,
                )
                if process.is_service
                else None
            )
            known = {item.key for item in items}
            ticked = tuple(key for key in request.POST.getlist("item") if key in known)
            command = OpenCase(
                Actor(""), timezone.now(), applicant=applicant, trigger=values["dasar"] or None, ticked=ticked
            )
            command_id = request.POST.get("command_id") or None
            try:
                result = submit(request.user, command, version=version, command_id=command_id)
            except Refusal as refusal:
                messages.error(request, refusal.text(request.lang))
            except ValueError:
                messages.error(request, text(request, "Formulir tidak sah.", "Invalid form."))
            else:
                messages.success(
                    request,
                    text(
                        request,
                        f"Kasus dibuat. Kode lacak: {result.case.tracking_code}",
                        f"Case created. Tracking code: {result.case.tracking_code}",
                    ),
                )
                return redirect("case", case_id=result.case.pk)
    context = {
        "sop": sop,
        "process": process,
        "first": first,
        "items": items,
        "values": values,
        "errors": errors,
        "command_id": uuid.uuid4(),
        "standard": process.standard_time().describe(getattr(request, "lang", "id")),
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
