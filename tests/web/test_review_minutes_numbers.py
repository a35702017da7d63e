"""Berita Acara made at the same moment take distinct numbers, one after the other, with none lost."""

from __future__ import annotations

import datetime as dt

import pytest

from sopan.web.authoring.services import new_draft
from sopan.web.review.minutes import Entry, MinutesIn, Signatory, make_minutes
from sopan.web.review.models import Minutes
from tests.web.factories import run_together

pytestmark = pytest.mark.django_db(transaction=True)


def test_minutes_made_at_once_are_numbered_one_after_the_other(office, writer, analyst) -> None:
    drafts = [new_draft(office.organisation, writer, start="kosong", key=f"sop-{n}") for n in range(4)]
    jobs = [
        lambda draft=draft: make_minutes(
            analyst,
            MinutesIn(
                dt.date(2026, 12, 4), "Banjarbaru", Signatory("Rina"), Signatory("Ahmad"), [Entry(draft, "sesuai")]
            ),
        )
        for draft in drafts
    ]
    results = run_together(jobs)
    assert all(isinstance(result, Minutes) for result in results), results
    assert sorted(Minutes.objects.values_list("sequence", flat=True)) == [1, 2, 3, 4]
    assert len(set(Minutes.objects.values_list("number", flat=True))) == 4
