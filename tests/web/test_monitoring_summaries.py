"""The per-day summaries written by the commands equal a fresh scan of the tasks, and the backfill writes the
same rows as the commands did.

The hand-made cases (tests/web/hand_made_cases.py: a late step, a loop, waivers, two rejections, a weekend and a
holiday inside a step, open cases) and a cancelled case of another SOP after its first step. Runs on SQLite and,
with SOPAN_DATABASE_URL, on PostgreSQL (there also two commands at once on the same day's rows).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from sopan.engine import Decide, OpenCase, RecordOutsideStep, TickRequirement
from sopan.web.cases.models import Task
from sopan.web.cases.services import submit
from sopan.web.catalog.models import Sop, SopVersion
from sopan.web.monitoring import histogram
from sopan.web.monitoring.casework import casework
from sopan.web.monitoring.models import StepDay, StepMinutes
from sopan.web.monitoring.performance import percentile
from tests.factories import ANI
from tests.web.factories import NOBODY, Office, open_case, run_together, task_role_codes
from tests.web.hand_made_cases import NOVEMBER, WAIVED, build_cases, cancelled_assignment, when
from tests.web.wire import sent_messages


@pytest.fixture
def cases(office: Office) -> Office:
    build_cases(office)
    cancelled_assignment(office, "rapat-koordinasi", "Rapat Koordinasi", 6)
    return office


def _scan() -> tuple[dict, dict, dict]:
    """The figures counted from the task table itself, keyed as the summaries."""
    steps: dict[tuple, list] = {}
    minutes: dict[tuple, list[float]] = {}
    roles: dict[tuple, list] = {}
    for task in Task.objects.filter(completed_at__isnull=False).select_related("case__organisation"):
        day = task.case.opened_at.astimezone(ZoneInfo(task.case.organisation.timezone)).date()
        key = (task.case.sop_version_id, day, task.step)
        sums = steps.setdefault(key, [0, 0, 0, 0, 0])
        sums[0] += 1
        sums[1] += task.due_at is not None
        sums[2] += task.due_at is not None and task.completed_at <= task.due_at
        sums[3] += task.answer != ""
        sums[4] += task.answer == "tidak"
        minutes.setdefault(key, []).append(task.elapsed_minutes)
        for code in task_role_codes(task) if NOVEMBER.start <= day <= NOVEMBER.end else ():
            load = roles.setdefault((task.case.sop_version.sop_id, code), [0, 0.0])
            load[0] += 1
            load[1] += task.elapsed_minutes or 0
    return steps, minutes, roles


def _stored() -> tuple[list, list]:
    order = ("sop_version_id", "day", "step")
    return (
        list(StepDay.objects.order_by(*order).values_list(*order, "completed", "with_due", "within", "answered",
                                                          "sent_back", "timed", "minutes")),
        list(StepMinutes.objects.order_by(*order, "bucket").values_list(*order, "bucket", "n")),
    )  # fmt: skip


def test_the_summaries_equal_a_fresh_scan_after_a_mix_of_commands(cases: Office) -> None:
    steps, minutes, roles = _scan()
    stored = {(v, d, s): (c, w, i, a, n) for v, d, s, c, w, i, a, n, _t, _m in _stored()[0]}
    assert stored == {key: tuple(sums) for key, sums in steps.items()}
    assert sum(c for c, *_ in stored.values()) == 18  # A 7, B 5, C 1, D 0, E 2, F 1, G 1, the cancelled case 1
    for (version, day, step), values in minutes.items():
        row = StepDay.objects.get(sop_version_id=version, day=day, step=step)
        assert (row.timed, row.minutes) == (len(values), sum(values))
        counts = StepMinutes.objects.filter(sop_version_id=version, day=day, step=step).values_list("bucket", "n")
        for fraction in (0.5, 0.9):  # whole minutes: exactly percentile_cont
            assert histogram.percentile(counts, fraction) == percentile(sorted(values), fraction)
    a_day = StepDay.objects.get(day=dt.date(2026, 11, 2), step=2)
    assert (a_day.completed, a_day.answered, a_day.sent_back, a_day.within) == (2, 2, 1, 0)  # the loop, both late
    read = {  # each role's workload as read from the step summaries, by the roles acting on each step
        (sop.pk, load.code): (load.completed, load.minutes)
        for sop in Sop.objects.filter(versions__in=[version for version, *_ in steps]).distinct()
        for load in casework(sop, NOVEMBER).roles
        if load.completed
    }
    assert read == {key: tuple(load) for key, load in roles.items()} and len({sop for sop, _ in read}) == 2
    cancelled = StepDay.objects.filter(sop_version__sop__key="rapat-koordinasi")
    assert list(cancelled.values_list("step", "completed")) == [(1, 1)]  # the open step 2 was never completed


def test_the_backfill_writes_the_rows_the_commands_wrote(cases: Office) -> None:
    live = _stored()
    assert all(live)
    StepDay.objects.all().delete()
    StepMinutes.objects.filter(n__gt=0).update(n=99)  # stale rows the rebuild must replace
    call_command("summarise", stdout=None)
    assert _stored() == live


def test_the_backfill_of_one_organisation_keeps_the_others_rows(cases: Office) -> None:
    other = SopVersion.objects.get(sop__organisation__code="kec-lain")
    opened = submit(cases.outsider, OpenCase(actor=NOBODY, at=when(11, 9, 8), applicant=ANI), version=other)
    step = RecordOutsideStep(actor=NOBODY, at=when(11, 9, 9), task=1, waivers=WAIVED)
    submit(cases.outsider, step, case=opened.case)
    live = _stored()
    StepDay.objects.filter(sop_version=other).delete()
    call_command("summarise", "--organisasi", "kec-lain", stdout=None)  # kec-lain's rows again, kec-contoh's kept
    assert _stored() == live and StepDay.objects.filter(sop_version=other).count() == 1
    with pytest.raises(CommandError, match=r"Organisasi 'tidak-ada' tidak ada\. / No organisation 'tidak-ada'\."):
        call_command("summarise", "--organisasi", "tidak-ada")


@pytest.mark.django_db(transaction=True)
def test_commands_at_once_add_up(office: Office) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("SQLite commits one writer at a time")
    first, second = open_case(office, when(11, 2, 8)), open_case(office, when(11, 2, 8))

    def step1(case_id: object) -> None:
        submit(office.loket, RecordOutsideStep(actor=NOBODY, at=when(11, 2, 9), task=1, waivers=WAIVED), case=case_id)

    assert run_together([lambda: step1(first.pk), lambda: step1(second.pk)]) == [None, None]
    row = StepDay.objects.get(day=dt.date(2026, 11, 2), step=1)
    assert (row.completed, row.timed, row.minutes) == (2, 2, 120)
    assert list(StepMinutes.objects.filter(day=dt.date(2026, 11, 2)).values_list("bucket", "n")) == [(60, 2)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="round trips: PostgreSQL")
def test_a_completion_adds_no_round_trip_for_the_summaries(office: Office) -> None:
    """The command path's own round trips (test_command_sql.py) and no more: the two upserts in one prepared
    statement sent with the command's writes; where the case belongs is not read again (the command read it)."""
    step1 = RecordOutsideStep(actor=NOBODY, at=when(11, 2, 9), task=1, waivers=WAIVED)
    tick = TickRequirement(actor=NOBODY, at=when(11, 2, 9, 5), task=2, item="1")
    decide = Decide(actor=NOBODY, at=when(11, 2, 9, 10), task=2, answer=True)
    earlier, case = open_case(office, when(11, 2, 8)), open_case(office, when(11, 2, 8))
    for command in (step1, tick, decide):  # the same statements, once before, on this connection
        submit(office.loket, command, case=earlier)
    submit(office.loket, step1, case=case)
    submit(office.loket, tick, case=case)
    sent, _ = sent_messages(lambda: submit(office.loket, decide, case=case))
    # the command's reads, then its writes with the summaries' statement (a Sync each, bound on the server) and
    # its SAVEPOINT and RELEASE (the test's transaction: a Query each, Django binds on the client); all of them
    # prepared at their first use on this connection, so nothing is parsed anew
    assert (sent["Sync"], sent["Query"]) == (2, 2)
    assert sent["Parse"] == 0
    assert StepDay.objects.get(day=dt.date(2026, 11, 2), step=2).answered == 2  # both cases' decisions counted


def test_the_migrate_that_brings_the_summaries_fills_them_and_the_reviews_from_history(cases: Office) -> None:
    """An upgraded database has history but no summaries and no reviews: the migrate that applies 0003 builds
    both once; a migrate that does not apply it leaves the tables alone."""
    from django.db.migrations.loader import MigrationLoader

    from sopan.web.monitoring.models import CaseReview
    from sopan.web.monitoring.upgrade import MIGRATION, fill_after_upgrade

    live, reviews = _stored(), CaseReview.objects.count()
    assert all(live) and reviews
    for model in (StepDay, StepMinutes, CaseReview):
        model.objects.all().delete()
    other = MigrationLoader(connection).get_migration("monitoring", "0002_case_reviews")
    fill_after_upgrade(plan=[(other, False)])
    assert not StepDay.objects.exists() and not CaseReview.objects.exists()
    fill_after_upgrade(plan=[(MigrationLoader(connection).get_migration(*MIGRATION), False)])
    assert _stored() == live and CaseReview.objects.count() == reviews
