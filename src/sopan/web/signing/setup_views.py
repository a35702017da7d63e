"""The office's signing settings at /pengelola/<org>/tte/: which role approves, the remote service, trusted roots.

Only the organisation's administrators (and superusers) reach it; anyone else gets 404. Each change is recorded
in the audit trail with its values before and after (a certificate file's passphrase is never asked here).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sopan.i18n import t
from sopan.sign.verify import readable_roots
from sopan.web.cases.access import administered_organisations
from sopan.web.catalog.models import Organisation, Role
from sopan.web.office.audit import record
from sopan.web.signing.forms import SetupForm
from sopan.web.signing.models import SigningSetup

__all__ = ["setup_page"]


def _office(request: HttpRequest, code: str) -> Organisation:
    found = administered_organisations(request.user).filter(code=code).first()
    if found is None:
        raise Http404("organisation")
    return found


def _values(setup: SigningSetup) -> dict[str, object]:
    return {
        "approver_role": setup.approver_role.code if setup.approver_role else None,
        "kind": setup.kind,
        "service_url": setup.service_url,
        "trust_roots": len(readable_roots([setup.trust_roots.encode()])) if setup.trust_roots else 0,
    }


def _refusal(form: SetupForm, roles: list[Role], lang: str) -> str | None:
    if not form.is_valid():
        if "akar" in form.errors:
            return t("Akar tepercaya: tulis sertifikat PEM (-----BEGIN CERTIFICATE-----).",
                     "Trusted roots: write PEM certificates (-----BEGIN CERTIFICATE-----).", lang)  # fmt: skip
        if "layanan" in form.errors:
            return t("Alamat layanan TTE tidak valid.", "The signing service's address is not valid.", lang)
        return t("Isian tidak valid.", "The input is not valid.", lang)
    data = form.cleaned_data
    if data["peran"] and data["peran"] not in {role.pk for role in roles}:
        return t("Peran itu bukan peran organisasi ini.", "That role is not one of this organisation's.", lang)
    if data["jenis"] == "remote" and not data["layanan"]:
        return t("Layanan TTE perlu alamatnya.", "A signing service needs its address.", lang)
    if data["akar"] and not readable_roots([data["akar"].encode()]):
        return t("Akar tepercaya: sertifikat PEM tidak dapat dibaca.", "Trusted roots: the PEM cannot be read.", lang)
    return None


@login_required
def setup_page(request: HttpRequest, organisation: str) -> HttpResponse:
    office = _office(request, organisation)
    lang = request.lang  # type: ignore[attr-defined]
    roles = list(Role.objects.filter(organisation=office, external=False).order_by("name"))
    setup = SigningSetup.objects.filter(organisation=office).first() or SigningSetup(organisation=office)
    status = 200
    if request.method == "POST":
        form = SetupForm(request.POST)
        refused = _refusal(form, roles, lang)
        if refused is None:
            before = _values(setup) if setup.pk else None
            data = form.cleaned_data
            setup.approver_role = next((role for role in roles if role.pk == data["peran"]), None)
            setup.kind, setup.service_url, setup.trust_roots = data["jenis"], data["layanan"], data["akar"]
            setup.save()
            record(request.user, office, "signing.setup", office.code, before=before, after=_values(setup))
            messages.success(request, t("Pengaturan TTE tersimpan.", "Signing settings saved.", lang))
            return redirect("office-signing", organisation=office.code)
        messages.error(request, refused)
        status = 400
    context = {"organisation": office, "roles": roles, "setup": setup, "has_file": bool(setup.pkcs12_path)}
    return render(request, "signing/setup.html", context, status=status)
