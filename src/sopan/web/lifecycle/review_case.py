"""Review as a case: submitting a draft opens (or, after a fix, continues) a case of its organisation's review
SOP, and that case's engine events move the draft's state. No second workflow: the steps, inboxes and deadlines
(the review SOP's mutu baku) are the engine's; ``review_steps`` declares which step means what.

The unit's own steps in the review case (submitting, resubmitting) are outside-party steps of the reviewers'
organisation, recorded by the unit's writer with the roles ``cases.services.submit`` grants for that one command.
"""

from __future__ import annotations

import uuid
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from sopan.engine import (
    SIGNED_IN,
    Applicant,
    EventKind,
    OpenCase,
    RecordOutsideStep,
    Refusal,
    RefusalCode,
    TickRequirement,
)
from sopan.model.sop import Nature
from sopan.model.sop import Sop as SopModel
from sopan.problems import Severity
from sopan.web.authoring.checking import check_draft
from sopan.web.authoring.models import Draft
from sopan.web.cases.feed_order import hold_event_order
from sopan.web.cases.models import Case
from sopan.web.cases.services import CommandResult, submit
from sopan.web.catalog.models import Organisation, Sop, SopVersion
from sopan.web.catalog.publishing import content_hash
from sopan.web.catalog.runtime import process_for
from sopan.web.lifecycle.drafts import EDITABLE, draft_state, fire_draft
from sopan.web.lifecycle.models import DraftTransition, ReviewCase
from sopan.web.lifecycle.review import review_version_for
from sopan.web.lifecycle.review_steps import REVIEW_KEYS, ReviewSteps, steps_for
from sopan.web.lifecycle.states import Authority, LifecycleError, State

__all__ = ["is_review_case", "is_unit_writer", "on_command", "open_review", "review_cases_among", "submit_draft"]


_UNIT_RECORDING: ContextVar[bool] = ContextVar("unit_recording", default=False)
"""True while ``submit_draft`` records the unit's own steps: the only commands a review case takes while its draft
is with the unit (editable)."""

_CLOSING = frozenset({EventKind.CASE_REJECTED, EventKind.CASE_CANCELLED})


@contextmanager
def _unit_recording() -> Iterator[None]:
    token = _UNIT_RECORDING.set(True)
    try:
        yield
    finally:
        _UNIT_RECORDING.reset(token)


def is_unit_writer(user: AbstractBaseUser, organisation: Organisation) -> bool:
    """A writer or administrator of the draft's own organisation (or a superuser): the unit."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    mine = Q(administrators__user=user) | Q(writers__user=user)
    return Organisation.objects.filter(mine, pk=organisation.pk).exists()


def is_review_case(case: Case) -> bool:
    """Whether ``case`` reviews a draft; it has no applicant to wait for, so never pauses for one."""
    return ReviewCase.objects.filter(case_id=case.pk).exists()


def review_cases_among(case_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    """Of ``case_ids``, the review cases: their applicant is the unit that submitted the draft, not a person."""
    return set(ReviewCase.objects.filter(case_id__in=case_ids).values_list("case_id", flat=True))


def _no_hold(kinds: set[str]) -> None:
    """Refuse "wait for the applicant" on a review case: the unit fixes its draft through the editor instead."""
    if EventKind.CASE_HELD in kinds:
        raise Refusal(
            RefusalCode.CONFLICT,
            "Kasus telaah tidak menunggu pemohon: unit pengusul memperbaiki rancangan di penyusunan SOP.",
            "A review case does not wait for an applicant: the unit fixes its draft in the SOP editor.",
        )


def open_review(draft: Draft) -> ReviewCase | None:
    """The draft's review case still running, if any."""
    return ReviewCase.objects.filter(draft=draft, case__status=Case.Status.OPEN).select_related("case").first()


def _lint_errors(draft: Draft) -> SopModel | None:
    """The draft's SOP, refused while lint finds errors in it."""
    checked = check_draft(draft)
    errors = [p for p in checked.problems if p.severity == Severity.ERROR]
    if errors:
        listed_id = "; ".join(f"{p.place()}: {p.code} {p.message.id}" for p in errors[:5])
        listed_en = "; ".join(f"{p.place()}: {p.code} {p.message.en}" for p in errors[:5])
        raise LifecycleError(
            "lint_errors",
            f"Rancangan masih memuat {len(errors)} galat pemeriksaan: {listed_id}",
            f"The draft still has {len(errors)} lint errors: {listed_en}",
        )
    return checked.sop


def _unchanged(draft: Draft, model: SopModel | None) -> None:
    """Refuse a draft the same as its SOP's latest published version: reviewing it could publish nothing (approval
    asks again, as a version may be published in between)."""
    if model is None:
        return
    record = Sop.objects.filter(organisation=draft.organisation, key=model.id or "").first()
    latest = record.latest if record is not None else None
    if latest is not None and latest.content_hash == content_hash(model.to_file_data()):
        raise LifecycleError(
            "unchanged",
            f"Rancangan sama dengan versi {latest.number} yang sudah terbit: ubah isinya dulu, lalu ajukan.",
            f"The draft is the same as published version {latest.number}: change it first, then submit it.",
        )


def _review_version(draft: Draft) -> tuple[SopVersion, ReviewSteps]:
    version = review_version_for(draft.organisation)
    if version is None:
        raise LifecycleError(
            "no_review_sop",
            "SOP telaah yang ditetapkan untuk organisasi ini tidak memiliki versi yang berlaku.",
            "The review SOP named for this organisation has no version in force.",
        )
    steps = steps_for(version.sop.organisation.code, version.sop.key)
    if steps is None:
        raise LifecycleError(
            "review_sop_unmapped",
            f"Langkah SOP telaah '{version.sop.title}' belum dipetakan ke status rancangan.",
            f"The steps of the review SOP '{version.sop.title}' are not mapped to draft states yet.",
        )
    return version, steps


def _record_steps(user: AbstractBaseUser, case: Case, steps: tuple[int, ...], note: str) -> None:
    """Record the unit's outside-party ``steps`` in turn (ticking their kelengkapan: the draft is attached)."""
    process = process_for(case.sop_version)
    granted = process.internal_roles
    for number in steps:
        case.refresh_from_db()
        current = case.typed_state.current
        if current is None or current.step != number or not current.outside:
            where = current.step if current else "-"
            raise LifecycleError(
                "review_case_elsewhere",
                f"Kasus telaah berada di langkah {where}, bukan langkah {number} unit pengusul.",
                f"The review case is at step {where}, not the unit's step {number}.",
            )
        for item in process.requirements(process.step(number)):
            if item.required and item.key not in current.ticked:
                tick = TickRequirement(actor=SIGNED_IN, at=timezone.now(), task=current.task, item=item.key)
                submit(user, tick, case=case, granted=granted)
        done = RecordOutsideStep(actor=SIGNED_IN, at=timezone.now(), task=current.task, note=note)
        submit(user, done, case=case, granted=granted)


def _open(user: AbstractBaseUser, draft: Draft, version: SopVersion) -> Case:
    process = process_for(version)
    first = process.first_step
    ticked = tuple(item.key for item in process.requirements(first) if item.required)
    name = draft.organisation.name[:200]
    service = process.sop.nature == Nature.PELAYANAN
    command = OpenCase(
        actor=SIGNED_IN,
        at=timezone.now(),
        applicant=Applicant(name=name) if service else None,
        trigger=None if service else f"Rancangan SOP {draft.title}"[:500],
        ticked=ticked,
    )
    result = submit(user, command, version=version, granted=process.internal_roles)
    ReviewCase.objects.create(case=result.case, draft=draft, opened_at=timezone.now())
    return result.case


def submit_draft(user: AbstractBaseUser, draft: Draft) -> tuple[DraftTransition, Case]:
    """Submit ``draft`` for review as its unit: refused while lint has errors or while it is the same as its SOP's
    published version; opens the review case, or records the resubmission in the running one. LifecycleError or
    the engine's Refusal if refused; nothing changed (the draft stays its unit's to edit)."""
    if not is_unit_writer(user, draft.organisation):
        raise LifecycleError(
            "not_permitted",
            "Hanya penyusun atau pengelola unit pemilik SOP yang dapat mengajukannya.",
            "Only the SOP's own unit (its writers or administrators) may submit it.",
        )
    with transaction.atomic():
        # Locks in the order a reviewer's command takes them (cases.services.submit: the event order lock, the
        # case row, then command_done's fire_draft the draft row), so the two cannot deadlock on PostgreSQL.
        hold_event_order()
        running = open_review(draft)
        if running is not None:
            Case.objects.select_for_update().filter(pk=running.case_id).values_list("pk", flat=True).first()
        locked = Draft.objects.select_for_update().select_related("organisation").get(pk=draft.pk)
        state = draft_state(locked)
        if state not in (State.DRAFT, State.PERLU_PERBAIKAN):
            raise LifecycleError(
                "transition_not_allowed",
                f"Rancangan berstatus {state.label('id')} tidak dapat diajukan.",
                f"A draft that is {state.label('en')} cannot be submitted.",
            )
        _unchanged(locked, _lint_errors(locked))  # the row as stored under the lock, not the caller's copy
        running = open_review(locked)  # read again under the draft's lock
        done = fire_draft(locked, "ajukan", actor=user.get_username(), authority=Authority.UNIT)
        with _unit_recording():
            case = _record_submission(user, locked, running)
    draft.status = locked.status
    return done, case


def _record_submission(user: AbstractBaseUser, draft: Draft, running: ReviewCase | None) -> Case:
    """Open the review case and record the unit's submitting steps, or its resubmitting steps in ``running``."""
    if running is None:
        version, steps = _review_version(draft)
        case = _open(user, draft, version)
        _record_steps(user, case, steps.submit, f"Rancangan SOP {draft.sop_key}")
        return case
    case = running.case
    found = steps_for(case.sop_version.sop.organisation.code, case.sop_version.sop.key)
    assert found is not None  # the case opened only on a mapped review SOP
    _record_steps(user, case, found.resubmit, f"Rancangan SOP {draft.sop_key} diperbaiki")
    return case


def _decides(steps: ReviewSteps, kind: str, data: dict[str, Any]) -> bool:
    """Whether an event is a review verdict: the decision, or completing a step that sends back or conforms."""
    step = data.get("step")
    if kind == EventKind.DECISION_MADE:
        return step == steps.decision
    return kind == EventKind.STEP_COMPLETED and not data.get("outside") and step in (steps.sent_back, steps.conforms)


def _not_own_unit(user: AbstractBaseUser, draft: Draft, steps: ReviewSteps, events: list[tuple[str, Any]]) -> None:
    """Refuse a verdict on a draft by its own unit (a writer or administrator of its organisation, not a
    superuser): a unit does not review itself."""
    if user.is_superuser or not any(_decides(steps, kind, data) for kind, data in events):
        return
    if is_unit_writer(user, draft.organisation):
        raise Refusal(
            RefusalCode.WRONG_ROLE,
            "Hasil telaah tidak dapat diputuskan oleh penyusun atau pengelola unitnya sendiri.",
            "A review verdict cannot be given by a writer or administrator of the draft's own unit.",
        )


def _with_the_unit(draft: Draft, kinds: set[str]) -> None:
    """Refuse a command on a review case while its draft is with the unit (editable): its steps are the unit's to
    record by resubmitting. Closing the case (rejecting, cancelling) stays allowed."""
    if _UNIT_RECORDING.get() or kinds & _CLOSING or draft_state(draft) not in EDITABLE:
        return
    raise Refusal(
        RefusalCode.CONFLICT,
        "Rancangan sedang diperbaiki unit pengusul: langkah kasus telaah dicatat saat unit mengajukannya kembali.",
        "The draft is being fixed by its unit: the review case moves on when the unit submits it again.",
    )


def _reviewing(draft: Draft, actor: str) -> None:
    if draft_state(draft) == State.DIAJUKAN:
        fire_draft(draft, "mulai_review", actor=actor, authority=Authority.REVIEWER)


def _react(draft: Draft, steps: ReviewSteps, kind: str, data: dict[str, Any], actor: str) -> None:
    step = data.get("step")
    if kind in (EventKind.CASE_REJECTED, EventKind.CASE_CANCELLED):
        if draft_state(draft) in (State.DIAJUKAN, State.DALAM_REVIEW):  # closed without a verdict: back to the unit
            reason = str(data.get("reason") or "Kasus telaah ditutup")
            fire_draft(draft, "kembalikan", actor=actor, authority=Authority.REVIEWER, reason=reason)
    elif kind == EventKind.DECISION_MADE and step == steps.decision:
        _reviewing(draft, actor)
        if data.get("answer") == "ya":
            fire_draft(draft, "nyatakan_sesuai", actor=actor, authority=Authority.REVIEWER)
        else:
            reason = str(data.get("reason") or "")
            fire_draft(draft, "minta_perbaikan", actor=actor, authority=Authority.REVIEWER, reason=reason)
    elif kind == EventKind.STEP_COMPLETED and not data.get("outside"):
        _reviewing(draft, actor)
        if step == steps.sent_back:
            reason = str(data.get("note") or f"Hasil telaah langkah {step}")
            fire_draft(draft, "minta_perbaikan", actor=actor, authority=Authority.REVIEWER, reason=reason)
        elif step == steps.conforms:
            fire_draft(draft, "nyatakan_sesuai", actor=actor, authority=Authority.REVIEWER)


def on_command(sender: Any, user: AbstractBaseUser, result: CommandResult, **kwargs: Any) -> None:
    """A command on a review case: move its draft as the declared steps say (refusing the command if refused).
    A case of an SOP that is no declared review SOP costs no query."""
    if result.state.sop not in REVIEW_KEYS:
        return
    link = ReviewCase.objects.filter(case_id=result.case_id).select_related("draft", "case__sop_version__sop").first()
    if link is None:
        return
    review_sop = link.case.sop_version.sop
    steps = steps_for(review_sop.organisation.code, review_sop.key)
    if steps is None:
        return
    kinds = {event.kind for event in result.events}
    _no_hold(kinds)
    _with_the_unit(link.draft, kinds)
    _not_own_unit(user, link.draft, steps, [(event.kind, event.data) for event in result.events])
    try:
        for event in result.events:
            _react(link.draft, steps, event.kind, event.data, user.get_username())
    except LifecycleError as error:
        code = RefusalCode.REASON_REQUIRED if error.code == "reason_required" else RefusalCode.CONFLICT
        raise Refusal(code, error.message_id, error.message_en) from None
