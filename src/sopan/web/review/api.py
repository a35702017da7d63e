"""Review notes and the Berita Acara over JSON: list, add, answer (or mark fixed), close and reopen a draft's
notes; make, list and print a Berita Acara.

A draft the caller neither reviews nor writes is 404 without a hint that it exists; a note action the caller's
part does not allow (the unit closing a note, the unit adding one) is 403 ``forbidden``; a closed note answered,
or an open one reopened, is 409; text that is empty, too long or has a control character is 422 with the place.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema, Status

from sopan.web import limits
from sopan.web.api.errors import ApiError, language, not_found
from sopan.web.api.schemas import Error
from sopan.web.authoring.models import Draft
from sopan.web.review.access import followed_draft_or_404, reviewer_organisations
from sopan.web.review.minutes import Entry, MinutesIn, Signatory, make_minutes
from sopan.web.review.minutes_views import minutes_pdf_response, minutes_visible
from sopan.web.review.models import Minutes, Note
from sopan.web.review.notes import NoteError, add_note, answer_note, close_note, note_place, notes_of, reopen_note

__all__ = ["router"]

router = Router(tags=["review"])
NOTE_ANSWERS: dict[int, Any] = {200: None, 401: Error, 403: Error, 404: Error, 409: Error, 422: Error}


class EntryOut(Schema):
    action: str = Field(description="jawab, diperbaiki, selesai or dibuka")
    author: str
    at: dt.datetime
    text: str


class NoteOut(Schema):
    id: int
    kind: str = Field(description="umum, identitas or langkah")
    field: str = Field(description="The editor's field name (identitas), e.g. nama or disahkan_oleh.nip")
    step: int | None = Field(description="The step's number now (langkah)")
    first_step: int | None = Field(description="The step's number when the note was written")
    step_deleted: bool
    place: str = Field(description="Where the note points, in words, in the caller's language")
    text: str
    status: str = Field(description="terbuka, diperbaiki or selesai")
    author: str
    created_at: dt.datetime
    entries: list[EntryOut]


class NoteIn(Schema):
    text: str = Field(min_length=1, max_length=limits.TEXT)
    field: str = Field(default="", max_length=50, description="An identity field (the editor's name); or")
    step: int | None = Field(default=None, ge=1, le=10000, description="A step's number now; neither: general")


class AnswerIn(Schema):
    text: str = Field(default="", max_length=limits.TEXT)
    fixed: bool = Field(default=False, description="The unit: the note is fixed (sudah diperbaiki)")


class WordIn(Schema):
    text: str = Field(default="", max_length=limits.TEXT)


class SignatoryIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    position: str = Field(default="", max_length=200)
    nip: str = Field(default="", max_length=30)


class MinutesEntryIn(Schema):
    draft: uuid.UUID
    verdict: Literal["sesuai", "perlu_perbaikan"]


class MinutesCreate(Schema):
    date: dt.date
    place: str = Field(min_length=1, max_length=200)
    evaluator: SignatoryIn
    officer: SignatoryIn = Field(description="The unit's responsible officer")
    sops: list[MinutesEntryIn] = Field(
        min_length=1, max_length=limits.MINUTES_SOPS, description=f"Drafts of one unit, at most {limits.MINUTES_SOPS}"
    )


class MinutesItemOut(Schema):
    draft: uuid.UUID | None
    draft_version: int
    sop_key: str
    title: str
    verdict: str
    notes: list[dict[str, Any]]


class MinutesOut(Schema):
    id: uuid.UUID
    number: str
    biro: str
    unit: str
    date: dt.date
    place: str
    evaluator: SignatoryIn
    officer: SignatoryIn
    sops: list[MinutesItemOut]


class MinutesFilter(Schema):
    organisation: str = Field(default="", max_length=limits.CODE, description="One Biro organisation's code")


def _refused(error: NoteError) -> ApiError:
    return ApiError(error.status, error.code, error.text("id"), error.text("en"))


def _draft(request: HttpRequest, draft_id: uuid.UUID) -> Draft:
    try:
        return followed_draft_or_404(request.auth, draft_id)  # type: ignore[attr-defined]
    except Http404:
        raise not_found("Konsep SOP", "Draft") from None


def _note(request: HttpRequest, draft_id: uuid.UUID, note_id: int) -> Note:
    note = Note.objects.filter(pk=note_id, draft=_draft(request, draft_id)).select_related("draft").first()
    if note is None:
        raise not_found("Catatan", "Note")
    return note


def _note_out(note: Note, lang: str) -> dict[str, Any]:
    return {
        "id": note.pk,
        "kind": note.kind,
        "field": note.field,
        "step": note.step,
        "first_step": note.first_step,
        "step_deleted": note.step_gone,
        "place": note_place(note, lang),
        "text": note.text,
        "status": note.status,
        "author": note.author_name,
        "created_at": note.created_at,
        "entries": [
            {"action": e.action, "author": e.author_name, "at": e.at, "text": e.text} for e in note.entries.all()
        ],
    }


@router.get(
    "/drafts/{draft_id}/notes",
    response={200: list[NoteOut], 401: Error, 404: Error},
    summary="A draft's review notes, each step note where its step is now (for its reviewers and its unit)",
)
def list_notes(request: HttpRequest, draft_id: uuid.UUID) -> list[dict[str, Any]]:
    lang = language(request)
    return [_note_out(note, lang) for note in notes_of(_draft(request, draft_id))]


@router.post(
    "/drafts/{draft_id}/notes",
    response={201: NoteOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="Add a review note on an identity field, on a step, or on the whole draft (reviewers)",
)
def create_note(request: HttpRequest, draft_id: uuid.UUID, body: NoteIn) -> Status:
    draft = _draft(request, draft_id)
    try:
        note = add_note(draft, request.auth, text=body.text, field=body.field, step=body.step)  # type: ignore[attr-defined]
    except NoteError as error:
        raise _refused(error) from None
    return Status(201, _note_out(Note.objects.prefetch_related("entries").get(pk=note.pk), language(request)))


def _act(request: HttpRequest, draft_id: uuid.UUID, note_id: int, act: Callable[[Note, Any], object]) -> dict[str, Any]:
    """One action on a note by the caller; the note as it is after it."""
    note = _note(request, draft_id, note_id)
    try:
        act(note, request.auth)  # type: ignore[attr-defined]
    except NoteError as error:
        raise _refused(error) from None
    return _note_out(Note.objects.prefetch_related("entries").get(pk=note.pk), language(request))


@router.post(
    "/drafts/{draft_id}/notes/{note_id}/answer",
    response={**NOTE_ANSWERS, 200: NoteOut},
    summary="Answer a note; with fixed, the unit marks it fixed (sudah diperbaiki)",
)
def answer(request: HttpRequest, draft_id: uuid.UUID, note_id: int, body: AnswerIn) -> dict[str, Any]:
    return _act(
        request, draft_id, note_id, lambda note, user: answer_note(note, user, text=body.text, fixed=body.fixed)
    )


@router.post(
    "/drafts/{draft_id}/notes/{note_id}/close",
    response={**NOTE_ANSWERS, 200: NoteOut},
    summary="Close a note (selesai): reviewers",
)
def close(request: HttpRequest, draft_id: uuid.UUID, note_id: int, body: WordIn) -> dict[str, Any]:
    return _act(request, draft_id, note_id, lambda note, user: close_note(note, user, text=body.text))


@router.post(
    "/drafts/{draft_id}/notes/{note_id}/reopen",
    response={**NOTE_ANSWERS, 200: NoteOut},
    summary="Reopen a closed note: reviewers",
)
def reopen(request: HttpRequest, draft_id: uuid.UUID, note_id: int, body: WordIn) -> dict[str, Any]:
    return _act(request, draft_id, note_id, lambda note, user: reopen_note(note, user, text=body.text))


def _minutes_out(minutes: Minutes) -> dict[str, Any]:
    return {
        "id": minutes.pk,
        "number": minutes.number,
        "biro": minutes.biro.code,
        "unit": minutes.unit.code,
        "date": minutes.date,
        "place": minutes.place,
        "evaluator": {
            "name": minutes.evaluator_name,
            "position": minutes.evaluator_position,
            "nip": minutes.evaluator_nip,
        },
        "officer": {"name": minutes.officer_name, "position": minutes.officer_position, "nip": minutes.officer_nip},
        "sops": [
            {
                "draft": item.draft_id,
                "draft_version": item.draft_version,
                "sop_key": item.sop_key,
                "title": item.title,
                "verdict": item.verdict,
                "notes": item.notes,
            }
            for item in minutes.items.all()
        ],
    }


@router.post(
    "/review-minutes",
    response={201: MinutesOut, 401: Error, 403: Error, 404: Error, 422: Error},
    summary="Make a Berita Acara telaah SOP for drafts of one unit (reviewers); numbered per Biro and year",
)
def create_minutes(request: HttpRequest, body: MinutesCreate) -> Status:
    entries = [Entry(_draft(request, sop.draft), sop.verdict) for sop in body.sops]
    data = MinutesIn(
        date=body.date,
        place=body.place,
        evaluator=Signatory(body.evaluator.name, body.evaluator.position, body.evaluator.nip),
        officer=Signatory(body.officer.name, body.officer.position, body.officer.nip),
        entries=entries,
    )
    try:
        minutes = make_minutes(request.auth, data)  # type: ignore[attr-defined]
    except NoteError as error:
        raise _refused(error) from None
    return Status(201, _minutes_out(Minutes.objects.select_related("biro", "unit").get(pk=minutes.pk)))


@router.get(
    "/review-minutes",
    response={200: list[MinutesOut], 401: Error, 404: Error},
    summary="The Berita Acara kept by the Biro organisations you review for",
)
def list_minutes(request: HttpRequest, filters: Query[MinutesFilter]) -> list[dict[str, Any]]:
    organisations = reviewer_organisations(request.auth)  # type: ignore[attr-defined]
    if filters.organisation:
        organisations = organisations.filter(code=filters.organisation.strip())
        if not organisations.exists():
            raise not_found("Organisasi", "Organisation")
    kept = Minutes.objects.filter(biro__in=organisations).select_related("biro", "unit").prefetch_related("items")
    return [_minutes_out(minutes) for minutes in kept[:500]]


@router.get(
    "/review-minutes/{minutes_id}/pdf",
    response={200: None, 401: Error, 404: Error},
    summary="A Berita Acara as PDF, with the Biro's letterhead (its reviewers and the unit)",
)
def minutes_pdf(request: HttpRequest, minutes_id: uuid.UUID) -> HttpResponse:
    minutes = Minutes.objects.select_related("biro", "unit").filter(pk=minutes_id).first()
    if minutes is None or not minutes_visible(request.auth, minutes):  # type: ignore[attr-defined]
        raise not_found("Berita acara", "Berita Acara")
    return minutes_pdf_response(request, minutes)
