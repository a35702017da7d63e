"""How personal values look to those who may not see them: NIKs, names and 16-digit numbers in free text."""

from __future__ import annotations

from sopan.engine.personal import NIK_IN_TEXT

__all__ = ["mask_free_text", "mask_name", "mask_nik"]


def mask_nik(nik: str | None) -> str:
    """••••••••••••0001: the last four digits at most, enough to tell two applicants apart."""
    if not nik:
        return "-"
    return "•" * (len(nik) - 4) + nik[-4:] if len(nik) > 8 else "•" * len(nik)


def mask_free_text(text: str | None) -> str | None:
    """A note or reason as lists and exports show it: each 16-digit number (a NIK) masked like a NIK."""
    if not text:
        return text
    return NIK_IN_TEXT.sub(lambda found: mask_nik(found[0]), text)


def mask_name(name: str | None) -> str:
    """'Ani Lestari' -> 'A** L******'."""
    if not name:
        return "-"
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())
