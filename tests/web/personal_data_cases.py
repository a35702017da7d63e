"""A finished case full of personal data, and the probes the anonymisation tests and the crash tests share."""

from __future__ import annotations

import datetime as dt

from django.db import connection

from sopan.engine import (
    Applicant,
    CaseState,
    CompleteStep,
    Decide,
    Event,
    OpenCase,
    RecordOutput,
    RecordOutsideStep,
    replay,
)
from sopan.web.accounts.models import Administrator
from sopan.web.cases.models import Case, Task
from sopan.web.cases.services import submit
from sopan.web.catalog.models import SopVersion
from tests.factories import WIB, at
from tests.web.factories import NOBODY, Office, make_user

NIK = "3508010101019876"
KK = "3508999988887777"
APPLICANT = Applicant(name="Ani Lestari Wulandari", nik=NIK, phone="081234567890", address="Jl. Mawar 17, Bawang")
PERSONAL = (APPLICANT.name, NIK, APPLICANT.phone, APPLICANT.address, KK)
LATER = dt.datetime(2032, 1, 5, 9, tzinfo=WIB)  # past five years after the cases close


def finished_case(
    office: Office, version: SopVersion | None = None, applicant: Applicant = APPLICANT, file: str | None = None
) -> Case:
    """A case through every kind of free text: a note, a tidak reason and an output naming the applicant
    (with ``file`` as the output's upload, when given)."""
    opening = OpenCase(actor=NOBODY, at=at(2, 8), applicant=applicant)
    case = submit(office.loket, opening, version=version or office.version).case
    note = f"diantar anaknya; KK {KK}"
    submit(
        office.loket,
        RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"}, note=note),
        case=case,
    )
    submit(office.loket, Decide(actor=NOBODY, at=at(2, 10), task=2, answer=False, reason=f"KTP {NIK} buram"), case=case)
    submit(office.loket, RecordOutsideStep(actor=NOBODY, at=at(2, 11), task=3, waivers={"1": "a", "2": "b"}), case=case)
    submit(office.loket, Decide(actor=NOBODY, at=at(2, 12), task=4, answer=True, waivers={"1": "ada"}), case=case)
    output = RecordOutput(
        actor=NOBODY, at=at(2, 13), task=5, name="Konsep surat", value=f"Surat untuk {applicant.name}", file=file
    )
    submit(office.kasi, output, case=case)
    submit(office.kasi, CompleteStep(actor=NOBODY, at=at(2, 14), task=5), case=case)
    submit(office.camat, Decide(actor=NOBODY, at=at(3, 9), task=6, answer=True), case=case)
    return submit(office.loket, CompleteStep(actor=NOBODY, at=at(3, 10), task=7), case=case).case


def administrator(office: Office) -> object:
    user = make_user("pengelola", office.organisation)
    Administrator.objects.create(user=user, organisation=office.organisation)
    return user


def every_text_in_the_database() -> str:
    """Every value of every row of every table, as text."""
    parts = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            parts.extend(str(value) for row in cursor.fetchall() for value in row)
    return "\n".join(parts)


def replayed(case: Case) -> CaseState:
    rows = case.events.order_by("seq")
    return replay(
        [Event.from_json({"kind": e.kind, "at": e.at.isoformat(), "actor": e.actor_name, "data": e.data}) for e in rows]
    )


def timings(case: Case) -> list[tuple]:
    tasks = Task.objects.filter(case=case).order_by("number")
    return [(case.due_at, case.closed_at, case.opened_at)] + [
        (t.number, t.step, t.activated_at, t.due_at, t.completed_at, t.elapsed_minutes, t.answer) for t in tasks
    ]
