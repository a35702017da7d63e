"""A draft's way to law over JSON: its state and history, submitting it for review (its unit) and approving it
(the official named in Disahkan Oleh). The review's own steps are the review case's commands (the cases API).

A draft the caller may not see is 404; one they see but may not act on is 403 (``not_permitted``); lint errors
are 422 (``lint_errors``, each named); a draft the same as its published version is 409 (``unchanged``), as is a
transition the state does not allow, or the engine's refusal.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from sopan.engine import Refusal
from sopan.web.api.errors import ApiError, not_found
from sopan.web.api.schemas import Error
from sopan.web.authoring.models import Draft
from sopan.web.lifecycle.approval import approve_draft
from sopan.web.lifecycle.draft_access import draft_in_view_or_404
from sopan.web.lifecycle.drafts import draft_history, draft_state
from sopan.web.lifecycle.models import DraftState, ReviewCase
from sopan.web.lifecycle.review_case import submit_draft
from sopan.web.lifecycle.states import LifecycleError, State

__all__ = ["router"]

router = Router(tags=["lifecycle"])


class DraftTransitionOut(Schema):
    name: str = Field(description="ajukan, mulai_review, minta_perbaikan, nyatakan_sesuai, setujui, terbitkan")
    from_state: str
    to_state: str
    at: dt.datetime
    authority: str = Field(description="unit, penelaah, pengesah or publikasi")
    actor: str
    reason: str


class ReviewCaseOut(Schema):
    case: uuid.UUID
    tracking_code: str
    review_sop: str = Field(description="organisation/key of the review SOP")
    status: str


class DraftLifecycleOut(Schema):
    id: uuid.UUID
    state: str = Field(description=", ".join(state.value for state in State))
    published_version: int | None = Field(description="The catalog version it became, once BERLAKU")
    review_cases: list[ReviewCaseOut]
    history: list[DraftTransitionOut] = Field(description="Oldest first")


ANSWERS = {200: DraftLifecycleOut, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


def _draft(request: HttpRequest, draft_id: uuid.UUID) -> Draft:
    try:
        return draft_in_view_or_404(request.auth, draft_id)  # type: ignore[arg-type]
    except Http404:
        raise not_found("Konsep", "Draft") from None


def _out(draft: Draft) -> dict[str, Any]:
    row = DraftState.objects.filter(draft=draft).select_related("published").first()
    reviews = ReviewCase.objects.filter(draft=draft).select_related("case__sop_version__sop__organisation")
    return {
        "id": draft.pk,
        "state": draft_state(draft).value,
        "published_version": row.published.number if row is not None and row.published is not None else None,
        "review_cases": [
            {
                "case": review.case_id,
                "tracking_code": review.case.tracking_code,
                "review_sop": f"{review.case.sop_version.sop.organisation.code}/{review.case.sop_version.sop.key}",
                "status": review.case.status,
            }
            for review in reviews
        ],
        "history": [
            {
                "name": t.name,
                "from_state": t.from_state,
                "to_state": t.to_state,
                "at": t.at,
                "authority": t.authority,
                "actor": t.actor,
                "reason": t.reason,
            }
            for t in draft_history(draft)
        ],
    }


def _refused(error: LifecycleError | Refusal) -> ApiError:
    if isinstance(error, Refusal):
        return ApiError(409, str(error.code), error.text("id"), error.text("en"))
    status = {"not_permitted": 403, "lint_errors": 422, "invalid_text": 422}.get(error.code, 409)
    return ApiError(status, error.code, error.text("id"), error.text("en"))


@router.get(
    "/drafts/{draft_id}/lifecycle",
    response={200: DraftLifecycleOut, 401: Error, 404: Error},
    summary="A draft's state on its way to law, its review cases and every transition",
)
def draft_lifecycle(request: HttpRequest, draft_id: uuid.UUID) -> dict[str, Any]:
    return _out(_draft(request, draft_id))


@router.post(
    "/drafts/{draft_id}/submit",
    response=ANSWERS,
    summary="Submit a draft for review (its unit): opens the review case, or records the fix in the running one",
)
def draft_submit(request: HttpRequest, draft_id: uuid.UUID) -> dict[str, Any]:
    draft = _draft(request, draft_id)
    try:
        submit_draft(request.auth, draft)  # type: ignore[arg-type]
    except (LifecycleError, Refusal) as error:
        raise _refused(error) from None
    return _out(draft)


@router.post(
    "/drafts/{draft_id}/approve",
    response=ANSWERS,
    summary="Approve a conforming draft (the official named in Disahkan Oleh): published as the version in force",
)
def draft_approve(request: HttpRequest, draft_id: uuid.UUID) -> dict[str, Any]:
    draft = _draft(request, draft_id)
    try:
        approve_draft(request.auth, draft)  # type: ignore[arg-type]
    except LifecycleError as error:
        raise _refused(error) from None
    return _out(draft)
