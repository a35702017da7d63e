"""Database rows the web tests share: a small service SOP published for a made-up kecamatan, its officers, cases."""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Model
from django.test import Client
from django.utils import timezone

from sopan.engine import SIGNED_IN, CompleteStep, Decide, OpenCase, TickRequirement
from sopan.model.organisation import Organisation as OrganisationModel
from sopan.model.sop import Sop as SopModel
from sopan.web.accounts.models import RoleAssignment
from sopan.web.cases.models import Case, Task
from sopan.web.cases.services import submit
from sopan.web.catalog.models import Organisation, Role, SopVersion, StepRole
from sopan.web.catalog.publishing import publish_sop
from sopan.web.catalog.runtime import process_for
from tests.factories import ANI, SERVICE_SOP, at

NOBODY = SIGNED_IN  # the service binds it to the signed-in user's roles
PASSWORD = "rahasia-sekali-123"


@dataclass
class Office:
    organisation: Organisation
    version: SopVersion
    loket: User
    kasi: User
    camat: User
    outsider: User  # an officer of another organisation holding a role with the same code


def make_user(name: str, organisation: Organisation, *codes: str) -> User:
    """A user holding the roles of these codes in the organisation."""
    user = User.objects.create_user(name, password=PASSWORD)
    for code in codes:
        RoleAssignment.objects.create(user=user, role=Role.objects.get(organisation=organisation, code=code))
    return user


def task_role_codes(task: Task) -> set[str]:
    """The codes of the roles that may work a task: those of its step in its case's version."""
    rows = StepRole.objects.filter(sop_version_id=task.case.sop_version_id, step=task.step)
    return set(rows.values_list("role__code", flat=True))


def client_for(user: User) -> Client:
    """A test client signed in as ``user``."""
    client = Client()
    client.force_login(user)
    return client


def make_office() -> Office:
    """The service SOP published for kec-contoh and kec-lain, with siti (loket), budi (kasi), camat, orang-lain."""
    model = OrganisationModel.model_validate({"kode": "kec-contoh", "nama": "Kecamatan Contoh"})
    organisation = Organisation.objects.create(code=model.code, name=model.name, definition=model.to_file_data())
    sop = SopModel.model_validate(SERVICE_SOP)
    sop.id = "surat-keterangan"
    version, _ = publish_sop(organisation, sop)
    other = Organisation.objects.create(code="kec-lain", name="Kecamatan Lain")
    publish_sop(other, sop)
    return Office(
        organisation=organisation,
        version=version,
        loket=make_user("siti", organisation, "loket"),
        kasi=make_user("budi", organisation, "kasi"),
        camat=make_user("camat", organisation, "camat"),
        outsider=make_user("orang-lain", other, "loket", "kasi", "camat"),
    )


INSERTED_STEP = "Mengambil nomor antrean"
REVISED_TITLE = "Pelayanan Surat Keterangan Domisili"


def publish_revision(office: Office) -> SopVersion:
    """Version 2 of the office's SOP: one step inserted after the first, one word added to the title."""
    data = copy.deepcopy(SERVICE_SOP)
    data["nama"] = REVISED_TITLE
    data["langkah"].insert(1, {"kegiatan": INSERTED_STEP, "pelaksana": "pemohon", "waktu": "2 menit"})
    for step in data["langkah"]:  # a decision sending back past the inserted step keeps its target
        decision = step.get("keputusan")
        if decision and isinstance(decision.get("tidak"), int) and decision["tidak"] > 1:
            decision["tidak"] += 1
    sop = SopModel.model_validate(data)
    sop.id = "surat-keterangan"
    version, created = publish_sop(office.organisation, sop)
    assert created
    return version


def open_case(office: Office, when: dt.datetime | None = None) -> Case:
    """A case of Ani Lestari opened at the loket (on Monday 2 November 2026, 08:00 WIB, unless told)."""
    result = submit(office.loket, OpenCase(actor=NOBODY, at=when or at(2, 8), applicant=ANI), version=office.version)
    return result.case


def work_task(user: User, case: Case, **decision: object) -> None:
    """``user`` ticks the case's current task's kelengkapan and completes it (or answers its decision with
    ``answer=`` and ``reason=``), as an officer at the task page would."""
    case.refresh_from_db()
    task = case.typed_state.current
    assert task is not None and not task.outside
    process = process_for(case.sop_version)
    for item in process.requirements(process.step(task.step)):
        if item.required and item.key not in task.ticked:
            submit(user, TickRequirement(actor=NOBODY, at=timezone.now(), task=task.task, item=item.key), case=case)
    if decision:
        submit(user, Decide(actor=NOBODY, at=timezone.now(), task=task.task, **decision), case=case)  # type: ignore[arg-type]
    else:
        submit(user, CompleteStep(actor=NOBODY, at=timezone.now(), task=task.task), case=case)


def insert_rows(rows: Sequence[Model]) -> None:
    """Model instances (of one model, primary keys set) written with one ``executemany``: thousands of rows in
    about a second, where ``bulk_create`` spends most of its time preparing each value."""
    model = type(rows[0])
    fields = list(model._meta.concrete_fields)
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    marks = ", ".join(["%s"] * len(fields))
    values = [
        tuple(field.get_db_prep_save(getattr(row, field.attname), connection) for field in fields) for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {model._meta.db_table} ({columns}) VALUES ({marks})", values)


def run_together(jobs: list[Callable[[], object]]) -> list[object]:
    """Run jobs in threads started at once; each result is the return value or the exception raised."""
    results: list[object] = [None] * len(jobs)

    def worker(index: int) -> None:
        try:
            results[index] = jobs[index]()
        except Exception as error:  # collected for the assertions
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(jobs))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results
