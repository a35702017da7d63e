"""A revision with no change is refused when its unit submits it (the screen and the API), with a coded bilingual
message, nothing changed and the draft still its unit's to edit; approval still refuses a draft that a version
published in the meantime made the same."""

from __future__ import annotations

import copy

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from sopan.web.accounts.models import ApiToken
from sopan.web.authoring.checking import check_draft
from sopan.web.authoring.models import Draft
from sopan.web.authoring.services import new_draft, replace_definition
from sopan.web.cases.models import Case
from sopan.web.catalog.models import Organisation
from sopan.web.catalog.publishing import publish_sop
from sopan.web.lifecycle.approval import approve_draft
from sopan.web.lifecycle.drafts import draft_state
from sopan.web.lifecycle.models import DraftTransition, ReviewCase
from sopan.web.lifecycle.review import BUILTIN_ORGANISATION, builtin_review_version
from sopan.web.lifecycle.review_case import submit_draft
from sopan.web.lifecycle.states import LifecycleError, State
from tests.web.factories import Office, client_for, make_user, publish_revision, work_task

pytestmark = pytest.mark.usefixtures("empty_cache")

APPROVER = {"jabatan": "Camat Contoh", "nama": "Drs. Camat Contoh", "nip": "196801011990031001"}


def _revision(office: Office, writer: User) -> Draft:
    """A revision of the office's published version 1, as it was started: the same SOP."""
    builtin_review_version()
    draft = new_draft(office.organisation, writer, start="revisi", version=office.version)
    assert isinstance(draft, Draft)
    return draft


def _untouched(draft: Draft) -> None:
    """Nothing happened to the draft: still a draft of its unit, no review case, no transition."""
    draft.refresh_from_db()
    assert draft_state(draft) == State.DRAFT and draft.status == Draft.Status.KONSEP
    assert not ReviewCase.objects.filter(draft=draft).exists()
    assert not DraftTransition.objects.filter(draft=draft).exists()


def test_the_screen_refuses_an_unchanged_revision_and_leaves_it_editable(office: Office, writer: User) -> None:
    draft = _revision(office, writer)
    cases = Case.objects.count()
    client = client_for(writer)
    response = client.post(reverse("draft-submit", args=[draft.pk]), follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and 'class="error"' in page
    assert "Rancangan sama dengan versi 1 yang sudah terbit: ubah isinya dulu, lalu ajukan." in page
    _untouched(draft)
    assert Case.objects.count() == cases
    english = client.post(reverse("draft-submit", args=[draft.pk]) + "?lang=en", follow=True).content.decode()
    assert "The draft is the same as published version 1: change it first, then submit it." in english
    editor = client.get(reverse("draft-editor", args=[draft.pk])).content.decode()
    assert 'id="read-only"' not in editor and 'id="submit-draft"' in editor
    changed = replace_definition(draft, writer, draft.version, {**draft.definition, "tanggal_revisi": "2026-12"})
    client.post(reverse("draft-submit", args=[draft.pk]))
    assert draft_state(changed) == State.DIAJUKAN and ReviewCase.objects.filter(draft=draft).count() == 1


def test_the_api_answers_409_unchanged_in_both_languages(office: Office, writer: User) -> None:
    draft = _revision(office, writer)
    token = ApiToken.issue(writer, "unit")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    refused = client.post(f"/api/drafts/{draft.pk}/submit")
    assert refused.status_code == 409 and refused.json()["code"] == "unchanged"
    assert "sama dengan versi 1 yang sudah terbit" in refused.json()["message"]
    english = client.post(f"/api/drafts/{draft.pk}/submit", headers={"Accept-Language": "en"}).json()
    assert english["code"] == "unchanged" and "same as published version 1" in english["message"]
    lifecycle = client.get(f"/api/drafts/{draft.pk}/lifecycle").json()
    assert lifecycle["state"] == "DRAFT" and lifecycle["history"] == [] and lifecycle["review_cases"] == []
    _untouched(draft)
    body = {"version": draft.version, "patch": [{"op": "replace", "path": "/nama", "value": "Surat Keterangan Umum"}]}
    assert client.patch(f"/api/drafts/{draft.pk}", body, content_type="application/json").status_code == 200
    assert client.post(f"/api/drafts/{draft.pk}/submit").json()["state"] == "DIAJUKAN"


def test_the_comparison_is_with_the_newest_published_version(office: Office, writer: User) -> None:
    """A revision of version 1 after version 2 was published changes the SOP in force (back to version 1's
    text): it goes to review. A revision of version 2 as it was is refused, naming version 2."""
    publish_revision(office)
    of_first = _revision(office, writer)
    submit_draft(writer, of_first)
    assert draft_state(of_first) == State.DIAJUKAN
    newest = office.version.sop.versions.get(number=2)
    of_second = new_draft(office.organisation, writer, start="revisi", version=newest)
    assert isinstance(of_second, Draft)
    with pytest.raises(LifecycleError) as refused:
        submit_draft(writer, of_second)
    assert refused.value.code == "unchanged" and "version 2" in refused.value.text("en")
    _untouched(of_second)


def test_approval_refuses_a_draft_a_version_published_meanwhile_made_the_same(office: Office, writer: User) -> None:
    draft = _revision(office, writer)
    definition = copy.deepcopy(draft.definition)
    definition.update(nama="Pelayanan Surat Keterangan Umum", disahkan_oleh=APPROVER)
    draft = replace_definition(draft, writer, draft.version, definition)
    submit_draft(writer, draft)
    analyst = make_user("analis", Organisation.objects.get(code=BUILTIN_ORGANISATION), "analis-biro-organisasi")
    case = ReviewCase.objects.get(draft=draft).case
    work_task(analyst, case)
    work_task(analyst, case)
    work_task(analyst, case, answer=True)
    assert draft_state(draft) == State.SESUAI
    model = check_draft(draft).sop
    assert model is not None
    publish_sop(office.organisation, model, published_by="pengelola")  # the same text published another way
    with pytest.raises(LifecycleError) as refused:
        approve_draft(office.camat, Draft.objects.get(pk=draft.pk))
    assert refused.value.code == "unchanged" and "tidak ada versi baru" in refused.value.text("id")
    assert draft_state(draft) == State.SESUAI and office.version.sop.versions.count() == 2
