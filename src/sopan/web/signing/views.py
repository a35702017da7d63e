"""Screens: approve and sign a published version (its approver only); the public verification page /v/<code>."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from sopan.sign.errors import SigningError
from sopan.web.catalog.models import SopVersion
from sopan.web.signing.approver import approver_role, may_sign, named_position
from sopan.web.signing.forms import SignForm, UploadForm
from sopan.web.signing.links import verification_url
from sopan.web.signing.models import SignedDocument, SigningSetup
from sopan.web.signing.service import sign_version
from sopan.web.signing.state import STATE_LABELS, version_state
from sopan.web.signing.verification import check_pdf, over_limit, refusal
from sopan.web.ui.errors import too_many_requests
from sopan.web.ui.language import text

__all__ = ["sign_page", "signed_pdf", "verification"]


def _version(organisation: str, key: str, number: int) -> SopVersion:
    return get_object_or_404(
        SopVersion.objects.select_related("sop__organisation"),
        sop__organisation__code=organisation,
        sop__key=key,
        number=number,
    )


@login_required
def sign_page(request: HttpRequest, organisation: str, key: str, number: int) -> HttpResponse:
    """The approver's form; anyone else gets 404, with no hint of who approves."""
    version = _version(organisation, key, number)
    if not may_sign(request.user, version):
        raise Http404("version")
    signed = version.signed_documents.first()  # type: ignore[attr-defined]
    if signed is not None:
        return redirect("verification", code=signed.code)
    setup = SigningSetup.objects.filter(organisation=version.sop.organisation).first()
    remote = setup is not None and setup.kind == SigningSetup.Kind.REMOTE
    form = SignForm(request.POST or None)
    error = ""
    if request.method == "POST":
        if form.is_valid() and (not remote or form.cleaned_data["nik"]):
            try:
                document = sign_version(
                    request.user,  # type: ignore[arg-type]
                    version,
                    form.cleaned_data["passphrase"],
                    lambda code: verification_url(request, code),
                    nik=form.cleaned_data["nik"] or "",
                )
            except SigningError as failure:
                error = f"{failure.text(request.lang)} ({failure.code})"  # type: ignore[attr-defined]
            else:
                return redirect("verification", code=document.code)
        else:
            error = text(
                request,
                "Isi passphrase" + (" dan NIK 16 angka" if remote else "") + " untuk menandatangani.",
                "Enter the passphrase" + (" and the 16-digit NIK" if remote else "") + " to sign.",
            )
    context = {
        "version": version,
        "sop": version.sop,
        "position": named_position(version),
        "role": approver_role(version),
        "remote": remote,
        "form": SignForm(),  # never echoes what was typed
        "error": error,
    }
    return render(request, "signing/sign.html", context, status=400 if error else 200)


def verification(request: HttpRequest, code: str) -> HttpResponse:
    """Public: the signed document's SOP, version, state, signer, date and hash; an upload form checks a PDF."""
    context: dict = {"code": code[:20]}
    if (retry_after := over_limit(request)) is not None:
        return too_many_requests(request, "signing/verification.html", context, retry_after)
    document = (
        SignedDocument.objects.select_related("version__sop__organisation").filter(code=code.upper()[:20]).first()
    )
    if document is None:
        context["error"] = text(request, "Kode verifikasi ini tidak dikenal.", "This verification code is not known.")
        return render(request, "signing/verification.html", context, status=404)
    state = version_state(document.version)
    context.update(
        document=document, sop=document.version.sop, state=state, state_en=STATE_LABELS.get(state, state.lower())
    )
    status = 200
    if request.method == "POST":
        status = _check_upload(request, context)
    context["form"] = UploadForm()
    return render(request, "signing/verification.html", context, status=status)


def _check_upload(request: HttpRequest, context: dict) -> int:
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        context["check"] = {"ok": False, "message": text(request, "Pilih berkas PDF.", "Choose a PDF file.")}
        return 400
    upload = form.cleaned_data["berkas"]
    refused = refusal(upload.size, upload.read(8))
    if refused is not None:
        context["check"] = {"ok": False, "message": refused.text(request.lang)}  # type: ignore[attr-defined]
        return 413 if upload.size > 1024 else 400
    upload.seek(0)
    result = check_pdf(upload.read())
    context["check"] = {
        "ok": result.ok,
        "message": result.message.text(request.lang),  # type: ignore[attr-defined]
        "sha256": result.sha256,
        "same": result.document is not None and result.document.pk == context["document"].pk,
    }
    return 200


def signed_pdf(request: HttpRequest, code: str) -> HttpResponse:
    document = get_object_or_404(SignedDocument.objects.select_related("version__sop"), code=code.upper()[:20])
    response = HttpResponse(bytes(document.pdf), content_type="application/pdf")
    name = f"{document.version.sop.key}-v{document.version.number}-ttd"
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
