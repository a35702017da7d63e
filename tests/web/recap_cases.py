"""Six hand-made cases of the test SOP for the recaps and the register book (see test_monitoring_recap.py).

Office hours are the default (Mon-Thu 07:30-16:00, Fri 07:30-16:30), WIB. The SOP promises 2 days 75 minutes;
step 3 records into "Register Surat Keterangan". Working minutes per step in brackets.

P  Mon 2 Nov 08:00: 1 at 08:05 (5), 2 at 08:15 (10), 3 at 09:15 (60), 4 at 10:15 (60), 5 at 11:15 (60):
   195 minutes; promised Wed 4 Nov 09:15, finished Mon 2 Nov 11:15: on time. Register no. 1 (Mon 2 Nov).
Q  Mon 2 Nov 09:00: 1 at 09:05, 2 at 09:15, 3 at 10:15, 4 at 11:15 (135), 5 at Thu 5 Nov 10:00 (Mon 285 + Tue 510
   + Wed 510 + Thu 150 = 1455): 1590 minutes; promised Wed 4 Nov 10:15: late. Register no. 2 (Mon 2 Nov).
B1 Wed 4 Nov 23:50 WIB (16:50 UTC): open at step 1. B2 Thu 5 Nov 00:10 WIB (still Wed 4 Nov 17:10 UTC): open.
H  Thu 5 Nov 08:00: 1 at 08:05 (5); on hold at step 2 from Thu 08:10 to Mon 9 Nov 08:10 across the weekend
   (Thu 470 + Fri 540 + Mon 40 = 1050 held); 2 at 08:20 (1065 - 1050 = 15), 3 at 09:20, 4 at 10:20, 5 at 11:20
   (60 each): 200 minutes. Promised Mon 9 Nov 09:15, moved by the hold to Wed 11 Nov 09:45; finished Mon 9 Nov
   11:20: on time (without the hold it would be late). Register no. 3 (Mon 9 Nov).
R  Tue 10 Nov 08:00: 1 at 08:05; rejected at step 2 at 09:00.

November: opened 6, finished 3 (on time 2, late 1), on hold 1, rejected 1, cancelled 0; average working time
(195 + 1590 + 200) / 3 = 661.67 minutes = 11.03 working hours = 1.47 working days (450-minute days).
"""

from __future__ import annotations

import datetime as dt

from sopan.engine import (
    Applicant,
    CompleteStep,
    Decide,
    HoldForApplicant,
    OpenCase,
    RecordOutsideStep,
    RejectCase,
    ResumeCase,
)
from sopan.engine import TickRequirement as Tick
from sopan.web.cases.models import Case
from sopan.web.cases.services import submit
from tests.factories import WIB
from tests.web.factories import NOBODY, Office

ANI = Applicant(name="Ani Lestari", nik="3508010101010001")
WAIVED = {"1": "dibawa besok", "2": "dibawa besok"}
NOVEMBER = {"opened": 6, "finished": 3, "on_time": 2, "late": 1, "held": 1, "rejected": 1, "cancelled": 0}
AVERAGE_MINUTES = (195 + 1590 + 200) / 3


def when(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=WIB)


def _open(office: Office, at: dt.datetime) -> Case:
    return submit(office.loket, OpenCase(actor=NOBODY, at=at, applicant=ANI), version=office.version).case


def _one(office: Office, case: Case, task: int, at: dt.datetime) -> None:
    """Task ``task`` (= step, no loops here) done at ``at`` by its officer."""
    if task == 1:
        submit(office.loket, RecordOutsideStep(actor=NOBODY, at=at, task=1, waivers=WAIVED), case=case)
    elif task == 2:
        submit(office.loket, Tick(actor=NOBODY, at=at, task=2, item="1"), case=case)
        submit(office.loket, Decide(actor=NOBODY, at=at, task=2, answer=True), case=case)
    elif task == 3:
        submit(office.kasi, CompleteStep(actor=NOBODY, at=at, task=3), case=case)
    elif task == 4:
        submit(office.camat, Decide(actor=NOBODY, at=at, task=4, answer=True), case=case)
    else:
        submit(office.loket, CompleteStep(actor=NOBODY, at=at, task=task), case=case)


def _steps(office: Office, case: Case, times: list[dt.datetime], first: int = 1) -> None:
    """Steps ``first``, ``first + 1``, ... done at these moments."""
    for offset, at in enumerate(times):
        _one(office, case, first + offset, at)


def build_recap_cases(office: Office) -> dict[str, Case]:
    cases = {}
    cases["P"] = p = _open(office, when(2, 8))
    _steps(office, p, [when(2, 8, 5), when(2, 8, 15), when(2, 9, 15), when(2, 10, 15), when(2, 11, 15)])
    cases["Q"] = q = _open(office, when(2, 9))
    _steps(office, q, [when(2, 9, 5), when(2, 9, 15), when(2, 10, 15), when(2, 11, 15), when(5, 10)])
    cases["B1"] = _open(office, when(4, 23, 50))
    cases["B2"] = _open(office, when(5, 0, 10))
    cases["H"] = h = _open(office, when(5, 8))
    _steps(office, h, [when(5, 8, 5)])
    submit(office.loket, HoldForApplicant(actor=NOBODY, at=when(5, 8, 10), task=2, missing=("Fotokopi KK",)), case=h)
    submit(office.loket, ResumeCase(actor=NOBODY, at=when(9, 8, 10), task=2, note="Dibawa"), case=h)
    _steps(office, h, [when(9, 8, 20), when(9, 9, 20), when(9, 10, 20), when(9, 11, 20)], first=2)
    cases["R"] = r = _open(office, when(10, 8))
    _steps(office, r, [when(10, 8, 5)])
    submit(office.loket, RejectCase(actor=NOBODY, at=when(10, 9), reason="Berkas tidak sah"), case=r)
    for case in cases.values():
        case.refresh_from_db()
    return cases
