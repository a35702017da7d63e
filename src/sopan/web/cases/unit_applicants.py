"""Cases whose applicant is a unit (an organisation), not a person: apps above ``cases`` name them (the
lifecycle's review cases, applied for by the unit that submitted the draft), so lists show that name unmasked."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Collection

__all__ = ["UnitCases", "add_unit_applicant_cases", "unit_applicant_cases"]

UnitCases = Callable[[Collection[uuid.UUID]], set[uuid.UUID]]
_finders: list[UnitCases] = []


def add_unit_applicant_cases(finder: UnitCases) -> None:
    """Register (once, at start-up) a query that, given case ids, answers those whose applicant is a unit."""
    if finder not in _finders:
        _finders.append(finder)


def unit_applicant_cases(case_ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    """Of ``case_ids``, those whose applicant is a unit: one query per registered finder, none for no ids."""
    if not case_ids:
        return set()
    return set().union(*(finder(case_ids) for finder in _finders))
