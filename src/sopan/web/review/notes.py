"""Reviewers' notes on a draft: added on a field, a step or the whole, answered or fixed by the unit, closed or
reopened by the reviewer. Every refusal is a :class:`NoteError` with a code and a message in both languages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from sopan.edit import step_numbers
from sopan.edit.fields import IDENTITY_FIELDS
from sopan.problems import Message
from sopan.web import limits
from sopan.web.authoring.access import may_write
from sopan.web.authoring.control import control_refusal
from sopan.web.authoring.editor import IDENTITY_LABELS
from sopan.web.authoring.models import Draft
from sopan.web.review.access import is_unit, may_review
from sopan.web.review.anchors import fingerprints, follow
from sopan.web.review.models import Note, NoteEntry

__all__ = [
    "NoteError",
    "add_note",
    "answer_note",
    "clean_text",
    "close_note",
    "note_place",
    "note_row",
    "notes_of",
    "reopen_note",
    "suggested_verdict",
]


class NoteError(Exception):
    """A refused note action: ``code`` (stable), ``status`` (HTTP) and the message in both languages."""

    def __init__(self, code: str, status: int, message: Message) -> None:
        super().__init__(message.en)
        self.code, self.status, self.message = code, status, message

    def text(self, lang: str) -> str:
        return self.message.text(lang)


def _name(user: AbstractBaseUser) -> str:
    return (user.get_full_name() or user.get_username())[:150]  # type: ignore[attr-defined]


def clean_text(text: str, where: str, *, required: bool = True) -> str:
    """The note's or answer's text, stripped; refused when empty (if required), too long or with a control
    character, naming ``where``."""
    refused = control_refusal(where, text)
    if refused is not None:
        raise NoteError("invalid_text", 422, refused)
    text = text.strip()
    if required and not text:
        raise NoteError("empty_text", 422, Message(f"{where}: teks wajib diisi.", f"{where}: the text is required."))
    if len(text) > limits.TEXT:
        raise NoteError(
            "too_long",
            422,
            Message(f"{where}: lebih dari {limits.TEXT} karakter.", f"{where}: more than {limits.TEXT} characters."),
        )
    return text


def _kegiatan(draft: Draft, index: int) -> str:
    step = (draft.definition.get("langkah") or [])[index]
    return str(step.get("kegiatan", "") if isinstance(step, dict) else step)[:500]


def _anchor(note: Note, draft: Draft, index: int) -> None:
    note.anchor_steps, note.anchor_index, note.anchor_version = fingerprints(draft.definition), index, draft.version
    note.step, note.step_text, note.step_gone = step_numbers(draft.definition)[index], _kegiatan(draft, index), False


def add_note(draft: Draft, user: AbstractBaseUser, *, text: str, field: str = "", step: int | None = None) -> Note:
    """A reviewer's note on ``field`` (an editor field name), on step ``step`` (its number now), or general."""
    if not may_review(user, draft):
        raise NoteError("forbidden", 403, Message("Hanya penelaah yang menulis catatan.", "Only reviewers add notes."))
    text = clean_text(text, "catatan")
    note = Note(draft=draft, author=user, author_name=_name(user), text=text)
    if field and step is not None:
        raise NoteError(
            "bad_place",
            422,
            Message("Pilih kolom atau langkah, bukan keduanya.", "Choose a field or a step, not both."),
        )
    if field:
        if field not in IDENTITY_FIELDS:
            raise NoteError(
                "unknown_field",
                422,
                Message(f"catatan: kolom '{field[:60]}' tidak dikenal.", f"catatan: unknown field '{field[:60]}'."),
            )
        note.kind, note.field = Note.Kind.IDENTITAS, field
    elif step is not None:
        numbers = step_numbers(draft.definition)
        if step not in numbers:
            raise NoteError(
                "unknown_step", 422, Message(f"catatan: tidak ada langkah {step}.", f"catatan: no step {step}.")
            )
        note.kind = Note.Kind.LANGKAH
        _anchor(note, draft, numbers.index(step))
        note.first_step = note.step
    note.save()
    return note


def _place_again(note: Note, draft: Draft) -> None:
    """Follow a step note to where its step is now (saved when it moved, vanished or came back)."""
    if note.kind != Note.Kind.LANGKAH or note.anchor_version == draft.version or note.anchor_index is None:
        return
    index = follow(note.anchor_steps, note.anchor_index, fingerprints(draft.definition))
    if index is None:
        if not note.step_gone:
            note.step_gone = True
            note.save(update_fields=["step_gone"])
        return  # the last place known stays: an undo may bring the step back
    _anchor(note, draft, index)
    note.save(update_fields=["anchor_steps", "anchor_index", "anchor_version", "step", "step_text", "step_gone"])


def notes_of(draft: Draft) -> list[Note]:
    """The draft's notes, oldest first, each step note placed where its step is now, threads fetched."""
    notes = list(Note.objects.filter(draft=draft).prefetch_related("entries"))
    for note in notes:
        _place_again(note, draft)
    return notes


def note_place(note: Note, lang: str) -> str:
    """Where the note points, in words: a field's label, "Langkah 3 (semula 2)", a deleted step, or general."""
    en = lang == "en"
    if note.kind == Note.Kind.IDENTITAS:
        labels = IDENTITY_LABELS.get(note.field, (note.field, note.field))
        return labels[1] if en else labels[0]
    if note.kind == Note.Kind.LANGKAH:
        if note.step_gone:
            return (f"Step {note.step} (deleted): «{note.step_text}»" if en
                    else f"Langkah {note.step} (sudah dihapus): «{note.step_text}»")  # fmt: skip
        moved = note.first_step is not None and note.first_step != note.step
        before = (f" (was {note.first_step})" if en else f" (semula {note.first_step})") if moved else ""
        return f"{'Step' if en else 'Langkah'} {note.step}{before}"
    return "General" if en else "Umum"


def _entry(note: Note, user: AbstractBaseUser, action: str, text: str, status: str | None) -> Note:
    with transaction.atomic():
        locked = Note.objects.select_for_update().get(pk=note.pk)
        now = timezone.now()
        NoteEntry.objects.create(note=locked, author=user, author_name=_name(user), at=now, action=action, text=text)
        locked.updated_at = now
        if status is not None:
            locked.status = status
        locked.save(update_fields=["status", "updated_at"])
    return locked


def _closed(note: Note) -> NoteError:
    return NoteError("note_closed", 409, Message("Catatan ini sudah selesai; penelaah dapat membukanya kembali.",
                                                 "This note is closed; a reviewer may reopen it."))  # fmt: skip


def answer_note(note: Note, user: AbstractBaseUser, *, text: str, fixed: bool = False) -> Note:
    """An answer in the note's thread; ``fixed`` (the unit) marks it "sudah diperbaiki" (text optional then)."""
    draft = note.draft
    if not (may_review(user, draft) or may_write(user, draft.organisation)):
        raise NoteError(
            "forbidden", 403, Message("Anda tidak dapat menjawab catatan ini.", "You may not answer this note.")
        )
    if note.status == Note.Status.SELESAI:
        raise _closed(note)
    text = clean_text(text, "jawaban", required=not fixed)
    if fixed:
        if not is_unit(user, draft):
            raise NoteError("forbidden", 403, Message("Hanya unit penyusun yang menandai catatan sudah diperbaiki.",
                                                      "Only the drafting unit marks a note fixed."))  # fmt: skip
        return _entry(note, user, NoteEntry.Action.DIPERBAIKI, text, Note.Status.DIPERBAIKI)
    return _entry(note, user, NoteEntry.Action.JAWAB, text, None)


def _reviewer_only(note: Note, user: AbstractBaseUser) -> None:
    if not may_review(user, note.draft):
        raise NoteError("forbidden", 403, Message("Hanya penelaah yang menutup atau membuka kembali catatan.",
                                                  "Only a reviewer closes or reopens a note."))  # fmt: skip


def close_note(note: Note, user: AbstractBaseUser, *, text: str = "") -> Note:
    """The reviewer closes the note ("selesai")."""
    _reviewer_only(note, user)
    if note.status == Note.Status.SELESAI:
        raise _closed(note)
    return _entry(
        note, user, NoteEntry.Action.SELESAI, clean_text(text, "jawaban", required=False), Note.Status.SELESAI
    )


def reopen_note(note: Note, user: AbstractBaseUser, *, text: str = "") -> Note:
    """The reviewer reopens a closed note."""
    _reviewer_only(note, user)
    if note.status != Note.Status.SELESAI:
        raise NoteError("note_open", 409, Message("Catatan ini masih terbuka.", "This note is still open."))
    return _entry(note, user, NoteEntry.Action.DIBUKA, clean_text(text, "jawaban", required=False), Note.Status.TERBUKA)


def suggested_verdict(notes: list[Note]) -> str:
    """PERLU PERBAIKAN while any note is open (not "selesai"), else SESUAI."""
    return "perlu_perbaikan" if any(note.open for note in notes) else "sesuai"


def note_row(note: Note, lang: str, *, reviewer: bool, unit: bool) -> dict[str, Any]:
    """A note as the screens show it, with what this user may do with it."""
    labels = {
        "terbuka": ("Terbuka", "Open"),
        "diperbaiki": ("Sudah diperbaiki", "Fixed"),
        "selesai": ("Selesai", "Closed"),
    }
    actions = {"jawab": ("menjawab", "answered"), "diperbaiki": ("sudah diperbaiki", "fixed"),
               "selesai": ("selesai", "closed"), "dibuka": ("dibuka kembali", "reopened")}  # fmt: skip
    en = lang == "en"
    return {
        "note": note,
        "place": note_place(note, lang),
        "status_label": labels[note.status][1 if en else 0],
        "entries": [{"entry": entry, "action": actions[entry.action][1 if en else 0]} for entry in note.entries.all()],
        "can_answer": note.open,
        "can_fix": unit and note.status == Note.Status.TERBUKA,
        "can_close": reviewer and note.open,
        "can_reopen": reviewer and not note.open,
    }
