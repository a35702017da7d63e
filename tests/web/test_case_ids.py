"""Case ids grow with time (UUID version 7), so a new case's rows sit with the newest in every index keyed by case."""

from __future__ import annotations

import time
import uuid

import pytest

from sopan.web.cases.ids import new_case_id
from tests.web.factories import Office, open_case


def _millisecond(value: uuid.UUID) -> int:
    return value.int >> 80


def test_an_id_is_a_version_7_uuid_holding_the_moment_it_was_made() -> None:
    before = time.time_ns() // 1_000_000
    made = new_case_id()
    after = time.time_ns() // 1_000_000
    assert (made.version, made.variant) == (7, uuid.RFC_4122)
    assert before <= _millisecond(made) <= after + 1  # Python 3.14's may step a millisecond on past a clock gone back


def test_ids_made_later_sort_after_as_text_and_as_stored() -> None:
    first = new_case_id()
    time.sleep(0.002)
    later = new_case_id()
    assert first < later and str(first) < str(later) and first.hex < later.hex  # SQLite keeps the hex


def test_ten_thousand_ids_made_at_once_differ() -> None:
    """Several to a millisecond: their 74 random bits keep them apart."""
    assert len({new_case_id() for _ in range(10_000)}) == 10_000


@pytest.mark.django_db
def test_a_case_opened_through_a_command_gets_one(office: Office) -> None:
    case = open_case(office)
    assert case.pk.version == 7
