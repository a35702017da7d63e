"""A draft on its way to law: submitted by its unit (refused while lint has errors), reviewed as a case of the
review SOP whose engine events move the draft's state, sent back and resubmitted in the same case, found
conforming, approved by the official named in Disahkan Oleh and published as the version in force."""

from __future__ import annotations

import copy

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from sopan.io.library import load_library
from sopan.web.accounts.models import RoleAssignment
from sopan.web.authoring.models import Draft
from sopan.web.authoring.services import Locked, new_draft, replace_definition
from sopan.web.cases.models import Case, Task
from sopan.web.catalog.models import Organisation, Role
from sopan.web.catalog.publishing import publish_sop
from sopan.web.lifecycle.approval import approve_draft
from sopan.web.lifecycle.drafts import draft_state
from sopan.web.lifecycle.models import DraftTransition, ReviewCase
from sopan.web.lifecycle.review import BUILTIN_ORGANISATION, builtin_review_version, name_review_sop
from sopan.web.lifecycle.review_case import submit_draft
from sopan.web.lifecycle.review_steps import KNOWN
from sopan.web.lifecycle.services import current_state
from sopan.web.lifecycle.states import LifecycleError, State
from sopan.web.ui.masks import mask_name
from tests.factories import LIBRARY
from tests.web.factories import Office, client_for, make_user, open_case, work_task

pytestmark = pytest.mark.usefixtures("empty_cache")

APPROVER = {"jabatan": "Camat Contoh", "nama": "Drs. Camat Contoh", "nip": "196801011990031001"}


def _draft(office: Office, writer: User) -> Draft:
    """A revision of the office's SOP with a new title and Disahkan Oleh naming the Camat."""
    draft = new_draft(office.organisation, writer, start="revisi", version=office.version)
    assert isinstance(draft, Draft)
    definition = copy.deepcopy(draft.definition)
    definition.update(nama="Pelayanan Surat Keterangan Umum", disahkan_oleh=APPROVER)
    return replace_definition(draft, writer, draft.version, definition)


def _analyst() -> User:
    organisation = Organisation.objects.get(code=BUILTIN_ORGANISATION)
    return make_user("analis", organisation, "analis-biro-organisasi")


def _case(draft: Draft) -> Case:
    return ReviewCase.objects.get(draft=draft).case


def _step(case: Case) -> int | None:
    case.refresh_from_db()
    return case.current_step


def test_the_whole_way_with_the_built_in_review_sop(office: Office, writer: User) -> None:
    draft = _draft(office, writer)
    builtin_review_version()
    analyst = _analyst()
    response = client_for(writer).post(reverse("draft-submit", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft_state(draft) == State.DIAJUKAN and draft.status == Draft.Status.DIAJUKAN
    case = _case(draft)
    assert case.organisation.code == BUILTIN_ORGANISATION and _step(case) == 2
    assert case.events.filter(kind="step_completed", actor_name="penulis").exists()  # the unit's own step 1
    inbox = Task.objects.filter(case=case, is_open=True).get()
    assert inbox.step == 2 and inbox.due_at is not None  # the review SOP's mutu baku: 30 menit
    with pytest.raises(Locked):
        replace_definition(draft, writer, draft.version, draft.definition)

    work_task(analyst, case)  # step 2: received
    assert draft_state(draft) == State.DALAM_REVIEW
    work_task(analyst, case)  # step 3: reviewed
    work_task(analyst, case, answer=False, reason="Mutu baku langkah 3 belum sesuai")
    draft.refresh_from_db()
    assert draft_state(draft) == State.PERLU_PERBAIKAN and draft.status == Draft.Status.KONSEP
    assert _step(case) == 5
    sent_back = DraftTransition.objects.get(draft=draft, name="minta_perbaikan")
    assert sent_back.reason == "Mutu baku langkah 3 belum sesuai" and sent_back.actor == "analis"
    editor = client_for(writer).get(reverse("draft-editor", args=[draft.pk])).content.decode()
    assert 'id="sent-back"' in editor and "Mutu baku langkah 3 belum sesuai" in editor and "Perlu perbaikan" in editor

    fixed = replace_definition(draft, writer, draft.version, {**draft.definition, "nama": "Surat Keterangan Umum"})
    submit_draft(writer, fixed)
    assert draft_state(fixed) == State.DIAJUKAN and _step(case) == 3  # the same case, looped back as the SOP says
    assert ReviewCase.objects.filter(draft=draft).count() == 1
    work_task(analyst, case)
    work_task(analyst, case, answer=True)
    assert draft_state(fixed) == State.SESUAI and _step(case) == 6

    with pytest.raises(LifecycleError) as refused:
        approve_draft(writer, fixed)  # the unit cannot approve its own SOP
    assert refused.value.code == "not_permitted"
    _, version = approve_draft(office.camat, fixed)
    assert version.number == 2 and version.definition["nama"] == "Surat Keterangan Umum"
    assert current_state(version) == State.BERLAKU and current_state(office.version) == State.DIGANTIKAN
    assert draft_state(fixed) == State.BERLAKU
    names = list(DraftTransition.objects.filter(draft=draft).values_list("name", flat=True))
    assert names == [
        "ajukan", "mulai_review", "minta_perbaikan", "ajukan", "mulai_review", "nyatakan_sesuai", "setujui",
        "terbitkan",
    ]  # fmt: skip
    page = client_for(writer).get(reverse("draft-history", args=[draft.pk]) + "?lang=en").content.decode()
    assert "Mutu baku langkah 3 belum sesuai" in page and "Sent back for changes" in page and "v2" in page


def test_submission_is_refused_while_lint_has_errors(office: Office, writer: User) -> None:
    draft = _draft(office, writer)
    broken = copy.deepcopy(draft.definition)
    broken["langkah"][2].pop("pelaksana")  # P003: a step without a lane
    draft = replace_definition(draft, writer, draft.version, broken)
    with pytest.raises(LifecycleError) as refused:
        submit_draft(writer, draft)
    assert refused.value.code == "lint_errors" and "P003" in refused.value.text("en")
    assert "step 3 has no lane" in refused.value.text("en")
    assert draft_state(draft) == State.DRAFT and not ReviewCase.objects.exists()


def test_only_the_unit_submits_and_the_editor_refuses_changes_while_submitted(office: Office, writer: User) -> None:
    draft = _draft(office, writer)
    with pytest.raises(LifecycleError):
        submit_draft(office.outsider, draft)
    submit_draft(writer, draft)
    page = client_for(writer).post(
        reverse("draft-change", args=[draft.pk]) + "?lang=en",
        {"versi": Draft.objects.get(pk=draft.pk).version, "op": "set_identity", "field": "nama", "value": "X"},
    )
    assert page.status_code == 409 and "cannot be changed" in page.content.decode()
    with pytest.raises(LifecycleError) as again:
        submit_draft(writer, Draft.objects.get(pk=draft.pk))
    assert again.value.code == "transition_not_allowed"


def test_a_reviewer_sees_the_draft_on_the_task_page_and_reads_it(office: Office, writer: User) -> None:
    draft = _draft(office, writer)
    builtin_review_version()
    analyst = _analyst()
    submit_draft(writer, draft)
    case = _case(draft)
    task = Task.objects.get(case=case, is_open=True)
    page = client_for(analyst).get(reverse("task", args=[case.pk, task.number]) + "?lang=en").content.decode()
    assert 'id="review-draft"' in page and "Draft under review" in page and "Version in force: v1" in page
    assert client_for(analyst).get(reverse("draft-editor", args=[draft.pk])).status_code == 200
    assert client_for(analyst).post(reverse("draft-undo", args=[draft.pk]), {"versi": 1}).status_code == 404
    assert client_for(office.outsider).get(reverse("draft-editor", args=[draft.pk])).status_code == 404


def test_seed_001_reviews_by_its_declared_steps(office: Office, writer: User) -> None:
    library = load_library([LIBRARY / "biro-organisasi-kalsel"])
    biro = Organisation.objects.create(code="biro-organisasi-kalsel", name="Biro Organisasi")
    loaded = next(item.sop for item in library.sops if item.sop.id == "asistensi-penyusunan-sop")
    version, _ = publish_sop(biro, loaded)
    name_review_sop(office.organisation, version.sop, "test")
    officer = make_user("evaluator", biro, "kasubbag-tu", "kepala-biro", "kabag-kpp", "kasubbag-tal")
    draft = _draft(office, writer)
    submit_draft(writer, draft)
    case = _case(draft)
    assert case.sop_version == version and _step(case) == 2
    for _ in range(2, 8):
        work_task(officer, case)
    assert draft_state(draft) == State.DALAM_REVIEW and _step(case) == 8
    work_task(officer, case)  # step 8, the asistensi: the draft goes back to the unit
    assert draft_state(draft) == State.PERLU_PERBAIKAN and _step(case) == 9
    submit_draft(writer, Draft.objects.get(pk=draft.pk))  # steps 9, 10 and 11 are the unit's
    assert draft_state(draft) == State.DIAJUKAN and _step(case) == 12
    work_task(officer, case)
    assert draft_state(draft) == State.SESUAI


@pytest.mark.parametrize("declared", list(KNOWN))
def test_every_declared_review_sop_matches_its_steps(declared: tuple[str, str]) -> None:
    from sopan.engine import Process
    from sopan.web.lifecycle.review import builtin_review_sop

    organisation, key = declared
    if organisation == BUILTIN_ORGANISATION:
        sop = builtin_review_sop()
    else:
        sop = next(item.sop for item in load_library([LIBRARY / organisation]).sops if item.sop.id == key)
    process = Process(sop)
    steps = KNOWN[declared]
    for number in steps.submit + steps.resubmit:
        assert process.is_outside(process.step(number)), number
    if steps.decision is not None:
        assert process.step(steps.decision).decision is not None
    for number in (steps.sent_back, steps.conforms):
        if number is not None:
            assert not process.is_outside(process.step(number)) and process.step(number).decision is None
    assert process.first_step.number == steps.submit[0]


def test_the_api_submits_reads_and_approves_with_the_right_answers(office: Office, writer: User) -> None:
    draft = _draft(office, writer)
    builtin_review_version()
    analyst = _analyst()
    base = f"/api/drafts/{draft.pk}"
    assert client_for(office.outsider).get(f"{base}/lifecycle").status_code == 404
    assert client_for(office.camat).post(f"{base}/submit").status_code == 403  # the approver sees it, is no writer
    first = client_for(writer).post(f"{base}/submit", HTTP_ACCEPT_LANGUAGE="en")
    assert first.status_code == 200 and first.json()["state"] == "DIAJUKAN"
    assert first.json()["review_cases"][0]["review_sop"] == "sopan-bawaan/telaah-rancangan-sop"
    again = client_for(writer).post(f"{base}/submit", HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 409 and again.json()["code"] == "transition_not_allowed"
    refused = client_for(analyst).post(f"{base}/submit")  # a reviewer sees the draft but is not its unit
    assert refused.status_code == 403 and refused.json()["code"] == "not_permitted"
    put = client_for(writer).put(
        base, {"version": Draft.objects.get(pk=draft.pk).version, "definition": draft.definition},
        content_type="application/json",
    )  # fmt: skip
    assert put.status_code == 409 and put.json()["code"] == "draft_locked"
    case = _case(draft)
    work_task(analyst, case)
    work_task(analyst, case)
    work_task(analyst, case, answer=True)
    early = client_for(writer).post(f"{base}/approve")
    assert early.status_code == 403  # the unit cannot approve its own SOP
    done = client_for(office.camat).post(f"{base}/approve")
    assert done.status_code == 200 and done.json()["state"] == "BERLAKU" and done.json()["published_version"] == 2
    names = [row["name"] for row in done.json()["history"]]
    assert names == ["ajukan", "mulai_review", "nyatakan_sesuai", "setujui", "terbitkan"]
    assert client_for(office.camat).post(f"{base}/approve").status_code == 409
    page = client_for(office.camat).get(reverse("sop-version", args=["kec-contoh", "surat-keterangan", 2]))
    assert reverse("sign-version", args=["kec-contoh", "surat-keterangan", 2]) in page.content.decode()


def test_a_review_tasks_crumb_names_its_task_and_its_step_where_a_decision_skipped_one(
    office: Office, writer: User
) -> None:
    draft = _draft(office, writer)
    builtin_review_version()
    analyst = _analyst()
    submit_draft(writer, draft)
    case = _case(draft)
    for answer in ({}, {}, {"answer": True}):  # steps 2 and 3, then "Sesuai standar?" yes: on to step 6
        work_task(analyst, case, **answer)
    assert _step(case) == 6 and case.typed_state.current.task == 5
    client = client_for(analyst)
    page = client.get(reverse("task", args=[case.pk, 5])).content.decode()
    assert '<span id="crumb-task">Tugas 5, langkah 6</span>' in page and "Menyusun berita acara" in page
    english = client.get(reverse("task", args=[case.pk, 5]) + "?lang=en").content.decode()
    assert '<span id="crumb-task">Task 5, step 6</span>' in english
    assert (
        '<span id="crumb-task">Tugas 2, langkah 2</span>'
        in client.get(reverse("task", args=[case.pk, 2]) + "?lang=id").content.decode()
    )


def test_the_inbox_and_task_page_name_the_unit_that_applied_for_a_review_unmasked(office: Office, writer: User) -> None:
    """A review case's applicant is the submitting organisation, not a person: nothing in it to mask. A person who
    applied for a case in the same inbox stays masked."""
    draft = _draft(office, writer)
    builtin_review_version()
    analyst = _analyst()
    RoleAssignment.objects.create(user=analyst, role=Role.objects.get(organisation=office.organisation, code="loket"))
    submit_draft(writer, draft)
    case = _case(draft)
    assert case.typed_state.applicant["name"] == office.organisation.name
    open_case(office)  # Ani Lestari's, at the loket
    client = client_for(analyst)
    inbox = client.get(reverse("inbox")).content.decode()
    assert f"<td>{office.organisation.name}</td>" in inbox and mask_name(office.organisation.name) not in inbox
    assert "Ani Lestari" not in inbox and "<td>A** L******</td>" in inbox
    task_page = client.get(reverse("task", args=[case.pk, 2])).content.decode()
    assert f"<dd>{office.organisation.name} · NIK -</dd>" in task_page
