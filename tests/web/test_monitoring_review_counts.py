"""The review counts per day (``ReviewCount``) equal a fresh count of the stored reviews after a mix of commands,
stay so when a case is judged again or a review is deleted, and give the casework figures read row by row.

On the hand-made cases (tests/web/hand_made_cases.py: a loop, waivers, two rejections, open cases), a cancelled
case of another SOP with a waiver, and an anonymised rejection (judged again). Runs on SQLite and, with
SOPAN_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

from collections import Counter
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from sopan.engine import OpenCase, RejectCase
from sopan.web.accounts.models import Administrator
from sopan.web.cases.models import Case
from sopan.web.cases.personal_data import anonymise_case
from sopan.web.cases.services import submit
from sopan.web.catalog.models import SopVersion
from sopan.web.monitoring import review_summary
from sopan.web.monitoring.casework import casework, deviating_cases
from sopan.web.monitoring.models import CaseReview, ReviewCount
from sopan.web.monitoring.upgrade import REVIEW_COUNTS, fill_after_upgrade
from tests.factories import ANI
from tests.web.factories import NOBODY, Office, make_user
from tests.web.hand_made_cases import NOVEMBER, build_cases, cancelled_assignment, when
from tests.web.wire import sent_messages


@pytest.fixture
def cases(office: Office) -> Office:
    build_cases(office)
    cancelled_assignment(office, "rapat-evaluasi", "Rapat Evaluasi", 9)
    admin = make_user("pengelola", office.organisation)
    Administrator.objects.create(user=admin, organisation=office.organisation)
    rejected = Case.objects.filter(status=Case.Status.REJECTED).order_by("opened_at").first()
    assert rejected is not None
    anonymise_case(admin, rejected, reason="permintaan pemohon", on_request=True)  # judged again
    return office


def _fresh() -> Counter:
    """The counts worked out here from every stored review, keyed (version, day, measure, detail)."""
    found: Counter = Counter()
    for review in CaseReview.objects.select_related("sop_version__sop__organisation"):
        zone = ZoneInfo(review.sop_version.sop.organisation.timezone)
        key = (review.sop_version_id, review.opened_at.astimezone(zone).date())
        found[(*key, "closed", (review.status, review.conforms, review.path_conforms))] += 1
        if review.status == "finished" and not review.conforms:
            for deviation in {tuple(d) for d in review.deviations}:
                found[(*key, "deviation", deviation)] += 1
        for waiver in review.waivers:
            found[(*key, "waiver", tuple(waiver))] += 1
        for step, times in review.loops.items():
            found[(*key, "loop", (int(step), times))] += 1
        if review.status == "rejected":
            found[(*key, "rejection", (review.rejected_step, review.rejected_reason))] += 1
    return found


def _stored() -> dict:
    """Every stored count, rows at 0 included: a plain dict, so that comparing with a Counter (which ignores zeros)
    sees a row left behind."""
    rows = ReviewCount.objects.values_list("sop_version_id", "day", "measure", "detail", "n")
    return {(version, day, measure, tuple(detail)): n for version, day, measure, detail, n in rows}


def test_the_counts_equal_a_fresh_count_of_the_reviews_after_a_mix_of_commands(cases: Office) -> None:
    fresh = _fresh()
    assert _stored() == fresh
    measures = Counter(key[2] for key in fresh)
    assert set(measures) == {"closed", "deviation", "waiver", "loop", "rejection"}
    statuses: Counter = Counter()
    for key, n in fresh.items():
        statuses[key[3][0]] += n if key[2] == "closed" else 0
    assert statuses == Counter({"finished": 2, "rejected": 2, "cancelled": 1})
    reasons = [key[3][1] for key in fresh if key[2] == "rejection"]
    assert all("Ani" not in reason for reason in reasons) and len(reasons) == 2  # the anonymised one replaced


def test_an_anonymised_reason_leaves_no_row_behind(cases: Office) -> None:
    other = SopVersion.objects.get(sop__organisation__code="kec-lain")
    opened = submit(cases.outsider, OpenCase(actor=NOBODY, at=when(11, 9, 8), applicant=ANI), version=other)
    reason = f"{ANI.name} tidak hadir"
    submit(cases.outsider, RejectCase(actor=NOBODY, at=when(11, 9, 9), reason=reason), case=opened.case)
    rejections = ReviewCount.objects.filter(sop_version=other, measure="rejection").values_list("detail", flat=True)
    assert [detail[1] for detail in rejections] == [reason]
    admin = make_user("pengelola-lain", other.sop.organisation)
    Administrator.objects.create(user=admin, organisation=other.sop.organisation)
    anonymise_case(admin, opened.case, reason="permintaan pemohon", on_request=True)  # judged again
    # the old reason's count went to 0: its row goes, and the applicant's name with it
    assert not ReviewCount.objects.filter(n__lte=0).exists()
    details = [str(detail) for detail in ReviewCount.objects.filter(sop_version=other).values_list("detail", flat=True)]
    assert details and not [detail for detail in details if "Ani" in detail]
    assert _stored() == _fresh()


def test_a_deleted_review_leaves_no_empty_row(cases: Office) -> None:
    CaseReview.objects.filter(status=Case.Status.REJECTED).delete()
    assert not ReviewCount.objects.filter(n__lte=0).exists()
    assert not ReviewCount.objects.filter(measure="rejection").exists()


def test_the_rebuild_writes_the_counts_the_commands_wrote(cases: Office) -> None:
    live = _stored()
    ReviewCount.objects.all().delete()
    assert review_summary.rebuild() == CaseReview.objects.count() == 5
    assert _stored() == live


def test_the_rebuild_of_one_organisation_keeps_the_others_counts(cases: Office) -> None:
    other = SopVersion.objects.get(sop__organisation__code="kec-lain")
    opened = submit(cases.outsider, OpenCase(actor=NOBODY, at=when(11, 9, 8), applicant=ANI), version=other)
    submit(cases.outsider, RejectCase(actor=NOBODY, at=when(11, 9, 9), reason="Berkas kurang"), case=opened.case)
    assert _stored() == _fresh()
    ReviewCount.objects.update(n=99)  # stale counts everywhere
    review_summary.rebuild(other.sop.organisation)  # kec-lain's counted again, kec-contoh's left as they are
    mine = ReviewCount.objects.filter(sop_version=other)
    assert sorted(mine.values_list("measure", "n")) == [("closed", 1), ("rejection", 1)]
    assert set(ReviewCount.objects.exclude(sop_version=other).values_list("n", flat=True)) == {99}


def test_a_deleted_review_takes_its_counts_with_it(cases: Office) -> None:
    CaseReview.objects.filter(status=Case.Status.REJECTED).delete()
    assert _stored() == _fresh() and not any(key[2] == "rejection" for key in _stored())
    CaseReview.objects.all().delete()
    assert _stored() == Counter()


def test_the_migrate_that_brings_the_counts_fills_them_from_the_reviews(cases: Office) -> None:
    live = _stored()
    ReviewCount.objects.all().delete()
    fill_after_upgrade(plan=[(MigrationLoader(connection).get_migration("monitoring", "0002_case_reviews"), False)])
    assert not ReviewCount.objects.exists()
    fill_after_upgrade(plan=[(MigrationLoader(connection).get_migration(*REVIEW_COUNTS), False)])
    assert _stored() == live


def test_the_figures_equal_those_read_row_by_row_from_the_reviews(cases: Office) -> None:
    sop = cases.version.sop
    work = casework(sop, NOVEMBER)
    start, end = NOVEMBER.bounds(ZoneInfo(cases.organisation.timezone))
    reviews = CaseReview.objects.filter(sop_version__sop=sop, opened_at__gte=start, opened_at__lt=end)
    finished = reviews.filter(status=Case.Status.FINISHED)
    assert (work.finished, work.conforming) == (finished.count(), finished.filter(conforms=True).count())
    assert work.path_conforming == finished.filter(path_conforms=True).count()
    deviating = finished.filter(conforms=False).order_by("opened_at", "pk")
    assert [code for code, _ in work.deviating] == list(deviating.values_list("tracking_code", flat=True))
    assert work.deviating_total == len(work.deviating) == 2
    texts: Counter = Counter()
    for review in deviating:
        texts.update({d[2] for d in review.deviations})
    assert dict(work.deviation_counts("id")) == dict(texts)
    rejected = Counter((r.rejected_step, r.rejected_reason) for r in reviews.filter(status=Case.Status.REJECTED))
    assert Counter({(r.step, r.reason): r.count for r in work.rejections}) == rejected
    closed_waivers = Counter(tuple(w[:2]) for review in reviews for w in review.waivers)
    assert all(w.count >= closed_waivers[(w.step, w.item)] for w in work.waivers) and closed_waivers


def test_the_deviating_cases_are_read_a_page_at_a_time(cases: Office) -> None:
    sop = cases.version.sop
    first = casework(sop, NOVEMBER, deviating=1)
    assert len(first.deviating) == 1 and first.deviating_total == 2
    assert first.deviating == list(deviating_cases(sop, NOVEMBER))[:1]
    assert casework(sop, NOVEMBER, deviating=0).deviating == []
    assert first.deviation_counts("en") == casework(sop, NOVEMBER).deviation_counts("en")


def test_a_closing_command_keeps_a_review_already_stored_and_its_counts(cases: Office) -> None:
    """A case closes once and only closed cases are judged, so a closing command stores the case's first review;
    should one be there all the same, it stays with its counts and nothing is counted twice."""
    other = SopVersion.objects.get(sop__organisation__code="kec-lain")
    opened = submit(cases.outsider, OpenCase(actor=NOBODY, at=when(11, 9, 8), applicant=ANI), version=other)
    early = CaseReview(
        case_id=opened.case_id, case_version=opened.state.version, sop_version_id=other.pk,
        opened_at=when(11, 9, 8), status="cancelled", tracking_code="X", conforms=True, path_conforms=True,
        deviations=[], waivers=[], loops={},
    )  # fmt: skip
    review_summary.keep_reviews([(early, when(11, 9, 8).date())])
    submit(cases.outsider, RejectCase(actor=NOBODY, at=when(11, 9, 9), reason="berkas palsu"), case=opened.case)
    kept = CaseReview.objects.get(pk=opened.case_id)
    assert (kept.status, kept.tracking_code) == ("cancelled", "X")
    assert not ReviewCount.objects.filter(sop_version=other, measure="rejection").exists()
    assert _stored() == _fresh()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="round trips: PostgreSQL")
def test_a_closing_command_stores_its_review_without_a_round_trip_of_its_own(office: Office) -> None:
    """The review and its counts are one prepared statement sent with the command's writes: the command's two
    Syncs (reads, writes) and the test transaction's SAVEPOINT and RELEASE, nothing parsed anew."""

    def reject(case: Case) -> None:
        submit(office.loket, RejectCase(actor=NOBODY, at=when(11, 2, 9), reason="berkas palsu"), case=case)

    earlier, case = (
        submit(office.loket, OpenCase(actor=NOBODY, at=when(11, 2, 8), applicant=ANI), version=office.version).case
        for _ in range(2)
    )
    reject(earlier)  # the same statements, once before, on this connection
    sent, _ = sent_messages(lambda: reject(case))
    assert (sent["Sync"], sent["Query"]) == (2, 2)
    assert sent["Parse"] == 0
    assert CaseReview.objects.get(pk=case.pk).rejected_reason == "berkas palsu"
    day = when(11, 2, 8).date()
    rejection = ReviewCount.objects.get(sop_version=office.version, day=day, measure="rejection")
    assert rejection.n == 2 and _stored() == _fresh()


def test_a_review_of_a_state_the_case_no_longer_has_is_not_stored(cases: Office) -> None:
    """``reviewcases`` read the case before an anonymisation rewrote it: its review comes too late and is dropped
    (the anonymisation judged the case again)."""
    stored = CaseReview.objects.filter(status=Case.Status.REJECTED).first()
    assert stored is not None
    late = CaseReview.objects.get(pk=stored.pk)
    late.case_version, late.rejected_reason = stored.case_version - 1, "alasan lama dengan nama pemohon"
    before = _stored()
    review_summary.keep_reviews([(late, when(11, 2, 8).date())])
    assert CaseReview.objects.get(pk=stored.pk).rejected_reason == stored.rejected_reason
    assert _stored() == before == _fresh()
