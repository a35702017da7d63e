"""Conformance, waivers, rejections, loops and workload on the seven hand-made cases, worked out by hand.

See test_monitoring_performance.py for the cases. Step 1 (Pemohon, 5 menit) is recorded with both kelengkapan
items waived ("dibawa besok") each time: A twice, B, C, E, F in November (G is October's). A's step 1 is recorded
late both times (09:00 against 08:05, 11:00 against 10:05); B's at 08:05, on its due time. An outside party's step
is asked of every internal role (loket, kasi, camat), so each of the six step-1 tasks counts for all three.
"""

from __future__ import annotations

import pytest

from sopan.web.cases.models import Case
from sopan.web.monitoring.casework import casework
from tests.web.factories import Office
from tests.web.hand_made_cases import NOVEMBER, build_cases

KTP = "langkah 1: kelengkapan 'Fotokopi KTP' dikecualikan (dibawa besok)"
PENGANTAR = "langkah 1: kelengkapan 'Surat pengantar desa' dikecualikan (dibawa besok)"
LATE = "langkah 1 (pihak luar) dicatat setelah tenggatnya"


@pytest.fixture
def cases(office: Office) -> Office:
    return build_cases(office)


def test_conformance_of_the_finished_cases(cases: Office) -> None:
    work = casework(cases.version.sop, NOVEMBER)
    assert (work.finished, work.conforming, work.conforming_share) == (2, 0, 0.0)
    assert work.path_conforming == 2  # A's return from step 2 to 1 is the SOP's own loop
    assert work.deviation_counts("id") == [(KTP, 2), (PENGANTAR, 2), (LATE, 1)]
    (code_a, a), (code_b, b) = work.deviating
    finished = Case.objects.filter(status=Case.Status.FINISHED).order_by("opened_at")
    assert [code_a, code_b] == list(finished.values_list("tracking_code", flat=True))
    assert [d.text("id") for d in b.deviations] == [PENGANTAR, KTP]
    assert [d.text("id") for d in a.deviations] == [PENGANTAR, KTP, LATE, PENGANTAR, KTP, LATE]
    assert work.deviation_counts("en")[2] == ("step 1 (outside party) recorded after its due time", 1)


def test_waivers_rejections_and_loops(cases: Office) -> None:
    work = casework(cases.version.sop, NOVEMBER)
    assert [(w.step, w.item, w.count, w.reasons) for w in work.waivers] == [
        (1, "Fotokopi KTP", 6, [("dibawa besok", 6)]),
        (1, "Surat pengantar desa", 6, [("dibawa besok", 6)]),
    ]
    assert [(r.step, r.reason, r.count) for r in work.rejections] == [
        (1, "Ditarik pemohon", 1),
        (2, "Berkas tidak sah", 1),
    ]
    assert [(loop.step, loop.cases_looping, loop.loops, loop.most) for loop in work.loops] == [
        (2, 1, 1, 1),
        (4, 0, 0, 0),
    ]


def test_workload_per_role(cases: Office) -> None:
    roles = {r.code: (r.completed, r.open, r.minutes) for r in casework(cases.version.sop, NOVEMBER).roles}
    # camat: six step-1 tasks (60 60 5 5 5 5 = 140) and step 4 of A and B (270 + 60)
    # kasi: the same and step 3 of A and B (60 + 60); one open step 3 (E)
    # loket: the six step-1 tasks, four step-2 answers (60 60 10 15) and step 5 of A and B (60 + 1560); F waits
    assert roles == {"camat": (8, 0, 470), "kasi": (10, 1, 590), "loket": (12, 1, 1905)}


def test_reasons_are_shown_with_16_digit_numbers_masked(cases: Office) -> None:
    from sopan.engine import RejectCase
    from sopan.web.cases.services import submit
    from tests.web.factories import NOBODY
    from tests.web.hand_made_cases import open_case, when

    case = open_case(cases, when(11, 24, 8))
    submit(cases.loket, RejectCase(actor=NOBODY, at=when(11, 24, 9), reason="NIK 3508010101010002 ganda"), case=case)
    reasons = [r.reason for r in casework(cases.version.sop, NOVEMBER).rejections]
    assert "NIK **** ganda" in reasons and not any("3508010101010002" in r for r in reasons)
