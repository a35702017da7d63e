"""Two officers racing on the same task, and register numbers taken at the same moment.

On PostgreSQL both commands read the case before either writes (a barrier holds them), so the optimistic
lock decides; on SQLite the write lock queues them. Either way exactly one wins.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from sopan.engine import CompleteStep, Decide, OpenCase, RecordOutsideStep, Refusal, RefusalCode
from sopan.web.cases import services
from sopan.web.cases.models import Case, Event, RegisterEntry
from sopan.web.cases.services import submit
from tests.factories import ANI, at
from tests.web.factories import NOBODY, Office, make_user, run_together

pytestmark = pytest.mark.django_db(transaction=True)


def hold_after_deciding(monkeypatch: pytest.MonkeyPatch, parties: int) -> None:
    """On PostgreSQL, make every command's first attempt wait until all have decided on the same state."""
    if connection.vendor != "postgresql":
        return
    barrier = threading.Barrier(parties)
    waited = threading.local()
    original = services.handle

    def handle_then_wait(*args, **kwargs):
        events = original(*args, **kwargs)
        if not getattr(waited, "done", False):
            waited.done = True
            barrier.wait(timeout=20)
        return events

    monkeypatch.setattr(services, "handle", handle_then_wait)


def test_two_officers_complete_the_same_task_one_wins(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case
    rina = make_user("rina", office.organisation, "loket")
    hold_after_deciding(monkeypatch, 2)
    command = RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"})
    results = run_together(
        [lambda: submit(office.loket, command, case=case.pk), lambda: submit(rina, command, case=case.pk)]
    )
    wins = [r for r in results if isinstance(r, services.CommandResult)]
    losses = [r for r in results if isinstance(r, Refusal)]
    assert len(wins) == 1 and len(losses) == 1, results
    assert losses[0].code == RefusalCode.STEP_DONE
    assert "sudah diselesaikan" in losses[0].text("id")
    assert Event.objects.filter(case=case, kind="step_completed").count() == 1
    case.refresh_from_db()
    assert case.version == Event.objects.filter(case=case).count()


def test_register_numbers_stay_gap_free_under_concurrency(office: Office, monkeypatch: pytest.MonkeyPatch) -> None:
    cases = []
    for _ in range(6):
        case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case
        submit(
            office.loket, RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"}), case=case
        )
        submit(office.loket, Decide(actor=NOBODY, at=at(2, 10), task=2, answer=True, waivers={"1": "a"}), case=case)
        cases.append(case.pk)
    kasi = [make_user(f"kasi{i}", office.organisation, "kasi") for i in range(6)]
    jobs = [
        lambda pk=pk, user=user: submit(user, CompleteStep(actor=NOBODY, at=at(2, 11), task=3), case=pk)
        for pk, user in zip(cases, kasi, strict=True)
    ]
    results = run_together(jobs)
    assert all(isinstance(r, services.CommandResult) for r in results), results
    numbers = sorted(RegisterEntry.objects.filter(case__in=cases).values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert Case.objects.filter(pk__in=cases, current_step=4).count() == 6


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL")
def test_two_judgings_of_the_same_case_at_once_count_it_once(office: Office) -> None:
    """An anonymisation and a ``reviewcases`` run judging the same never-judged case: the second waits for the
    first's transaction, then takes the first review's counts as it replaces it."""
    from zoneinfo import ZoneInfo

    from django.db import transaction

    from sopan.engine import RejectCase
    from sopan.web.monitoring.models import CaseReview, ReviewCount
    from sopan.web.monitoring.review_summary import keep_reviews

    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case
    submit(office.loket, RejectCase(actor=NOBODY, at=at(2, 9), reason="berkas palsu"), case=case)
    review = CaseReview.objects.get(pk=case.pk)
    review.delete()  # never judged, as before the review counts existed
    review.pk = case.pk
    day = review.opened_at.astimezone(ZoneInfo(office.organisation.timezone)).date()
    first_done, release = threading.Event(), threading.Event()

    def judge(first: bool) -> None:
        try:
            if not first:
                first_done.wait(timeout=20)
            with transaction.atomic():
                keep_reviews([(review, day)])
                if first:
                    first_done.set()
                    release.wait(timeout=20)
        finally:
            connection.close()

    threads = [threading.Thread(target=judge, args=(first,)) for first in (True, False)]
    for thread in threads:
        thread.start()
    first_done.wait(timeout=20)
    threading.Event().wait(0.5)  # the second judging is now waiting on the first's locks
    release.set()
    for thread in threads:
        thread.join(timeout=30)
    closed = ReviewCount.objects.filter(sop_version=office.version, measure="closed").values_list("n", flat=True)
    rejected = ReviewCount.objects.filter(sop_version=office.version, measure="rejection").values_list("n", flat=True)
    assert (list(closed), list(rejected)) == ([1], [1])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks written to rows: PostgreSQL")
def test_a_command_writes_no_lock_on_its_officer_or_the_roles(office: Office) -> None:
    """Every command of an office names the same few users and roles. A foreign key's check would lock the row it
    points to (``FOR KEY SHARE``, written into the row's ``xmax``) in every command, and two commands holding it at
    once make a MultiXact: the officer's and the roles' rows are left as they were."""
    case = submit(office.loket, OpenCase(actor=NOBODY, at=at(2, 8), applicant=ANI), version=office.version).case

    def lockers() -> list[tuple[str, str]]:
        with connection.cursor() as cursor:
            cursor.execute('SELECT \'user\', xmax::text FROM "auth_user" WHERE "id" = %s', [office.loket.pk])
            rows = cursor.fetchall()
            cursor.execute(
                'SELECT "code", xmax::text FROM "catalog_role" WHERE "organisation_id" = %s ORDER BY "code"',
                [office.organisation.pk],
            )
            return rows + cursor.fetchall()

    before = lockers()
    command = RecordOutsideStep(actor=NOBODY, at=at(2, 9), task=1, waivers={"1": "a", "2": "b"})
    result = submit(office.loket, command, case=case.pk)  # an event by the officer, a new task with its roles
    assert result.current_step == 2
    assert lockers() == before
