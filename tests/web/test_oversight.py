"""The one rule of who reviews whom (``lifecycle.oversight``): a unit's named review SOP gives its overseer; a unit
that named none is overseen by the Biro (code prefix or ``SOPAN_BIRO``) and the built-in review organisation; no
organisation oversees itself; and every reader of the rule (notes, the read-only draft, the Berita Acara list,
the reminders) answers the same."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from sopan.model.sop import Sop as SopModel
from sopan.web.authoring.models import Draft, Writer
from sopan.web.authoring.services import new_draft
from sopan.web.catalog.models import Organisation
from sopan.web.catalog.publishing import publish_sop
from sopan.web.lifecycle.draft_access import is_reviewer
from sopan.web.lifecycle.oversight import overseers, reviewing_organisations, reviews_unit
from sopan.web.lifecycle.reminders import overseen
from sopan.web.lifecycle.review import BUILTIN_ORGANISATION, builtin_review_version, name_review_sop
from sopan.web.review.access import may_review, reviewer_organisations
from tests.factories import SERVICE_SOP
from tests.web.factories import Office, client_for, make_user

pytestmark = pytest.mark.usefixtures("empty_cache")


def _readers_agree(user: User, draft: Draft) -> bool:
    """What every reader of the rule says of ``user`` and ``draft``: all the same, or the test fails."""
    answers = {
        "notes": may_review(user, draft),
        "draft": is_reviewer(user, draft),
        "unit": reviews_unit(user, draft.organisation),
        "reminders": draft.organisation in overseen(user),
        "review page": client_for(user).get(reverse("draft-review", args=[draft.pk])).status_code == 200,
    }
    assert len(set(answers.values())) == 1, answers
    return answers["notes"]


def _governing(code: str) -> tuple[Organisation, object]:
    organisation = Organisation.objects.create(code=code, name=code.replace("-", " ").title())
    sop = SopModel.model_validate({**SERVICE_SOP, "organisasi": code, "nama": "Asistensi Penyusunan SOP"})
    sop.id = "asistensi"
    return organisation, publish_sop(organisation, sop)[0].sop


def test_a_unit_without_a_review_sop_is_overseen_by_the_biro_and_the_built_in_organisation(
    office: Office, writer: User, analyst: User, biro: Organisation
) -> None:
    draft = new_draft(office.organisation, writer, start="revisi", version=office.version)
    builtin_review_version()
    reviewer = make_user("evaluator", Organisation.objects.get(code=BUILTIN_ORGANISATION), "analis-biro-organisasi")
    assert {o.code for o in overseers(office.organisation)} == {biro.code, BUILTIN_ORGANISATION}
    assert _readers_agree(analyst, draft) and _readers_agree(reviewer, draft)  # the case's officer notes it too
    assert not _readers_agree(writer, draft) and not _readers_agree(office.outsider, draft)
    assert list(reviewer_organisations(reviewer)) == [Organisation.objects.get(code=BUILTIN_ORGANISATION)]
    own = new_draft(biro, analyst, start="kosong")
    assert isinstance(own, Draft) and not may_review(analyst, own)  # the Biro does not review its own drafts
    assert biro not in overseers(biro)


def test_a_named_review_sop_gives_the_relation_and_sopan_biro_names_a_biro(
    office: Office, writer: User, analyst: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft = new_draft(office.organisation, writer, start="revisi", version=office.version)
    ortala, _ = _governing("ortala-kalsel")
    officer = make_user("pengelola-ortala", ortala)
    Writer.objects.create(user=officer, organisation=ortala)
    assert not _readers_agree(officer, draft)
    monkeypatch.setenv("SOPAN_BIRO", "ortala-kalsel")  # a Biro whose code the prefix does not catch
    assert _readers_agree(officer, draft)
    monkeypatch.delenv("SOPAN_BIRO")
    bagian, sop = _governing("bagian-organisasi")
    holder = make_user("kasi-bagian", bagian, "kasi")
    assert not _readers_agree(holder, draft)
    name_review_sop(office.organisation, sop, "admin")
    assert _readers_agree(holder, draft) and list(overseers(office.organisation)) == [bagian]
    assert not _readers_agree(analyst, draft)  # the unit named another overseer: the Biro's prefix gives way
    assert list(reviewing_organisations(holder)) == [bagian]
