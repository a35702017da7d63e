"""Who may see and do what: every role of two organisations, a user without roles and an anonymous visitor,
against every case and task screen and every API endpoint, one reported cell each.

The expected answers are written out here from the rules (README, "The web application") and the SOP, not
computed by ``sopan.web.cases.access``: a case is visible to the holders of a role of its organisation's SOP;
the engine lets only the roles of the current task act; the applicant is in full only for the reception
(loket) and the roles of the task being worked; anonymous visitors are sent to the login page or get 401.

The data (two organisations, their users and four cases) is built once for the module inside a transaction
that is rolled back at the end; each cell runs in its own savepoint, so a claim in one cell is gone in the next.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse

from sopan.engine import Applicant, Decide, OpenCase, RecordOutput, RecordOutsideStep, ReleaseTask
from sopan.model.sop import Sop as SopModel
from sopan.web.accounts.models import Administrator, ApiToken, AuditEntry, RoleAssignment
from sopan.web.authoring.models import Draft, Writer
from sopan.web.authoring.services import new_draft, replace_definition
from sopan.web.cases.models import Case, Event, RegisterEntry
from sopan.web.cases.services import submit
from sopan.web.catalog.models import CalendarOverride, Organisation, Role, SopVersion
from sopan.web.catalog.publishing import publish_sop
from sopan.web.catalog.runtime import process_for
from sopan.web.lifecycle.drafts import draft_state
from sopan.web.lifecycle.models import ReviewPolicy, VersionState
from sopan.web.lifecycle.review import builtin_review_version
from sopan.web.lifecycle.review_case import submit_draft
from sopan.web.lifecycle.states import State
from sopan.web.review.minutes import Entry, MinutesIn, Signatory, make_minutes
from sopan.web.review.models import Minutes, Note
from sopan.web.review.notes import add_note
from sopan.web.signing.models import SignedDocument, SigningSetup
from tests.factories import SERVICE_SOP, at
from tests.web.factories import NOBODY, work_task

ORGS = ("kec-a", "kec-b")
ROLES = ("pemohon", "loket", "kasi", "camat")  # every lane of the SOP; pemohon is the outside party's
STAGES = ("new", "at-kasi")
SOP_KEY = "surat-keterangan"
APPLICANTS = {
    "kec-a": Applicant(name="Ani Lestari", nik="3508010101010001", phone="081234", address="Jl. Mawar 1"),
    "kec-b": Applicant(name="Budi Santoso", nik="3201020202020002", phone="085678", address="Jl. Melati 2"),
}

# the rules, per case stage: the task waiting for work, who may act on it, who sees the applicant in full
CURRENT_TASK = {"new": 1, "at-kasi": 3}
ACTING = {"new": {"loket", "kasi", "camat"}, "at-kasi": {"kasi"}}  # the Pemohon's step: any officer records it
FULL_DATA = {"new": {"loket"}, "at-kasi": {"loket", "kasi"}}  # the reception, and whoever works the case now
OPENING = {"loket", "kasi", "camat"}  # the first step is the Pemohon's, so any officer opens a case


@dataclass(frozen=True)
class Who:
    name: str
    organisation: str | None = None
    role: str | None = None

    @property
    def anonymous(self) -> bool:
        return self.name == "anonymous"

    def sees(self, organisation: str) -> bool:
        """Any role of the organisation's SOP, its outside party's lane included."""
        return self.organisation == organisation

    def acts(self, organisation: str, stage: str) -> bool:
        return self.sees(organisation) and self.role in ACTING[stage]

    def full_data(self, organisation: str, stage: str) -> bool:
        return self.sees(organisation) and self.role in FULL_DATA[stage]

    def opens(self, organisation: str) -> bool:
        return self.organisation == organisation and self.role in OPENING


PEOPLE = [Who(f"{org}.{role}", org, role) for org in ORGS for role in ROLES] + [Who("tanpa-peran"), Who("anonymous")]
ADMINISTRATORS = [Who(f"{org}.pengelola", org, "pengelola") for org in ORGS]  # an office's administrator, no lane
TARGETS = [(org, stage) for org in ORGS for stage in STAGES]
REVIEWER = Who("biro.analis", "biro-organisasi-x", "penelaah")  # only in the review cells: the Biro writes all drafts


@dataclass
class World:
    cases: dict[tuple[str, str], Case] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)
    file_seq: dict[tuple[str, str], int] = field(default_factory=dict)
    drafts: dict[str, Draft] = field(default_factory=dict)
    notes: dict[str, Note] = field(default_factory=dict)
    minutes: dict[str, Minutes] = field(default_factory=dict)


def _build(world: World, media: Any) -> None:
    for code in ORGS:
        organisation = Organisation.objects.create(code=code, name=f"Kecamatan {code[-1].upper()}")
        sop = SopModel.model_validate({**SERVICE_SOP, "organisasi": code})
        sop.id = SOP_KEY
        version, _ = publish_sop(organisation, sop)
        for role in ROLES:
            user = User.objects.create(username=f"{code}.{role}")
            RoleAssignment.objects.create(user=user, role=Role.objects.get(organisation=organisation, code=role))
            world.users[user.username] = user
        loket, kasi = world.users[f"{code}.loket"], world.users[f"{code}.kasi"]
        opening = OpenCase(actor=NOBODY, at=at(2, 8), applicant=APPLICANTS[code], ticked=("1", "2"))
        world.cases[code, "new"] = submit(loket, opening, version=version).case
        case = submit(loket, opening, version=version).case
        submit(loket, RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1), case=case)
        submit(loket, Decide(actor=NOBODY, at=at(2, 10), task=2, answer=True, waivers={"1": "dicek lisan"}), case=case)
        relative = f"cases/{case.pk}/konsep.txt"
        (media / relative).parent.mkdir(parents=True, exist_ok=True)
        (media / relative).write_text("konsep surat")
        output = submit(
            kasi, RecordOutput(actor=NOBODY, at=at(2, 11), task=3, name="Konsep surat", file=relative), case=case
        )
        world.file_seq[code, "at-kasi"] = next(e.seq for e in output.events if e.kind == "output_recorded")
        submit(kasi, ReleaseTask(actor=NOBODY, at=at(2, 12), task=3), case=case)  # waiting for any kasi again
        case.refresh_from_db()
        world.cases[code, "at-kasi"] = case
    world.users["tanpa-peran"] = User.objects.create(username="tanpa-peran")
    for who in ADMINISTRATORS:
        world.users[who.name] = User.objects.create(username=who.name)
        Administrator.objects.create(
            user=world.users[who.name], organisation=Organisation.objects.get(code=who.organisation)
        )
    for code in ORGS:  # each office's kasi is its penyusun SOP, with a draft
        organisation, author = Organisation.objects.get(code=code), world.users[f"{code}.kasi"]
        Writer.objects.create(user=author, organisation=organisation)
        world.drafts[code] = new_draft(organisation, author, start="kosong", key="konsep")
    _build_review(world)
    for name, user in world.users.items():
        world.tokens[name] = ApiToken.issue(user, "matriks")[1]


def _build_review(world: World) -> None:
    """The Biro Organisasi's analyst (a penyusun SOP of the Biro: a reviewer of every draft), a note on each
    office's draft and a Berita Acara for each."""
    biro = Organisation.objects.create(code=REVIEWER.organisation, name="Biro Organisasi")
    analyst = world.users[REVIEWER.name] = User.objects.create(username=REVIEWER.name)
    Writer.objects.create(user=analyst, organisation=biro)
    for code in ORGS:
        world.notes[code] = add_note(world.drafts[code], analyst, text="Lengkapi nama", field="nama")
        data = MinutesIn(at(2, 8).date(), "Banjarbaru", Signatory("Analis"), Signatory("Camat"),
                         [Entry(world.drafts[code], "perlu_perbaikan")])  # fmt: skip
        world.minutes[code] = make_minutes(analyst, data)


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: pytest.TempPathFactory) -> Any:
    media = tmp_path_factory.mktemp("media")
    with override_settings(MEDIA_ROOT=str(media)), django_db_blocker.unblock(), transaction.atomic():
        built = World()
        _build(built, media)
        yield built
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _cell(db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each cell in its own savepoint (``db``), with a fresh rate limit, and receipts as HTML to read."""
    cache.clear()

    class HtmlAsPdf:
        def __init__(self, string: str, base_url: str | None = None) -> None:
            self.string = string

        def write_pdf(self) -> bytes:
            return b"%PDF-as-html\n" + self.string.encode()

    monkeypatch.setattr("weasyprint.HTML", HtmlAsPdf)


def screen(world: World, who: Who) -> Client:
    client = Client()
    if not who.anonymous:
        client.force_login(world.users[who.name])
    return client


def api(world: World, who: Who, auth: str) -> Client:
    """The API as an integration (its token) or as the browser (its session)."""
    if who.anonymous or auth == "session":
        return screen(world, who)
    return Client(headers={"Authorization": f"Bearer {world.tokens[who.name]}"})


def cell(view: str, who: Who, target: object = None) -> str:
    shown = "/".join(target) if isinstance(target, tuple) else target or ""
    return f"{view} {shown} as {who.name}".replace("  ", " ")


def check(condition: bool, where: str, expected: object, got: object) -> None:
    assert condition, f"{where}: expected {expected}, got {got}"


def _to_login(response: Any, where: str) -> None:
    location = response.headers.get("Location", "")
    check(response.status_code == 302 and location.startswith(reverse("login")), where, "redirect to login", location)


def _personal(text: str, organisation: str, full: bool, where: str) -> None:
    applicant = APPLICANTS[organisation]
    shown = applicant.name in text or applicant.nik in text
    check(shown == full, where, "applicant in full" if full else "applicant masked", "full" if shown else "masked")
    if not full:
        leaked = [value for value in (applicant.address, applicant.phone) if value in text]
        check(not leaked, where, "no address or phone", leaked)


def _ids(items: list[tuple[Who, str, object]]) -> list[Any]:
    return [pytest.param(who, view, target, id=cell(view, who, target)) for who, view, target in items]


# ----- the screens --------------------------------------------------------------------------------------------
SCREEN_CELLS = _ids(
    [
        (who, view, target)
        for who in PEOPLE
        for view in ("case", "task", "task-action", "task-hold", "receipt")
        for target in TARGETS
    ]
    + [(who, "case-file", (org, "at-kasi")) for who in PEOPLE for org in ORGS]
    + [(who, view, None) for who in PEOPLE for view in ("case-list", "inbox", "loket", "held-cases")]
    + [(who, "start-case", org) for who in PEOPLE for org in ORGS]
)


@pytest.mark.parametrize(("who", "view", "target"), SCREEN_CELLS)
def test_screen(world: World, who: Who, view: str, target: Any) -> None:
    where = cell(view, who, target)
    client = screen(world, who)
    if view in ("case", "task", "task-action", "task-hold", "receipt", "case-file"):
        organisation, stage = target
        case = world.cases[target]
        url = {
            "case": reverse("case", args=[case.pk]),
            "task": reverse("task", args=[case.pk, CURRENT_TASK[stage]]),
            "task-action": reverse("task-action", args=[case.pk, CURRENT_TASK[stage]]),
            "task-hold": reverse("task-action", args=[case.pk, CURRENT_TASK[stage]]),
            "receipt": reverse("receipt", args=[case.pk]),
            "case-file": reverse("case-file", args=[case.pk, world.file_seq.get(target, 0)]),
        }[view]
        claims = Event.objects.filter(case=case, kind="task_claimed").count()
        if view == "task-hold":  # waiting for the applicant: only the roles that may act put the case on hold
            response = client.post(url, {"action": "hold", "kurang": "Surat kuasa"})
        else:
            response = client.post(url, {"action": "claim"}) if view == "task-action" else client.get(url)
        if who.anonymous:
            _to_login(response, where)
            return
        if not who.sees(organisation):
            check(response.status_code == 404, where, 404, response.status_code)
            return
        if view == "task-hold":
            case.refresh_from_db()
            held = case.typed_state.hold is not None
            check(response.status_code == 302, where, 302, response.status_code)
            check(held == who.acts(organisation, stage), where, f"holds {int(who.acts(*target))}", int(held))
            return
        if view == "task-action":
            check(response.status_code == 302, where, 302, response.status_code)
            claimed = Event.objects.filter(case=case, kind="task_claimed").count() - claims
            check(claimed == int(who.acts(organisation, stage)), where, f"claims {int(who.acts(*target))}", claimed)
            return
        full = who.full_data(organisation, stage)
        if view == "case-file":  # an upload may be a KTP scan: only for those who see the personal data
            check(response.status_code == (200 if full else 404), where, 200 if full else 404, response.status_code)
            if full:
                body = b"".join(response.streaming_content)
                check(body == b"konsep surat", where, "the file", body[:20])
            return
        check(response.status_code == 200, where, 200, response.status_code)
        if view == "case" and target in world.file_seq:
            link = reverse("case-file", args=[case.pk, world.file_seq[target]]) in response.content.decode()
            check(link == full, where, f"file link {full}", link)
        _personal(response.content.decode(), organisation, full, where)
        return
    if view == "start-case":
        before = Case.objects.count()
        response = client.post(reverse("start-case", args=[target, SOP_KEY]), {"nama": "Citra Dewi"})
        if who.anonymous:
            _to_login(response, where)
            return
        opened = Case.objects.count() - before
        check(opened == int(who.opens(target)), where, f"opens {int(who.opens(target))}", opened)
        if who.opens(target):
            check(response.status_code == 302, where, 302, response.status_code)
        else:
            check(response.status_code == 200, where, 200, response.status_code)
            check("Anda tidak memegang peran" in response.content.decode(), where, "the engine's refusal", "none")
        return
    url = reverse(view)
    response = client.get(url)
    if who.anonymous:
        _to_login(response, where)
        return
    check(response.status_code == 200, where, 200, response.status_code)
    page = response.content.decode()
    if view == "loket":
        startable = {org for org in ORGS if f"/loket/{org}/{SOP_KEY}/" in page}
        wanted = {org for org in ORGS if who.opens(org)}
        check(startable == wanted, where, sorted(wanted), sorted(startable))
        return
    shown = {key for key, case in world.cases.items() if case.tracking_code in page}
    if view == "held-cases":  # none of the world's cases waits for its applicant
        check(not shown and "Tidak ada kasus" in page, where, "no case", sorted(shown))
        return
    if view == "case-list":
        wanted = {key for key in world.cases if who.sees(key[0])}
    else:  # the inbox: open tasks of the roles the user holds
        wanted = {key for key in world.cases if who.acts(*key)}
    check(shown == wanted, where, sorted(wanted), sorted(shown))
    for organisation in ORGS:  # lists always mask
        _personal(page, organisation, False, where)


# ----- the catalog's version pages: public documents, the same for everyone ----------------------------------
CATALOG_CELLS = _ids(
    [(who, view, org) for who in [*PEOPLE, *ADMINISTRATORS] for view in ("sop-version", "sop-compare") for org in ORGS]
)


@pytest.mark.parametrize(("who", "view", "target"), CATALOG_CELLS)
def test_catalog_version_pages(world: World, who: Who, view: str, target: str) -> None:
    where = cell(view, who, target)
    if view == "sop-version":
        response = screen(world, who).get(reverse("sop-version", args=[target, SOP_KEY, 1]))
    else:
        response = screen(world, who).get(reverse("sop-compare", args=[target, SOP_KEY]), {"dari": 1, "ke": 1})
    check(response.status_code == 200, where, 200, response.status_code)  # public, like the SOP page
    page = response.content.decode()
    check("Citra" not in page and "Ani Lestari" not in page, where, "nothing of a case", "an applicant")


# ----- the site's icon: the same for everyone, no page, no session ----------------------------------------------
ICON_CELLS = _ids([(who, "favicon", None) for who in [*PEOPLE, *ADMINISTRATORS]])


@pytest.mark.parametrize(("who", "view", "target"), ICON_CELLS)
def test_the_icon(world: World, who: Who, view: str, target: None) -> None:
    response = screen(world, who).get(reverse(view))
    check(response.status_code == 200, cell(view, who), 200, response.status_code)
    check(response["Content-Type"] == "image/svg+xml", cell(view, who), "an SVG", response["Content-Type"])


# ----- the API --------------------------------------------------------------------------------------------------
API_VIEWS = (
    [(view, None) for view in ("sop-list", "sop", "sop-version", "sop-compare", "cases", "tasks")]
    + [(view, target) for view in ("case", "events", "command", "status") for target in TARGETS]
    + [("open", org) for org in ORGS]
)
API_CELLS = [
    pytest.param(who, view, target, auth, id=f"{cell(view, who, target)} by {auth}")
    for who in PEOPLE
    for auth in (("none",) if who.anonymous else ("token", "session"))
    for view, target in API_VIEWS
]


def _json(response: Any) -> Any:
    return json.loads(response.content)


@pytest.mark.parametrize(("who", "view", "target", "auth"), API_CELLS)
def test_api(world: World, who: Who, view: str, target: Any, auth: str) -> None:
    where = f"api {cell(view, who, target)} by {auth}"
    client = api(world, who, auth)
    if view in ("sop-list", "sop", "sop-version", "sop-compare"):
        url = {
            "sop-list": "/api/sop",
            "sop": f"/api/sop/kec-a/{SOP_KEY}",
            "sop-version": f"/api/sop/kec-b/{SOP_KEY}/v1",
            "sop-compare": f"/api/sop/kec-b/{SOP_KEY}/compare?dari=1&ke=1",
        }
        response = client.get(url[view])
        check(response.status_code == 200, where, 200, response.status_code)  # public, like the catalog
        return
    if view == "status":
        response = client.get(f"/api/status/{world.cases[target].tracking_code}")
        check(response.status_code == 200, where, 200, response.status_code)  # public, like the status page
        _personal(response.content.decode(), target[0], False, where)
        return
    if view == "open":
        body = {"organisation": target, "sop": SOP_KEY, "applicant": {"name": "Citra Dewi"}}
        response = client.post("/api/cases", json.dumps(body), content_type="application/json")
    elif view in ("case", "events"):
        case = world.cases[target]
        response = client.get(f"/api/cases/{case.pk}" + ("/events" if view == "events" else ""))
    elif view == "command":
        case = world.cases[target]
        url = f"/api/cases/{case.pk}/tasks/{CURRENT_TASK[target[1]]}/commands"
        response = client.post(url, json.dumps({"command": "claim"}), content_type="application/json")
    else:
        response = client.get(f"/api/{view}")
    if who.anonymous:
        check(response.status_code == 401, where, 401, response.status_code)
        return
    if view == "open":
        expected = 201 if who.opens(target) else 409
        check(response.status_code == expected, where, expected, response.status_code)
        if expected == 409:
            check(_json(response)["code"] == "wrong_role", where, "wrong_role", _json(response)["code"])
        return
    if view in ("cases", "tasks"):
        check(response.status_code == 200, where, 200, response.status_code)
        rows = _json(response)
        field_name = "id" if view == "cases" else "case_id"
        shown = {key for key, case in world.cases.items() if str(case.pk) in {row[field_name] for row in rows}}
        wanted = {key for key in world.cases if (who.sees(key[0]) if view == "cases" else who.acts(*key))}
        check(shown == wanted, where, sorted(wanted), sorted(shown))
        for organisation in ORGS:  # lists always mask
            _personal(response.content.decode(), organisation, False, where)
        return
    organisation, stage = target
    if not who.sees(organisation):
        check(response.status_code == 404, where, 404, response.status_code)
        check(_json(response)["code"] == "not_found", where, "not_found", _json(response)["code"])
        return
    if view == "command":
        expected = 200 if who.acts(organisation, stage) else 409
        check(response.status_code == expected, where, expected, response.status_code)
        if expected == 409:
            check(_json(response)["code"] == "wrong_role", where, "wrong_role", _json(response)["code"])
        return
    check(response.status_code == 200, where, 200, response.status_code)
    full = who.full_data(organisation, stage)
    _personal(response.content.decode(), organisation, full, where)
    if view == "case":
        check(_json(response)["personal_data"] is full, where, full, _json(response)["personal_data"])


# ----- the personal-data duties: the organisation's administrator only ----------------------------------------
DUTY_CELLS = [
    pytest.param(who, view, org, id=cell(view, who, org))
    for who in PEOPLE + ADMINISTRATORS
    for view in ("personal-data", "personal-data-request", "api-personal-data", "api-anonymise")
    for org in ORGS
]


@pytest.mark.parametrize(("who", "view", "organisation"), DUTY_CELLS)
def test_personal_data_duties(world: World, who: Who, view: str, organisation: str) -> None:
    """Only the organisation's administrator reaches its screen and API; the cases here are open, so even the
    administrator's request is refused and nothing is anonymised."""
    where = cell(view, who, organisation)
    administers = who.role == "pengelola" and who.organisation == organisation
    case = world.cases[organisation, "new"]
    if view.startswith("api"):
        client = api(world, who, "token")
        base = f"/api/organisations/{organisation}/personal-data"
        if view == "api-personal-data":
            response = client.get(base)
        else:
            body = {"tracking_code": case.tracking_code, "on_request": True, "reason": "Surat 1/2026"}
            response = client.post(f"{base}/anonymise", json.dumps(body), content_type="application/json")
        if who.anonymous:
            check(response.status_code == 401, where, 401, response.status_code)
            return
        expected = (200 if view == "api-personal-data" else 409) if administers else 404
        check(response.status_code == expected, where, expected, response.status_code)
        if expected == 409:
            check(_json(response)["code"] == "case_open", where, "case_open", _json(response)["code"])
    else:
        client = screen(world, who)
        url = reverse("personal-data", args=[organisation])
        if view == "personal-data":
            response = client.get(url)
        else:
            response = client.post(url, {"aksi": "permintaan", "kode": case.tracking_code, "alasan": "Surat 1/2026"})
        if who.anonymous:
            _to_login(response, where)
            return
        expected = (200 if view == "personal-data" else 302) if administers else 404
        check(response.status_code == expected, where, expected, response.status_code)
        if view == "personal-data" and administers:
            _personal(response.content.decode(), organisation, False, where)
    check(not Case.objects.filter(anonymised_at__isnull=False).exists(), where, "nothing anonymised", "anonymised")


# ----- monitoring: an organisation's figures and event log --------------------------------------------------------
def monitors(who: Who, organisation: str) -> bool:
    """Officers of the organisation (an internal role); the outside party's lane (pemohon) does not count."""
    return who.organisation == organisation and who.role != "pemohon"


MONITOR_SCREEN_CELLS = _ids([(who, view, org) for who in PEOPLE for view in ("performance", "csv") for org in ORGS])
MONITOR_API_CELLS = [
    pytest.param(who, view, org, auth, id=f"{cell(view, who, org)} by {auth}")
    for who in PEOPLE
    for auth in (("none",) if who.anonymous else ("token", "session"))
    for view in ("kinerja", "kinerja-org", "log")
    for org in ORGS
]


@pytest.mark.parametrize(("who", "view", "target"), MONITOR_SCREEN_CELLS)
def test_monitoring_screen(world: World, who: Who, view: str, target: str) -> None:
    where = cell(view, who, target)
    args = [target, SOP_KEY] + (["langkah"] if view == "csv" else [])
    response = screen(world, who).get(reverse("performance-csv" if view == "csv" else "performance", args=args))
    if who.anonymous:
        _to_login(response, where)
        return
    expected = 200 if monitors(who, target) else 404
    check(response.status_code == expected, where, expected, response.status_code)
    if expected == 200:
        _personal(response.content.decode(), target, False, where)


@pytest.mark.parametrize(("who", "view", "target", "auth"), MONITOR_API_CELLS)
def test_monitoring_api(world: World, who: Who, view: str, target: str, auth: str) -> None:
    where = f"api {cell(view, who, target)} by {auth}"
    november = "?dari=2026-11-01&sampai=2026-11-30"
    url = (
        f"/api/pemantauan/{target}/"
        + {
            "kinerja": f"{SOP_KEY}/kinerja{november}",
            "kinerja-org": f"kinerja{november}",
            "log": "log",
        }[view]
    )
    response = api(world, who, auth).get(url)
    if who.anonymous:
        check(response.status_code == 401, where, 401, response.status_code)
        return
    expected = 200 if monitors(who, target) else 404
    check(response.status_code == expected, where, expected, response.status_code)
    if expected == 404:
        check(_json(response)["code"] == "not_found", where, "not_found", _json(response)["code"])
        return
    body = b"".join(response.streaming_content) if view == "log" else response.content
    _personal(body.decode(), target, False, where)
    if view == "kinerja":
        opened = _json(response)["cases"]["opened"]
        check(opened == 2, where, "both cases of the organisation", opened)
    elif view == "kinerja-org":
        sops = [(row["sop"], row["cases"]["opened"]) for row in _json(response)["sops"]]
        check(sops == [(SOP_KEY, 2)], where, "both cases of the organisation", sops)
    else:
        check(body.count(b"<trace>") == 2, where, "both cases of the organisation", body.count(b"<trace>"))


FEED_CELLS = [
    pytest.param(who, auth, id=f"{cell('peristiwa', who)} by {auth}")
    for who in PEOPLE + ADMINISTRATORS
    for auth in (("none",) if who.anonymous else ("token", "session"))
]


@pytest.mark.parametrize(("who", "auth"), FEED_CELLS)
def test_event_feed_api(world: World, who: Who, auth: str) -> None:
    """The feed across cases holds the events of the caller's own organisation only, nothing personal."""
    where = f"api {cell('peristiwa', who)} by {auth}"
    response = api(world, who, auth).get("/api/pemantauan/peristiwa", {"batas": 1000})
    if who.anonymous:
        check(response.status_code == 401, where, 401, response.status_code)
        return
    check(response.status_code == 200, where, 200, response.status_code)
    events = _json(response)["events"]
    seen = {event["organisation"] for event in events}
    expected = {org for org in ORGS if monitors(who, org) or (who.role == "pengelola" and who.organisation == org)}
    check(seen == expected, where, sorted(expected), sorted(seen))
    mine = Event.objects.filter(case__organisation__code__in=expected).count()
    check(len(events) == mine, where, f"all {mine} events", len(events))
    for org in ORGS:
        _personal(response.content.decode(), org, False, where)


# ----- Tabel 7 and the evaluation: the officers and administrators see, the administrators evaluate -----------
def administers(who: Who, organisation: str) -> bool:
    return who.role == "pengelola" and who.organisation == organisation


EVALUATION_VIEWS = ("performance", "xlsx", "monitoring", "tabel7", "tabel7-save", "tabel7-pdf", "evaluation")
EVALUATION_CELLS = _ids(
    [(who, view, org) for who in PEOPLE + ADMINISTRATORS for view in EVALUATION_VIEWS for org in ORGS]
    + [(who, "evaluation-save", org) for who in PEOPLE + ADMINISTRATORS for org in ORGS]
)
EVALUATION_API_CELLS = _ids(
    [
        (who, view, org)
        for who in PEOPLE + ADMINISTRATORS
        for view in ("kesesuaian", "tabel7", "evaluasi")
        for org in ORGS
    ]
)


def _evaluation_request(client: Client, view: str, org: str) -> Any:
    period = [org, 2026, 2]
    if view == "performance":
        return client.get(reverse("performance", args=[org, SOP_KEY]))
    if view == "xlsx":
        return client.get(reverse("performance-xlsx", args=[org, SOP_KEY, "kesesuaian"]))
    if view == "monitoring":
        return client.get(reverse("monitoring-organisation", args=[org]))
    if view in ("tabel7", "tabel7-pdf"):
        return client.get(reverse(view, args=period))
    if view == "tabel7-save":
        return client.post(reverse("tabel7", args=period), {"action": "simpan", "observations": "Wawancara"})
    url = reverse("evaluation", args=[org, SOP_KEY, 2026, 2])
    return client.post(url, {"action": "simpan"}) if view == "evaluation-save" else client.get(url)


@pytest.mark.parametrize(("who", "view", "target"), EVALUATION_CELLS)
def test_evaluation_screen(world: World, who: Who, view: str, target: str) -> None:
    """No Tabel 7 or evaluation is kept in this world: only the administrator gets one (made from the data)."""
    where = cell(view, who, target)
    response = _evaluation_request(screen(world, who), view, target)
    if who.anonymous:
        _to_login(response, where)
        return
    sees = monitors(who, target) or administers(who, target)
    if view in ("performance", "xlsx", "monitoring"):
        expected = 200 if sees else 404
    else:
        expected = (302 if view.endswith("-save") else 200) if administers(who, target) else 404
    check(response.status_code == expected, where, expected, response.status_code)
    if expected == 200 and view != "xlsx":
        _personal(response.content.decode(), target, False, where)


@pytest.mark.parametrize(("who", "view", "target"), EVALUATION_API_CELLS)
def test_evaluation_api(world: World, who: Who, view: str, target: str) -> None:
    where = f"api {cell(view, who, target)}"
    url = {
        "kesesuaian": f"/api/pemantauan/{target}/{SOP_KEY}/kesesuaian",
        "tabel7": f"/api/pemantauan/{target}/tabel7/2026/2",
        "evaluasi": f"/api/pemantauan/{target}/{SOP_KEY}/evaluasi/2026/2",
    }[view]
    response = api(world, who, "token").get(url)
    if who.anonymous:
        check(response.status_code == 401, where, 401, response.status_code)
        return
    sees = monitors(who, target) or administers(who, target)
    expected = (200 if sees else 404) if view == "kesesuaian" else (200 if administers(who, target) else 404)
    check(response.status_code == expected, where, expected, response.status_code)
    if expected == 200:
        _personal(response.content.decode(), target, False, where)


# ----- recaps and register books: whoever may see the organisation's figures ------------------------------------
RECAP_VIEWS = ("recap", "recap-xlsx", "recap-pdf", "register-book", "register-xlsx", "register-pdf")
RECAP_CELLS = _ids([(who, view, org) for who in PEOPLE + ADMINISTRATORS for view in RECAP_VIEWS for org in ORGS])
RECAP_API_CELLS = _ids(
    [
        (who, view, org)
        for who in PEOPLE + ADMINISTRATORS
        for view in ("rekap", "rekap-berkas", "register", "register-buku", "register-berkas")
        for org in ORGS
    ]
)
REGISTER = "Register Surat Keterangan"


def _register_entry(world: World, organisation: str) -> None:
    """The case at the kasi entered in the register (as finishing step 3 would), so the book has the applicant."""
    case = world.cases[organisation, "at-kasi"]
    RegisterEntry.objects.create(
        organisation=case.organisation, register=REGISTER, year=2026, number=1, case=case, step=3, at=at(2, 11)
    )


def _book_full(who: Who, organisation: str) -> bool:
    """The book shows the applicant in full to the reception and to whoever works the case now (the kasi)."""
    return who.full_data(organisation, "at-kasi")


@pytest.mark.parametrize(("who", "view", "target"), RECAP_CELLS)
def test_recap_and_register_screens(world: World, who: Who, view: str, target: str) -> None:
    where = cell(view, who, target)
    _register_entry(world, target)
    if view.startswith("recap"):
        response = screen(world, who).get(reverse(view, args=[target, "bulanan"]), {"bulan": "2026-11"})
    else:
        response = screen(world, who).get(reverse(view, args=[target, 2026]), {"register": REGISTER})
    if who.anonymous:
        _to_login(response, where)
        return
    expected = 200 if monitors(who, target) or administers(who, target) else 404
    check(response.status_code == expected, where, expected, response.status_code)
    if expected == 200 and view != "recap-xlsx" and view != "register-xlsx":
        _personal(response.content.decode(), target, view.startswith("register") and _book_full(who, target), where)


@pytest.mark.parametrize(("who", "view", "target"), RECAP_API_CELLS)
def test_recap_and_register_api(world: World, who: Who, view: str, target: str) -> None:
    where = f"api {cell(view, who, target)}"
    _register_entry(world, target)
    url, query = {
        "rekap": (f"/api/pemantauan/{target}/rekap/bulanan", {"periode": "2026-11"}),
        "rekap-berkas": (f"/api/pemantauan/{target}/rekap/harian/berkas", {"periode": "2026-11-02", "format": "pdf"}),
        "register": (f"/api/pemantauan/{target}/register", {}),
        "register-buku": (f"/api/pemantauan/{target}/register/2026", {"nama": REGISTER}),
        "register-berkas": (f"/api/pemantauan/{target}/register/2026/berkas", {"nama": REGISTER, "format": "pdf"}),
    }[view]
    response = api(world, who, "token").get(url, query)
    if who.anonymous:
        check(response.status_code == 401, where, 401, response.status_code)
        return
    expected = 200 if monitors(who, target) or administers(who, target) else 404
    check(response.status_code == expected, where, expected, response.status_code)
    if expected == 404:
        check(_json(response)["code"] == "not_found", where, "not_found", _json(response)["code"])
        return
    full = view in ("register-buku", "register-berkas") and _book_full(who, target)
    _personal(response.content.decode(), target, full, where)
    if view == "rekap":
        opened = _json(response)["total"]["opened"]
        check(opened == 2, where, "both cases of the organisation", opened)


# ----- the office's settings: profile, logo and local calendar, its administrator only ---------------------------
OFFICE_VIEWS = ("profile", "profile-change", "calendar", "calendar-change")
OFFICE_VIEWS += ("api-profile", "api-profile-change", "api-calendar", "api-calendar-change")
OFFICE_CELLS = [
    pytest.param(who, view, org, id=cell(view, who, org))
    for who in PEOPLE + ADMINISTRATORS
    for view in OFFICE_VIEWS
    for org in ORGS
]


def _office_request(world: World, who: Who, view: str, organisation: str) -> Any:
    if view.startswith("api"):
        client = api(world, who, "token")
        if view == "api-profile":
            return client.get(f"/api/organisations/{organisation}/profile")
        if view == "api-profile-change":
            body = json.dumps({"nama": "Diubah"})
            return client.patch(f"/api/organisations/{organisation}/profile", body, content_type="application/json")
        if view == "api-calendar":
            return client.get(f"/api/organisations/{organisation}/calendar", {"year": 2026})
        body = json.dumps({"kind": "libur", "start": "2026-12-15"})
        return client.post(f"/api/organisations/{organisation}/calendar", body, content_type="application/json")
    client = screen(world, who)
    if view.startswith("profile"):
        url = reverse("office-profile", args=[organisation])
        if view == "profile":
            return client.get(url)
        fields = {"aksi": "profil", "nama": "Diubah", "zona_waktu": "Asia/Jakarta", "jam_senin": "08:00-12:00"}
        return client.post(url, fields)
    url = reverse("office-calendar", args=[organisation])
    if view == "calendar":
        return client.get(url)
    return client.post(url, {"aksi": "ubah", "jenis": "libur", "dari": "2026-12-15"})


@pytest.mark.parametrize(("who", "view", "organisation"), OFFICE_CELLS)
def test_office_settings(world: World, who: Who, view: str, organisation: str) -> None:
    """Only the organisation's administrator reads or changes its profile and calendar; anyone else changes
    nothing and learns nothing (404), anonymous visitors go to the login page or get 401."""
    where = cell(view, who, organisation)
    administers = who.role == "pengelola" and who.organisation == organisation
    response = _office_request(world, who, view, organisation)
    if who.anonymous:
        if view.startswith("api"):
            check(response.status_code == 401, where, 401, response.status_code)
        else:
            _to_login(response, where)
    else:
        changes = view.endswith("change")
        expected = (302 if changes and not view.startswith("api") else 200) if administers else 404
        check(response.status_code == expected, where, expected, response.status_code)
    changed = {
        "names": sorted(Organisation.objects.filter(name="Diubah").values_list("code", flat=True)),
        "days": sorted(CalendarOverride.objects.values_list("organisation__code", flat=True)),
    }
    touched = administers and view.endswith("change")
    expected_change = {
        "names": [organisation] if touched and "profile" in view else [],
        "days": [organisation] if touched and "calendar" in view else [],
    }
    check(changed == expected_change, where, expected_change, changed)


# ----- the office's administration: users, roles, tokens, audit: its administrators only -----------------------
STAFF_VIEWS = (
    "office", "office-users", "office-user", "office-roles", "office-tokens", "office-audit",
    "add-user", "assign-role", "deactivate", "api-users", "api-add-user", "api-assignments", "api-assign",
)  # fmt: skip
STAFF_CELLS = [
    pytest.param(who, view, org, id=cell(view, who, org))
    for who in PEOPLE + ADMINISTRATORS
    for view in STAFF_VIEWS
    for org in ORGS
]


def _staff_request(client: Client, world: World, view: str, organisation: str) -> Any:
    loket = world.users[f"{organisation}.loket"]
    kasi_role = Role.objects.get(organisation__code=organisation, code="kasi")
    screens = {
        "office": ("get", reverse("office", args=[organisation]), None),
        "office-users": ("get", reverse("office-users", args=[organisation]), None),
        "office-user": ("get", reverse("office-user", args=[organisation, loket.pk]), None),
        "office-roles": ("get", reverse("office-roles", args=[organisation]), None),
        "office-tokens": ("get", reverse("office-tokens", args=[organisation]), None),
        "office-audit": ("get", reverse("office-audit", args=[organisation]), None),
        "add-user": ("post", reverse("office-user-add", args=[organisation]), {"username": "baru", "nama": "Baru"}),
        "assign-role": (
            "post",
            reverse("office-role-assign", args=[organisation]),
            {"pengguna": loket.pk, "peran": kasi_role.pk, "jenis": "plh"},
        ),
        "deactivate": ("post", reverse("office-user-action", args=[organisation, loket.pk]), {"aksi": "nonaktifkan"}),
    }
    if view in screens:
        method, url, data = screens[view]
        return client.post(url, data) if method == "post" else client.get(url)
    base = f"/api/organisations/{organisation}"
    if view == "api-users":
        return client.get(f"{base}/users")
    if view == "api-assignments":
        return client.get(f"{base}/assignments")
    body = {"username": "baru", "name": "Baru"} if view == "api-add-user" else {"user_id": loket.pk, "role": "kasi"}
    url = f"{base}/users" if view == "api-add-user" else f"{base}/assignments"
    return client.post(url, json.dumps(body), content_type="application/json")


def _office_state(organisation: str) -> tuple[int, int, bool, int]:
    return (
        User.objects.filter(username="baru").count(),
        RoleAssignment.objects.filter(user__username=f"{organisation}.loket").count(),
        User.objects.get(username=f"{organisation}.loket").is_active,
        AuditEntry.objects.count(),
    )


@pytest.mark.parametrize(("who", "view", "organisation"), STAFF_CELLS)
def test_staff_administration(world: World, who: Who, view: str, organisation: str) -> None:
    """A pengelola of A sees and changes A's users and roles only; an officer never reaches administration."""
    where = cell(view, who, organisation)
    administers = who.role == "pengelola" and who.organisation == organisation
    client = api(world, who, "token") if view.startswith("api") else screen(world, who)
    before = _office_state(organisation)
    response = _staff_request(client, world, view, organisation)
    after = _office_state(organisation)
    changes = view in ("add-user", "assign-role", "deactivate", "api-add-user", "api-assign")
    if who.anonymous:
        if view.startswith("api"):
            check(response.status_code == 401, where, 401, response.status_code)
        else:
            _to_login(response, where)
        check(after == before, where, "nothing changed", after)
        return
    if not administers:
        check(response.status_code == 404, where, 404, response.status_code)
        check(after == before, where, "nothing changed", after)
        return
    expected = {"add-user": 200, "assign-role": 302, "deactivate": 302, "api-add-user": 201, "api-assign": 201}
    check(response.status_code == expected.get(view, 200), where, expected.get(view, 200), response.status_code)
    check((after != before) == changes, where, "changed" if changes else "unchanged", (before, after))
    if changes:
        check(after[3] == before[3] + 1, where, "one audit entry", after[3] - before[3])


READ_ONLY_CELLS = [
    pytest.param(who, view, id=f"{view} by read-only token of {who.name}")
    for who in [*ADMINISTRATORS, Who("kec-a.kasi", "kec-a", "kasi")]
    for view in ("read", "command", "api-add-user")
]


@pytest.mark.parametrize(("who", "view"), READ_ONLY_CELLS)
def test_a_read_only_token_cannot_write(world: World, who: Who, view: str) -> None:
    where = f"{view} by read-only token of {who.name}"
    raw = ApiToken.issue(world.users[who.name], "baca", scope=ApiToken.Scope.READ)[1]
    client = Client(headers={"Authorization": f"Bearer {raw}"})
    events = Event.objects.count()
    if view == "read":
        response = client.get("/api/tasks")
        check(response.status_code == 200, where, 200, response.status_code)
        return
    if view == "command":
        case = world.cases["kec-a", "at-kasi"]
        url = f"/api/cases/{case.pk}/tasks/{CURRENT_TASK['at-kasi']}/commands"
        response = client.post(url, json.dumps({"command": "claim"}), content_type="application/json")
    else:
        body = {"username": "baru", "name": "Baru"}
        response = client.post(f"/api/organisations/{who.organisation}/users", json.dumps(body),
                               content_type="application/json")  # fmt: skip
    check(response.status_code == 403, where, 403, response.status_code)
    check(_json(response)["code"] == "read_only_token", where, "read_only_token", _json(response)["code"])
    check(Event.objects.count() == events and not User.objects.filter(username="baru").exists(), where,
          "nothing written", "written")  # fmt: skip


# ----- the lifecycle: state history (public), revocation and the review SOP (administrators), reminders ----------
LIFECYCLE_VIEWS = ("history", "api-states", "revoke", "api-revoke", "review-sop", "review-sop-change")
LIFECYCLE_VIEWS += ("review-sop-own", "reminders", "api-reminders")
LIFECYCLE_CELLS = _ids(
    [(who, view, org) for who in PEOPLE + ADMINISTRATORS for view in LIFECYCLE_VIEWS for org in ORGS]
)


def _lifecycle_request(world: World, who: Who, view: str, organisation: str) -> Any:
    client = api(world, who, "token") if view.startswith("api") else screen(world, who)
    if view == "history":
        return client.get(reverse("sop-history", args=[organisation, SOP_KEY]))
    if view == "api-states":
        return client.get(f"/api/sop/{organisation}/{SOP_KEY}/states")
    if view == "revoke":
        fields = {"versi": 1, "alasan": "Dicabut", "nomor_keputusan": "188/1/2026"}
        return client.post(reverse("sop-revoke", args=[organisation, SOP_KEY]), fields)
    if view == "api-revoke":
        body = json.dumps({"version": 1, "reason": "Dicabut", "decree_number": "188/1/2026"})
        return client.post(f"/api/sop/{organisation}/{SOP_KEY}/revoke", body, content_type="application/json")
    if view == "review-sop":
        return client.get(reverse("office-review-sop", args=[organisation]))
    if view == "review-sop-change":  # the other organisation's SOP
        other = next(code for code in ORGS if code != organisation)
        return client.post(reverse("office-review-sop", args=[organisation]), {"sop": f"{other}/{SOP_KEY}"})
    if view == "review-sop-own":  # its own: refused, no organisation oversees itself
        return client.post(reverse("office-review-sop", args=[organisation]), {"sop": f"{organisation}/{SOP_KEY}"})
    if view == "reminders":
        return client.get(reverse("reminders-organisation", args=[organisation]))
    return client.get("/api/reminders", {"organisation": organisation})


@pytest.mark.parametrize(("who", "view", "organisation"), LIFECYCLE_CELLS)
def test_lifecycle(world: World, who: Who, view: str, organisation: str) -> None:
    """Anyone reads an SOP's state history; only its organisation's administrator revokes it or names the SOP that
    governs review; reminders are for those who see the organisation's monitoring (and the Biro overseeing it)."""
    where = cell(view, who, organisation)
    response = _lifecycle_request(world, who, view, organisation)
    state = VersionState.objects.get(version__sop__organisation__code=organisation, version__number=1).state
    named = sorted(ReviewPolicy.objects.values_list("organisation__code", flat=True))
    if view in ("history", "api-states"):
        check(response.status_code == 200, where, 200, response.status_code)
    elif who.anonymous:
        if view.startswith("api"):
            check(response.status_code == 401, where, 401, response.status_code)
        else:
            _to_login(response, where)
    else:
        reminder = view in ("reminders", "api-reminders")
        allowed = monitors(who, organisation) if reminder else administers(who, organisation)
        ok = {"revoke": 302, "review-sop-change": 302}.get(view, 200)
        expected = ok if allowed else 404
        check(response.status_code == expected, where, expected, response.status_code)
    revoked = administers(who, organisation) and view in ("revoke", "api-revoke")
    check(state == ("DICABUT" if revoked else "BERLAKU"), where, "DICABUT" if revoked else "BERLAKU", state)
    renamed = [organisation] if administers(who, organisation) and view == "review-sop-change" else []
    check(named == renamed, where, renamed, named)


# ----- SOP drafts: the office's penyusun SOP (here its kasi) and its administrators; nobody else ---------------
def writes(who: Who, organisation: str) -> bool:
    return who.organisation == organisation and who.role in ("kasi", "pengelola")


DRAFT_VIEWS = {
    "draft-editor": ("get", 200),
    "draft-change": ("post", 302),
    "draft-undo": ("post", 422),  # nothing to undo yet: allowed, and said so
    "draft-yaml": ("get", 200),
    "draft-export": ("get", 200),
    "draft-svg": ("get", 200),
    "draft-identity": ("get", 200),
    "draft-pdf": ("get", 200),
    "draft-compare": ("get", 200),  # the world's drafts were never published: the page says so
}
DRAFT_CELLS = _ids(
    [(who, view, org) for who in PEOPLE + ADMINISTRATORS for view in [*DRAFT_VIEWS, "office-writers"] for org in ORGS]
)
DRAFT_API_CELLS = _ids(
    [
        (who, view, org)
        for who in PEOPLE + ADMINISTRATORS
        for view in ("read", "patch", "lint", "svg", "compare", "create")
        for org in ORGS
    ]
)


@pytest.mark.parametrize(("who", "view", "target"), DRAFT_CELLS)
def test_draft_screen(world: World, who: Who, view: str, target: str, monkeypatch: pytest.MonkeyPatch) -> None:
    where = cell(view, who, target)
    monkeypatch.setattr("sopan.render.pdf.sop_pdf", lambda *args, **kwargs: b"%PDF-")  # the permission is asked
    client = screen(world, who)
    if view == "office-writers":
        response = client.get(reverse(view, args=[target]))
        allowed, expected = administers(who, target), 200
    else:
        draft = world.drafts[target]
        method, expected = DRAFT_VIEWS[view]
        url = reverse(view, args=[draft.pk])
        data = {"versi": draft.version, "op": "set_identity", "field": "nama", "value": "Diubah"}
        response = client.post(url, data) if method == "post" else client.get(url)
        allowed = writes(who, target)
    if who.anonymous:
        _to_login(response, where)
        return
    expected = expected if allowed else 404
    check(response.status_code == expected, where, expected, response.status_code)


@pytest.mark.parametrize(("who", "view", "target"), DRAFT_API_CELLS)
def test_draft_api(world: World, who: Who, view: str, target: str) -> None:
    where = f"api {cell(view, who, target)}"
    client = api(world, who, "token")
    draft = world.drafts[target]
    base = f"/api/drafts/{draft.pk}"
    if view == "read":
        response, expected = client.get(base), 200
    elif view == "lint":
        response, expected = client.get(f"{base}/lint"), 200
    elif view == "svg":
        response, expected = client.get(f"{base}/render.svg"), 200
    elif view == "compare":  # the world's drafts are revisions of nothing: a writer is told so, others get 404
        response = client.get(f"{base}/compare")
        if not who.anonymous:
            code = response.json().get("code") if response.status_code == 404 else None
            wanted = "not_published" if writes(who, target) else "not_found"
            check(code == wanted, where, wanted, code or response.status_code)
            return
        expected = 200
    elif view == "patch":
        body = {"version": draft.version, "patch": [{"op": "replace", "path": "/nama", "value": "Diubah"}]}
        response, expected = client.patch(base, json.dumps(body), content_type="application/json"), 200
    else:
        body = {"organisation": target, "start": "kosong"}
        response, expected = client.post("/api/drafts", json.dumps(body), content_type="application/json"), 201
    if who.anonymous:
        check(response.status_code == 401, where, 401, response.status_code)
        return
    expected = expected if writes(who, target) else 404
    check(response.status_code == expected, where, expected, response.status_code)


# ----- approval and signature: only the official "Disahkan Oleh" names; verification is public -----------------
def signs(who: Who, organisation: str) -> bool:
    """The holder of the role named like the jabatan (Camat); not the unit's other roles, not the administrator."""
    return who.organisation == organisation and who.role == "camat"


def _approvable(organisation: str) -> Any:
    """A new version of the SOP naming "Camat Kecamatan A" in Disahkan Oleh (gone with the cell's savepoint)."""
    sop = SopModel.model_validate(
        {**SERVICE_SOP, "organisasi": organisation, "disahkan_oleh": {"jabatan": f"Camat Kecamatan {organisation[-1]}"}}
    )
    sop.id = SOP_KEY
    return publish_sop(Organisation.objects.get(code=organisation), sop)[0]


SIGN_CELLS = [
    pytest.param(who, view, org, id=cell(view, who, org))
    for who in PEOPLE + ADMINISTRATORS
    for view in ("sign-page", "sign", "api-sign", "verification", "api-verification")
    for org in ORGS
]


@pytest.mark.parametrize(("who", "view", "organisation"), SIGN_CELLS)
def test_approval_and_signature(world: World, who: Who, view: str, organisation: str) -> None:
    """The approver reaches the form and the signer (here none is set up: 400/409, nothing signed); anyone else
    gets 404 (the unit that wrote the SOP included); the verification of a signed document is public."""
    where = cell(view, who, organisation)
    version = _approvable(organisation)
    if "verification" in view:
        camat = world.users[f"{organisation}.camat"]
        role = Role.objects.get(organisation__code=organisation, code="camat")
        code = f"UJI{organisation[-1].upper()}2345678"
        SignedDocument.objects.create(version=version, code=code, pdf=b"%PDF-1.7 uji", sha256="0" * 64,
                                      signed_at=at(2, 8), signed_by=camat, role=role, position="Camat",
                                      signer_name="Camat")  # fmt: skip
        url = f"/api/verification/{code}" if view.startswith("api") else reverse("verification", args=[code])
        response = screen(world, who).get(url)
        check(response.status_code == 200, where, 200, response.status_code)
        check("BERLAKU" in response.content.decode(), where, "BERLAKU", "missing")
        return
    if view == "api-sign":
        client = api(world, who, "token")
        url = f"/api/sop/{organisation}/{SOP_KEY}/v{version.number}/sign"
        response = client.post(url, json.dumps({"passphrase": "kunci-uji-1"}), content_type="application/json")
        expected = 401 if who.anonymous else 409 if signs(who, organisation) else 404
        check(response.status_code == expected, where, expected, response.status_code)
        if expected == 409:
            check(_json(response)["code"] == "TTE-BELUM", where, "TTE-BELUM", _json(response)["code"])
    else:
        url = reverse("sign-version", args=[organisation, SOP_KEY, version.number])
        client = screen(world, who)
        response = client.get(url) if view == "sign-page" else client.post(url, {"passphrase": "kunci-uji-1"})
        if who.anonymous:
            _to_login(response, where)
            return
        expected = (200 if view == "sign-page" else 400) if signs(who, organisation) else 404
        check(response.status_code == expected, where, expected, response.status_code)
        check("kunci-uji-1" not in response.content.decode(), where, "passphrase not echoed", "echoed")
    check(not SignedDocument.objects.exists(), where, "nothing signed", "signed")


SIGNING_SETUP_CELLS = [
    pytest.param(who, org, id=cell("tte-setup", who, org)) for who in PEOPLE + ADMINISTRATORS for org in ORGS
]


@pytest.mark.parametrize(("who", "organisation"), SIGNING_SETUP_CELLS)
def test_signing_setup(world: World, who: Who, organisation: str) -> None:
    """Which role signs is the office administrator's setting; the Camat who signs does not set it."""
    where = cell("tte-setup", who, organisation)
    url = reverse("office-signing", args=[organisation])
    client = screen(world, who)
    response = client.post(url, {"peran": "", "jenis": "remote", "layanan": "https://tte.example.go.id/sign"})
    if who.anonymous:
        _to_login(response, where)
        return
    administers = who.role == "pengelola" and who.organisation == organisation
    expected = 302 if administers else 404
    check(response.status_code == expected, where, expected, response.status_code)
    changed = SigningSetup.objects.filter(organisation__code=organisation).exists()
    check(changed == administers, where, "changed" if administers else "unchanged", changed)


# ----- review notes and the Berita Acara: the Biro reviews (adds, closes, makes the Berita Acara); the unit -------
# answers and fixes but may not close (403) nor add; a Berita Acara is read by the Biro and the unit; others 404
def reviews(who: Who) -> bool:
    return who == REVIEWER


def follows(who: Who, organisation: str) -> bool:
    return reviews(who) or writes(who, organisation)


REVIEW_VIEWS = {  # view: (method, answer when allowed, who is allowed, answer for a follower not allowed)
    "draft-review": ("get", 200, "reviewer", 404),
    "draft-note-add": ("post", 302, "reviewer", 404),
    "note-answer": ("post", 302, "follower", 404),
    "note-fixed": ("post", 302, "unit", 403),  # the Biro answers and closes, but the unit says it is fixed
    "note-close": ("post", 302, "reviewer", 403),
    "minutes-new": ("get", 200, "reviewer", 404),
    "minutes-make": ("post", 302, "reviewer", 404),
    "office-minutes": ("get", 200, "reviewer", 404),
    "minutes-pdf": ("get", 200, "follower", 404),
}
REVIEW_API = {
    "notes": ("get", 200, "follower", 404),
    "note-add": ("post", 201, "reviewer", 403),
    "note-answer": ("post", 200, "follower", 404),
    "note-fixed": ("post", 200, "unit", 403),
    "note-close": ("post", 200, "reviewer", 403),
    "minutes-make": ("post", 201, "reviewer", 403),
    "minutes-list": ("get", 200, "reviewer", 404),
    "minutes-pdf": ("get", 200, "follower", 404),
}


def _review_cells(views: dict[str, Any]) -> list[Any]:
    return _ids([(who, view, org) for who in [*PEOPLE, *ADMINISTRATORS, REVIEWER] for view in views for org in ORGS])


REVIEW_CELLS, REVIEW_API_CELLS = _review_cells(REVIEW_VIEWS), _review_cells(REVIEW_API)


def _review_expected(rules: tuple[str, int, str, int], who: Who, organisation: str) -> int:
    _, ok, allowed, refused = rules
    permitted = {"reviewer": reviews(who), "follower": follows(who, organisation), "unit": writes(who, organisation)}
    if permitted[allowed]:
        return ok
    return refused if follows(who, organisation) else 404


def _minutes_form(world: World, organisation: str) -> dict[str, Any]:
    draft = world.drafts[organisation]
    return {"konsep": [str(draft.pk)], f"kesimpulan-{draft.pk}": "sesuai", "tanggal": "2026-12-04",
            "tempat": "Banjarbaru", "penelaah_nama": "Analis", "pejabat_nama": "Camat"}  # fmt: skip


@pytest.mark.parametrize(("who", "view", "target"), REVIEW_CELLS)
def test_review_screens(world: World, who: Who, view: str, target: str) -> None:
    where = cell(view, who, target)
    client = screen(world, who)
    draft, note, minutes = world.drafts[target], world.notes[target], world.minutes[target]
    action = {"note-answer": "jawab", "note-fixed": "diperbaiki", "note-close": "selesai"}.get(view)
    if action:
        url = reverse("draft-note", args=[draft.pk, note.pk])
        response = client.post(url, {"aksi": action, "teks": "Sudah"})
    elif view == "draft-note-add":
        response = client.post(reverse(view, args=[draft.pk]), {"tempat": "kolom:nama", "teks": "Catatan"})
    elif view == "minutes-make":
        response = client.post(reverse("minutes-new", args=[draft.pk]), _minutes_form(world, target))
    elif view == "office-minutes":
        response = client.get(reverse(view, args=[REVIEWER.organisation]))
    elif view == "minutes-pdf":
        response = client.get(reverse(view, args=[minutes.pk]))
    else:
        response = client.get(reverse(view, args=[draft.pk]))
    if who.anonymous:
        _to_login(response, where)
        return
    expected = _review_expected(REVIEW_VIEWS[view], who, target)
    check(response.status_code == expected, where, expected, response.status_code)


@pytest.mark.parametrize(("who", "view", "target"), REVIEW_API_CELLS)
def test_review_api(world: World, who: Who, view: str, target: str) -> None:
    where = f"api {cell(view, who, target)}"
    client = api(world, who, "token")
    draft, note, minutes = world.drafts[target], world.notes[target], world.minutes[target]
    base = f"/api/drafts/{draft.pk}/notes"
    posts = {
        "note-add": (base, {"text": "Catatan", "field": "nama"}),
        "note-answer": (f"{base}/{note.pk}/answer", {"text": "Sudah"}),
        "note-fixed": (f"{base}/{note.pk}/answer", {"text": "", "fixed": True}),
        "note-close": (f"{base}/{note.pk}/close", {}),
        "minutes-make": ("/api/review-minutes", {
            "date": "2026-12-04", "place": "Banjarbaru", "evaluator": {"name": "Analis"},
            "officer": {"name": "Camat"}, "sops": [{"draft": str(draft.pk), "verdict": "sesuai"}]}),
    }  # fmt: skip
    gets = {
        "notes": base,
        "minutes-list": f"/api/review-minutes?organisation={REVIEWER.organisation}",
        "minutes-pdf": f"/api/review-minutes/{minutes.pk}/pdf",
    }
    if view in posts:
        url, body = posts[view]
        response = client.post(url, json.dumps(body), content_type="application/json")
    else:
        response = client.get(gets[view])
    if who.anonymous:
        check(response.status_code == 401, where, 401, response.status_code)
        return
    expected = _review_expected(REVIEW_API[view], who, target)
    check(response.status_code == expected, where, expected, response.status_code)


# ----- a draft's way to law: its unit submits, only the reviewers decide, only the named official approves --------
# an officer of the built-in review SOP
BAWAAN_REVIEWER = Who("bawaan.analis", "sopan-bawaan", "analis-biro-organisasi")
WAY_VIEWS = ("draft-history", "draft-submit", "draft-approve", "api-lifecycle", "api-submit", "api-approve")
WAY_VIEWS += ("api-decide",)
WAY_CELLS = _ids(
    [(who, view, org) for who in [*PEOPLE, *ADMINISTRATORS, BAWAAN_REVIEWER] for view in WAY_VIEWS for org in ORGS]
)


def _in_review(world: World, organisation: str, conforming: bool) -> tuple[Draft, Case]:
    """A revision naming "Camat Kecamatan A", submitted by the kasi (its writer) and reviewed by the built-in
    review SOP up to its decision, or found conforming (gone with the cell's savepoint)."""
    kasi = world.users[f"{organisation}.kasi"]
    version = SopVersion.objects.get(sop__organisation__code=organisation, sop__key=SOP_KEY, number=1)
    Organisation.objects.filter(code=organisation).update(definition={"kode": organisation, "nama": "Kecamatan"})
    draft = new_draft(Organisation.objects.get(code=organisation), kasi, start="revisi", version=version)
    assert isinstance(draft, Draft)
    named = {"jabatan": f"Camat Kecamatan {organisation[-1].upper()}"}
    draft = replace_definition(draft, kasi, draft.version, {**draft.definition, "nama": "Baru", "disahkan_oleh": named})
    analyst = world.users[BAWAAN_REVIEWER.name]
    _, case = submit_draft(kasi, draft)
    work_task(analyst, case)
    work_task(analyst, case)
    if conforming:
        work_task(analyst, case, answer=True)
    return Draft.objects.get(pk=draft.pk), case


def _reviewer(world: World) -> None:
    """The built-in review SOP published and its analyst with a token, made again in each cell's savepoint."""
    builtin_review_version()
    analyst = User.objects.create(username=BAWAAN_REVIEWER.name)
    role = Role.objects.get(organisation__code=BAWAAN_REVIEWER.organisation, code=BAWAAN_REVIEWER.role)
    RoleAssignment.objects.create(user=analyst, role=role)
    world.users[BAWAAN_REVIEWER.name] = analyst
    world.tokens[BAWAAN_REVIEWER.name] = ApiToken.issue(analyst, "matriks")[1]


def _way_request(world: World, who: Who, view: str, organisation: str) -> tuple[Any, Draft]:
    _reviewer(world)
    client = api(world, who, "token") if view.startswith("api") else screen(world, who)
    if view in ("draft-submit", "api-submit"):  # the world's empty draft: lint errors (a step without a lane)
        draft = world.drafts[organisation]
        url = f"/api/drafts/{draft.pk}/submit" if view == "api-submit" else reverse(view, args=[draft.pk])
        return client.post(url), draft
    draft, case = _in_review(world, organisation, conforming=view != "api-decide")
    if view == "draft-history":
        return client.get(reverse(view, args=[draft.pk])), draft
    if view == "draft-approve":
        return client.post(reverse(view, args=[draft.pk])), draft
    if view == "api-lifecycle":
        return client.get(f"/api/drafts/{draft.pk}/lifecycle"), draft
    if view == "api-approve":
        return client.post(f"/api/drafts/{draft.pk}/approve"), draft
    case.refresh_from_db()
    task = case.typed_state.current
    assert task is not None
    body = json.dumps({"command": "decide", "answer": False, "reason": "Mutu baku belum diisi"})
    url = f"/api/cases/{case.pk}/tasks/{task.task}/commands"
    return client.post(url, body, content_type="application/json"), draft


@pytest.mark.parametrize(("who", "view", "organisation"), WAY_CELLS)
def test_way_to_law(world: World, who: Who, view: str, organisation: str) -> None:
    """The unit (its writers and administrators) submits and reads; the reviewers' organisation alone decides in
    the review case; the official named in Disahkan Oleh (the Camat) alone approves; the unit cannot approve its
    own SOP; anyone else gets 404 with no hint that the draft exists."""
    where = cell(view, who, organisation)
    response, draft = _way_request(world, who, view, organisation)
    unit = writes(who, organisation)
    approver = signs(who, organisation)
    reviewer = who == BAWAAN_REVIEWER
    state = draft_state(draft).value
    if who.anonymous:
        if view.startswith("api"):
            check(response.status_code == 401, where, 401, response.status_code)
        else:
            _to_login(response, where)
        return
    if view in ("draft-submit", "api-submit"):
        # a reviewer sees the draft of a unit it oversees (lifecycle.oversight), but submitting is the unit's
        refused = 403 if view == "api-submit" else 302
        expected = (422 if view == "api-submit" else 302) if unit else refused if reviewer else 404
        check(state == "DRAFT", where, "DRAFT", state)  # lint errors: never submitted
    elif view in ("draft-history", "api-lifecycle"):
        expected = 200 if unit or approver or reviewer else 404
    elif view == "draft-approve":
        expected = 302 if unit or approver or reviewer else 404
        wanted = "BERLAKU" if approver else "SESUAI"
        check(state == wanted, where, wanted, state)
    elif view == "api-approve":
        expected = 200 if approver else 403 if unit or reviewer else 404
        wanted = "BERLAKU" if approver else "SESUAI"
        check(state == wanted, where, wanted, state)
    else:
        expected = 200 if reviewer else 404
        wanted = "PERLU_PERBAIKAN" if reviewer else "DALAM_REVIEW"
        check(state == wanted, where, wanted, state)
    check(response.status_code == expected, where, expected, response.status_code)


# ----- reading a draft under review: its unit, its reviewers and the official who must approve it; nobody else ---
READ_VIEWS = ("draft-editor", "draft-pdf")
READ_CELLS = _ids(
    [(who, view, org) for who in [*PEOPLE, *ADMINISTRATORS, BAWAAN_REVIEWER] for view in READ_VIEWS for org in ORGS]
)


@pytest.mark.parametrize(("who", "view", "organisation"), READ_CELLS)
def test_reading_a_draft_in_review(
    world: World, who: Who, view: str, organisation: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A draft found conforming: the official named in Disahkan Oleh reads it (the editor read-only, its PDF) to
    approve it, as do its unit and its reviewers; the Camat of the other office and everyone else get 404."""
    where = cell(view, who, organisation)
    monkeypatch.setattr("sopan.render.pdf.sop_pdf", lambda *args, **kwargs: b"%PDF-")  # the permission is asked
    _reviewer(world)
    draft, _ = _in_review(world, organisation, conforming=True)
    response = screen(world, who).get(reverse(view, args=[draft.pk]))
    if who.anonymous:
        _to_login(response, where)
        return
    allowed = writes(who, organisation) or signs(who, organisation) or who == BAWAAN_REVIEWER
    expected = 200 if allowed else 404
    check(response.status_code == expected, where, expected, response.status_code)
    if expected == 200 and view == "draft-editor":
        page = response.content.decode()
        check('id="read-only"' in page and 'id="submit-draft"' not in page, where, "read-only", "editable")
    if expected == 200 and view == "draft-pdf":
        check(response.content.startswith(b"%PDF"), where, "a PDF", response.content[:12])


# ----- the review verdict: refused to an officer of the review SOP who also writes for the draft's own unit --------
INSIDER = Who("bawaan.orang-dalam", "sopan-bawaan", "analis-biro-organisasi")  # and a penyusun SOP of kec-a
VERDICT_CELLS = _ids([(who, view, org) for who in (BAWAAN_REVIEWER, INSIDER) for view in ("decide", "api-decide")
                      for org in ORGS])  # fmt: skip


@pytest.mark.parametrize(("who", "view", "organisation"), VERDICT_CELLS)
def test_the_own_unit_gives_no_verdict(world: World, who: Who, view: str, organisation: str) -> None:
    """The insider works the review case of kec-b's draft to its verdict but not of kec-a's, its own unit's: the
    screen says why (bilingual) and the API answers 409 wrong_role; nothing is decided."""
    where = cell(view, who, organisation)
    _reviewer(world)
    insider = world.users[INSIDER.name] = User.objects.create(username=INSIDER.name)
    RoleAssignment.objects.create(
        user=insider, role=Role.objects.get(organisation__code=INSIDER.organisation, code=INSIDER.role)
    )
    Writer.objects.create(user=insider, organisation=Organisation.objects.get(code="kec-a"))
    world.tokens[INSIDER.name] = ApiToken.issue(insider, "matriks")[1]
    draft, case = _in_review(world, organisation, conforming=False)
    case.refresh_from_db()
    task = case.typed_state.current
    assert task is not None
    own = who == INSIDER and organisation == "kec-a"
    if view == "api-decide":
        body = json.dumps({"command": "decide", "answer": False, "reason": "Mutu baku belum diisi"})
        url = f"/api/cases/{case.pk}/tasks/{task.task}/commands"
        response = api(world, who, "token").post(url, body, content_type="application/json")
        expected = 409 if own else 200
        check(response.status_code == expected, where, expected, response.status_code)
        if own:
            check(_json(response)["code"] == "wrong_role", where, "wrong_role", _json(response)["code"])
    else:
        process = process_for(case.sop_version)
        items = [item.key for item in process.requirements(process.step(task.step))]
        data = {"action": "tidak", "alasan": "Mutu baku belum diisi", "command_id": str(uuid.uuid4()), "item": items}
        response = screen(world, who).post(reverse("task-action", args=[case.pk, task.task]), data, follow=True)
        said = "unitnya sendiri" in response.content.decode()
        check(said == own, where, "refused" if own else "decided", "refused" if said else "decided")
    wanted = "DALAM_REVIEW" if own else "PERLU_PERBAIKAN"
    check(draft_state(draft).value == wanted, where, wanted, draft_state(draft).value)


# ----- the drafts waiting for one's review or approval: the reviewers and the named official, not the unit ----------
LIST_PEOPLE = [*PEOPLE, *ADMINISTRATORS, BAWAAN_REVIEWER]
WAITING_CELLS = _ids([(who, view, org) for who in LIST_PEOPLE for view in ("drafts", "api-waiting") for org in ORGS])


@pytest.mark.parametrize(("who", "view", "organisation"), WAITING_CELLS)
def test_drafts_waiting(world: World, who: Who, view: str, organisation: str) -> None:
    """A draft found conforming is listed (the drafts page's section, GET /api/drafts/waiting) for the official
    named in Disahkan Oleh and the reviewers overseeing its unit; not for its unit (it writes it) nor anyone else."""
    where = cell(view, who, organisation)
    _reviewer(world)
    draft, _ = _in_review(world, organisation, conforming=True)
    listed = (signs(who, organisation) or who == BAWAAN_REVIEWER) and not writes(who, organisation)
    if view == "api-waiting":
        response = api(world, who, "token").get("/api/drafts/waiting")
        if who.anonymous:
            check(response.status_code == 401, where, 401, response.status_code)
            return
        check(response.status_code == 200, where, 200, response.status_code)
        found = str(draft.pk) in {item["id"] for item in response.json()["items"]}
    else:
        response = screen(world, who).get(reverse("drafts"))
        if who.anonymous:
            _to_login(response, where)
            return
        check(response.status_code == 200, where, 200, response.status_code)
        found = reverse("draft-history", args=[draft.pk]) in response.content.decode()
    check(found == listed, where, "listed" if listed else "not listed", "listed" if found else "not listed")


# ----- submitting a revision with no change: refused to its unit (nothing changes), 404 to those who cannot see it ---
UNCHANGED_CELLS = _ids(
    [(who, view, org) for who in LIST_PEOPLE for view in ("draft-submit", "api-submit") for org in ORGS]
)


@pytest.mark.parametrize(("who", "view", "organisation"), UNCHANGED_CELLS)
def test_an_unchanged_revision_is_not_submitted(world: World, who: Who, view: str, organisation: str) -> None:
    """The unit is told the revision is the same as version 1 (the API: 409 ``unchanged``); a reviewer of the unit
    sees the draft but may not submit it (403); anyone else gets 404; the draft stays a DRAFT in every cell."""
    where = cell(view, who, organisation)
    _reviewer(world)
    kasi = world.users[f"{organisation}.kasi"]
    version = SopVersion.objects.get(sop__organisation__code=organisation, sop__key=SOP_KEY, number=1)
    Organisation.objects.filter(code=organisation).update(definition={"kode": organisation, "nama": "Kecamatan"})
    draft = new_draft(Organisation.objects.get(code=organisation), kasi, start="revisi", version=version)
    assert isinstance(draft, Draft)
    unit, reviewer = writes(who, organisation), who == BAWAAN_REVIEWER
    if view == "api-submit":
        response = api(world, who, "token").post(f"/api/drafts/{draft.pk}/submit")
        expected = 401 if who.anonymous else 409 if unit else 403 if reviewer else 404
        check(response.status_code == expected, where, expected, response.status_code)
        if unit:
            check(response.json()["code"] == "unchanged", where, "unchanged", response.json()["code"])
    elif who.anonymous:
        _to_login(screen(world, who).post(reverse(view, args=[draft.pk])), where)
    else:
        response = screen(world, who).post(reverse(view, args=[draft.pk]), follow=True)
        expected = 200 if unit or reviewer else 404  # refused with a message on the draft's history page
        check(response.status_code == expected, where, expected, response.status_code)
        said = "sama dengan versi 1 yang sudah terbit" in response.content.decode()
        check(said == unit, where, "told unchanged" if unit else "not told", "told" if said else "not told")
    check(draft_state(draft) == State.DRAFT, where, "DRAFT", draft_state(draft).value)
