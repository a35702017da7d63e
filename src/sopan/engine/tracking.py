"""Tracking codes for a citizen's receipt: short, unguessable, and safe to read aloud or type.

Crockford's Base32 alphabet (no I, L, O, U: nothing to confuse with 1, 0 or V) and its mod-37 check
character, which catches every single wrong character and every swap of two neighbours. Ten random symbols
give 50 bits from the operating system's CSPRNG, so codes cannot be guessed or enumerated.

New codes are drawn again until their check character is a letter or a digit, so every code can be read aloud on
the phone; codes printed before with one of Crockford's symbol checks (``* ~ $ =``) are still accepted.
"""

from __future__ import annotations

import secrets

__all__ = ["READABLE_CHECKS", "TrackingCodeError", "format_code", "new_code", "normalise_code"]

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_ALPHABET = ALPHABET + "*~$=U"  # Crockford's five extra check symbols (values 32-36)
READABLE_CHECKS = frozenset(ALPHABET + "U")  # the check characters new codes use: letters and digits
LENGTH = 10
_READ_AS = {"O": "0", "I": "1", "L": "1"}


class TrackingCodeError(ValueError):
    """A code that is not well-formed or whose check character does not match."""

    def __init__(self, reason_id: str, reason_en: str) -> None:
        self.reason_id = reason_id
        self.reason_en = reason_en
        super().__init__(reason_en)


def _check_symbol(body: str) -> str:
    value = 0
    for char in body:
        value = value * 32 + ALPHABET.index(char)
    return CHECK_ALPHABET[value % 37]


def new_code() -> str:
    """A fresh code of letters and digits only, formatted for printing (XXXX-XXXX-XXC)."""
    while True:
        value = secrets.randbits(5 * LENGTH)  # one draw, written in base 32: five bits a symbol, first the highest
        body = "".join([ALPHABET[(value >> shift) & 31] for shift in range(5 * (LENGTH - 1), -1, -5)])
        check = CHECK_ALPHABET[value % 37]  # the check of the number the body writes (_check_symbol)
        if check in READABLE_CHECKS:  # 33 of 37 bodies: about 0.16 bits fewer than 50
            return f"{body[:4]}-{body[4:8]}-{body[8:]}{check}"


def format_code(code: str) -> str:
    plain = normalise_code(code)
    return f"{plain[:4]}-{plain[4:8]}-{plain[8:]}"


def normalise_code(text: str) -> str:
    """The canonical code from what a citizen typed; raises on a malformed code or a wrong check character.

    Case, spaces and hyphens do not matter; O is read as 0 and I, L as 1.
    """
    cleaned = "".join(char for char in text.upper() if char not in " -_.")
    if len(cleaned) != LENGTH + 1:
        raise TrackingCodeError(
            f"kode pelacakan harus {LENGTH + 1} karakter (tanpa tanda hubung)",
            f"a tracking code has {LENGTH + 1} characters (without hyphens)",
        )
    body = "".join(_READ_AS.get(char, char) for char in cleaned[:LENGTH])
    check = _READ_AS.get(cleaned[-1], cleaned[-1]) if cleaned[-1] != "U" else "U"
    if any(char not in ALPHABET for char in body) or check not in CHECK_ALPHABET:
        raise TrackingCodeError("kode pelacakan memuat huruf yang tidak dipakai", "the code has characters never used")
    if _check_symbol(body) != check:
        raise TrackingCodeError(
            "kode pelacakan salah ketik: periksa kembali tanda terima",
            "the tracking code has a typo: check the receipt again",
        )
    return body + check
