"""The loket and task forms: every field checked with the API's limits, each error with a code in both languages.

A valid form gives the engine commands it asks for (``command`` / ``commands``), built with keyword arguments
in one small function per kind; the engine then decides whether they may be carried out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile

from sopan.engine import (
    SIGNED_IN,
    Applicant,
    CancelCase,
    ClaimTask,
    Command,
    CompleteStep,
    Decide,
    HoldForApplicant,
    OpenCase,
    Process,
    RecordOutput,
    RecordOutsideStep,
    RejectCase,
    ReleaseTask,
    ResumeCase,
    TaskState,
    TickRequirement,
    UntickRequirement,
)
from sopan.engine.handle import valid_nik
from sopan.engine.personal import valid_phone
from sopan.i18n import t
from sopan.web import limits

__all__ = ["IntakeForm", "TaskActionForm", "form_errors", "form_errors_of"]

WAIVER = "alasan_"  # a waiver's reason is posted as alasan_<item key>

# Django's error codes (and ours) with their text in both languages; %(limit_value)d is the field's limit
MESSAGES: dict[str, tuple[str, str]] = {
    "required": ("Wajib diisi.", "Required."),
    "max_length": ("Paling banyak %(limit_value)d karakter.", "At most %(limit_value)d characters."),
    "invalid": ("Formulir tidak sah: muat ulang halaman.", "Invalid form: reload the page."),
    "invalid_choice": ("Tindakan tidak dikenal.", "Unknown action."),
    "too_many": ("Paling banyak %(limit)d butir.", "At most %(limit)d items."),
    "null_character": ("Tidak boleh memuat karakter nol.", "Must not contain a null character."),
    "empty": ("Berkas kosong.", "The file is empty."),
    "missing": ("Tidak ada berkas.", "No file was sent."),
}


class KeysField(forms.Field):
    """A list of short keys from repeated inputs (checkboxes), at most ``limits.ITEMS`` of at most ``ITEM_KEY``."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        return [str(key).strip() for key in value or ()]

    def validate(self, value: list[str]) -> None:
        if len(value) > limits.ITEMS:
            raise ValidationError(self.error_messages["too_many"], code="too_many", params={"limit": limits.ITEMS})
        if any(len(key) > limits.ITEM_KEY for key in value):
            raise ValidationError(
                self.error_messages["max_length"], code="max_length", params={"limit_value": limits.ITEM_KEY}
            )


F = TypeVar("F", bound=forms.Field)


def _labelled(field: F, label: tuple[str, str]) -> F:
    """The field, with its name in both languages for messages that name it."""
    field.bilingual_label = label  # type: ignore[attr-defined]
    return field


def _text(limit: int, label: tuple[str, str]) -> forms.CharField:
    return _labelled(forms.CharField(max_length=limit, required=False), label)


class BilingualForm(forms.Form):
    """A form whose error messages are in the request's language and name the field."""

    def __init__(self, *args: Any, lang: str = "id", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang
        for field in self.fields.values():
            field.error_messages = {
                **field.error_messages,
                **{code: t(id_text, en_text, lang) for code, (id_text, en_text) in MESSAGES.items()},
            }

    def refuse(self, field: str | None, code: str, id_text: str, en_text: str) -> None:
        self.add_error(field, ValidationError(t(id_text, en_text, self.lang), code=code))

    def label_of(self, name: str) -> str:
        label = getattr(self.fields.get(name), "bilingual_label", None) if name != "__all__" else None
        return t(*label, self.lang) if label else ""


def form_errors_of(form: BilingualForm, name: str) -> list[str]:
    """Each error of one field as a line naming the field."""
    label = form.label_of(name)
    return [f"{label}: {error}" if label else str(error) for error in form.errors.get(name, ())]


def form_errors(form: BilingualForm) -> list[str]:
    """Each error of the form as a line naming its field, for a message above the page."""
    return [line for name in form.errors for line in form_errors_of(form, name)]


class IntakeForm(BilingualForm):
    """The loket: the applicant (pelayanan SOPs) or the trigger (the others), and the first step's checklist."""

    nama = _text(limits.NAME, ("Nama pemohon", "Applicant's name"))
    nik = _text(limits.NIK, ("NIK", "NIK"))
    telepon = _text(limits.PHONE, ("Telepon", "Phone"))
    alamat = _text(limits.ADDRESS, ("Alamat", "Address"))
    dasar = _text(limits.TEXT, ("Dasar", "Trigger"))
    item = _labelled(KeysField(required=False), ("Kelengkapan", "Requirements"))
    command_id = _text(limits.COMMAND_KEY, ("Formulir", "Form"))

    def __init__(self, *args: Any, process: Process, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.process = process

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.process.is_service:
            if "nama" in data and not data["nama"]:
                self.refuse("nama", "required", "Nama pemohon wajib diisi.", "The applicant's name is required.")
            if data.get("nik") and not valid_nik(data["nik"]):
                self.refuse("nik", "invalid_nik", "NIK harus 16 angka.", "The NIK must be 16 digits.")
            if data.get("telepon") and not valid_phone(data["telepon"]):
                self.refuse(
                    "telepon",
                    "invalid_phone",
                    "Nomor telepon hanya angka, spasi, +, -, ( ).",
                    "A phone number holds digits, spaces, +, -, ( ) only.",
                )
        elif "dasar" in data and not data["dasar"]:
            self.refuse("dasar", "required", "Sebutkan dasar kasus ini.", "Say what starts this case.")
        return data

    def command(self, now: dt.datetime) -> OpenCase:
        """The OpenCase this form asks for; items not on the first step's checklist are left out."""
        data = self.cleaned_data
        known = {item.key for item in self.process.requirements(self.process.first_step)}
        applicant = (
            Applicant(
                name=data["nama"],
                nik=data["nik"] or None,
                phone=data["telepon"] or None,
                address=data["alamat"] or None,
            )
            if self.process.is_service
            else None
        )
        return OpenCase(
            actor=SIGNED_IN,
            at=now,
            applicant=applicant,
            trigger=data["dasar"] or None,
            ticked=tuple(key for key in data["item"] if key in known),
        )


ACTIONS = (
    "claim",
    "release",
    "checklist",
    "save",
    "complete",
    "outside",
    "ya",
    "tidak",
    "output",
    "reject",
    "cancel",
    "hold",
    "resume",
)


class TaskActionForm(BilingualForm):
    """A form of the task page: ``action`` says which button was pressed.

    The step's one form carries ``daftar`` (its checklist is in the post): the ticks as they stand and an output
    with a value or a file are saved first, whatever button finished it, so nothing typed is lost.
    """

    action = forms.ChoiceField(choices=[(action, action) for action in ACTIONS])
    command_id = forms.UUIDField(required=False)
    daftar = forms.BooleanField(required=False)
    item = _labelled(KeysField(required=False), ("Kelengkapan", "Requirements"))
    alasan = _text(limits.TEXT, ("Alasan", "Reason"))
    catatan = _text(limits.TEXT, ("Catatan", "Note"))
    nama = _text(limits.OUTPUT_NAME, ("Output", "Output"))
    nilai = _text(limits.TEXT, ("Isi", "Value"))
    kurang = _text(limits.TEXT, ("Berkas yang kurang", "Missing documents"))
    berkas = forms.FileField(required=False, allow_empty_file=True)

    def clean_berkas(self) -> UploadedFile | None:
        upload = self.cleaned_data.get("berkas")
        if upload is not None and upload.size > limits.UPLOAD_BYTES:
            raise ValidationError(
                t(
                    f"Berkas lebih dari {limits.UPLOAD_MB} MB; kirim yang lebih kecil.",
                    f"The file is over {limits.UPLOAD_MB} MB; send a smaller one.",
                    self.lang,
                ),
                code="file_too_big",
            )
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        waivers = {
            key.removeprefix(WAIVER): str(value).strip()
            for key, value in self.data.items()
            if key.startswith(WAIVER) and str(value).strip()
        }
        if len(waivers) > limits.ITEMS or any(len(key) > limits.ITEM_KEY for key in waivers):
            self.refuse(None, "too_many", "Terlalu banyak alasan.", "Too many reasons.")
        elif any(len(reason) > limits.TEXT for reason in waivers.values()):
            self.refuse(
                None,
                "max_length",
                f"Alasan tanpa kelengkapan: paling banyak {limits.TEXT} karakter.",
                f"Reason for a missing requirement: at most {limits.TEXT} characters.",
            )
        data["waivers"] = waivers
        return data

    def commands(self, task: TaskState, now: dt.datetime, store: Callable[[UploadedFile], str]) -> list[Command]:
        """The engine commands this form asks for on ``task``; ``store`` keeps an output's file and names it."""
        data = self.cleaned_data
        work: list[Command] = []
        if data["daftar"] and data["action"] in _STEP_ACTIONS:
            work += _checklist(data, task, now, store)
            if data["nilai"] or data["berkas"] is not None:
                work += _output(data, task, now, store)
        return work + _BUILDERS[data["action"]](data, task, now, store)


Builder = Callable[[dict[str, Any], TaskState, dt.datetime, Callable[[UploadedFile], str]], list[Command]]


def _claim(data: dict[str, Any], task: TaskState, now: dt.datetime, store: Any) -> list[Command]:
    kind = ClaimTask if data["action"] == "claim" else ReleaseTask
    return [kind(actor=SIGNED_IN, at=now, task=task.task)]


def _checklist(data: dict[str, Any], task: TaskState, now: dt.datetime, store: Any) -> list[Command]:
    wanted, ticked = set(data["item"]), set(task.ticked)
    return [TickRequirement(actor=SIGNED_IN, at=now, task=task.task, item=key) for key in sorted(wanted - ticked)] + [
        UntickRequirement(actor=SIGNED_IN, at=now, task=task.task, item=key) for key in sorted(ticked - wanted)
    ]


def _finish(data: dict[str, Any], task: TaskState, now: dt.datetime, store: Any) -> list[Command]:
    kind = CompleteStep if data["action"] == "complete" else RecordOutsideStep
    return [kind(actor=SIGNED_IN, at=now, task=task.task, waivers=data["waivers"], note=data["catatan"] or None)]


def _yes(data: dict[str, Any], task: TaskState, now: dt.datetime, store: Any) -> list[Command]:
    return [Decide(actor=SIGNED_IN, at=now, task=task.task, answer=True, waivers=data["waivers"])]


def _no(data: dict[str, Any], task: TaskState, now: dt.datetime, store: Any) -> list[Command]:
    return [Decide(actor=SIGNED_IN, at=now, task=task.task, answer=False, reason=data["alasan"])]


def _output(
    data: dict[str, Any], task: TaskState, now: dt.datetime, store: Callable[[UploadedFile], str]
) -> list[Command]:
    file = store(data["berkas"]) if data["berkas"] is not None else None
    value = data["nilai"] or None
    return [RecordOutput(actor=SIGNED_IN, at=now, task=task.task, name=data["nama"], value=value, file=file)]


def _close(data: dict[str, Any], task: TaskState, now: dt.datetime, store: Any) -> list[Command]:
    kind = RejectCase if data["action"] == "reject" else CancelCase
    return [kind(actor=SIGNED_IN, at=now, reason=data["alasan"])]


def _hold(data: dict[str, Any], task: TaskState, now: dt.datetime, store: Any) -> list[Command]:
    missing = tuple(line.strip() for line in data["kurang"].splitlines() if line.strip())
    return [HoldForApplicant(actor=SIGNED_IN, at=now, task=task.task, missing=missing)]


def _resume(data: dict[str, Any], task: TaskState, now: dt.datetime, store: Any) -> list[Command]:
    return [ResumeCase(actor=SIGNED_IN, at=now, task=task.task, note=data["catatan"] or None)]


def _nothing(data: dict[str, Any], task: TaskState, now: dt.datetime, store: Any) -> list[Command]:
    return []


_STEP_ACTIONS = frozenset({"save", "complete", "outside", "ya", "tidak"})  # the buttons of the step's one form
_BUILDERS: dict[str, Builder] = {
    "save": _nothing,
    "claim": _claim,
    "release": _claim,
    "checklist": _checklist,
    "complete": _finish,
    "outside": _finish,
    "ya": _yes,
    "tidak": _no,
    "output": _output,
    "reject": _close,
    "cancel": _close,
    "hold": _hold,
    "resume": _resume,
}
