"""Seven hand-made cases of the test SOP for the performance figures (see test_monitoring_performance.py)."""

from __future__ import annotations

import datetime as dt

from sopan.engine import Applicant, CancelCase, CompleteStep, Decide, OpenCase, RecordOutsideStep, RejectCase
from sopan.engine import TickRequirement as Tick
from sopan.model.sop import Sop as SopModel
from sopan.web.cases.models import Case
from sopan.web.cases.services import submit
from sopan.web.catalog.local_calendar import set_days
from sopan.web.catalog.publishing import publish_sop
from sopan.web.monitoring.performance import Period
from tests.factories import SERVICE_SOP, WIB
from tests.web.factories import NOBODY, Office

ANI = Applicant(name="Ani Lestari", nik="3508010101010001")
NOVEMBER = Period(dt.date(2026, 11, 1), dt.date(2026, 11, 30))
NOW = dt.datetime(2026, 12, 1, 8, 20, tzinfo=WIB)
WAIVED = {"1": "dibawa besok", "2": "dibawa besok"}


def when(month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, month, day, hour, minute, tzinfo=WIB)


def open_case(office: Office, at: dt.datetime) -> Case:
    return submit(office.loket, OpenCase(actor=NOBODY, at=at, applicant=ANI), version=office.version).case


def step1(office: Office, case: Case, task: int, at: dt.datetime) -> None:
    submit(office.loket, RecordOutsideStep(actor=NOBODY, at=at, task=task, waivers=WAIVED), case=case)


def step2(office: Office, case: Case, task: int, at: dt.datetime, answer: bool = True) -> None:
    if answer:
        submit(office.loket, Tick(actor=NOBODY, at=at, task=task, item="1"), case=case)
    submit(
        office.loket,
        Decide(actor=NOBODY, at=at, task=task, answer=answer, reason=None if answer else "buram"),
        case=case,
    )


def rest(office: Office, case: Case, first: int, step3: dt.datetime, step4: dt.datetime, step5: dt.datetime) -> None:
    submit(office.kasi, CompleteStep(actor=NOBODY, at=step3, task=first), case=case)
    submit(office.camat, Decide(actor=NOBODY, at=step4, task=first + 1, answer=True), case=case)
    submit(office.loket, CompleteStep(actor=NOBODY, at=step5, task=first + 2), case=case)


def build_cases(office: Office) -> Office:
    set_days(office.organisation, "holiday", dt.date(2026, 11, 10), name="Libur lokal")
    a = open_case(office, when(11, 2, 8))
    step1(office, a, 1, when(11, 2, 9))
    step2(office, a, 2, when(11, 2, 10), answer=False)
    step1(office, a, 3, when(11, 2, 11))
    step2(office, a, 4, when(11, 2, 12))
    rest(office, a, 5, when(11, 2, 13), when(11, 3, 9), when(11, 3, 10))
    b = open_case(office, when(11, 5, 8))
    step1(office, b, 1, when(11, 5, 8, 5))
    step2(office, b, 2, when(11, 5, 8, 15))
    rest(office, b, 3, when(11, 5, 9, 15), when(11, 5, 10, 15), when(11, 11, 10, 15))
    c = open_case(office, when(11, 16, 8))
    step1(office, c, 1, when(11, 16, 8, 5))
    submit(office.loket, RejectCase(actor=NOBODY, at=when(11, 16, 9), reason="Berkas tidak sah"), case=c)
    d = open_case(office, when(11, 17, 8))
    submit(office.loket, RejectCase(actor=NOBODY, at=when(11, 17, 8, 30), reason="Ditarik pemohon"), case=d)
    e = open_case(office, when(11, 23, 8))
    step1(office, e, 1, when(11, 23, 8, 5))
    step2(office, e, 2, when(11, 23, 8, 20))
    f = open_case(office, when(11, 30, 8))
    step1(office, f, 1, when(11, 30, 8, 5))
    g = open_case(office, when(10, 29, 8))
    step1(office, g, 1, when(10, 29, 8, 5))
    return office


def cancelled_assignment(office: Office, key: str, name: str, day: int) -> Case:
    """An assignment SOP of the office (the test SOP as a penugasan), published, and one of its cases opened on
    ``day`` of November, its first step recorded with waivers, then cancelled."""
    sop = SopModel.model_validate({**SERVICE_SOP, "sifat": "penugasan", "nama": name})
    sop.id = key
    version, _ = publish_sop(office.organisation, sop)
    opened = submit(office.loket, OpenCase(actor=NOBODY, at=when(11, day, 8), trigger="Disposisi"), version=version)
    done = RecordOutsideStep(actor=NOBODY, at=when(11, day, 8, 30), task=1, waivers=WAIVED)
    submit(office.loket, done, case=opened.case)
    return submit(
        office.loket, CancelCase(actor=NOBODY, at=when(11, day, 9), reason="Rapat ditunda"), case=opened.case
    ).case
