"""The states of SOP versions: the transition table, publishing (BERLAKU, the one before DIGANTIKAN), revocation
(DICABUT) and what it does to the loket and running cases, the database's one-BERLAKU rule, the history page and
its cache, the data migration, the API."""

from __future__ import annotations

import datetime as dt
import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sopan.engine import SIGNED_IN, OpenCase, RecordOutsideStep, Refusal, RefusalCode
from sopan.model.sop import Sop as SopModel
from sopan.web.accounts.models import Administrator, AuditEntry
from sopan.web.cases.services import submit
from sopan.web.cases.simulate import simulate_organisation
from sopan.web.catalog.models import SopVersion
from sopan.web.catalog.publishing import publish_sop
from sopan.web.lifecycle.models import Transition, VersionState
from sopan.web.lifecycle.services import current_state, revoke
from sopan.web.lifecycle.states import TRANSITIONS, LifecycleError, State, check
from tests.factories import ANI, SERVICE_SOP, at
from tests.web.factories import Office, client_for

pytestmark = pytest.mark.usefixtures("empty_cache")


def _publish_changed(office: Office, name: str = "Pelayanan Surat Keterangan (perubahan)") -> SopVersion:
    sop = SopModel.model_validate({**SERVICE_SOP, "nama": name})
    sop.id = "surat-keterangan"
    version, created = publish_sop(office.organisation, sop)
    assert created
    return version


def _administrator(office: Office) -> User:
    user = User.objects.create_user("pengelola", password="x")
    Administrator.objects.create(user=user, organisation=office.organisation)
    return user


# ----- the table ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "source"),
    [(rule.name, source) for rule in TRANSITIONS for source in rule.sources],
    ids=lambda value: str(value),
)
def test_every_allowed_transition_passes_the_table(name: str, source: State | None) -> None:
    found = check(name, source, reason="alasan", decree="188/1/2026")
    assert found.name == name and found.target in State


def test_a_refused_transition_has_a_code_and_both_languages() -> None:
    with pytest.raises(LifecycleError) as refused:
        check("cabut", State.DIGANTIKAN, reason="alasan", decree="188/1/2026")
    assert refused.value.code == "transition_not_allowed"
    assert "Digantikan" in refused.value.text("id") and "Superseded" in refused.value.text("en")
    with pytest.raises(LifecycleError) as refused:
        check("cabut", State.BERLAKU, reason="alasan", decree=" ")
    assert refused.value.code == "decree_required" and "decree" in refused.value.text("en")
    with pytest.raises(LifecycleError) as refused:
        check("cabut", State.BERLAKU, reason="", decree="188/1/2026")
    assert refused.value.code == "reason_required" and refused.value.text("id") == "Alasan wajib diisi."
    with pytest.raises(LifecycleError) as refused:
        check("terbang", State.BERLAKU)
    assert refused.value.code == "unknown_transition"


def test_the_table_covers_the_whole_life() -> None:
    reached = {rule.target for rule in TRANSITIONS} | {State.DRAFT}
    assert reached == set(State)
    assert [rule.name for rule in TRANSITIONS] == [
        "ajukan", "mulai_review", "minta_perbaikan", "kembalikan", "nyatakan_sesuai", "setujui", "terbitkan",
        "gantikan", "cabut",
    ]  # fmt: skip


# ----- publishing -------------------------------------------------------------------------------------------------
def test_publishing_makes_the_new_version_berlaku_and_the_one_before_digantikan(office: Office) -> None:
    assert current_state(office.version) == State.BERLAKU
    second = _publish_changed(office)
    assert current_state(second) == State.BERLAKU
    assert current_state(office.version) == State.DIGANTIKAN
    log = list(Transition.objects.filter(version__sop=office.version.sop).values_list("name", "from_state", "to_state"))
    assert log == [("terbitkan", "", "BERLAKU"), ("gantikan", "BERLAKU", "DIGANTIKAN"), ("terbitkan", "", "BERLAKU")]
    with pytest.raises(Exception, match="immutable"):
        Transition.objects.first().delete()


def test_publishing_the_same_definition_again_changes_no_state(office: Office) -> None:
    sop = SopModel.model_validate(SERVICE_SOP)
    sop.id = "surat-keterangan"
    before = Transition.objects.count()
    assert publish_sop(office.organisation, sop) == (office.version, False)
    assert Transition.objects.count() == before


def test_the_database_keeps_one_berlaku_version_per_sop(office: Office) -> None:
    """A second BERLAKU row written straight to the table, past the services, is refused by the database."""
    second = _publish_changed(office)
    VersionState.objects.filter(version=office.version).delete()
    table = VersionState._meta.db_table
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (version_id, sop_id, state, changed_at) VALUES (%s, %s, %s, %s)",
            [office.version.pk, second.sop_id, "BERLAKU", timezone.now()],
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        VersionState.objects.filter(version=second).update(state="TERSERAH")
    VersionState.objects.create(version=office.version, sop_id=second.sop_id, state="DIGANTIKAN", changed_at=at(2, 8))


def test_running_cases_stay_on_their_version(office: Office) -> None:
    case = submit(
        office.loket, OpenCase(actor=SIGNED_IN, at=at(2, 8), applicant=ANI, ticked=("1", "2")), version=office.version
    ).case
    second = _publish_changed(office)
    result = submit(office.loket, RecordOutsideStep(actor=SIGNED_IN, at=at(2, 9), task=1), case=case)
    assert result.case.sop_version_id == office.version.pk != second.pk
    opened = submit(office.loket, OpenCase(actor=SIGNED_IN, at=at(2, 10), applicant=ANI), version=second).case
    assert opened.sop_version_id == second.pk
    with pytest.raises(Refusal) as refused:  # a stale form still holding the superseded version
        submit(office.loket, OpenCase(actor=SIGNED_IN, at=at(2, 10), applicant=ANI), version=office.version)
    assert refused.value.code == RefusalCode.SOP_NOT_IN_FORCE and "in force" in refused.value.text("en")


# ----- revocation -------------------------------------------------------------------------------------------------
def test_revocation_closes_the_loket_and_running_cases_continue(office: Office) -> None:
    running = submit(
        office.loket, OpenCase(actor=SIGNED_IN, at=at(2, 8), applicant=ANI, ticked=("1", "2")), version=office.version
    ).case
    done = revoke(_administrator(office), office.version, reason="Diganti peraturan baru", decree="188/45/2026")
    assert (done.from_state, done.to_state, done.decree_number) == ("BERLAKU", "DICABUT", "188/45/2026")
    assert current_state(office.version) == State.DICABUT
    audit = AuditEntry.objects.get(action="sop.revoke")
    assert audit.organisation == office.organisation and audit.after["decree_number"] == "188/45/2026"
    loket = client_for(office.loket)
    response = loket.get(reverse("start-case", args=["kec-contoh", "surat-keterangan"]), follow=True)
    assert "telah dicabut" in response.content.decode()
    assert 'data-state="DICABUT"' not in response.content.decode() and "Dicabut" in response.content.decode()
    english = loket.get(reverse("start-case", args=["kec-contoh", "surat-keterangan"]) + "?lang=en", follow=True)
    assert "This SOP has been revoked: no new case can be opened" in english.content.decode()
    body = json.dumps({"sop": "surat-keterangan", "organisation": "kec-contoh", "applicant": {"name": "Ani"}})
    refused = loket.post("/api/cases", body, content_type="application/json")
    assert refused.status_code == 409 and refused.json()["code"] == "sop_not_in_force", refused.content
    submit(office.loket, RecordOutsideStep(actor=SIGNED_IN, at=at(2, 9), task=1), case=running)  # not refused


def test_a_new_version_of_a_revoked_sop_is_in_force_again(office: Office) -> None:
    revoke(_administrator(office), office.version, reason="x", decree="1")
    second = _publish_changed(office)
    assert (current_state(office.version), current_state(second)) == (State.DICABUT, State.BERLAKU)
    opened = submit(office.loket, OpenCase(actor=SIGNED_IN, at=at(2, 10), applicant=ANI), version=second).case
    assert opened.sop_version_id == second.pk


def test_the_demo_simulation_opens_no_case_of_a_revoked_sop(office: Office) -> None:
    revoke(_administrator(office), office.version, reason="x", decree="1")
    assert simulate_organisation(office.organisation, 2, until=at(6, 16)).cases == 0


def test_only_the_organisations_administrator_revokes_and_only_what_is_in_force(office: Office) -> None:
    with pytest.raises(LifecycleError) as refused:
        revoke(office.camat, office.version, reason="x", decree="1")
    assert refused.value.code == "not_permitted"
    pengelola = _administrator(office)
    revoke(pengelola, office.version, reason="x", decree="1")
    with pytest.raises(LifecycleError) as refused:
        revoke(pengelola, office.version, reason="x", decree="1")
    assert refused.value.code == "transition_not_allowed"
    assert Transition.objects.filter(name="cabut").count() == 1


def test_the_revocation_form_refuses_a_missing_decree_with_a_coded_bilingual_message(office: Office) -> None:
    client = client_for(_administrator(office))
    url = reverse("sop-revoke", args=["kec-contoh", "surat-keterangan"])
    response = client.post(url + "?lang=en", {"versi": 1, "alasan": "Tidak dipakai"}, follow=True)
    assert "Number of the revoking decree: Required." in response.content.decode()
    assert current_state(office.version) == State.BERLAKU
    fields = {"versi": 1, "alasan": "Tidak dipakai", "nomor_keputusan": "188/9/2026"}
    response = client.post(url + "?lang=id", fields, follow=True)
    page = response.content.decode()
    assert "dicabut" in page and "188/9/2026" in page and "Tidak dipakai" in page
    again = client.post(url, {"versi": 1, "alasan": "lagi", "nomor_keputusan": "188/9/2026"}, follow=True)
    assert "[transition_not_allowed]" in again.content.decode()


def test_the_catalog_marks_a_revoked_sop_and_its_cache_refreshes(office: Office) -> None:
    anonymous = Client()
    page = anonymous.get(reverse("sop", args=["kec-contoh", "surat-keterangan"])).content.decode()
    history = anonymous.get(reverse("sop-history", args=["kec-contoh", "surat-keterangan"])).content.decode()
    assert 'data-state="BERLAKU"' in page and "Riwayat status" in page and 'data-state="DICABUT"' not in history
    revoke(_administrator(office), office.version, reason="Tidak berlaku lagi", decree="188/2/2026")
    page = anonymous.get(reverse("sop", args=["kec-contoh", "surat-keterangan"])).content.decode()
    history = anonymous.get(reverse("sop-history", args=["kec-contoh", "surat-keterangan"])).content.decode()
    listing = anonymous.get(reverse("catalog")).content.decode()
    assert 'data-state="DICABUT"' in page and 'data-state="DICABUT"' in history and 'data-state="DICABUT"' in listing
    assert "Tidak berlaku lagi" in history and "188/2/2026" in history and "Pengelola organisasi" in history
    assert "pengelola)" not in history  # the username only for the organisation's own people
    english = anonymous.get(reverse("sop-history", args=["kec-contoh", "surat-keterangan"]) + "?lang=en")
    assert "Revoked" in english.content.decode() and "Organisation administrator" in english.content.decode()


def test_the_history_lists_every_transition_with_who_when_and_why(office: Office) -> None:
    _publish_changed(office)
    page = client_for(office.camat).get(reverse("sop-history", args=["kec-contoh", "surat-keterangan"]))
    text = page.content.decode()
    assert text.count('<tr><td data-label="Waktu">') == 3  # a row per transition, each cell named for phones
    assert "Digantikan versi baru" in text and "(sopan)" in text
    assert 'name="nomor_keputusan"' not in text  # the camat may not revoke


# ----- the data migration -----------------------------------------------------------------------------------------
def test_existing_versions_get_their_state_from_the_data_migration(office: Office) -> None:
    second = _publish_changed(office)
    VersionState.objects.all().delete()
    Transition.objects.all().delete()  # the queryset delete: the test empties the tables as before the migration
    migration = importlib.import_module("sopan.web.lifecycle.migrations.0002_states_of_existing_versions")
    migration.forwards(django_apps, None)
    assert current_state(office.version) == State.DIGANTIKAN and current_state(second) == State.BERLAKU
    other = SopVersion.objects.exclude(sop=office.version.sop).get()
    assert current_state(other) == State.BERLAKU
    assert Transition.objects.count() == 3


# ----- the API ----------------------------------------------------------------------------------------------------
def test_the_api_gives_states_and_history_and_revokes(office: Office) -> None:
    _publish_changed(office)
    states = Client().get("/api/sop/kec-contoh/surat-keterangan/states").json()
    assert [(v["number"], v["state"]) for v in states["versions"]] == [(2, "BERLAKU"), (1, "DIGANTIKAN")]
    assert [row["name"] for row in states["history"]] == ["terbitkan", "gantikan", "terbitkan"]
    assert all(row["actor"] is None for row in states["history"])
    client = client_for(_administrator(office))
    url = "/api/sop/kec-contoh/surat-keterangan/revoke"
    stale = client.post(url, json.dumps({"version": 1, "reason": "x", "decree_number": "1"}), "application/json")
    assert stale.status_code == 409 and stale.json()["code"] == "transition_not_allowed"
    body = json.dumps({"version": 2, "reason": "Dicabut Perbup", "decree_number": "188/3/2026"})
    done = client.post(url, body, "application/json", headers={"Accept-Language": "en"})
    assert done.status_code == 200, done.content
    assert done.json()["versions"][0]["state"] == "DICABUT" and done.json()["history"][-1]["actor"] == "pengelola"
    empty = client.post(url, json.dumps({"version": 2, "reason": "", "decree_number": "1"}), "application/json")
    assert empty.status_code == 422
    outsider = client_for(office.outsider).post(url, body, "application/json")
    assert outsider.status_code == 404


def test_revoked_sops_are_marked_in_the_loket_list(office: Office) -> None:
    revoke(_administrator(office), office.version, reason="x", decree="1")
    page = client_for(office.loket).get(reverse("loket")).content.decode()
    assert "Dicabut" in page and reverse("start-case", args=["kec-contoh", "surat-keterangan"]) not in page


def test_a_version_state_names_a_day_that_exists(office: Office) -> None:
    row = VersionState.objects.get(version=office.version)
    assert abs(row.changed_at - timezone.now()) < dt.timedelta(minutes=5)


@pytest.mark.parametrize("value", ["x" * 1_000_000, "\x00{'[<script>"], ids=["huge", "malformed"])
def test_hostile_values_are_refused_never_a_500_and_nothing_changes(office: Office, value: str) -> None:
    client = client_for(_administrator(office))
    posts = [
        (reverse("sop-revoke", args=["kec-contoh", "surat-keterangan"]), {"versi": value, "alasan": value}),
        (
            reverse("sop-revoke", args=["kec-contoh", "surat-keterangan"]),
            {"versi": 1, "alasan": value, "nomor_keputusan": value},
        ),
        (reverse("office-review-sop", args=["kec-contoh"]), {"sop": value}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (200, 302), url
    bodies = [
        {"version": 1, "reason": value, "decree_number": value},
        {"version": value, "reason": "x", "decree_number": "1"},
    ]
    for body in bodies:
        response = client.post("/api/sop/kec-contoh/surat-keterangan/revoke", json.dumps(body), "application/json")
        assert response.status_code == 422 and "code" in response.json()
    assert client.get("/api/reminders", {"organisation": value[:5000]}).status_code in (400, 404, 414, 422)
    assert current_state(office.version) == State.BERLAKU and Transition.objects.filter(name="cabut").count() == 0
