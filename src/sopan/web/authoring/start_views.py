"""The drafts one may write (and those one reviews or approves), and starting one: empty, from the commented
template, a revision of a published version, or an uploaded ``.sop.yaml`` (a file that does not load is refused
with its lines, nothing saved)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sopan.io.guard import MAX_FILE_BYTES
from sopan.web.authoring.access import drafts_to_read, visible_drafts, writable_organisations
from sopan.web.authoring.draft_states import shown_state
from sopan.web.authoring.editor import finding_row
from sopan.web.authoring.services import new_draft
from sopan.web.catalog.models import Sop, SopVersion
from sopan.web.ui.language import text

__all__ = ["drafts"]

STARTS = ("kosong", "templat", "revisi", "unggah")
TO_READ_PAGE = 50  # drafts waiting for the user's review or approval, a page at a time


def _upload(request: HttpRequest) -> tuple[str, str | None]:
    """The uploaded file's text and its key, or a refusal in the page's language."""
    upload = request.FILES.get("berkas")
    if upload is None:
        return "", text(request, "Pilih berkas .sop.yaml.", "Choose a .sop.yaml file.")
    if upload.size is None or upload.size > MAX_FILE_BYTES:
        return "", text(
            request, f"Berkas lebih dari {MAX_FILE_BYTES} bita.", f"File larger than {MAX_FILE_BYTES} bytes."
        )
    try:
        return upload.read().decode("utf-8"), None
    except UnicodeDecodeError:
        return "", text(request, "Berkas bukan teks UTF-8.", "The file is not UTF-8 text.")


@login_required
def drafts(request: HttpRequest) -> HttpResponse:
    organisations = writable_organisations(request.user).order_by("name")
    waiting = Paginator(drafts_to_read(request.user), TO_READ_PAGE).get_page(request.GET.get("halaman"))
    context: dict = {
        "drafts": visible_drafts(request.user)[:200],
        "to_read": [(draft, shown_state(draft)) for draft in waiting],
        "to_read_page": waiting,
        "organisations": organisations,
        "published": Sop.objects.filter(organisation__in=organisations, versions__isnull=False)
        .distinct()
        .select_related("organisation")
        .order_by("organisation__name", "title")[:1000],  # offered by key for a revision
        "problems": [],
    }
    if request.method == "POST":
        organisation = organisations.filter(code=request.POST.get("organisasi", "")).first()
        start = request.POST.get("mulai", "")
        key = request.POST.get("kunci", "").strip()[:200]
        error = None
        source, version = "", None
        if organisation is None or start not in STARTS:
            error = text(request, "Pilih organisasi dan cara memulai.", "Choose an organisation and how to start.")
        elif start == "unggah":
            source, error = _upload(request)
            upload = request.FILES.get("berkas")
            key = key or (upload.name.removesuffix(".yaml").removesuffix(".sop") if upload else "")
        elif start == "revisi":
            version = (
                SopVersion.objects.filter(sop__organisation=organisation, sop__key=request.POST.get("sop", ""))
                .order_by("-number")
                .first()
            )
            if version is None:
                error = text(request, "SOP terbit itu tidak ada.", "No such published SOP.")
        if error is None and organisation is not None:
            made = new_draft(organisation, request.user, start=start, key=key, text=source, version=version)
            if not isinstance(made, list):
                return redirect("draft-editor", made.pk)
            context["problems"] = [finding_row(problem, request.lang) for problem in made]
            error = text(
                request,
                "Berkas tidak dapat dimuat; tidak ada yang disimpan.",
                "The file does not load; nothing was saved.",
            )
        context["error"] = error
        return render(request, "authoring/drafts.html", context, status=422)
    return render(request, "authoring/drafts.html", context)
