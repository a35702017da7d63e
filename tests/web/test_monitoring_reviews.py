"""Case reviews: the stored judgement of each closed case equals the one worked out from its state, and stays so.

On the hand-made cases of test_monitoring_performance.py: A and B finished, C and D rejected, E, F (November)
and G (October) still open. The commands that closed A-D judged them; ``review_closed`` (the backfill) must give
the same rows. The figures of casework are checked by hand in test_monitoring_casework.py; here the
rows they are read from are compared with ``conformance`` run on the states, and kept current.
"""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sopan.engine.state import CaseState
from sopan.web.accounts.models import Administrator
from sopan.web.cases.models import Case
from sopan.web.cases.personal_data import anonymise_case
from sopan.web.catalog.runtime import process_for
from sopan.web.monitoring.casework import casework
from sopan.web.monitoring.conformance import conformance
from sopan.web.monitoring.models import CaseReview
from sopan.web.monitoring.reviews import as_conformance, review_closed
from tests.web.factories import Office, make_user
from tests.web.hand_made_cases import NOVEMBER, build_cases


@pytest.fixture
def cases(office: Office) -> Office:
    return build_cases(office)


def _rows() -> list[dict]:
    return list(CaseReview.objects.order_by("case_id").values())


def test_each_closed_case_is_reviewed_once_as_its_state_says(cases: Office) -> None:
    assert CaseReview.objects.count() == 4  # A, B, C, D judged by the commands that closed them; E, F, G are open
    assert review_closed(Case.objects.all()) == 0  # nothing is judged twice
    live = _rows()
    CaseReview.objects.all().delete()
    assert review_closed(Case.objects.all()) == 4  # the backfill judges them as the commands did
    assert _rows() == live
    process = process_for(cases.version)
    for review in CaseReview.objects.select_related("case"):
        state = CaseState.from_json(review.case.state)
        assert as_conformance(str(review.case_id), review.deviations) == conformance(state, process)
        assert (review.status, review.tracking_code, review.case_version) == (
            review.case.status,
            review.case.tracking_code,
            review.case.version,
        )
    rejected = CaseReview.objects.filter(status=Case.Status.REJECTED).order_by("opened_at")
    # C was sent on to step 2 before it was rejected; D was rejected at step 1
    assert list(rejected.values_list("rejected_step", "rejected_reason")) == [
        (2, "Berkas tidak sah"),
        (1, "Ditarik pemohon"),
    ]
    a = CaseReview.objects.filter(status=Case.Status.FINISHED).order_by("opened_at").first()
    assert a is not None and a.loops == {"2": 1} and not a.conforms and a.path_conforms
    assert len(a.waivers) == 4 and all(reason == "dibawa besok" for _step, _item, reason in a.waivers)


def test_a_case_changed_after_its_review_is_judged_again(cases: Office) -> None:
    rejected = Case.objects.filter(status=Case.Status.REJECTED).order_by("opened_at").first()
    assert rejected is not None
    state = {**rejected.state, "close_reason": "Berkas tidak sah (nama dihapus)"}
    Case.objects.filter(pk=rejected.pk).update(state=state, version=rejected.version + 1)  # as an anonymisation does
    assert review_closed(Case.objects.all()) == 1
    review = CaseReview.objects.get(case=rejected)
    assert (review.case_version, review.rejected_reason) == (rejected.version + 1, "Berkas tidak sah (nama dihapus)")
    reasons = [r.reason for r in casework(cases.version.sop, NOVEMBER).rejections]
    assert "Berkas tidak sah (nama dihapus)" in reasons and "Berkas tidak sah" not in reasons


def test_the_figures_are_the_same_whether_reviews_were_made_by_the_commands_or_the_backfill(cases: Office) -> None:
    live = casework(cases.version.sop, NOVEMBER)
    CaseReview.objects.all().delete()
    assert casework(cases.version.sop, NOVEMBER).finished == 0  # a view counts reviews, it never judges
    assert not CaseReview.objects.exists()
    said = io.StringIO()
    call_command("reviewcases", stdout=said)
    assert said.getvalue().startswith("4 kasus dinilai")
    assert CaseReview.objects.count() == 4
    assert casework(cases.version.sop, NOVEMBER) == live


def test_the_command_names_an_unknown_organisation_in_both_languages(cases: Office) -> None:
    with pytest.raises(CommandError, match=r"Organisasi 'tidak-ada' tidak ada\. / No organisation 'tidak-ada'\."):
        call_command("reviewcases", "--organisasi", "tidak-ada")


def test_an_anonymised_case_is_judged_again_at_once(cases: Office) -> None:
    rejected = Case.objects.filter(status=Case.Status.REJECTED).order_by("opened_at").first()
    assert rejected is not None
    admin = make_user("pengelola", cases.organisation)
    Administrator.objects.create(user=admin, organisation=cases.organisation)
    anonymised = anonymise_case(admin, rejected, reason="permintaan pemohon", on_request=True)
    review = CaseReview.objects.get(case=rejected)
    assert review.case_version == anonymised.version == rejected.version + 1
    assert review_closed(Case.objects.all()) == 0  # nothing left stale for a view or the backfill
