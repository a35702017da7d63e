"""The personal-data duties of UU 27/2022: how long a closed case keeps its applicant, and anonymising it.

The retention period is the SOP version's ``retensi_data`` when its Pencatatan says otherwise, else the
office's own setting (``Organisation.retention_months``), else ``retensi_data`` of ``organisasi.yaml``, else
five years. A closed case past it is due; a data subject may ask for an earlier anonymisation with a reason.
Anonymising rewrites the case's event data through the one audited path the append-only triggers allow
(an open ``Anonymisation`` row of the case) and appends a ``case_anonymised`` event, in one transaction.
"""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from sopan.engine import CaseState, EventKind, apply
from sopan.engine import Event as EngineEvent
from sopan.engine.personal import anonymise, personal_values, scrub
from sopan.model.retention import DEFAULT_RETENTION_MONTHS, retention_months
from sopan.problems import Message
from sopan.web.cases.access import can_administer
from sopan.web.cases.extensions import case_rewritten
from sopan.web.cases.feed_order import hold_event_order
from sopan.web.cases.models import Anonymisation, Case, Event
from sopan.web.catalog.models import Organisation, SopVersion

__all__ = [
    "AnonymisationRefused",
    "DueCase",
    "DueOutcome",
    "anonymise_case",
    "anonymise_due",
    "case_retention_months",
    "due_cases",
    "organisation_retention_months",
    "retention_ends",
]

REASON_MAX = 500


class AnonymisationRefused(Exception):
    """Why a case is not anonymised, in Bahasa Indonesia and English."""

    def __init__(self, code: str, message_id: str, message_en: str) -> None:
        self.code = code
        self.message = Message(message_id, message_en)
        super().__init__(f"{code}: {message_en}")

    def text(self, lang: str = "id") -> str:
        return self.message.text(lang)


@dataclass(frozen=True)
class DueCase:
    case: Case
    months: int
    ends: dt.datetime


@dataclass(frozen=True)
class DueOutcome:
    """What anonymising every due case did: the cases anonymised, and each refused case with its refusal."""

    done: list[Case]
    refused: list[tuple[Case, AnonymisationRefused]]


def organisation_retention_months(organisation: Organisation) -> int:
    """The office's own setting, else its organisasi.yaml, else five years."""
    if organisation.retention_months:
        return organisation.retention_months
    text = (organisation.definition or {}).get("retensi_data")
    return retention_months(text) if text else DEFAULT_RETENTION_MONTHS


def case_retention_months(case: Case) -> int:
    """The SOP version's own period where its Pencatatan says otherwise, else the organisation's."""
    text = (case.sop_version.definition or {}).get("retensi_data")
    return retention_months(text) if text else organisation_retention_months(case.organisation)


def retention_ends(closed_at: dt.datetime, months: int) -> dt.datetime:
    """``months`` calendar months after ``closed_at`` (the last day of a shorter month when it has no such day)."""
    month = closed_at.month - 1 + months
    year, month = closed_at.year + month // 12, month % 12 + 1
    return closed_at.replace(year=year, month=month, day=min(closed_at.day, calendar.monthrange(year, month)[1]))


def due_cases(organisation: Organisation, now: dt.datetime | None = None) -> list[DueCase]:
    """Closed cases of the organisation whose retention period has ended and that still hold personal data.

    The shortest period is a month, so younger cases are not read; each SOP version's period is read once.
    """
    now = now or timezone.now()
    closed = (
        Case.objects.filter(
            organisation=organisation,
            anonymised_at__isnull=True,
            closed_at__lte=now - dt.timedelta(days=28),
        )
        .exclude(status=Case.Status.OPEN)
        .select_related("sop_version__sop", "organisation")
        .defer("state", "sop_version__definition")
        .order_by("closed_at")
    )
    fallback = organisation_retention_months(organisation)
    versions: dict[int, int] = {}
    due = []
    for case in closed:
        if case.sop_version_id not in versions:
            text = SopVersion.objects.filter(pk=case.sop_version_id).values_list("definition__retensi_data", flat=True)
            own = text.first()
            versions[case.sop_version_id] = retention_months(own) if own else fallback
        months = versions[case.sop_version_id]
        ends = retention_ends(case.closed_at, months)
        if ends <= now:
            due.append(DueCase(case, months, ends))
    return due


def anonymise_case(
    user: AbstractBaseUser,
    case: Case | uuid.UUID,
    *,
    reason: str = "",
    on_request: bool = False,
    now: dt.datetime | None = None,
) -> Case:
    """Replace the applicant's data in the case's state and events by the marker; record who, when and why.

    Refused (``AnonymisationRefused``) for a user who does not administer the case's organisation, an open case,
    a case already anonymised, and a case whose retention period has not ended unless the data subject asked
    (``on_request``, with a reason).
    """
    now = now or timezone.now()
    reason = (reason or "").strip()
    case_id = case.pk if isinstance(case, Case) else case
    with transaction.atomic():
        hold_event_order()  # it appends an event: in commit order for the feed
        found = (
            Case.objects.select_for_update(of=("self",))
            .select_related("sop_version", "organisation")
            .filter(pk=case_id)
        )
        row = found.first()
        _check(user, row, reason, on_request, now)
        assert row is not None
        stored = list(Event.objects.filter(case=row).order_by("seq"))
        events = [EngineEvent(EventKind(e.kind), e.at, e.actor_name or None, e.data) for e in stored]
        rewritten = anonymise(events, now, user.get_username(), reason)
        closing = rewritten[-1]
        Anonymisation.objects.create(
            case=row,
            at=now,
            by=user,
            by_name=user.get_username(),
            on_request=on_request,
            reason=closing.data["reason"][:REASON_MAX],
        )
        files = []
        for event, new in zip(stored, rewritten, strict=False):
            data = dict(new.data)
            if event.data.get("file"):  # the stored path, as it names the upload on disk
                files.append(event.data["file"])
                data["file"] = None  # an uploaded output may show the applicant: it goes too
            Event.objects.filter(pk=event.pk).update(data=data, command_digest="")
        values = personal_values(row.state.get("applicant"))
        state = CaseState.from_json(_without_files(scrub(row.state, values)))
        state = apply(state, closing)
        Event.objects.create(
            case=row,
            seq=len(stored) + 1,
            kind=str(closing.kind),
            at=closing.at,
            actor=user,
            actor_name=user.get_username(),
            data=closing.data,
        )
        Case.objects.filter(pk=row.pk).update(
            state=state.to_json(), version=state.version, anonymised_at=now, applicant_nik=None
        )
        Anonymisation.objects.filter(case=row, finished_at__isnull=True).update(finished_at=timezone.now())
        case_rewritten.send(sender=Case, case_id=row.pk)
        transaction.on_commit(lambda: _remove_files(files))
    row.refresh_from_db()
    return row


def anonymise_due(user: AbstractBaseUser, organisation: Organisation, now: dt.datetime | None = None) -> DueOutcome:
    """Anonymise every due case of the organisation, each in its own transaction; a refused case (one anonymised
    by someone else meanwhile) is reported with its refusal and the others go on."""
    done, refused = [], []
    for due in due_cases(organisation, now):
        try:
            done.append(anonymise_case(user, due.case, now=now))
        except AnonymisationRefused as refusal:
            refused.append((due.case, refusal))
    return DueOutcome(done, refused)


def _check(user: AbstractBaseUser, case: Case | None, reason: str, on_request: bool, now: dt.datetime) -> None:
    if case is None or not can_administer(user, case.organisation_id):
        raise AnonymisationRefused(
            "not_permitted",
            "Hanya pengelola organisasi kasus ini yang dapat menganonimkannya.",
            "Only an administrator of this case's organisation may anonymise it.",
        )
    if case.anonymised_at is not None:
        raise AnonymisationRefused(
            "already_anonymised", "Kasus ini sudah dianonimkan.", "This case has already been anonymised."
        )
    if case.status == Case.Status.OPEN:
        raise AnonymisationRefused(
            "case_open",
            "Kasus masih berjalan; hanya kasus yang sudah selesai yang dianonimkan.",
            "The case is still running; only closed cases are anonymised.",
        )
    if on_request:
        if not reason:
            raise AnonymisationRefused(
                "reason_required",
                "Permintaan subjek data perlu alasan (mis. nomor surat permohonan).",
                "A data subject's request needs a reason (e.g. the request letter's number).",
            )
        if len(reason) > REASON_MAX:
            raise AnonymisationRefused(
                "reason_too_long",
                f"Alasan paling banyak {REASON_MAX} karakter.",
                f"The reason has at most {REASON_MAX} characters.",
            )
        return
    ends = retention_ends(case.closed_at, case_retention_months(case))
    if ends > now:
        raise AnonymisationRefused(
            "not_due",
            f"Masa retensi kasus ini berakhir {ends:%d-%m-%Y}; sebelum itu hanya atas permintaan subjek data.",
            f"This case's retention period ends on {ends:%Y-%m-%d}; before that only on the data subject's request.",
        )


def _without_files(state: dict[str, Any]) -> dict[str, Any]:
    for task in state.get("tasks", []):
        for output in task.get("outputs", []):
            if output.get("file"):
                output["file"] = None
    return state


def _remove_files(files: list[str]) -> None:
    root = Path(settings.MEDIA_ROOT).resolve()
    for relative in files:
        path = (root / relative).resolve()
        if root in path.parents:
            path.unlink(missing_ok=True)
