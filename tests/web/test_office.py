"""The office's administration: users, roles with Plt/Plh periods, tokens and the audit, through the screens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sopan.engine import CompleteStep, Decide, RecordOutsideStep, Refusal, RefusalCode, TickRequirement
from sopan.web.accounts.models import Administrator, ApiToken, AuditEntry, RoleAssignment, Staff
from sopan.web.cases.access import can_see_personal_data, inbox_tasks
from sopan.web.cases.services import submit
from sopan.web.catalog.models import Organisation, Role
from sopan.web.office.refusal import Refused
from sopan.web.office.roles import assign_role, end_assignment, remove_administrator, vacant_roles
from sopan.web.office.staff import UserFields, create_user, set_active
from tests.factories import at
from tests.web.factories import NOBODY, PASSWORD, Office, client_for, make_user, open_case


def _role(office: Office, code: str) -> Role:
    return Role.objects.get(organisation=office.organisation, code=code)


def _at_kasi(office: Office):
    """A case waiting for the kasi (step 3, task 5), walked by the loket on Monday 2 November."""
    case = open_case(office)
    submit(office.loket, RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"}), case=case)
    submit(office.loket, TickRequirement(actor=NOBODY, at=at(2, 9, 30), task=2, item="1"), case=case)
    submit(office.loket, Decide(actor=NOBODY, at=at(2, 10), task=2, answer=True), case=case)
    case.refresh_from_db()
    return case


def test_a_plh_holds_the_role_only_inside_its_period_when_the_command_runs(office: Office, pengelola: User) -> None:
    plh, _ = create_user(pengelola, office.organisation, UserFields(name="Rina Plh", username="rina"))
    assign_role(
        pengelola, office.organisation, plh, _role(office, "kasi"), "plh", dt.date(2026, 11, 2), dt.date(2026, 11, 3)
    )
    inside, outside = _at_kasi(office), _at_kasi(office)
    submit(plh, CompleteStep(actor=NOBODY, at=at(3, 15), task=3), case=inside)  # on the period's last day
    with pytest.raises(Refusal) as caught:
        submit(plh, CompleteStep(actor=NOBODY, at=at(4, 8), task=3), case=outside)  # the day after
    assert caught.value.code == RefusalCode.WRONG_ROLE


def test_inbox_and_personal_data_follow_the_period(office: Office, pengelola: User) -> None:
    case = _at_kasi(office)
    today = timezone.localdate()
    holder, _ = create_user(pengelola, office.organisation, UserFields(name="Dewi", username="dewi"))
    past = assign_role(
        pengelola,
        office.organisation,
        holder,
        _role(office, "kasi"),
        "plh",
        today - dt.timedelta(9),
        today - dt.timedelta(2),
    )
    assert not inbox_tasks(holder).exists() and not can_see_personal_data(holder, case)
    assign_role(pengelola, office.organisation, holder, _role(office, "kasi"), "plt", today, today + dt.timedelta(6))
    assert list(inbox_tasks(holder).values_list("case_id", flat=True)) == [case.pk]
    assert can_see_personal_data(holder, case)
    assert past.ended_at is None and RoleAssignment.objects.filter(user=holder).count() == 2  # history kept


def test_ending_a_role_keeps_the_row_and_shows_the_role_vacant(office: Office, pengelola: User) -> None:
    assignment = RoleAssignment.objects.get(user=office.camat)
    assert _role(office, "camat") not in vacant_roles(office.organisation)
    end_assignment(pengelola, office.organisation, assignment)
    assignment.refresh_from_db()
    assert assignment.ended_at is not None
    assert list(vacant_roles(office.organisation)) == [_role(office, "camat")]
    page = client_for(pengelola).get(reverse("office", args=["kec-contoh"])).content.decode()
    assert "Peran tanpa pemegang aktif" in page and _role(office, "camat").name in page
    entry = AuditEntry.objects.filter(action="role.end").get()
    assert entry.actor_name == "pengelola" and entry.before["peran"] == "camat"


@pytest.mark.parametrize(
    ("fields", "code"),
    [
        (UserFields(name="A", username="siti"), "username_taken"),
        (UserFields(name="A", username="baru", nip="19870101"), "nip_invalid"),
        (UserFields(name="A", username="baru", nip="19870101201001100x"), "nip_invalid"),
        (UserFields(name="", username="baru"), "name_required"),
        (UserFields(name="A", username="A B"), "username_invalid"),
        (UserFields(name="A", username="baru", email="bukan-surel"), "email_invalid"),
    ],
)
def test_bad_user_input_is_refused_and_nothing_saved(office: Office, pengelola: User, fields, code) -> None:
    users, entries = User.objects.count(), AuditEntry.objects.count()
    with pytest.raises(Refused) as caught:
        create_user(pengelola, office.organisation, fields)
    assert caught.value.code == code and caught.value.message_id and caught.value.message_en
    assert (User.objects.count(), AuditEntry.objects.count()) == (users, entries)


def test_bad_role_input_is_refused(office: Office, pengelola: User) -> None:
    other_role = Role.objects.get(organisation__code="kec-lain", code="kasi")
    with pytest.raises(Refused, match="role_other_organisation"):
        assign_role(pengelola, office.organisation, office.loket, other_role)
    with pytest.raises(Refused, match="period_order"):
        assign_role(pengelola, office.organisation, office.loket, _role(office, "kasi"), "plh",
                    dt.date(2026, 3, 7), dt.date(2026, 3, 1))  # fmt: skip
    with pytest.raises(Refused, match="role_external"):
        assign_role(pengelola, office.organisation, office.loket, _role(office, "pemohon"))
    with pytest.raises(Refused, match="deactivate_self"):
        set_active(pengelola, office.organisation, pengelola, False)
    with pytest.raises(Refused, match="last_administrator"):
        remove_administrator(pengelola, office.organisation, pengelola)
    superuser = User.objects.create_superuser("root", password=PASSWORD)
    with pytest.raises(Refused, match="last_administrator"):
        set_active(superuser, office.organisation, pengelola, False)
    assert RoleAssignment.objects.filter(user=office.loket).count() == 1


def test_the_screens_add_a_user_who_must_change_the_one_time_password(office: Office, pengelola: User) -> None:
    admin = client_for(pengelola)
    added = admin.post(
        reverse("office-user-add", args=["kec-contoh"]),
        {"username": "rina", "nama": "Rina Wati", "nip": "198701012010011001", "telepon": "0812 345"},
    )
    assert added.status_code == 200 and "no-store" in added["Cache-Control"]
    user = User.objects.get(username="rina")
    password = added.context["secret"]
    assert user.check_password(password) and Staff.objects.get(user=user).nip == "198701012010011001"
    empty = admin.post(reverse("office-user-add", args=["kec-contoh"]), {"username": "", "nama": ""}).content.decode()
    assert "Nama pengguna wajib diisi" in empty and "Nama wajib diisi" in empty and "nama:" not in empty
    english = admin.post(reverse("office-user-add", args=["kec-contoh"]) + "?lang=en", {"nama": "x" * 300})
    assert "User name is required" in english.content.decode() and "Name is too long" in english.content.decode()
    url = reverse("office-user-add", args=["kec-contoh"]) + "?lang=id"
    refused = admin.post(url, {"username": "x1", "nama": "X", "nip": "123"})
    assert "NIP harus 18 angka" in refused.content.decode() and not User.objects.filter(username="x1").exists()
    url = reverse("office-user-add", args=["kec-contoh"])
    english = admin.post(url + "?lang=en", {"username": "rina", "nama": "R"})
    assert "The user name &#x27;rina&#x27; is taken." in english.content.decode()
    rina = Client()
    assert rina.post(reverse("login"), {"username": "rina", "password": password}).status_code == 302
    assert rina.get(reverse("inbox"))["Location"].startswith(reverse("password-change"))
    weak = rina.post(reverse("password-change"), {"lama": password, "baru": "12345678", "ulang": "12345678"})
    assert "terlalu pendek" in weak.content.decode()  # Django's validators, in Bahasa Indonesia
    same = rina.post(reverse("password-change"), {"lama": password, "baru": password, "ulang": password})
    assert "harus berbeda dari yang sekarang" in same.content.decode()  # the administrator saw the one-time one
    assert rina.get(reverse("inbox"))["Location"].startswith(reverse("password-change"))  # still to be changed
    new = "Matahari-terbit-2026"
    assert rina.post(reverse("password-change"), {"lama": password, "baru": new, "ulang": new}).status_code == 302
    assert rina.get(reverse("inbox")).status_code == 200
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["user.create", "user.password_change"]


def test_a_deactivated_users_session_and_token_are_refused_on_the_next_request(office: Office, pengelola: User) -> None:
    browser = client_for(office.kasi)
    _, raw = ApiToken.issue(office.kasi, "simpeg")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert browser.get(reverse("inbox")).status_code == 200 and api.get("/api/tasks").status_code == 200
    answer = client_for(pengelola).post(
        reverse("office-user-action", args=["kec-contoh", office.kasi.pk]), {"aksi": "nonaktifkan"}
    )
    assert answer.status_code == 302
    assert browser.get(reverse("inbox"))["Location"].startswith(reverse("login"))
    assert api.get("/api/tasks").status_code == 401
    entry = AuditEntry.objects.get(action="user.deactivate")
    assert (entry.target, entry.before, entry.after) == ("budi", {"aktif": True}, {"aktif": False})


def test_a_read_only_token_reads_but_cannot_send_commands(office: Office, pengelola: User) -> None:
    case = open_case(office)
    admin = client_for(pengelola)
    made = admin.post(
        reverse("office-tokens", args=["kec-contoh"]),
        {"nama": "dasbor", "pengguna": office.loket.pk, "cakupan": "read", "hari": 30},
    )
    raw = made.context["secret"]
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    assert api.get(f"/api/cases/{case.pk}").status_code == 200
    refused = api.post(f"/api/cases/{case.pk}/tasks/1/commands", {"kind": "claim"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "read_only_token"
    token = ApiToken.objects.get(name="dasbor")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert api.get(f"/api/cases/{case.pk}").status_code == 401  # expired
    assert AuditEntry.objects.get(action="token.issue").after["cakupan"] == "read"


def test_admin_site_is_for_superusers_only(office: Office, pengelola: User) -> None:
    pengelola.is_staff = True
    pengelola.save()
    assert client_for(pengelola).get("/admin/")["Location"].startswith("/admin/login/")
    assert client_for(User.objects.create_superuser("root", password=PASSWORD)).get("/admin/").status_code == 200


def test_the_admin_site_ends_users_but_never_deletes_them(office: Office) -> None:
    """Users are ended, not deleted: the events and tasks they acted on keep naming them."""
    root = client_for(User.objects.create_superuser("root", password=PASSWORD))
    siti = office.loket
    assert root.get(f"/admin/auth/user/{siti.pk}/change/").status_code == 200
    assert root.get(f"/admin/auth/user/{siti.pk}/delete/").status_code == 403
    bulk = root.post("/admin/auth/user/", {"action": "delete_selected", "_selected_action": [siti.pk], "post": "yes"})
    assert bulk.status_code in (200, 302)
    assert User.objects.filter(pk=siti.pk).exists()


def test_the_api_keeps_users_and_assignments_in_sync_for_the_organisations_administrators(
    office: Office, pengelola: User
) -> None:
    _, raw = ApiToken.issue(pengelola, "simpeg")
    api = Client(headers={"Authorization": f"Bearer {raw}"})
    made = api.post(
        "/api/organisations/kec-contoh/users",
        {"username": "rina", "name": "Rina", "nip": "198701012010011001"},
        content_type="application/json",
    )
    assert made.status_code == 201 and made.json()["one_time_password"]
    rina = made.json()["id"]
    bad = api.post(
        "/api/organisations/kec-contoh/assignments",
        {"user_id": rina, "role": "kasi", "kind": "plh", "valid_from": "2026-03-07", "valid_until": "2026-03-01"},
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["code"] == "period_order"
    good = api.post(
        "/api/organisations/kec-contoh/assignments",
        {"user_id": rina, "role": "kasi", "kind": "plh", "valid_from": "2026-03-01", "valid_until": "2026-03-07"},
        content_type="application/json",
    )
    assert good.status_code == 201 and good.json()["kind"] == "plh" and not good.json()["holding"]
    assert {row["username"] for row in api.get("/api/organisations/kec-contoh/users").json()} >= {"rina", "siti"}
    assert api.get("/api/organisations/kec-lain/users").status_code == 404  # another organisation: no hint
    assert api.post("/api/organisations/kec-lain/users", {"name": "X", "username": "xx1"},
                    content_type="application/json").status_code == 404  # fmt: skip
    me = client_for(office.kasi).get("/api/me").json()
    assert me["username"] == "budi" and [r["role"] for r in me["roles"]] == ["kasi"] and me["administers"] == []
    assert "/api/organisations/{code}/assignments" in api.get("/api/openapi.json").json()["paths"]


def test_the_roles_page_offers_every_internal_role_and_active_user(office: Office, pengelola: User) -> None:
    page = client_for(pengelola).get(reverse("office-roles", args=["kec-contoh"])).content.decode()
    for code in ("loket", "kasi", "camat"):
        role = _role(office, code)
        assert f'<option value="{role.pk}">{role.name}</option>' in page
    assert ">Pemohon</option>" not in page  # an outside party is not held by staff
    assert f'<option value="{office.loket.pk}">siti (siti)</option>' in page and "orang-lain" not in page


def test_an_administrator_cannot_take_over_another_offices_administrator(office: Office, pengelola: User) -> None:
    """The pengelola of kec-lain also holds a role in kec-contoh: kec-contoh's pengelola sees them but may not
    reset their password, deactivate or edit them."""
    kec_lain = Organisation.objects.get(code="kec-lain")
    other = make_user("pengelola-lain", kec_lain)
    Administrator.objects.create(user=other, organisation=kec_lain)
    RoleAssignment.objects.create(user=other, role=_role(office, "loket"))
    admin = client_for(pengelola)
    password = other.password
    answer = admin.post(reverse("office-user-action", args=["kec-contoh", other.pk]), {"aksi": "sandi"}, follow=True)
    assert "dikelola oleh organisasi lain" in answer.content.decode()
    other.refresh_from_db()
    assert other.password == password and other.is_active
    with pytest.raises(Refused, match="other_organisation_user"):
        set_active(pengelola, office.organisation, other, False)


def test_the_audit_trail_names_actions_and_values_in_the_language(office: Office, pengelola: User) -> None:
    rina, _ = create_user(pengelola, office.organisation, UserFields(name="Rina", username="rina"))
    end_assignment(
        pengelola, office.organisation, assign_role(pengelola, office.organisation, rina, _role(office, "kasi"))
    )
    set_active(pengelola, office.organisation, rina, False)
    admin = client_for(pengelola)
    page = admin.get(reverse("office-audit", args=["kec-contoh"])).content.decode()
    assert "Pengguna dinonaktifkan" in page and "Peran diakhiri" in page and "aktif: tidak" in page
    assert "aktif: False" not in page and "+00:00" not in page  # no raw values
    assert '<code class="small muted">user.deactivate</code>' in page  # the code beside, for a search of the log
    english = admin.get(reverse("office-audit", args=["kec-contoh"]), {"lang": "en"}).content.decode()
    assert "User deactivated" in english and "Role ended" in english and "aktif: no" in english
