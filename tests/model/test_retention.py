"""retensi_data: readable periods in months, bounded, refused with a bilingual message otherwise."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from sopan.model.organisation import Organisation
from sopan.model.retention import retention_months


@pytest.mark.parametrize(("text", "months"), [("5 tahun", 60), ("18 bulan", 18), (" 1 Tahun ", 12), ("2 years", 24)])
def test_periods_read_as_months(text: str, months: int) -> None:
    assert retention_months(text) == months


@pytest.mark.parametrize("text", ["lima tahun", "0 bulan", "101 tahun", "5", "-1 tahun", "99999999 tahun"])
def test_unreadable_or_unbounded_periods_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="retensi_data"):
        retention_months(text)


def test_the_organisation_file_refuses_a_bad_period() -> None:
    assert Organisation.model_validate({"kode": "x", "nama": "X", "retensi_data": "2 tahun"}).retention == "2 tahun"
    with pytest.raises(ValidationError, match="tidak terbaca"):
        Organisation.model_validate({"kode": "x", "nama": "X", "retensi_data": "selamanya"})
