from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sopan.engine.tracking import (
    ALPHABET,
    LENGTH,
    TrackingCodeError,
    _check_symbol,
    format_code,
    new_code,
    normalise_code,
)


def test_format_and_round_trip() -> None:
    code = new_code()
    assert len(code) == LENGTH + 3 and code[4] == "-" and code[9] == "-"
    assert format_code(normalise_code(code)) == code
    assert normalise_code(code.lower().replace("-", " ")) == code.replace("-", "")


def test_codes_do_not_repeat() -> None:
    codes = {new_code() for _ in range(5000)}
    assert len(codes) == 5000


def test_confusable_letters_are_read_as_digits() -> None:
    body = "0110011001"
    code = body + _check_symbol(body)
    assert normalise_code(code.replace("0", "O").replace("1", "l")) == code


@settings(max_examples=300)
@given(st.data())
def test_every_single_typo_is_caught(data) -> None:
    code = normalise_code(new_code())
    position = data.draw(st.integers(0, LENGTH - 1))
    wrong = data.draw(st.sampled_from([c for c in ALPHABET if c != code[position]]))
    typo = code[:position] + wrong + code[position + 1 :]
    with pytest.raises(TrackingCodeError) as caught:
        normalise_code(typo)
    assert caught.value.reason_id and caught.value.reason_en


@settings(max_examples=300)
@given(st.data())
def test_every_swap_of_neighbours_is_caught(data) -> None:
    code = normalise_code(new_code())
    position = data.draw(st.integers(0, LENGTH - 2))
    if code[position] == code[position + 1]:
        return
    swapped = code[:position] + code[position + 1] + code[position] + code[position + 2 :]
    with pytest.raises(TrackingCodeError):
        normalise_code(swapped)


@pytest.mark.parametrize("text", ["", "ABC", "0123456789AB", "!!!!-!!!!-!!"])
def test_malformed_codes_are_refused(text: str) -> None:
    with pytest.raises(TrackingCodeError):
        normalise_code(text)
