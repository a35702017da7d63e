"""The web layer reads a case one way: ``Case.typed_state`` (the engine's CaseState) and the one lateness rule."""

from __future__ import annotations

import datetime as dt

from sopan.engine import CaseState, ClaimTask
from sopan.web.cases.models import Case, is_late
from sopan.web.cases.services import submit
from tests.factories import at
from tests.web.factories import NOBODY, Office, open_case

DUE = dt.datetime(2026, 11, 4, 9, 15, tzinfo=dt.UTC)
HOUR = dt.timedelta(hours=1)


def test_done_after_the_due_time_is_late_and_before_it_is_not() -> None:
    assert is_late(DUE, DUE + HOUR, running=False, now=DUE)
    assert not is_late(DUE, DUE - HOUR, running=False, now=DUE + 10 * HOUR)
    assert not is_late(DUE, DUE, running=True, now=DUE + HOUR)  # done on the minute is on time


def test_running_past_the_due_time_is_late_and_stopped_without_a_time_is_not() -> None:
    assert is_late(DUE, None, running=True, now=DUE + HOUR)
    assert not is_late(DUE, None, running=True, now=DUE - HOUR)
    assert not is_late(DUE, None, running=False, now=DUE + HOUR)
    assert not is_late(None, DUE, running=True, now=DUE + HOUR)


def test_typed_state_is_the_engines_view_and_follows_a_refresh(office: Office) -> None:
    case = open_case(office)
    first = case.typed_state
    assert isinstance(first, CaseState) and first is case.typed_state  # parsed once
    assert first == CaseState.from_json(case.state)
    assert first.applicant["name"] == "Ani Lestari" and first.current.task == 1
    submit(office.loket, ClaimTask(actor=NOBODY, at=at(2, 9), task=1), case=case)
    stale = Case.objects.get(pk=case.pk)
    assert stale.typed_state.current.claimed_by == "siti"
    case.refresh_from_db()
    assert case.typed_state is not first and case.typed_state.current.claimed_by == "siti"


def test_a_case_open_past_its_due_time_is_late(office: Office) -> None:
    case = open_case(office, when=at(2, 8))
    assert case.due_at is not None and case.is_late  # opened in November 2026, due long before now
    Case.objects.filter(pk=case.pk).update(due_at=None)
    case.refresh_from_db()
    assert not case.is_late
