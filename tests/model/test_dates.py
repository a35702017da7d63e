from __future__ import annotations

import datetime as dt

import pytest

from sopan.model import PartialDate, parse_partial_date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-01", PartialDate(2022, 1)),
        ("2018", PartialDate(2018)),
        (2018, PartialDate(2018)),
        ("2018-02-25", PartialDate(2018, 2, 25)),
        (dt.date(2018, 2, 25), PartialDate(2018, 2, 25)),
        ("Januari 2022.", PartialDate(2022, 1)),
        ("25 Februari 2018", PartialDate(2018, 2, 25)),
        ("", None),
    ],
)
def test_parse(value, expected) -> None:
    assert parse_partial_date(value) == expected


@pytest.mark.parametrize("value", ["2022-13", "31 Februari 2018", "Pebruari 2018", "kemarin", "2018-02-30"])
def test_rejects(value) -> None:
    with pytest.raises(ValueError):
        parse_partial_date(value)


def test_indonesian_rendering() -> None:
    assert PartialDate(2018, 2, 25).indonesian() == "25 Februari 2018"
    assert PartialDate(2022, 1).indonesian() == "Januari 2022"
    assert PartialDate(2022, 1).iso() == "2022-01"
