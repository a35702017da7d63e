"""A draft's way to law on screen: submitting it (its unit), its history with its review cases, and approval by
the official named in Disahkan Oleh. POSTs with CSRF; a refusal comes back as a bilingual message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST

from sopan.engine import Refusal
from sopan.web.authoring.access import may_write
from sopan.web.catalog.models import SopVersion
from sopan.web.lifecycle.approval import approve_draft, approver_role, as_version, may_approve
from sopan.web.lifecycle.draft_access import draft_in_view_or_404, is_reviewer
from sopan.web.lifecycle.drafts import EDITABLE, draft_history, draft_state
from sopan.web.lifecycle.models import DraftState, ReviewCase
from sopan.web.lifecycle.review_case import is_unit_writer, submit_draft
from sopan.web.lifecycle.states import TRANSITIONS, LifecycleError, State
from sopan.web.ui.language import text

__all__ = ["draft_approve", "draft_history_page", "draft_submit", "review_url"]

_TITLES = {rule.name: rule.title for rule in TRANSITIONS}


def review_url(draft_id: object) -> str | None:
    """The reviewer's page of a draft (notes and comparison), once that screen exists."""
    try:
        return reverse("draft-review", args=[draft_id])
    except NoReverseMatch:
        return None


def _refused(request: HttpRequest, error: LifecycleError | Refusal) -> None:
    shown = error.text(request.lang)
    messages.error(request, shown)


@login_required
@require_POST
def draft_submit(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = draft_in_view_or_404(request.user, draft_id)
    try:
        _, case = submit_draft(request.user, draft)
    except (LifecycleError, Refusal) as error:
        _refused(request, error)
        return redirect("draft-history", draft.pk)
    messages.success(
        request,
        text(
            request,
            f"Rancangan diajukan untuk ditelaah: kasus {case.tracking_code}.",
            f"The draft was submitted for review: case {case.tracking_code}.",
        ),
    )
    return redirect("draft-history", draft.pk)


@login_required
@require_POST
def draft_approve(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = draft_in_view_or_404(request.user, draft_id)
    try:
        _, version = approve_draft(request.user, draft)
    except LifecycleError as error:
        _refused(request, error)
        return redirect("draft-history", draft.pk)
    messages.success(
        request,
        text(
            request,
            f"SOP disetujui dan diterbitkan sebagai versi {version.number}.",
            f"The SOP was approved and published as version {version.number}.",
        ),
    )
    return redirect("draft-history", draft.pk)


@login_required
def draft_history_page(request: HttpRequest, draft_id: str) -> HttpResponse:
    """The draft's state, every transition (who, when, why), its review cases and what its viewer may do."""
    draft = draft_in_view_or_404(request.user, draft_id)
    lang = request.lang
    state = draft_state(draft)
    row = DraftState.objects.filter(draft=draft).select_related("published__sop").first()
    published: SopVersion | None = row.published if row else None
    role = approver_role(as_version(draft))
    context = {
        "draft": draft,
        "state": state.value,
        "transitions": [(t, _TITLES[t.name].text(lang) if t.name in _TITLES else t.name) for t in draft_history(draft)],
        "reviews": ReviewCase.objects.filter(draft=draft).select_related("case__sop_version__sop"),
        "may_submit": state in EDITABLE and is_unit_writer(request.user, draft.organisation),
        "may_approve": state == State.SESUAI and may_approve(request.user, draft),
        "approver": role.name if role is not None else "",
        "writer": may_write(request.user, draft.organisation),
        "reviewer": is_reviewer(request.user, draft),
        "review_url": review_url(draft.pk),
        "published": published,
    }
    return render(request, "lifecycle/draft_history.html", context)
