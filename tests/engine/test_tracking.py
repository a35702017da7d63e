from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sopan.engine.tracking import (
    ALPHABET,
    CHECK_ALPHABET,
    LENGTH,
    READABLE_CHECKS,
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


def test_new_codes_draw_every_symbol_at_every_place_and_carry_their_check() -> None:
    bodies = [new_code().replace("-", "") for _ in range(3000)]
    for place in range(LENGTH):
        assert {body[place] for body in bodies} == set(ALPHABET)
    assert all(_check_symbol(body[:LENGTH]) == body[LENGTH] and body[LENGTH] in READABLE_CHECKS for body in bodies)


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


def test_new_codes_are_letters_and_digits_only() -> None:
    codes = [normalise_code(new_code()) for _ in range(3000)]
    assert all(code.isalnum() and code.isascii() for code in codes)
    assert {code[-1] for code in codes} <= READABLE_CHECKS
    assert len({code[-1] for code in codes}) > 25  # the check still takes most of its values


@pytest.mark.parametrize("symbol", ["*", "~", "$", "="])
def test_old_codes_with_a_symbol_check_are_still_accepted(symbol: str) -> None:
    body = old_body(symbol)
    printed = format_code(body + symbol)
    assert printed.endswith(symbol) and not printed.replace("-", "").isalnum()
    assert normalise_code(printed.lower()) == body + symbol
    with pytest.raises(TrackingCodeError):  # and still checked: another symbol is a typo
        normalise_code(body + next(other for other in "*~$=" if other != symbol))


def old_body(symbol: str) -> str:
    """A code body whose check character is ``symbol``, as codes made before letters-only checks could have."""
    value = CHECK_ALPHABET.index(symbol)  # bodies counting up from 0 hit every remainder mod 37 within 37 tries
    for number in range(37):
        body = "".join(ALPHABET[(number >> (5 * shift)) & 31] for shift in reversed(range(LENGTH)))
        if _check_symbol(body) == CHECK_ALPHABET[value]:
            return body
    raise AssertionError(symbol)
