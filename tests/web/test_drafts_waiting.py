"""The drafts waiting for a user's review or approval (``lifecycle.waiting``), found in SQL: the same answer as
asking ``may_read`` of every draft, no cap hiding an old one, and a number of queries that does not grow with the
drafts; the drafts page shows them a page at a time and ``GET /api/drafts/waiting`` lists them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import connection, reset_queries
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from sopan.model.sop import Sop as SopModel
from sopan.web.accounts.models import ApiToken, RoleAssignment
from sopan.web.authoring.access import drafts_to_read, may_write
from sopan.web.authoring.draft_states import may_read
from sopan.web.authoring.models import Draft
from sopan.web.catalog.models import Organisation, Role
from sopan.web.catalog.publishing import publish_sop
from sopan.web.lifecycle.drafts import draft_state
from sopan.web.lifecycle.models import DraftState, ReviewPolicy
from sopan.web.lifecycle.states import State
from sopan.web.lifecycle.waiting import WAITING
from sopan.web.signing.models import SigningSetup
from tests.factories import SERVICE_SOP
from tests.web.factories import Office, client_for, make_user

pytestmark = pytest.mark.usefixtures("empty_cache")

EDITABLE = (State.DRAFT, State.PERLU_PERBAIKAN)
ROW = '<span class="small muted">konsep-'  # a listed draft's key


def _draft(organisation: Organisation, key: str, state: State, jabatan: str = "Camat", when: dt.datetime | None = None):
    """A draft of ``organisation`` in ``state``, its Disahkan Oleh naming ``jabatan`` (not saved)."""
    status = Draft.Status.KONSEP if state in EDITABLE else Draft.Status.DIAJUKAN
    definition = {"nama": key, "disahkan_oleh": {"jabatan": jabatan, "nama": "Pejabat"}}
    return Draft(
        organisation=organisation,
        sop_key=key,
        title=key,
        definition=definition,
        status=status,
        updated_at=when or timezone.now(),
    )


def _save(*drafts_and_states: tuple[Draft, State]) -> None:
    """The drafts and their state rows (none for DRAFT), written in two statements."""
    Draft.objects.bulk_create([draft for draft, _ in drafts_and_states])
    DraftState.objects.bulk_create(
        [
            DraftState(draft=draft, state=state.value, changed_at=timezone.now())
            for draft, state in drafts_and_states
            if state != State.DRAFT
        ]
    )


def _made(drafts: dict[str, tuple[Draft, State]]) -> dict[str, Draft]:
    _save(*drafts.values())
    return {name: draft for name, (draft, _) in drafts.items()}


def _governed(code: str, key: str) -> tuple[Organisation, object]:
    """An organisation with the service SOP published under ``key`` (its lanes become its roles)."""
    organisation = Organisation.objects.create(code=code, name=code.replace("-", " ").title())
    sop = SopModel.model_validate({**SERVICE_SOP, "organisasi": code})
    sop.id = key
    return organisation, publish_sop(organisation, sop)[0].sop


def _by_may_read(user: User) -> set[object]:
    """The answer asked draft by draft: submitted, not approved, not the user's to write, and ``may_read``."""
    return {
        draft.pk
        for draft in Draft.objects.select_related("organisation")
        if draft.status == Draft.Status.DIAJUKAN
        and draft_state(draft) in WAITING
        and not may_write(user, draft.organisation)
        and may_read(user, draft)
    }


def _holding(user: User, role: Role, kind: str, first: int, last: int) -> None:
    today = timezone.localdate()
    RoleAssignment.objects.create(
        user=user,
        role=role,
        kind=kind,
        valid_from=today + dt.timedelta(days=first),
        valid_until=today + dt.timedelta(days=last),
    )


@pytest.fixture
def units(office: Office, biro: Organisation) -> dict[str, Organisation]:
    """Kec. Contoh and Kec. Lain (no review SOP named: the Biro oversees them; Kec. Lain chose its Kasi as
    approver), Kec. Tiga (reviewed by the Bagian Organisasi, whose SOP it named) and the Biro."""
    bagian, sop = _governed("bagian-organisasi", "asistensi")
    tiga, _ = _governed("kec-tiga", "surat-keterangan")
    ReviewPolicy.objects.create(organisation=tiga, review_sop=sop)
    lain = Organisation.objects.get(code="kec-lain")
    SigningSetup.objects.create(organisation=lain, approver_role=Role.objects.get(organisation=lain, code="kasi"))
    Role.objects.create(organisation=biro, code="penelaah", name="Penelaah")
    return {"contoh": office.organisation, "lain": lain, "tiga": tiga, "bagian": bagian, "biro": biro}


def test_the_list_is_may_read_over_every_draft(office: Office, writer: User, analyst: User, units) -> None:
    contoh, lain, tiga, biro = units["contoh"], units["lain"], units["tiga"], units["biro"]
    drafts = _made(
        {
            "a-submitted": (_draft(contoh, "a-submitted", State.DIAJUKAN, "Camat Contoh"), State.DIAJUKAN),
            "a-review": (_draft(contoh, "a-review", State.DALAM_REVIEW, "camat"), State.DALAM_REVIEW),
            "a-conforming": (_draft(contoh, "a-conforming", State.SESUAI, "Camat Contoh"), State.SESUAI),
            "a-kasi": (_draft(contoh, "a-kasi", State.SESUAI, "Kasi Pelayanan Umum"), State.SESUAI),
            "a-approved": (_draft(contoh, "a-approved", State.DISETUJUI, "Camat Contoh"), State.DISETUJUI),
            "a-law": (_draft(contoh, "a-law", State.BERLAKU, "Camat Contoh"), State.BERLAKU),
            "a-fixing": (_draft(contoh, "a-fixing", State.PERLU_PERBAIKAN), State.PERLU_PERBAIKAN),
            "a-draft": (_draft(contoh, "a-draft", State.DRAFT), State.DRAFT),
            "b-submitted": (_draft(lain, "b-submitted", State.DIAJUKAN, "Camat Lain"), State.DIAJUKAN),
            "b-conforming": (_draft(lain, "b-conforming", State.SESUAI, "Camat Lain"), State.SESUAI),
            "c-submitted": (_draft(tiga, "c-submitted", State.DIAJUKAN, "Camat Tiga"), State.DIAJUKAN),
            "c-conforming": (_draft(tiga, "c-conforming", State.SESUAI, "Camat"), State.SESUAI),
            "biro-own": (_draft(biro, "biro-own", State.DIAJUKAN, "Kepala Biro"), State.DIAJUKAN),
        }
    )
    camat = Role.objects.get(organisation=contoh, code="camat")
    plt = make_user("plt-camat", Organisation.objects.get(code="kec-lain"))
    _holding(plt, camat, RoleAssignment.Kind.PLT, -3, 3)
    ended = make_user("plh-lalu", Organisation.objects.get(code="kec-lain"))
    _holding(ended, camat, RoleAssignment.Kind.PLH, -10, -1)
    both = make_user("kasi-bagian-plh", units["bagian"], "kasi")
    _holding(both, camat, RoleAssignment.Kind.PLH, 0, 0)
    expected = {
        make_user("kasi-bagian", units["bagian"], "kasi"): {"c-submitted", "c-conforming"},  # reviews one unit
        make_user("penelaah", biro, "penelaah"): {"a-submitted", "a-review", "a-conforming", "a-kasi"}
        | {"b-submitted", "b-conforming"},  # a role in the Biro: reviews the units that named no review SOP
        office.camat: {"a-submitted", "a-review", "a-conforming"},  # the jabatan names the Camat
        office.kasi: {"a-kasi"},  # "Kasi Pelayanan Umum" starts with the role "Kasi Pelayanan"
        plt: {"a-submitted", "a-review", "a-conforming"},
        ended: set(),
        both: {"c-submitted", "c-conforming", "a-submitted", "a-review", "a-conforming"},
        office.outsider: {"b-submitted", "b-conforming"},  # holds Kec. Lain's Kasi, the approver it chose
        make_user("camat-lain", lain, "camat"): set(),  # Kec. Lain chose its Kasi, not the Camat
        make_user("tamu", Organisation.objects.create(code="dinas-x", name="Dinas X")): set(),
        writer: set(),  # writes Kec. Contoh: its drafts are in the list of drafts it writes
        analyst: set(),  # the Biro's penyusun writes every draft
    }
    names = {draft.pk: name for name, draft in drafts.items()}
    for user, wanted in expected.items():
        found = [draft.pk for draft in drafts_to_read(user)]
        assert len(found) == len(set(found)), user.username  # no draft twice (a reviewer who also approves)
        assert {names[pk] for pk in found} == wanted, user.username
        assert set(found) == _by_may_read(user), user.username


def _crowd(organisation: Organisation, count: int, start: dt.datetime, jabatan: str = "Camat") -> None:
    """``count`` drafts of ``organisation`` submitted after ``start``, a minute apart."""
    _save(
        *[
            (
                _draft(organisation, f"konsep-{n}", State.DIAJUKAN, jabatan, start + dt.timedelta(minutes=n)),
                State.DIAJUKAN,
            )
            for n in range(count)
        ]
    )


def test_no_cap_hides_the_oldest_draft_waiting(office: Office, units) -> None:
    """230 drafts of the Biro's units submitted since the Kec. Tiga draft: its reviewer still finds it, first
    and alone; the Biro's reviewer finds all 230 and the oldest of theirs on the last page and through the API."""
    start = timezone.now() - dt.timedelta(days=30)
    oldest = _made({"c": (_draft(units["tiga"], "c-lama", State.DIAJUKAN, when=start), State.DIAJUKAN)})["c"]
    _crowd(units["contoh"], 230, start + dt.timedelta(hours=1))
    reviewer = make_user("kasi-bagian", units["bagian"], "kasi")
    assert list(drafts_to_read(reviewer)) == [oldest]
    page = client_for(reviewer).get(reverse("drafts")).content.decode()
    assert 'id="to-read"' in page and reverse("draft-history", args=[oldest.pk]) in page
    biro = make_user("penelaah", units["biro"], "penelaah")
    waiting = drafts_to_read(biro)
    assert waiting.count() == 230 and waiting.last().sop_key == "konsep-0"
    last = client_for(biro).get(reverse("drafts") + "?halaman=5").content.decode()
    assert "konsep-0<" in last and "Halaman 5 / 5" in last and "(230 rancangan)" in last
    token = ApiToken.issue(biro, "daftar")[1]
    body = Client(headers={"Authorization": f"Bearer {token}"}).get("/api/drafts/waiting?offset=200&limit=50").json()
    assert body["total"] == 230 and len(body["items"]) == 30 and body["items"][-1]["key"] == "konsep-0"


def _queries(user: User) -> tuple[int, int, int, int]:
    """The queries of the list, the drafts page and the API (a reviewer who is also an approving official)."""
    reset_queries()  # the log keeps 9000 queries: a full one counts none
    with CaptureQueriesContext(connection) as listing:
        found = len(list(drafts_to_read(user)))
    client = client_for(user)
    client.get(reverse("drafts"))  # the session, once
    with CaptureQueriesContext(connection) as page:
        assert client.get(reverse("drafts")).status_code == 200
    with CaptureQueriesContext(connection) as api:
        assert client.get("/api/drafts/waiting").status_code == 200
    return found, len(listing), len(page), len(api)


def test_the_queries_do_not_grow_with_the_drafts(office: Office, units) -> None:
    user = make_user("kasi-bagian", units["bagian"], "kasi")
    _holding(user, Role.objects.get(organisation=units["contoh"], code="camat"), RoleAssignment.Kind.PLT, 0, 5)
    start = timezone.now() - dt.timedelta(days=1)
    _crowd(units["tiga"], 3, start)  # reviewed
    _crowd(units["contoh"], 2, start, "Camat Contoh")  # approved by the Plt
    few = _queries(user)
    _crowd(units["tiga"], 40, start + dt.timedelta(hours=1))
    _crowd(units["contoh"], 40, start + dt.timedelta(hours=2), "Camat Contoh")
    _crowd(units["lain"], 40, start + dt.timedelta(hours=3))  # someone else's
    many = _queries(user)
    assert few[0] == 5 and many[0] == 85
    assert few[1:] == many[1:], (few, many)
    assert many[1] <= 6  # writable organisations, roles held, the named jabatan, their roles, the drafts


def test_the_section_is_paginated_in_both_languages(office: Office, units) -> None:
    reviewer = make_user("kasi-bagian", units["bagian"], "kasi")
    _crowd(units["tiga"], 55, timezone.now() - dt.timedelta(days=1))
    client = client_for(reviewer)
    first = client.get(reverse("drafts")).content.decode()
    assert first.count(ROW) == 50 and "konsep-54<" in first and "konsep-4<" not in first
    assert "Halaman 1 / 2" in first and "?halaman=2#to-read" in first and "berikutnya" in first
    second = client.get(reverse("drafts") + "?halaman=2&lang=en").content.decode()
    assert second.count(ROW) == 5 and "konsep-0<" in second and "Page 2 / 2" in second
    assert "previous" in second and "Waiting for your review or approval" in second
    beyond = client.get(reverse("drafts") + "?halaman=99&lang=id").content.decode()
    assert "Halaman 2 / 2" in beyond  # a page past the end shows the last one


def test_the_api_lists_a_page_of_them(office: Office, units) -> None:
    reviewer = make_user("kasi-bagian", units["bagian"], "kasi")
    _crowd(units["tiga"], 3, timezone.now() - dt.timedelta(days=1))
    token = ApiToken.issue(reviewer, "daftar")[1]
    client = Client(headers={"Authorization": f"Bearer {token}"})
    body = client.get("/api/drafts/waiting?limit=2").json()
    assert body["total"] == 3 and body["limit"] == 2 and body["offset"] == 0
    assert [item["key"] for item in body["items"]] == ["konsep-2", "konsep-1"]
    item = body["items"][0]
    assert item["organisation"] == "kec-tiga" and item["state"] == "DIAJUKAN" and item["title"] == "konsep-2"
    assert Client().get("/api/drafts/waiting").status_code == 401
    refused = client.get("/api/drafts/waiting?limit=0")
    assert refused.status_code == 422 and refused.json()["code"]
    stranger = ApiToken.issue(make_user("tamu", units["contoh"]), "daftar")[1]
    other = Client(headers={"Authorization": f"Bearer {stranger}"}).get("/api/drafts/waiting").json()
    assert other == {"total": 0, "offset": 0, "limit": 50, "items": []}
