"""The drafts waiting for the caller's review or approval over JSON, a page at a time (``waiting``).

Its router is mounted before the drafts API's, whose ``/drafts/{draft_id}`` would otherwise take ``waiting`` for a
draft's id (and answer 422)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from sopan.web.api.schemas import Error
from sopan.web.lifecycle.waiting import waiting_drafts

__all__ = ["router"]

router = Router(tags=["lifecycle"])


class WaitingDraftOut(Schema):
    id: uuid.UUID
    organisation: str = Field(description="The code of the draft's organisation (its unit)")
    key: str = Field(description="The file name without .sop.yaml")
    title: str
    state: str = Field(description="DIAJUKAN, DALAM_REVIEW or SESUAI")
    updated_at: dt.datetime


class WaitingPage(Schema):
    total: int = Field(description="Every draft waiting for the caller, not only this page")
    offset: int
    limit: int
    items: list[WaitingDraftOut] = Field(description="Newest first")


class WaitingQuery(Schema):
    limit: int = Field(default=50, ge=1, le=200)
    offset: int = Field(default=0, ge=0, le=1_000_000)


@router.get(
    "/drafts/waiting",
    response={200: WaitingPage, 401: Error, 422: Error},
    summary="The drafts of other units waiting for your review or approval (submitted, not approved yet): a page",
)
def drafts_waiting(request: HttpRequest, page: Query[WaitingQuery]) -> dict[str, Any]:
    found = waiting_drafts(request.auth)  # type: ignore[arg-type]
    rows = found[page.offset : page.offset + page.limit]
    return {
        "total": found.count(),
        "offset": page.offset,
        "limit": page.limit,
        "items": [
            {
                "id": draft.pk,
                "organisation": draft.organisation.code,
                "key": draft.sop_key,
                "title": draft.title,
                "state": draft.lifecycle.state,  # type: ignore[attr-defined]
                "updated_at": draft.updated_at,
            }
            for draft in rows
        ],
    }
