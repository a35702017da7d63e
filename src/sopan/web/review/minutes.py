"""The Berita Acara telaah SOP: one or several drafts of one unit, each with the evaluator's verdict (suggested
from its notes) and its notes as they stood, numbered per Biro organisation and year, signed by the Biro's
evaluator and the unit's responsible officer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from sopan.model.dates import PartialDate
from sopan.problems import Message
from sopan.web.accounts.models import Administrator, Staff
from sopan.web.authoring.models import Draft
from sopan.web.catalog.biro import biro_q
from sopan.web.catalog.models import Organisation
from sopan.web.lifecycle.oversight import member_organisations, overseers
from sopan.web.lifecycle.review import review_sop_for
from sopan.web.limits import MINUTES_SOPS
from sopan.web.review.access import may_review
from sopan.web.review.models import Minutes, MinutesItem
from sopan.web.review.notes import NoteError, clean_text, note_place, notes_of

__all__ = [
    "Entry",
    "MinutesIn",
    "Signatory",
    "biro_for",
    "check_count",
    "make_minutes",
    "officer_of",
    "printed_date",
    "signatory_of",
]

VERDICTS = {choice.value for choice in MinutesItem.Verdict}


@dataclass(frozen=True)
class Signatory:
    name: str
    position: str = ""
    nip: str = ""


@dataclass(frozen=True)
class Entry:
    draft: Draft
    verdict: str


@dataclass
class MinutesIn:
    date: dt.date
    place: str
    evaluator: Signatory
    officer: Signatory
    entries: list[Entry] = field(default_factory=list)


def signatory_of(user: AbstractBaseUser, position: str = "") -> Signatory:
    """A user's name and NIP from their staff record."""
    staff = Staff.objects.filter(user=user).first()
    name = user.get_full_name() or user.get_username()  # type: ignore[attr-defined]
    return Signatory(name=name[:200], position=position, nip=staff.nip if staff else "")


def officer_of(unit: Organisation) -> Signatory:
    """The unit's responsible officer as a first guess: its first administrator, from the staff records."""
    first = Administrator.objects.filter(organisation=unit).select_related("user").order_by("pk").first()
    return signatory_of(first.user) if first is not None else Signatory(name="")


def biro_for(user: AbstractBaseUser, unit: Organisation) -> Organisation:
    """The Biro organisation that issues the Berita Acara: the one owning the unit's review SOP, else the first
    overseer of the unit the user belongs to (a Biro before the built-in organisation), else the unit's own (a
    superuser without a Biro)."""
    governing = review_sop_for(unit).sop
    if governing is not None:
        return governing.organisation
    mine = overseers(unit).filter(pk__in=member_organisations(user).values("pk")).order_by("code")
    return mine.filter(biro_q()).first() or mine.first() or unit


def printed_date(day: dt.date) -> str:
    """The date as the Berita Acara prints it ('4 Desember 2026'); refused outside the years an SOP may carry."""
    try:
        return PartialDate(day.year, day.month, day.day).indonesian()
    except ValueError:
        raise _refused(
            "bad_date", "tanggal: di luar rentang tahun yang diterima.", "date: outside the years accepted."
        ) from None


def _refused(code: str, id_text: str, en_text: str) -> NoteError:
    return NoteError(code, 422, Message(id_text, en_text))


def _signatory(who: Signatory, where: str) -> Signatory:
    name = clean_text(who.name, f"{where}.nama")
    position = clean_text(who.position, f"{where}.jabatan", required=False)
    nip = clean_text(who.nip, f"{where}.nip", required=False)
    if len(name) > 200 or len(position) > 200 or len(nip) > 30:
        raise _refused("too_long", f"{where}: nama/jabatan paling banyak 200 karakter, NIP 30.",
                       f"{where}: name/position at most 200 characters, NIP 30.")  # fmt: skip
    return Signatory(name, position, nip)


def _notes(draft: Draft) -> list[dict[str, object]]:
    return [
        {
            "place": note_place(note, "id"),
            "place_en": note_place(note, "en"),
            "text": note.text,
            "status": note.status,
            "answers": [entry.text for entry in note.entries.all() if entry.text],
        }
        for note in notes_of(draft)
    ]


def check_count(chosen: int) -> None:
    """Refuse more than ``MINUTES_SOPS`` drafts in one Berita Acara, naming the limit."""
    if chosen > MINUTES_SOPS:
        raise _refused("too_many_sops",
                       f"Satu berita acara memuat paling banyak {MINUTES_SOPS} konsep SOP ({chosen} dipilih); "
                       "buat berita acara berikutnya untuk sisanya.",
                       f"One Berita Acara holds at most {MINUTES_SOPS} SOP drafts ({chosen} chosen); "
                       "make another one for the rest.")  # fmt: skip


def make_minutes(user: AbstractBaseUser, data: MinutesIn) -> Minutes:
    """Keep a Berita Acara: every draft of one unit, reviewed by ``user``; numbered in the Biro's year."""
    if not data.entries:
        raise _refused("no_sop", "Pilih paling sedikit satu konsep SOP.", "Choose at least one SOP draft.")
    check_count(len(data.entries))
    units = {entry.draft.organisation_id for entry in data.entries}
    if len(units) != 1:
        raise _refused("several_units", "Satu berita acara untuk konsep SOP satu unit saja.",
                       "One Berita Acara covers the drafts of one unit only.")  # fmt: skip
    if len({entry.draft.pk for entry in data.entries}) != len(data.entries):
        raise _refused("repeated_sop", "Konsep SOP yang sama dipilih dua kali.", "The same draft is chosen twice.")
    for entry in data.entries:
        if not may_review(user, entry.draft):
            raise NoteError("forbidden", 403, Message("Hanya penelaah yang membuat berita acara.",
                                                      "Only reviewers make a Berita Acara."))  # fmt: skip
        if entry.verdict not in VERDICTS:
            raise _refused("bad_verdict", "Kesimpulan harus sesuai atau perlu_perbaikan.",
                           "The verdict must be sesuai or perlu_perbaikan.")  # fmt: skip
    printed_date(data.date)
    place = clean_text(data.place, "tempat")[:200]
    evaluator, officer = _signatory(data.evaluator, "penelaah"), _signatory(data.officer, "pejabat_unit")
    unit = data.entries[0].draft.organisation
    biro = biro_for(user, unit)
    for _ in range(5):  # two made at once: the second takes the next number
        try:
            return _numbered(user, data, biro, unit, place, evaluator, officer)
        except IntegrityError:
            continue
    raise _refused("busy", "Nomor berita acara sedang dipakai; ulangi.", "The number is being taken; try again.")


def _numbered(
    user: AbstractBaseUser,
    data: MinutesIn,
    biro: Organisation,
    unit: Organisation,
    place: str,
    evaluator: Signatory,
    officer: Signatory,
) -> Minutes:
    with transaction.atomic():
        year = data.date.year
        last = Minutes.objects.filter(biro=biro, year=year).order_by("-sequence").first()
        sequence = (last.sequence if last else 0) + 1
        minutes = Minutes.objects.create(
            biro=biro, unit=unit, year=year, sequence=sequence,
            number=f"{sequence:03d}/BA-TELAAH-SOP/{biro.code.upper()[:60]}/{year}",
            date=data.date, place=place, created_by=user,
            evaluator_name=evaluator.name, evaluator_position=evaluator.position, evaluator_nip=evaluator.nip,
            officer_name=officer.name, officer_position=officer.position, officer_nip=officer.nip,
        )  # fmt: skip
        for position, entry in enumerate(data.entries, start=1):
            draft = entry.draft
            MinutesItem.objects.create(
                minutes=minutes, position=position, draft=draft, draft_version=draft.version,
                sop_key=draft.sop_key, title=(draft.title or draft.sop_key)[:500],
                sop_number=str(draft.definition.get("nomor") or "")[:200], verdict=entry.verdict,
                notes=_notes(draft),
            )  # fmt: skip
    return minutes
