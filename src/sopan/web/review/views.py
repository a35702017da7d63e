"""The reviewer's page of a draft (``/penyusunan/<id>/telaah/``) and the note actions posted from it or from the
editor: add (reviewers), answer or mark fixed (the unit), close or reopen (reviewers)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from sopan.problems import Message
from sopan.web.review.access import followed_draft_or_404, review_draft_or_404
from sopan.web.review.models import Note
from sopan.web.review.notes import NoteError, add_note, answer_note, close_note, reopen_note
from sopan.web.review.page import review_context

__all__ = ["note_action", "note_add", "review_page"]


@login_required
def review_page(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = review_draft_or_404(request.user, draft_id)
    return render(request, "review/page.html", review_context(draft, request.user, request.lang))


def _step(value: str) -> int | None:
    value = value.strip()
    if not value:
        return None
    if not value.isdigit() or len(value) > 6:
        raise NoteError(
            "unknown_step",
            422,
            Message(f"catatan: langkah '{value[:20]}' tidak dikenal.", f"catatan: unknown step '{value[:20]}'."),
        )
    return int(value)


def _refused(request: HttpRequest, error: NoteError, back: str) -> HttpResponse:
    context = {"message": error.text(request.lang), "back": back}
    return render(request, "review/refused.html", context, status=error.status)


@login_required
@require_POST
def note_add(request: HttpRequest, draft_id: str) -> HttpResponse:
    draft = review_draft_or_404(request.user, draft_id)
    place = request.POST.get("tempat", "")
    kind, _, where = place.partition(":")
    try:
        add_note(
            draft,
            request.user,
            text=request.POST.get("teks", ""),
            field=where if kind == "kolom" else "",
            step=_step(where) if kind == "langkah" else None,
        )
    except NoteError as error:
        if error.status == 422:
            context = review_context(draft, request.user, request.lang)
            context.update(refusal=error.text(request.lang), tried=request.POST.get("teks", "")[:2000], place=place)
            return render(request, "review/page.html", context, status=422)
        return _refused(request, error, reverse("draft-review", args=[draft.pk]))
    return redirect(reverse("draft-review", args=[draft.pk]) + "#catatan")


_ACTIONS = {"jawab", "diperbaiki", "selesai", "buka"}


@login_required
@require_POST
def note_action(request: HttpRequest, draft_id: str, note_id: int) -> HttpResponse:
    """``aksi``: jawab (answer), diperbaiki (the unit: fixed), selesai (close) or buka (reopen); back to the
    editor when ``kembali`` is ``editor``, else to the reviewer's page."""
    draft = followed_draft_or_404(request.user, draft_id)
    note = get_object_or_404(Note, pk=note_id, draft=draft)
    page = "draft-editor" if request.POST.get("kembali") == "editor" else "draft-review"
    back = reverse(page, args=[draft.pk]) + f"#catatan-{note.pk}"
    action, text = request.POST.get("aksi", ""), request.POST.get("teks", "")
    try:
        if action == "selesai":
            close_note(note, request.user, text=text)
        elif action == "buka":
            reopen_note(note, request.user, text=text)
        elif action in _ACTIONS:
            answer_note(note, request.user, text=text, fixed=action == "diperbaiki")
        else:
            raise NoteError("unknown_action", 422, Message("Aksi tidak dikenal.", "Unknown action."))
    except NoteError as error:
        return _refused(request, error, back)
    return redirect(back)
