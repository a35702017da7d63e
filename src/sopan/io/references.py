"""Which SOP of a library a reference names (id, nomor or title): shared by the lint rules and the renderer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from ..model import Sop, slugify
from .library import Library

__all__ = ["ReferenceResolver", "normalise_title"]

_TITLE_PREFIXES = re.compile(
    r"^(standart?|standar) operasional prosedure?s?( administrasi pemerintahan?)?\s*(\(\s*sop( ap)?\s*\))?\s*"
    r"|^sop( ap)?\s+|^prosedur\s+|^mekanisme( tata cara)?\s+",
)


def normalise_title(text: str) -> str:
    """Compare titles the way a reader does: case, punctuation and 'SOP'/'Prosedur' prefixes ignored."""
    value = text.lower().strip()
    for _ in range(3):  # 'SOP Prosedur …', 'Mekanisme …'
        value = _TITLE_PREFIXES.sub("", value).strip()
    value = re.sub(r"[^a-z0-9]+", " ", value)
    return " ".join(value.split())


@dataclass(frozen=True, eq=False)
class ReferenceResolver:
    """Finds SOPs of ``library`` by reference; the indexes are built on first use."""

    library: Library

    @cached_property
    def _index(self) -> dict[str, list[Sop]]:
        """Every SOP under its id, slug, normalised title and normalised nomor."""
        index: dict[str, list[Sop]] = {}
        for item in self.library.sops:
            sop = item.sop
            keys = {normalise_title(sop.title), slugify(normalise_title(sop.title))}
            if sop.id:
                keys.add(sop.id)
            if sop.number:
                keys.add(re.sub(r"\s+", "", sop.number.lower()).rstrip("."))
            for key in keys:
                index.setdefault(key, []).append(sop)
        return index

    def resolve(self, reference: str, organisation: str | None = None) -> Sop | None:
        """The SOP a reference names (id, nomor or title), preferring the same organisation.

        Offices cite SOPs by a short name ("SOP Undangan Rapat" for "Prosedur Pembuatan Undangan Rapat"): when
        nothing matches exactly, the one title of the same organisation that contains all the reference's
        words is it; two or more such titles leave the reference unresolved.
        """
        found = self._resolve_exact(reference, organisation)
        if found is not None or organisation is None:
            return found
        words = set(normalise_title(reference).split())
        if not words:
            return None
        candidates = [sop for title, sop in self._title_words.get(organisation, []) if words <= title]
        return candidates[0] if len(candidates) == 1 else None

    @cached_property
    def _title_words(self) -> dict[str, list[tuple[set[str], Sop]]]:
        """Each organisation's SOPs with the words of their normalised titles."""
        words: dict[str, list[tuple[set[str], Sop]]] = {}
        for item in self.library.sops:
            words.setdefault(item.sop.organisation, []).append((set(normalise_title(item.sop.title).split()), item.sop))
        return words

    def _resolve_exact(self, reference: str, organisation: str | None) -> Sop | None:
        keys = [
            reference.strip(),
            normalise_title(reference),
            slugify(normalise_title(reference)),
            re.sub(r"\s+", "", reference.lower()).rstrip("."),
        ]
        for key in keys:
            candidates = self._index.get(key, [])
            if not candidates:
                continue
            same = [s for s in candidates if s.organisation == organisation]
            return (same or candidates)[0]
        return None
