"""Waktu (mutu baku time) of a step: parsing every form the seeds use, with explicit working-time units.

Units are *working* units: menit and jam are working minutes and hours, hari is one working day and minggu
is a number of working days (five by default). A day is never silently 24 hours. Days and minutes are kept
apart, because converting one into the other needs a calendar (office hours differ by weekday); where a
single figure is unavoidable (a sum compared with a service standard) the nominal working day is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "DEFAULT_WORK_UNITS",
    "MAX_WORKING_DAYS",
    "Duration",
    "DurationError",
    "DurationUnit",
    "WorkUnits",
    "parse_duration",
    "total_duration",
]


class DurationUnit(StrEnum):
    """The units a waktu cell may be written in."""

    MENIT = "menit"
    JAM = "jam"
    HARI = "hari"
    MINGGU = "minggu"


@dataclass(frozen=True)
class WorkUnits:
    """How the working units relate to each other.

    The nominal working day is 450 minutes: the civil-service week of 37.5 hours over five days. It is used
    only where days must be expressed in minutes (a total compared with a jangka waktu); due dates come
    from the working calendar instead.
    """

    days_per_week: int = 5
    minutes_per_day: int = 450


DEFAULT_WORK_UNITS = WorkUnits()

MAX_WORKING_DAYS = 500
"""The longest one waktu may be, in nominal working days (two years; the working calendar looks ten years ahead)."""

# Words that say "there is no fixed duration".
_UNSPECIFIED_WORDS = {"disesuaikan", "relatif", "tentative", "tentatif", "fleksibel", "-", "–"}

_UNIT_WORDS = {
    "menit": DurationUnit.MENIT,
    "mnt": DurationUnit.MENIT,
    "jam": DurationUnit.JAM,
    "hari": DurationUnit.HARI,
    "hr": DurationUnit.HARI,
    "minggu": DurationUnit.MINGGU,
    "pekan": DurationUnit.MINGGU,
}

_FIXED = re.compile(
    r"^(?P<amount>\d+(?:[.,]\d+)?)\s*(?P<unit>[A-Za-z]+)?(?:\s+kerja)?\s*[.,;]?$",
)


class DurationError(ValueError):
    """A waktu text that cannot be read. The message quotes the text."""

    def __init__(self, text: str, reason_id: str, reason_en: str) -> None:
        self.text = text
        self.reason_id = reason_id
        self.reason_en = reason_en
        super().__init__(f"{reason_en}: {text!r}")


@dataclass(frozen=True)
class Duration:
    """A step's mutu baku waktu. ``text`` is exactly what the SOP says; ``amount``/``unit`` what it means.

    ``amount is None`` means no fixed duration (``Disesuaikan``, ``Relatif``, ``Tentative`` or empty).
    """

    text: str
    amount: float | None = None
    unit: DurationUnit | None = None

    @property
    def is_fixed(self) -> bool:
        return self.amount is not None

    def days(self, units: WorkUnits = DEFAULT_WORK_UNITS) -> float:
        """The day part with a configurable week length."""
        if self.amount is None or self.unit not in (DurationUnit.HARI, DurationUnit.MINGGU):
            return 0.0
        return self.amount * (units.days_per_week if self.unit is DurationUnit.MINGGU else 1)

    def minutes_part(self) -> float:
        """The minute part (menit and jam) in working minutes; 0 for days and weeks."""
        if self.amount is None:
            return 0.0
        if self.unit is DurationUnit.MENIT:
            return self.amount
        if self.unit is DurationUnit.JAM:
            return self.amount * 60
        return 0.0

    def nominal_minutes(self, units: WorkUnits = DEFAULT_WORK_UNITS) -> float | None:
        """Working minutes with days at the nominal working-day length; None when not fixed."""
        if self.amount is None:
            return None
        return self.minutes_part() + self.days(units) * units.minutes_per_day

    def __str__(self) -> str:
        return self.text


def _normalise_unit(word: str) -> DurationUnit | None:
    word = word.lower()
    if word in _UNIT_WORDS:
        return _UNIT_WORDS[word]
    # "menitt", "hari." and similar trailing noise is not accepted: only exact unit words.
    return None


def parse_duration(text: str | None, default_unit: DurationUnit | None = None) -> Duration:
    """Read a waktu cell.

    ``default_unit`` is the unit of a bare number, taken from the table header (``Waktu (menit)``). Text that
    cannot be read raises :class:`DurationError`, never a silent zero.
    """
    raw = "" if text is None else str(text)
    cleaned = " ".join(raw.split())
    if cleaned == "" or cleaned.lower().rstrip(".") in _UNSPECIFIED_WORDS:
        return Duration(text=raw)
    match = _FIXED.match(cleaned)
    if not match:
        raise DurationError(
            raw,
            "waktu tidak terbaca (bentuk yang dikenal: '5 menit', '1 jam', '2 hari', '3 minggu', 'Disesuaikan')",
            "waktu cannot be read (known forms: '5 menit', '1 jam', '2 hari', '3 minggu', 'Disesuaikan')",
        )
    amount = float(match.group("amount").replace(",", "."))
    unit_word = match.group("unit")
    if unit_word is None:
        if default_unit is None:
            raise DurationError(
                raw,
                "angka tanpa satuan dan SOP tidak menyebut satuan_waktu",
                "a number without a unit and the SOP gives no satuan_waktu",
            )
        unit = default_unit
    else:
        found = _normalise_unit(unit_word)
        if found is None:
            raise DurationError(
                raw,
                f"satuan waktu '{unit_word}' tidak dikenal (menit, jam, hari, minggu)",
                f"unknown time unit '{unit_word}' (menit, jam, hari, minggu)",
            )
        unit = found
    if amount <= 0:
        raise DurationError(raw, "waktu harus lebih dari nol", "waktu must be more than zero")
    duration = Duration(text=raw, amount=amount, unit=unit)
    if (duration.nominal_minutes() or 0) > MAX_WORKING_DAYS * DEFAULT_WORK_UNITS.minutes_per_day:
        raise DurationError(
            raw,
            f"waktu terlalu lama (paling lama {MAX_WORKING_DAYS} hari kerja)",
            f"waktu too long (at most {MAX_WORKING_DAYS} working days)",
        )
    return duration


@dataclass(frozen=True)
class DurationTotal:
    """A sum of durations: working days and working minutes kept apart, plus how many had no fixed time."""

    days: float = 0.0
    minutes: float = 0.0
    unspecified: int = 0

    def nominal_minutes(self, units: WorkUnits = DEFAULT_WORK_UNITS) -> float:
        return self.minutes + self.days * units.minutes_per_day

    def nominal_days(self, units: WorkUnits = DEFAULT_WORK_UNITS) -> float:
        return self.days + self.minutes / units.minutes_per_day

    def describe(self, lang: str = "id") -> str:
        """E.g. '2 hari kerja 3 jam 5 menit' (or 'working days' in English)."""
        parts: list[str] = []
        if self.days:
            parts.append(f"{_fmt(self.days)} {'hari kerja' if lang == 'id' else _english('working day', self.days)}")
        hours, mins = divmod(self.minutes, 60)
        if hours:
            parts.append(f"{_fmt(hours)} {'jam' if lang == 'id' else 'h'}")
        if mins:
            parts.append(f"{_fmt(mins)} {'menit' if lang == 'id' else 'min'}")
        if not parts:
            parts.append("0 menit" if lang == "id" else "0 min")
        text = " ".join(parts)
        if self.unspecified:
            extra = (
                f"{self.unspecified} langkah tanpa waktu tetap"
                if lang == "id"
                else f"{self.unspecified} {_english('step', self.unspecified)} without a fixed time"
            )
            text = f"{text} (+ {extra})"
        return text


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def total_duration(durations: list[Duration], units: WorkUnits = DEFAULT_WORK_UNITS) -> DurationTotal:
    """Sum durations without converting days into minutes."""
    days = minutes = 0.0
    unspecified = 0
    for duration in durations:
        if not duration.is_fixed:
            unspecified += 1
            continue
        days += duration.days(units)
        minutes += duration.minutes_part()
    return DurationTotal(days=days, minutes=minutes, unspecified=unspecified)


def _english(noun: str, count: float) -> str:
    """``noun`` as English counts it: singular for exactly one (Bahasa Indonesia does not inflect)."""
    return noun if count == 1 else f"{noun}s"
