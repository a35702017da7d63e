"""The performance figures of an SOP on seven hand-made cases, against numbers worked out by hand.

Office hours are the default (Mon-Thu 07:30-16:00, Fri 07:30-16:30); Tuesday 10 November 2026 is made a local
holiday. The SOP (tests/engine/conftest.py) has five steps: 1 Pemohon 5 menit, 2 loket decision 10 menit
("tidak" back to 1), 3 kasi 1 jam, 4 camat decision "Disesuaikan", 5 loket 2 hari; promised total 2 days 75 min.

A  Mon 2 Nov 08:00: step 1 at 09:00 (60, late), 2 "tidak" at 10:00 (60, late), 1 again 11:00 (60, late),
   2 "ya" at 12:00 (60, late), 3 at 13:00 (60, on time), 4 Tue 3 Nov 09:00 (180 + 90 = 270), 5 at 10:00 (60, on
   time). Finished Tue 3 Nov 10:00, promised Wed 4 Nov 09:15: on time.
B  Thu 5 Nov 08:00: 1 at 08:05 (5), 2 at 08:15 (10), 3 at 09:15 (60), 4 at 10:15 (60), all on time; step 5 from
   Thu 10:15 to Wed 11 Nov 10:15 across the weekend and the holiday: 345 + 540 + 510 + 0 + 165 = 1560 minutes,
   due Mon 9 Nov 10:15: late. Finished after its promise (Mon 9 Nov 09:15): late.
C  Mon 16 Nov 08:00: 1 at 08:05 (5), rejected at step 2 at 09:00.
D  Tue 17 Nov 08:00: rejected at 08:30 before any step was done (the applicant withdrew).
E  Mon 23 Nov 08:00: 1 at 08:05 (5), 2 "ya" at 08:20 (15, late); waits at step 3 since 08:20 (due 09:20).
F  Mon 30 Nov 08:00: 1 at 08:05 (5); waits at step 2 since 08:05 (due 08:15).
G  Thu 29 Oct 08:00, before the period: 1 at 08:05; waits at step 2 since Thu 29 Oct 08:05.
Now is Tue 1 Dec 2026 08:20.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sopan.web.monitoring.performance import Period, percentile, performance
from tests.web.factories import Office
from tests.web.hand_made_cases import NOVEMBER, NOW, build_cases, when


@pytest.fixture
def cases(office: Office) -> Office:
    return build_cases(office)


def test_case_figures(cases: Office) -> None:
    figures = performance(cases.version.sop, NOVEMBER, now=NOW).cases
    assert (figures.opened, figures.finished, figures.rejected, figures.cancelled, figures.open) == (6, 2, 2, 0, 2)
    assert (figures.finished_with_due, figures.on_time, figures.on_time_share) == (2, 1, 0.5)


def test_step_figures(cases: Office) -> None:
    steps = {s.step: s for s in performance(cases.version.sop, NOVEMBER, now=NOW).steps}
    assert list(steps) == [1, 2, 3, 4, 5]
    got = {n: (s.completed, s.median, s.p90, s.with_due, s.within) for n, s in steps.items()}
    assert got == {
        1: (6, 5, 60, 6, 4),  # 5 5 5 5 60 60
        2: (4, 37.5, 60, 4, 1),  # 10 15 60 60
        3: (2, 60, 60, 2, 2),
        4: (2, 165, 249, 0, 0),  # 60 270; no mutu baku, so no due time
        5: (2, 810, 1410, 2, 1),  # 60 1560
    }
    assert steps[2].within_share == 0.25 and steps[4].within_share is None
    assert (steps[3].activity, steps[3].standard, steps[3].standard_minutes) == (
        "3. Memproses surat keterangan",
        "1 jam",
        60,
    )
    assert steps[5].standard_minutes == 900  # 2 days at the nominal 450-minute day


def test_where_cases_wait_now(cases: Office) -> None:
    waiting = performance(cases.version.sop, NOVEMBER, now=NOW).waiting
    got = [(w.step, w.open_tasks, w.overdue, w.oldest_since, w.oldest_days(NOW)) for w in waiting]
    assert got == [
        (2, 2, 2, when(10, 29, 8, 5), 33.0),  # F and G (opened before the period, still waiting)
        (3, 1, 1, when(11, 23, 8, 20), 8.0),  # E
    ]


def test_send_back_rate_per_decision(cases: Office) -> None:
    decisions = performance(cases.version.sop, NOVEMBER, now=NOW).decisions
    assert [(d.step, d.answered, d.no, d.no_share) for d in decisions] == [(2, 4, 1, 0.25), (4, 2, 0, 0.0)]


def test_an_empty_period_has_no_shares(cases: Office) -> None:
    figures = performance(cases.version.sop, Period(dt.date(2025, 1, 1), dt.date(2025, 6, 30)), now=NOW)
    assert figures.cases.opened == 0 and figures.cases.on_time_share is None
    assert all(s.completed == 0 and s.median is None and s.within_share is None for s in figures.steps)
    assert len(figures.waiting) == 2  # waiting is about now, whatever the period


def test_percentile_is_percentile_cont() -> None:
    assert percentile([], 0.5) is None
    assert percentile([7], 0.9) == 7
    assert percentile([1, 2, 3, 4], 0.5) == 2.5
    assert percentile([10, 20, 30, 40, 50, 60, 70, 80, 90, 100], 0.9) == pytest.approx(91)


def test_default_period_is_the_last_six_months() -> None:
    assert Period.last_months(dt.date(2026, 12, 4)) == Period(dt.date(2026, 6, 5), dt.date(2026, 12, 4))
    assert Period.last_months(dt.date(2026, 8, 31)) == Period(dt.date(2026, 3, 1), dt.date(2026, 8, 31))
    assert Period.last_months(dt.date(2027, 3, 15)) == Period(dt.date(2026, 9, 16), dt.date(2027, 3, 15))
