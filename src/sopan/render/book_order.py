"""The order of the SOPs in a book: by SOP number (numeric parts as numbers), or as the decrees enacted them."""

from __future__ import annotations

import re
from typing import Literal

from ..model import Organisation, Sop

__all__ = ["BookOrder", "book_order", "number_key"]

BookOrder = Literal["nomor", "judul"]

_DIGITS = re.compile(r"(\d+)")


def number_key(number: str) -> tuple[tuple[int, int, str], ...]:
    """A sort key for an SOP number: runs of digits compare as numbers ('068/9' before '068/10'), the rest as
    text without regard to case or spacing."""
    text = " ".join(number.split()).casefold()
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in _DIGITS.split(text) if part)


def _enacted_order(organisation: Organisation, sops: list[Sop]) -> list[Sop]:
    """The decrees' order where their entries link to SOP files, then the remaining SOPs by title."""
    by_id = {sop.id: sop for sop in sops if sop.id}
    ordered: dict[str, Sop] = {}
    for decree in organisation.decrees:
        for entry in decree.entries:
            if entry.sop is not None and entry.sop in by_id and entry.sop not in ordered:
                ordered[entry.sop] = by_id[entry.sop]
    rest = sorted((s for s in sops if s.id not in ordered), key=lambda s: (s.title.casefold(), s.id or ""))
    return [*ordered.values(), *rest]


def book_order(organisation: Organisation, sops: list[Sop], order: BookOrder = "nomor") -> list[Sop]:
    """``nomor``: by SOP number, unnumbered SOPs last, SOPs sharing a number (one decree's number) in the
    ``judul`` order. ``judul``: as the decrees list them, then the rest by title."""
    enacted = _enacted_order(organisation, sops)
    if order == "judul":
        return enacted
    return sorted(enacted, key=lambda s: (0, number_key(s.number)) if s.number and s.number.strip() else (1, ()))
