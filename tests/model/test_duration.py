from __future__ import annotations

import pytest

from sopan.model import DEFAULT_WORK_UNITS, DurationError, DurationUnit, WorkUnits, parse_duration, total_duration


@pytest.mark.parametrize(
    ("text", "amount", "unit"),
    [
        ("5 menit", 5, DurationUnit.MENIT),
        ("15 Menit", 15, DurationUnit.MENIT),
        ("2menit", 2, DurationUnit.MENIT),
        ("5Menit", 5, DurationUnit.MENIT),
        ("1 jam", 1, DurationUnit.JAM),
        ("1Jam", 1, DurationUnit.JAM),
        ("2 hari", 2, DurationUnit.HARI),
        ("2 Hari", 2, DurationUnit.HARI),
        ("14 hari.", 14, DurationUnit.HARI),
        ("3 Minggu", 3, DurationUnit.MINGGU),
        ("2 hari kerja", 2, DurationUnit.HARI),
        ("1,5 jam", 1.5, DurationUnit.JAM),
    ],
)
def test_fixed_forms_keep_their_text(text: str, amount: float, unit: DurationUnit) -> None:
    duration = parse_duration(text)
    assert (duration.amount, duration.unit, duration.text) == (amount, unit, text)


@pytest.mark.parametrize("text", ["Disesuaikan", "Relatif", "Tentative", "", "  ", None, "disesuaikan."])
def test_no_fixed_duration(text: str | None) -> None:
    duration = parse_duration(text)
    assert not duration.is_fixed
    assert duration.nominal_minutes() is None


def test_bare_number_takes_the_header_unit() -> None:
    assert parse_duration("120", DurationUnit.MENIT).nominal_minutes() == 120
    with pytest.raises(DurationError, match=r"satuan_waktu|unit"):
        parse_duration("120")


@pytest.mark.parametrize("text", ["S menit", "15 enit", ". enit", "g enit", "sebentar", "0 menit", "5 detik"])
def test_unreadable_text_is_an_error_quoting_it(text: str) -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration(text)
    assert text in str(caught.value)
    assert caught.value.reason_id and caught.value.reason_en


def test_units_are_working_time() -> None:
    assert parse_duration("1 jam").nominal_minutes() == 60
    assert parse_duration("1 hari").nominal_minutes() == DEFAULT_WORK_UNITS.minutes_per_day == 450
    assert parse_duration("1 minggu").days() == 5
    assert parse_duration("1 minggu").days(WorkUnits(days_per_week=6)) == 6


def test_total_keeps_days_and_minutes_apart() -> None:
    total = total_duration([parse_duration(t) for t in ["5 menit", "2 jam", "1 hari", "1 minggu", "Disesuaikan"]])
    assert (total.days, total.minutes, total.unspecified) == (6, 125, 1)
    assert total.describe("id") == "6 hari kerja 2 jam 5 menit (+ 1 langkah tanpa waktu tetap)"
    assert total.describe("en").startswith("6 working days 2 h 5 min")


def test_english_total_counts_one_day_and_one_step_in_the_singular() -> None:
    total = total_duration([parse_duration(t) for t in ["1 hari", "Disesuaikan"]])
    assert total.describe("en") == "1 working day (+ 1 step without a fixed time)"
    assert total.describe("id") == "1 hari kerja (+ 1 langkah tanpa waktu tetap)"
    two = total_duration([parse_duration(t) for t in ["2 hari", "Disesuaikan", "Disesuaikan"]])
    assert two.describe("en") == "2 working days (+ 2 steps without a fixed time)"
