"""The panel a review case's task page shows: the draft under review (read-only editor, identity page, PDF), its
lint findings, and its comparison with the SOP's version in force when there is one."""

from __future__ import annotations

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from sopan.web.authoring.checking import check_draft
from sopan.web.authoring.comparing import compare_draft
from sopan.web.authoring.editor import finding_row
from sopan.web.cases.models import Case
from sopan.web.catalog.models import SopVersion
from sopan.web.lifecycle.draft_views import review_url
from sopan.web.lifecycle.drafts import draft_state
from sopan.web.lifecycle.models import ReviewCase, VersionState
from sopan.web.lifecycle.states import State

__all__ = ["review_panel"]


def _in_force(organisation_id: int, key: str) -> SopVersion | None:
    found = VersionState.objects.filter(
        sop__organisation_id=organisation_id, sop__key=key, state=State.BERLAKU
    ).select_related("version__sop__organisation")
    row = found.first()
    return row.version if row else None


def review_panel(request: HttpRequest, case: Case) -> SafeString | None:
    link = ReviewCase.objects.filter(case=case).select_related("draft__organisation").first()
    if link is None:
        return None
    draft = link.draft
    lang = request.lang  # type: ignore[attr-defined]
    checked = check_draft(draft)
    in_force = _in_force(draft.organisation_id, draft.sop_key)
    comparison = compare_draft(draft, in_force) if in_force is not None else None
    context = {
        "draft": draft,
        "state": draft_state(draft).value,
        "findings": [finding_row(problem, lang) for problem in checked.problems],
        "in_force": in_force,
        "comparison": comparison,
        "changed_steps": [step for step in comparison.steps if step.kind != "unchanged" or step.moved]
        if comparison is not None
        else [],
        "review_url": review_url(draft.pk),
    }
    return mark_safe(render_to_string("lifecycle/review_panel.html", context, request=request))
