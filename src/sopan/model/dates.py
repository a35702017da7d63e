"""Dates with month precision: seeds often give only "Januari 2022"."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

__all__ = ["MAX_YEAR", "MIN_YEAR", "PartialDate", "PartialDateField", "parse_partial_date"]

MIN_YEAR, MAX_YEAR = 1900, 2200
"""The years an SOP date may name; outside them a date is a typo (and breaks date arithmetic)."""

_MONTHS_ID = [
    "januari", "februari", "maret", "april", "mei", "juni",
    "juli", "agustus", "september", "oktober", "november", "desember",
]  # fmt: skip
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_TEXT = re.compile(r"^(?:(\d{1,2})\s+)?([A-Za-z]+)\s+(\d{4})\.?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A calendar date of which the month and day may be unknown."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if not MIN_YEAR <= self.year <= MAX_YEAR:
            raise ValueError(f"year {self.year} is not {MIN_YEAR}-{MAX_YEAR}")
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        if self.month is not None and not 1 <= self.month <= 12:
            raise ValueError(f"month {self.month} is not 1-12")
        if self.day is not None:
            dt.date(self.year, self.month or 1, self.day)  # raises on 31 February

    def iso(self) -> str:
        if self.month is None:
            return f"{self.year:04d}"
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def indonesian(self) -> str:
        """As printed on an SOP: '25 Februari 2018', 'Januari 2022', '2018'."""
        if self.month is None:
            return str(self.year)
        month = _MONTHS_ID[self.month - 1].capitalize()
        return f"{self.day} {month} {self.year}" if self.day else f"{month} {self.year}"

    def __str__(self) -> str:
        return self.iso()


def parse_partial_date(value: Any) -> PartialDate | None:
    """Accept a date, 'YYYY', 'YYYY-MM', 'YYYY-MM-DD', 'Januari 2022' or '25 Februari 2018'."""
    if value is None or isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    if isinstance(value, int):
        return PartialDate(value)
    if not isinstance(value, str):
        raise ValueError(f"not a date: {value!r}")
    text = value.strip()
    if not text:
        return None
    match = _ISO.match(text)
    if match:
        year, month, day = match.groups()
        return PartialDate(int(year), int(month) if month else None, int(day) if day else None)
    match = _TEXT.match(text)
    if match and match.group(2).lower() in _MONTHS_ID:
        day = int(match.group(1)) if match.group(1) else None
        return PartialDate(int(match.group(3)), _MONTHS_ID.index(match.group(2).lower()) + 1, day)
    raise ValueError(f"not a date (use YYYY-MM-DD, YYYY-MM or YYYY): {value!r}")


PartialDateField = Annotated[
    PartialDate,
    BeforeValidator(parse_partial_date),
    PlainSerializer(lambda d: d.iso(), return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$", "examples": ["2022-01"]}),
]
