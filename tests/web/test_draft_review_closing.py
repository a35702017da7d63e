"""A review case that ends without a verdict (rejected, cancelled) gives its draft back to the unit."""

from __future__ import annotations

import copy

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from sopan.engine import (
    SIGNED_IN,
    CancelCase,
    HoldForApplicant,
    RecordOutsideStep,
    Refusal,
    RejectCase,
    TickRequirement,
)
from sopan.io.library import load_library
from sopan.model.sop import Nature
from sopan.web.authoring.models import Draft, Writer
from sopan.web.authoring.services import new_draft, replace_definition
from sopan.web.cases.models import Case
from sopan.web.cases.services import submit
from sopan.web.catalog.models import Organisation
from sopan.web.catalog.publishing import publish_sop
from sopan.web.catalog.runtime import process_for
from sopan.web.lifecycle.drafts import draft_state
from sopan.web.lifecycle.models import DraftTransition, ReviewCase
from sopan.web.lifecycle.review import BUILTIN_ORGANISATION, builtin_review_version, name_review_sop
from sopan.web.lifecycle.review_case import submit_draft
from sopan.web.lifecycle.states import LifecycleError, State
from tests.factories import LIBRARY
from tests.web.factories import Office, client_for, make_user, open_case, work_task

pytestmark = pytest.mark.usefixtures("empty_cache")


def _draft(office: Office, writer: User) -> Draft:
    draft = new_draft(office.organisation, writer, start="revisi", version=office.version)
    assert isinstance(draft, Draft)
    definition = copy.deepcopy(draft.definition)
    definition.update(nama="Pelayanan Surat Keterangan Umum")
    return replace_definition(draft, writer, draft.version, definition)


def _under_review(office: Office, writer: User) -> tuple[Draft, User, Case]:
    """A draft submitted under the built-in review SOP, its analyst, and its review case."""
    draft = _draft(office, writer)
    builtin_review_version()
    analyst = make_user("analis", Organisation.objects.get(code=BUILTIN_ORGANISATION), "analis-biro-organisasi")
    submit_draft(writer, draft)
    return draft, analyst, ReviewCase.objects.get(draft=draft).case


def _open_cases(draft: Draft) -> int:
    return ReviewCase.objects.filter(draft=draft, case__status=Case.Status.OPEN).count()


def test_a_rejected_review_case_gives_the_draft_back_and_a_resubmission_opens_a_new_case(
    office: Office, writer: User
) -> None:
    draft, analyst, case = _under_review(office, writer)
    work_task(analyst, case)  # received: in review
    assert draft_state(draft) == State.DALAM_REVIEW
    submit(analyst, RejectCase(actor=SIGNED_IN, at=timezone.now(), reason="Bukan kewenangan Biro"), case=case)
    draft.refresh_from_db()
    assert draft_state(draft) == State.PERLU_PERBAIKAN and draft.status == Draft.Status.KONSEP
    back = DraftTransition.objects.filter(draft=draft).latest("pk")
    assert back.name == "kembalikan" and back.reason == "Bukan kewenangan Biro"
    submit_draft(writer, Draft.objects.get(pk=draft.pk))
    assert draft_state(draft) == State.DIAJUKAN
    assert ReviewCase.objects.filter(draft=draft).count() == 2 and _open_cases(draft) == 1


def test_a_cancelled_review_case_gives_the_submitted_draft_back(office: Office, writer: User) -> None:
    library = load_library([LIBRARY / "biro-organisasi-kalsel"])
    biro = Organisation.objects.create(code="biro-organisasi-kalsel", name="Biro Organisasi")
    loaded = next(item.sop for item in library.sops if item.sop.id == "asistensi-penyusunan-sop")
    version, _ = publish_sop(biro, loaded.model_copy(update={"nature": Nature.PENUGASAN}))  # cancellable
    name_review_sop(office.organisation, version.sop, "test")
    officer = make_user("evaluator", biro, "kasubbag-tu", "kepala-biro", "kabag-kpp", "kasubbag-tal")
    draft = _draft(office, writer)
    submit_draft(writer, draft)
    assert draft_state(draft) == State.DIAJUKAN
    case = ReviewCase.objects.get(draft=draft).case
    submit(officer, CancelCase(actor=SIGNED_IN, at=timezone.now(), reason="Diajukan ganda"), case=case)
    assert draft_state(draft) == State.PERLU_PERBAIKAN
    assert DraftTransition.objects.filter(draft=draft).latest("pk").reason == "Diajukan ganda"
    submit_draft(writer, Draft.objects.get(pk=draft.pk))
    assert draft_state(draft) == State.DIAJUKAN and _open_cases(draft) == 1


def test_an_officer_cannot_record_the_units_step_while_the_draft_is_being_fixed(office: Office, writer: User) -> None:
    draft, analyst, case = _under_review(office, writer)
    work_task(analyst, case)
    work_task(analyst, case)
    work_task(analyst, case, answer=False, reason="Perbaiki uraian")
    case.refresh_from_db()
    task = case.typed_state.current
    assert draft_state(draft) == State.PERLU_PERBAIKAN and task is not None and task.step == 5 and task.outside
    process = process_for(case.sop_version)
    for item in [item.key for item in process.requirements(process.step(5))]:
        with pytest.raises(Refusal) as refused:
            submit(analyst, TickRequirement(actor=SIGNED_IN, at=timezone.now(), task=task.task, item=item), case=case)
        assert "diperbaiki" in refused.value.message.id and "being fixed" in refused.value.message.en
    with pytest.raises(Refusal):
        submit(analyst, RecordOutsideStep(actor=SIGNED_IN, at=timezone.now(), task=task.task, note="x"), case=case)
    case.refresh_from_db()
    assert case.current_step == 5  # rolled back: the unit's step waits for the unit
    submit_draft(writer, Draft.objects.get(pk=draft.pk))
    assert draft_state(draft) == State.DIAJUKAN
    case.refresh_from_db()
    assert case.current_step == 3


def test_submission_lints_the_draft_as_stored_not_the_callers_stale_copy(office: Office, writer: User) -> None:
    stale = _draft(office, writer)
    broken = copy.deepcopy(stale.definition)
    broken["langkah"][2].pop("pelaksana")  # P003: a step without a lane, saved after the caller read the draft
    replace_definition(Draft.objects.get(pk=stale.pk), writer, stale.version, broken)
    builtin_review_version()
    with pytest.raises(LifecycleError) as refused:
        submit_draft(writer, stale)
    assert refused.value.code == "lint_errors" and "P003" in refused.value.text("en")
    assert draft_state(stale) == State.DRAFT and not ReviewCase.objects.exists()


def test_the_approving_official_reads_the_draft_in_the_editor_and_as_pdf(office: Office, writer: User) -> None:
    draft = _draft(office, writer)
    approver = {"jabatan": "Camat Contoh", "nama": "Drs. Camat Contoh", "nip": "196801011990031001"}
    draft = replace_definition(draft, writer, draft.version, {**draft.definition, "disahkan_oleh": approver})
    stranger = make_user("tamu-lain", office.organisation)
    for user, expected in ((office.camat, 200), (stranger, 404)):
        assert client_for(user).get(reverse("draft-editor", args=[draft.pk])).status_code == expected
        assert client_for(user).get(reverse("draft-pdf", args=[draft.pk])).status_code == expected
    # the official reads: every change form of the editor is disabled, while the writer's are not
    read = client_for(office.camat).get(reverse("draft-editor", args=[draft.pk])).content.decode()
    assert read.count('<fieldset class="plain">') == 0 and read.count('<fieldset class="plain" disabled>') >= 10
    assert 'id="read-only"' in read and "tidak mengubahnya" in read
    written = client_for(writer).get(reverse("draft-editor", args=[draft.pk])).content.decode()
    assert written.count('<fieldset class="plain" disabled>') == 0 and written.count('<fieldset class="plain">') >= 10
    assert 'id="read-only"' not in written


def test_the_approving_official_finds_the_submitted_draft_in_the_drafts_list(office: Office, writer: User) -> None:
    """The Camat writes no drafts: the list shows the one waiting for them, linked to its history (Approve there)."""
    draft = _draft(office, writer)
    approver = {"jabatan": "Camat Contoh", "nama": "Drs. Camat Contoh", "nip": "196801011990031001"}
    draft = replace_definition(draft, writer, draft.version, {**draft.definition, "disahkan_oleh": approver})
    builtin_review_version()
    listed = client_for(office.camat).get(reverse("drafts")).content.decode()
    assert 'id="to-read"' not in listed and "Belum ada konsep." in listed  # not yet submitted: not theirs to read
    submit_draft(writer, draft)
    listed = client_for(office.camat).get(reverse("drafts") + "?lang=en").content.decode()
    assert 'id="to-read"' in listed and reverse("draft-history", args=[draft.pk]) in listed
    assert "Waiting for your review or approval" in listed and "Submitted" in listed
    stranger = client_for(make_user("tamu-lain", office.organisation)).get(reverse("drafts")).content.decode()
    assert str(draft.pk) not in stranger and "Belum ada konsep." in stranger


def test_a_reviewer_of_the_drafts_own_unit_cannot_decide_on_it(office: Office, writer: User) -> None:
    draft = _draft(office, writer)
    builtin_review_version()
    biro = Organisation.objects.get(code=BUILTIN_ORGANISATION)
    insider = make_user("analis-unit", biro, "analis-biro-organisasi")
    Writer.objects.create(user=insider, organisation=office.organisation)  # also writes the unit's drafts
    submit_draft(writer, draft)
    case = ReviewCase.objects.get(draft=draft).case
    work_task(insider, case)  # receiving and reviewing are not the decision
    work_task(insider, case)
    with pytest.raises(Refusal) as refused:
        work_task(insider, case, answer=True)
    assert "unitnya sendiri" in refused.value.message.id and "own unit" in refused.value.message.en
    assert draft_state(draft) == State.DALAM_REVIEW and not case.events.filter(kind="decision_made").exists()


def test_a_review_case_offers_no_wait_for_the_applicant_and_refuses_it(office: Office, writer: User) -> None:
    _, analyst, case = _under_review(office, writer)
    task = case.typed_state.current
    assert task is not None and process_for(case.sop_version).is_service  # the review SOP has an outside party
    client = client_for(analyst)
    page = client.get(reverse("task", args=[case.pk, task.task])).content.decode()
    assert 'value="complete"' in page and 'value="hold"' not in page and 'id="tunggu-pemohon"' not in page
    response = client.post(
        reverse("task-action", args=[case.pk, task.task]),
        {"action": "hold", "kurang": "Surat pengantar", "command_id": "8b1f5f0e-4c7e-4b6a-9d0e-2f5a1c3d4e5f"},
        follow=True,
    )
    assert "tidak menunggu pemohon" in response.content.decode()
    with pytest.raises(Refusal) as refused:
        submit(analyst, HoldForApplicant(actor=SIGNED_IN, at=timezone.now(), task=task.task, missing=("x",)), case=case)
    assert "tidak menunggu pemohon" in refused.value.message.id and "does not wait" in refused.value.message.en
    case.refresh_from_db()
    assert case.typed_state.hold is None and case.current_step == 2
    service = open_case(office)  # an ordinary Pelayanan case still offers it
    loket = client_for(office.loket)
    assert 'value="hold"' in loket.get(reverse("task", args=[service.pk, 1])).content.decode()
