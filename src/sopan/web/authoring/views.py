"""The editor screen: every change a small form posted at once with the draft's version; htmx redraws the editor
in place, and without JavaScript each form posts and the page comes back."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from sopan.edit import Refusal
from sopan.problems import Message
from sopan.render.identity import build_identity, identity_html
from sopan.web import limits
from sopan.web.authoring.access import draft_or_404, may_write, readable_draft_or_404
from sopan.web.authoring.bounds import text_size_refusal
from sopan.web.authoring.checking import Checked, check_definition, check_draft, check_text, draft_text
from sopan.web.authoring.comparing import published_for
from sopan.web.authoring.control import control_refusal
from sopan.web.authoring.draft_states import shown_state
from sopan.web.authoring.editor import editor_context, finding_row
from sopan.web.authoring.models import Draft
from sopan.web.authoring.requirements_text import parse_requirements
from sopan.web.authoring.services import Conflict, change_draft, save_text, undo
from sopan.web.catalog.profile import organisation_model
from sopan.web.ui.language import text

__all__ = ["change", "draft_pdf", "editor", "export", "flowchart_svg", "identity_preview", "undo_last", "yaml_mode"]

_NOT_PARAMS = {"csrfmiddlewaretoken", "versi", "op"}


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("versi", "0"))
    except ValueError:
        return 0


def _params(request: HttpRequest) -> dict[str, Any] | Refusal:
    params: dict[str, Any] = {key: request.POST.get(key, "") for key in request.POST if key not in _NOT_PARAMS}
    for key, value in params.items():
        if len(value) > limits.DRAFT_FIELD:
            return Refusal(
                "U007",
                Message(
                    f"{key}: lebih dari {limits.DRAFT_FIELD} karakter",
                    f"{key}: more than {limits.DRAFT_FIELD} characters",
                ),
            )
    if "kelengkapan" in params:
        params["items"] = parse_requirements(params.pop("kelengkapan"))
    return params


def _page(request: HttpRequest, draft: Draft, status: int = 200, **extra: Any) -> HttpResponse:
    checked = check_definition(draft)
    context = editor_context(draft, checked, request.lang)
    context.update(extra, change_url=reverse("draft-change", args=[draft.pk]), published=published_for(draft))
    reader = not may_write(request.user, draft.organisation)  # the reviewer or the approving official
    context.update(lifecycle=shown_state(draft), locked=reader or draft.status == Draft.Status.DIAJUKAN, reader=reader)
    return render(request, "authoring/editor.html", context, status=status)


def _answer(request: HttpRequest, draft: Draft) -> HttpResponse:
    """After a saved change: the editor itself for htmx, else back to the editor page (POST, redirect, GET)."""
    if request.headers.get("HX-Request"):
        return _page(request, draft)
    return redirect(reverse("draft-editor", args=[draft.pk]) + request.POST.get("kembali", ""))


def _conflict(request: HttpRequest, draft: Draft, error: Conflict, tried: dict[str, Any]) -> HttpResponse:
    fresh = Draft.objects.get(pk=draft.pk)
    return _page(request, fresh, status=409, conflict=error.message.text(request.lang), tried=tried)


@login_required
def editor(request: HttpRequest, draft_id: str) -> HttpResponse:
    return _page(request, readable_draft_or_404(request.user, draft_id))


@login_required
@require_POST
def change(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = draft_or_404(request.user, draft_id)
    for key, values in request.POST.lists():
        refused = next(filter(None, (control_refusal(key, value) for value in values)), None)
        if refused is not None:
            return _page(request, draft, status=400, refusal=refused.text(request.lang))
    params = _params(request)
    if isinstance(params, Refusal):
        return _page(request, draft, status=422, refusal=params.text(request.lang))
    try:
        outcome = change_draft(draft, request.user, _version(request), request.POST.get("op", ""), params)
    except Conflict as error:
        return _conflict(request, draft, error, params)
    if isinstance(outcome, Refusal):
        return _page(request, draft, status=422, refusal=outcome.text(request.lang), tried=params)
    return _answer(request, outcome)


@login_required
@require_POST
def undo_last(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = draft_or_404(request.user, draft_id)
    try:
        outcome = undo(draft, request.user, _version(request))
    except Conflict as error:
        return _conflict(request, draft, error, {})
    if outcome is None:
        nothing = text(request, "Tidak ada perubahan untuk dibatalkan.", "There is no change to undo.")
        return _page(request, draft, status=422, refusal=nothing)
    return _answer(request, outcome)


@login_required
def yaml_mode(request: HttpRequest, draft_id: str) -> HttpResponse:
    """The draft as text: line-numbered problems as `sopan check` gives them; text that does not load is kept."""
    draft = draft_or_404(request.user, draft_id)
    status, conflict = 200, None
    if request.method == "POST":
        submitted = request.POST.get("teks", "")
        for answer, refused in ((400, control_refusal("teks", submitted)), (422, text_size_refusal("teks", submitted))):
            if refused is not None:
                body = draft.pending_text or draft_text(draft)
                checked = check_text(draft, body)
                return _yaml_page(request, draft, body, checked, answer, None, refused.text(request.lang))
        try:
            draft, _ = save_text(draft, request.user, _version(request), submitted)
        except Conflict as error:
            draft, status, conflict = Draft.objects.get(pk=draft.pk), 409, error.message.text(request.lang)
            checked = check_text(draft, submitted)
            return _yaml_page(request, draft, submitted, checked, status, conflict)
        if not request.headers.get("HX-Request") and not draft.pending_text:
            return redirect("draft-yaml", draft.pk)
    body = draft.pending_text or draft_text(draft)
    return _yaml_page(request, draft, body, check_text(draft, body), status, conflict)


def _yaml_page(
    request: HttpRequest,
    draft: Draft,
    body: str,
    checked: Checked,
    status: int,
    conflict: str | None,
    refusal: str | None = None,
) -> HttpResponse:
    problems = [finding_row(problem, request.lang) for problem in checked.problems]
    lines = [f"{problem.place()}: {problem.severity.label(request.lang)} {problem.code}: "
             f"{problem.message.text(request.lang)}" for problem in checked.problems]  # fmt: skip
    context = {"draft": draft, "body": body, "problems": problems, "lines": lines, "conflict": conflict}
    context["refusal"] = refusal
    return render(request, "authoring/yaml.html", context, status=status)


@login_required
def export(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = draft_or_404(request.user, draft_id)
    response = HttpResponse(draft_text(draft), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{draft.sop_key}.sop.yaml"'
    return response


@login_required
def flowchart_svg(request: HttpRequest, draft_id: str) -> HttpResponse:
    checked = check_draft(draft_or_404(request.user, draft_id))
    pages = checked.flowchart()
    if not pages:
        return HttpResponse(status=422)
    return HttpResponse(pages[0], content_type="image/svg+xml")


@login_required
def identity_preview(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = readable_draft_or_404(request.user, draft_id)
    checked = check_draft(draft)
    identity = None
    if checked.sop is not None:
        identity = mark_safe(identity_html(build_identity(checked.sop, organisation_model(draft.organisation))))
    return render(request, "authoring/identity.html", {"draft": draft, "identity": identity})


@login_required
def draft_pdf(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = readable_draft_or_404(request.user, draft_id)
    checked = check_draft(draft)
    if checked.sop is None:
        return redirect("draft-yaml", draft.pk)
    from sopan.render.pdf import sop_pdf

    response = HttpResponse(
        sop_pdf(checked.sop, organisation_model(draft.organisation)), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'inline; filename="{draft.sop_key}-konsep.pdf"'
    return response
